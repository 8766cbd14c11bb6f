"""Page routes. Tables, columns and constraints are named in the query string or form data, never
in the path: their names may hold any character, slashes included."""

from django.urls import path

from projects import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.project_new, name="project-new"),
    path("import/preview/", views.import_preview, name="import-preview"),
    path("import/confirm/", views.import_confirm, name="import-confirm"),
    path("p/<slug:slug>/", views.project_page, name="project"),
    path("p/<slug:slug>/rename/", views.project_rename, name="project-rename"),
    path("p/<slug:slug>/delete/", views.project_delete, name="project-delete"),
    path("p/<slug:slug>/restore/", views.project_restore, name="project-restore"),
    path("p/<slug:slug>/edit/<slug:action>/", views.project_edit, name="project-edit"),
    path("p/<slug:slug>/undo/", views.project_undo, name="project-undo"),
    path("p/<slug:slug>/redo/", views.project_redo, name="project-redo"),
    path("p/<slug:slug>/fk-columns/", views.fk_columns, name="project-fk-columns"),
    path("p/<slug:slug>/diagram/", views.project_diagram, name="project-diagram"),
    path("p/<slug:slug>/diagram.<str:fmt>", views.project_diagram, name="project-diagram-file"),
    path("p/<slug:slug>/problems/", views.project_problems, name="project-problems"),
    path("p/<slug:slug>/problems/fix/", views.project_fix, name="project-fix"),
    path("p/<slug:slug>/export/", views.project_export, name="project-export"),
    path("p/<slug:slug>/export/<slug:target>/download/", views.project_export_download, name="project-export-download"),
    path("p/<slug:slug>/enums/", views.project_enums, name="project-enums"),
    path("p/<slug:slug>/history/", views.project_history, name="project-history"),
    path("p/<slug:slug>/history/report.md", views.project_history_report, name="project-history-report"),
    path("p/<slug:slug>/history/<int:number>/restore/", views.version_restore, name="version-restore"),
    path("p/<slug:slug>/history/<int:number>/download/", views.version_download, name="version-download"),
    path("p/<slug:slug>/deployed/", views.project_deployed, name="project-deployed"),
    path("p/<slug:slug>/members/", views.project_members, name="project-members"),
    path("p/<slug:slug>/settings/", views.project_settings, name="project-settings"),
]
