"""URL map: accounts at Django's conventional paths, the app's pages, and the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("projects.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("projects.api.urls")),
    path("", include("projects.urls")),
]
