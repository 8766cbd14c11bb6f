"""Sign-up and API tokens beside Django's own account views (login, logout, password change)."""

from django.urls import path

from projects import account_views, token_views

urlpatterns = [
    path("signup/", account_views.signup, name="signup"),
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<str:key>/revoke/", token_views.token_delete, name="token-delete"),
]
