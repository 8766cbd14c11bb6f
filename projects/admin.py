"""The Django admin, for operators: projects, members and versions (schemas are edited in the app)."""

from __future__ import annotations

from django.contrib import admin

from projects.models import Membership, Project, Version


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "version", "deleted_at", "updated_at"]
    list_filter = ["deleted_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
    readonly_fields = ["version"]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "number", "author", "summary", "created_at"]
    list_filter = ["project"]
    exclude = ["snapshot"]
    readonly_fields = ["project", "number", "author", "summary", "size"]
