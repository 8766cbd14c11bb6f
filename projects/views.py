"""The designer's pages: thin views that call services and selectors, then render.

One URL, two renderings: a normal request gets the whole page, an htmx request only the
fragment it targets (``projects.htmx``). Every schema edit is one POST to :func:`project_edit`
with a form from ``projects.forms``; it answers with the changed region plus out-of-band swaps
(table list, version bar, diagram, problems), a form with its errors next to the fields (422),
or a conflict message with a reload button (409) when the schema changed under the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseLocation, replace_url

from designer.core import document, ir
from designer.core.relations import relationship
from projects import forms as f
from projects import importing, linting, panels, schema_cache, selectors, services
from projects.htmx import CONFLICT, INVALID, HtmxHttpRequest, is_partial, render_fragments, swap_into
from projects.models import Project, Role

P = "projects/partials/"


# Context builders -----------------------------------------------------------------------------


def _workspace(request: HtmxHttpRequest, project: Project, schema: ir.Schema, selected: ir.Table | None
               ) -> dict[str, Any]:
    """Everything the project page's regions render from."""
    role = getattr(project, "current_role", None) or selectors.role_of(project, request.user)
    can_edit = role is not None and Role.rank(role) >= Role.rank(Role.EDITOR)
    context: dict[str, Any] = {
        "project": project,
        "schema": schema,
        "role": role,
        "can_edit": can_edit,
        "selected": selected,
        "version": project.version,
        "history": selectors.history_links(project),
        "tables": schema.tables,
        # The list is the page's longest loop: its values are prepared here, once.
        "table_items": [(t.path, t.path.lower(), quote(t.path, safe=""), len(t.columns)) for t in schema.tables],
        "selected_path": selected.path if selected else None,
        "enum_names": [f.quoted_path(e.namespace, e.name) for e in schema.enums],
        "common_types": f.COMMON_TYPES,
        "default_choices": f.DEFAULT_CHOICES,
        "actions": f.ACTIONS,
        "create_form": f.TableCreateForm(schema=schema, initial={"base_version": project.version},
                                         auto_id="new-table-%s"),
        "panels": panels.available(),
        "import_formats": panels.import_formats(),
        "live_import": sorted(importing.live_import_hosts()),
        "project_url": reverse("project", args=[project.slug]),
    }
    if selected is not None:
        context.update(_inspector(project, schema, selected))
    return context


def _inspector(project: Project, schema: ir.Schema, t: ir.Table) -> dict[str, Any]:
    v = {"base_version": project.version}
    base = {**v, "table": t.path}
    # The grid's rows are shown from plain values (a Django form per row costs more than the rest
    # of the inspector); a row comes back as a bound form only with its errors (see _invalid).
    rows = [{"index": i, "v": {**v, **f.ColumnUpdateForm.initial_for(t, column)}}
            for i, column in enumerate(t.columns)]
    outgoing = [{"fk": fk, "words": relationship(t, fk).describe(),
                 "ids": {"on_delete": f"fk{i}-on_delete", "on_update": f"fk{i}-on_update"}}
                for i, fk in enumerate(t.foreign_keys)]
    incoming = [{"table": other, "fk": fk, "words": relationship(other, fk).describe()}
                for other, fk in schema.referencing(*t.key) if other.key != t.key]
    ref = next((o for o in schema.tables if o.key != t.key), t)
    ref_pk = ref.primary_key.columns[0] if ref.primary_key else (ref.columns[0].name if ref.columns else "")
    return {
        "table": t,
        "rows": rows,
        "add_column_form": f.ColumnAddForm(schema=schema, auto_id="newcol-%s",
                                           initial={**base, "type": "text", "nullable": True}),
        "settings_form": f.TableSettingsForm(schema=schema, auto_id="tbl-%s",
                                             initial={**v, **f.TableSettingsForm.initial_for(t)}),
        "outgoing": outgoing,
        "incoming": incoming,
        "fk_form": f.ForeignKeyAddForm(schema=schema, table=t, auto_id="fk-%s",
                                       initial={**base, "ref_table": ref.path, "ref_column": ref_pk,
                                                "required": True}),
        "ref_columns": _referenceable(ref),
        "table_options": _table_options(schema, ref.path),
        "m2m_form": f.ManyToManyForm(schema=schema, auto_id="m2m-%s", initial={**base, "other": ref.path}),
        "index_form": f.IndexAddForm(schema=schema, table=t, auto_id="idx-%s", initial={**base, "method": "btree"}),
        "check_form": f.CheckAddForm(schema=schema, auto_id="chk-%s", initial=base),
        "rel_count": len(outgoing) + len(incoming),
        "index_count": len(t.indexes) + len(t.uniques),
    }


def _values(form: f.EditForm) -> dict[str, Any]:
    """The values a bound form shows (what the user posted), for the templates that render fields by hand."""
    return {name: form[name].value() for name in form.fields}


def _table_options(schema: ir.Schema, current: str | None) -> str:
    """The <option>s of the table pickers, built once: a template loop over hundreds of tables
    costs tens of milliseconds per picker."""
    return format_html_join("", "<option{}>{}</option>",
                            ((" selected" if t.path == current else "", t.path) for t in schema.tables))


def _referenceable(table: ir.Table) -> list[str]:
    """Columns a foreign key may point at: key columns first, then the rest."""
    keys = list(table.primary_key.columns) if table.primary_key else []
    keys += [u.columns[0] for u in table.uniques if len(u.columns) == 1 and u.columns[0] not in keys]
    return keys + [c.name for c in table.columns if c.name not in keys]


def _selected(schema: ir.Schema, path: str | None) -> ir.Table | None:
    return schema.find_table(path) if path else None


def _table_url(project: Project, path: str | None) -> str:
    url = reverse("project", args=[project.slug])
    return f"{url}?{urlencode({'table': path})}" if path else url


# Dashboard ------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    trashed = request.GET.get("trash") == "1"
    context = {
        "projects": selectors.project_list(user=request.user, query=query, trashed=trashed),
        "query": query,
        "trashed": trashed,
        "create_form": f.ProjectCreateForm(auto_id="new-project-%s"),
        "import_formats": panels.import_formats(),
        "live_import": sorted(importing.live_import_hosts()),
    }
    if is_partial(request, "project-list"):
        return render(request, P + "_project_list.html", context)
    return render(request, "projects/dashboard.html", context)


@login_required
@require_POST
def project_new(request: HtmxHttpRequest) -> HttpResponseBase:
    form = f.ProjectCreateForm(request.POST, auto_id="new-project-%s")
    if form.is_valid():
        schema = None
        if form.cleaned_data["start"] == "demo":
            schema = panels.demo_schema()
        try:
            project = services.project_create(owner=request.user, name=form.cleaned_data["name"],  # type: ignore[arg-type]
                                              description=form.cleaned_data["description"], schema=schema)
        except services.ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return _open(request, reverse("project", args=[project.slug]))
    if request.htmx:
        return render(request, P + "_project_create.html", {"create_form": form}, status=INVALID)
    messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("dashboard")


def _go(request: HtmxHttpRequest, url: str) -> HttpResponseBase:
    """After a save, to a page of the same layout: HX-Location for htmx (the page's content is
    swapped in without reloading the shell), a redirect otherwise."""
    return HttpResponseLocation(url, target="body") if request.htmx else redirect(url)


def _open(request: HtmxHttpRequest, url: str) -> HttpResponseBase:
    """After a save, to the designer: a full page load (HX-Redirect), since the designer's
    full-height layout and scripts differ from the page the form was on."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def project_rename(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    project = selectors.project_get(user=request.user, slug=slug, role=Role.OWNER)
    form = f.ProjectRenameForm(request.POST, auto_id=f"rename-{project.pk}-%s")
    if form.is_valid():
        try:
            services.project_update(project=project, user=request.user, name=form.cleaned_data["name"],
                                    description=form.cleaned_data["description"])
        except services.ServiceError as exc:
            form.add_error("name", exc.message)
    if form.errors and not request.htmx:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_next(request, reverse("dashboard")))
    if form.errors:
        return render(request, P + "_project_card.html", {"p": project, "rename_form": form, "open": True},
                      status=INVALID)
    project.current_role = Role.OWNER  # type: ignore[attr-defined]
    if request.htmx:
        return render(request, P + "_project_card.html", {"p": project})
    messages.success(request, "Saved the name and description.")
    return redirect(_next(request, reverse("dashboard")))


@login_required
@require_POST
def project_delete(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    project = selectors.project_get(user=request.user, slug=slug, role=Role.OWNER)
    services.project_delete(project=project, user=request.user)
    messages.success(request, f"Moved {project.name} to the trash. You can restore it from there.")
    return _go(request, reverse("dashboard"))


@login_required
@require_POST
def project_restore(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    try:
        project = selectors.project_get(user=request.user, slug=slug, trashed=True)
    except Http404:  # not in the trash: members still learn that they may not restore it
        project = selectors.project_get(user=request.user, slug=slug)
    services.project_restore(project=project, user=request.user)
    messages.success(request, f"Restored {project.name}.")
    return _open(request, reverse("project", args=[project.slug]))


# The project page -----------------------------------------------------------------------------


@login_required
@require_GET
def project_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The designer: table list, diagram, inspector, problems and export panels.

    ``?table=`` selects a table; an htmx request aimed at the inspector gets only the inspector.
    """
    project = selectors.project_get(user=request.user, slug=slug)
    schema = selectors.schema_get(project)
    path = request.GET.get("table")
    selected = _selected(schema, path)
    if path and selected is None and is_partial(request):
        raise Http404(f"No table {path!r}.")
    context = _workspace(request, project, schema, selected)
    if is_partial(request, "inspector"):
        return render(request, P + "_inspector.html", context)
    return render(request, "projects/project.html", context)


@login_required
@require_GET
def fk_columns(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The column choices of the foreign key form for the picked target table."""
    project = selectors.project_get(user=request.user, slug=slug)
    schema = selectors.schema_get(project)
    ref = _selected(schema, request.GET.get("ref_table"))
    if ref is None:
        raise Http404("No such table.")
    return render(request, P + "_fk_columns.html", {"ref_columns": _referenceable(ref), "value": ""})


# Edits ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditKind:
    """One kind of edit the page can post.

    Attributes:
        form: the form that validates the input and builds the edit.
        template: the partial that shows the form again with its errors (None: the error is
            shown in the alert area).
        region: what a success re-renders: ``inspector`` (the table) or ``enums``.
        auto_id: the ids the form's fields had on the page (a row's index is posted as ``row``),
            so the form comes back with the same ids and keeps the keyboard focus.
        selected: which table the inspector shows after the edit (default: the edited one).
    """

    form: type[f.EditForm]
    template: str | None
    region: str = "inspector"
    auto_id: str = "%s"
    selected: Callable[[f.EditForm], str | None] | None = None


def _created_table(form: f.EditForm) -> str | None:
    return str(form.cleaned_data["name"])


def _renamed_table(form: f.EditForm) -> str | None:
    t = form.schema.find_table(form.cleaned_data["table"])
    name = str(form.cleaned_data["name"])
    return name if t is None or t.namespace == "public" else f"{t.namespace}.{name}"


EDITS: dict[str, EditKind] = {
    "table-create": EditKind(f.TableCreateForm, P + "_table_create.html", auto_id="new-table-%s",
                             selected=_created_table),
    "table-settings": EditKind(f.TableSettingsForm, P + "_table_settings.html", auto_id="tbl-%s",
                               selected=_renamed_table),
    "table-delete": EditKind(f.TableDeleteForm, None, selected=lambda form: None),
    "column-add": EditKind(f.ColumnAddForm, P + "_column_add.html", auto_id="newcol-%s"),
    "column-update": EditKind(f.ColumnUpdateForm, P + "_column_row.html", auto_id="col{row}-%s"),
    "column-delete": EditKind(f.ColumnDeleteForm, None),
    "column-move": EditKind(f.ColumnMoveForm, None),
    "fk-add": EditKind(f.ForeignKeyAddForm, P + "_fk_add.html", auto_id="fk-%s"),
    "fk-actions": EditKind(f.ForeignKeyActionsForm, None, auto_id="fk{row}-%s"),
    "m2m": EditKind(f.ManyToManyForm, P + "_m2m.html", auto_id="m2m-%s"),
    "constraint-delete": EditKind(f.ConstraintDeleteForm, None),
    "index-add": EditKind(f.IndexAddForm, P + "_index_add.html", auto_id="idx-%s"),
    "check-add": EditKind(f.CheckAddForm, P + "_check_add.html", auto_id="chk-%s"),
    "enum-save": EditKind(f.EnumForm, P + "_enum_form.html", region="enums", auto_id="enum{row}-%s"),
    "enum-delete": EditKind(f.EnumDeleteForm, None, region="enums"),
    "group-save": EditKind(f.GroupForm, P + "_group_form.html", region="enums", auto_id="group{row}-%s"),
    "group-delete": EditKind(f.GroupDeleteForm, None, region="enums"),
}


@login_required
@require_POST
def project_edit(request: HtmxHttpRequest, slug: str, action: str) -> HttpResponseBase:
    """Apply one edit of the schema (see :data:`EDITS`) and answer with what changed."""
    project = selectors.project_get(user=request.user, slug=slug, role=Role.EDITOR)
    kind = EDITS.get(action)
    if kind is None:
        raise Http404(f"No edit {action!r}.")
    schema = selectors.schema_get(project)
    row = request.POST.get("row", "")
    auto_id = kind.auto_id.replace("{row}", row if row.isdigit() else "0")
    form = kind.form(request.POST, schema=schema, auto_id=auto_id)
    valid = form.is_valid()
    if valid and form.cleaned_data["base_version"] != project.version:
        # Stale: the input was made against an older schema, so it is not even validated against this one.
        latest = selectors.version_list(project).first()
        return _conflict(request, project, services.ConflictError(based_on=form.cleaned_data["base_version"],
                                                                  latest=latest))
    edit = form.edit_or_error() if valid else None
    if edit is not None:
        try:
            outcome = services.schema_apply(project=project, user=request.user, edit=edit,
                                            base_version=form.cleaned_data["base_version"])
        except services.ConflictError as exc:
            return _conflict(request, project, exc)
        except services.ServiceError as exc:
            form.add_refusal(exc.message, exc.field or _field_from_path(exc.path))
        else:
            selected = kind.selected(form) if kind.selected else form.cleaned_data.get("table")
            return _edited(request, project, outcome.schema, kind.region, selected)
    return _invalid(request, project, kind, form, row)


def _field_from_path(path: str) -> str | None:
    return None if not path else "name"


def _invalid(request: HtmxHttpRequest, project: Project, kind: EditKind, form: f.EditForm,
             row: str) -> HttpResponseBase:
    """The form again, with the messages next to its fields and what the user typed (422)."""
    if not request.htmx:
        messages.error(request, _errors_text(form))
        return redirect(_table_url(project, form.data.get("table")))
    if kind.template is None:
        response = render(request, P + "_alert.html", {"level": "error", "text": _errors_text(form)},
                          status=INVALID)
        return swap_into(response, "#alerts")
    context = {"form": form, "project": project, "version": project.version, "row": row, "can_edit": True,
               "project_url": reverse("project", args=[project.slug]),
               "schema": form.schema, "common_types": f.COMMON_TYPES, "default_choices": f.DEFAULT_CHOICES,
               "v": _values(form), "errors": form.errors,
               "enum_names": [f.quoted_path(e.namespace, e.name) for e in form.schema.enums]}
    if isinstance(form, f.ForeignKeyAddForm | f.ManyToManyForm):
        current = form.data.get("ref_table" if isinstance(form, f.ForeignKeyAddForm) else "other", "")
        ref = form.schema.find_table(current)
        context["ref_columns"] = _referenceable(ref) if ref else []
        context["table_options"] = _table_options(form.schema, current)
    return render(request, kind.template, context, status=INVALID)


def _errors_text(form: f.EditForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _conflict(request: HtmxHttpRequest, project: Project, exc: services.ConflictError) -> HttpResponseBase:
    if not request.htmx:
        messages.error(request, exc.message)
        return redirect(_table_url(project, request.POST.get("table")))
    response = render(request, P + "_conflict.html", {"message": exc.message,
                                                      "reload_url": _table_url(project, request.POST.get("table"))},
                      status=CONFLICT)
    return swap_into(response, "#alerts")


def _edited(request: HtmxHttpRequest, project: Project, schema: ir.Schema, region: str,
            selected_path: str | None) -> HttpResponseBase:
    """The answer to a successful edit: the region, plus out-of-band swaps of the rest."""
    if not request.htmx:
        if region == "enums":
            return redirect("project-enums", slug=project.slug)
        return redirect(_table_url(project, selected_path))
    selected = _selected(schema, selected_path)
    context = _workspace(request, project, schema, selected)
    context["oob"] = True
    if region == "enums":
        context.update(_enums_context(project, schema))
        response = render_fragments(request, [P + "_enums.html", P + "_version_bar.html"], context)
        return swap_into(response, "#enums-page", "outerHTML")
    response = render_fragments(request, [P + "_inspector.html", P + "_table_list.html", P + "_version_bar.html",
                                          P + "_diagram_refresh.html", P + "_problems_refresh.html"], context)
    replace_url(response, _table_url(project, selected.path if selected else None))
    return swap_into(response, "#inspector")


@login_required
@require_POST
def project_undo(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    return _step_history(request, slug, services.schema_undo)


@login_required
@require_POST
def project_redo(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    return _step_history(request, slug, services.schema_redo)


def _step_history(request: HtmxHttpRequest, slug: str, step: Callable[..., services.EditOutcome]
                  ) -> HttpResponseBase:
    """Undo or redo (``step``), answered as an edit is."""
    project = selectors.project_get(user=request.user, slug=slug, role=Role.EDITOR)
    try:
        outcome = step(project=project, user=request.user, base_version=_base_version(request))
    except services.ConflictError as exc:
        return _conflict(request, project, exc)
    except services.ServiceError as exc:
        if not request.htmx:
            messages.error(request, exc.message)
            return redirect(_next(request, _table_url(project, request.POST.get("table"))))
        return swap_into(render(request, P + "_alert.html", {"level": "error", "text": exc.message},
                                status=INVALID), "#alerts")
    if not request.htmx:
        messages.success(request, f"{outcome.version.summary} (now version {outcome.version.number}).")
        return redirect(_next(request, _table_url(project, request.POST.get("table"))))
    return _edited(request, project, outcome.schema, "inspector", request.POST.get("table"))


def _next(request: HtmxHttpRequest, default: str) -> str:
    """Where a plain form asked to go back to (a path of this site only)."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return default


def _base_version(request: HtmxHttpRequest) -> int:
    """The version the page showed when the user acted: every change from the page sends it, so
    that one based on a stale page is refused rather than applied over someone else's."""
    base = _int(request.POST.get("base_version"))
    if base is None:
        raise services.ServiceError("The request did not say which version of the schema it was based on: reload "
                                    "the page and try again.", field="base_version")
    return base


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


# Diagram --------------------------------------------------------------------------------------


@login_required
@require_GET
def project_diagram(request: HtmxHttpRequest, slug: str, fmt: str = "svg") -> HttpResponse:
    """The ER diagram: inline SVG for the canvas (htmx), or a file to download (svg, png, pdf)."""
    project = selectors.project_get(user=request.user, slug=slug)
    schema = selectors.schema_get(project)
    options = panels.diagram_options(request.GET, url_template=reverse("project", args=[slug]) + "?table={table}")
    # A version never changes, so (project, version) names the drawing's content for the cache
    # without hashing the schema in every worker.
    key = schema_cache.content_key(project)
    if request.htmx and fmt == "svg":
        return render(request, P + "_diagram.html", {"project": project,
                                                     **panels.diagram_inline(schema, options, content_key=key)})
    return panels.diagram_file(project, schema, fmt, options, content_key=key)


# Problems (validator) and export panels -------------------------------------------------------


@login_required
@require_GET
def project_problems(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_get(user=request.user, slug=slug)
    findings = panels.problems(project, selectors.schema_get(project))
    context = {"project": project, "version": project.version, **findings}
    role = getattr(project, "current_role", None)
    context["can_edit"] = role is not None and Role.rank(role) >= Role.rank(Role.EDITOR)
    return render(request, P + "_problems.html", context)


@login_required
@require_POST
def project_fix(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    """Apply the fix a finding offers (through the services: versioned and undoable)."""
    project = selectors.project_get(user=request.user, slug=slug, role=Role.EDITOR)
    try:
        outcome = panels.fix_apply(project=project, user=request.user, finding_id=request.POST.get("finding", ""),
                                   base_version=_base_version(request))
    except services.ConflictError as exc:
        return _conflict(request, project, exc)
    except services.ServiceError as exc:
        return swap_into(render(request, P + "_alert.html", {"level": "error", "text": exc.message},
                                status=INVALID), "#alerts")
    return _edited(request, project, outcome.schema, "inspector", request.POST.get("table"))


@login_required
@require_GET
def project_export(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The export panel: a target's files previewed with syntax highlighting, and its diagnostics."""
    project = selectors.project_get(user=request.user, slug=slug)
    target = request.GET.get("target") or panels.default_target(project)
    context = {"project": project, **panels.export_preview(project, target, request.GET.get("file"))}
    return render(request, P + "_export.html", context)


@login_required
@require_GET
def project_export_download(request: HtmxHttpRequest, slug: str, target: str) -> HttpResponse:
    """One file of an export (``?file=``), or all of them as a zip."""
    project = selectors.project_get(user=request.user, slug=slug)
    return panels.export_download(project, target, request.GET.get("file"))


# Import ---------------------------------------------------------------------------------------


@login_required
@require_POST
def import_preview(request: HtmxHttpRequest) -> HttpResponse:
    """Read an upload or pasted text and show what would be created, before anything is written."""
    slug = request.POST.get("project") or ""
    project = selectors.project_get(user=request.user, slug=slug, role=Role.EDITOR) if slug else None
    context = panels.import_read(request.POST, request.FILES)
    context.update({"project": project, "version": project.version if project else None})
    status = INVALID if context.get("error") else 200
    return render(request, P + "_import_preview.html", context, status=status)


@login_required
@require_POST
def import_confirm(request: HtmxHttpRequest) -> HttpResponseBase:
    """Create a project from the import, or store it as a new version of an existing one."""
    slug = request.POST.get("project") or ""
    context = panels.import_read(request.POST, request.FILES)
    if context.get("error"):
        return render(request, P + "_import_preview.html", context, status=INVALID)
    result = context["result"]
    try:
        if slug:
            project = selectors.project_get(user=request.user, slug=slug, role=Role.EDITOR)
            importing.import_as_version(project=project, user=request.user, result=result,
                                        base_version=_base_version(request), origin=context["origin"])
        else:
            project = importing.import_new_project(owner=request.user,  # type: ignore[arg-type]
                                                   name=(request.POST.get("name") or result.schema.name).strip(),
                                                   result=result, origin=context["origin"])
    except services.ConflictError as exc:
        return _conflict(request, project, exc)
    except services.ServiceError as exc:
        context["error"] = exc.message
        return render(request, P + "_import_preview.html", context, status=INVALID)
    return _open(request, reverse("project", args=[project.slug]))


# Enums and groups -----------------------------------------------------------------------------


def _enums_context(project: Project, schema: ir.Schema) -> dict[str, Any]:
    v = {"base_version": project.version}
    used: dict[tuple[str, str], list[str]] = {}
    for t in schema.tables:
        for c in t.columns:
            if c.type.enum:
                used.setdefault((c.type.enum_namespace, c.type.enum), []).append(f"{t.path}.{c.name}")
    return {
        "enums": [{"enum": e, "index": i, "used_by": used.get(e.key, []),
                   "form": f.EnumForm(schema=schema, auto_id=f"enum{i}-%s", initial={**v, **f.EnumForm.initial_for(e)})}
                  for i, e in enumerate(schema.enums)],
        "new_enum_form": f.EnumForm(schema=schema, auto_id="enumnew-%s", initial=v),
        "groups": [{"group": g, "index": i, "tables": [t.path for t in schema.tables if t.group == g.name],
                    "form": f.GroupForm(schema=schema, auto_id=f"group{i}-%s", initial={
                        **v, "original": g.name, "name": g.name, "color": g.color or "", "comment": g.comment or ""})}
                   for i, g in enumerate(schema.groups)],
        "new_group_form": f.GroupForm(schema=schema, auto_id="groupnew-%s", initial=v),
    }


@login_required
@require_GET
def project_enums(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_get(user=request.user, slug=slug)
    schema = selectors.schema_get(project)
    context = {**_page(request, project, "enums"), **_enums_context(project, schema), "schema": schema}
    return render(request, "projects/enums.html", context)


def _page(request: HtmxHttpRequest, project: Project, tab: str) -> dict[str, Any]:
    role = getattr(project, "current_role", None)
    return {"project": project, "tab": tab, "role": role, "version": project.version,
            "history": selectors.history_links(project),
            "can_edit": role is not None and Role.rank(role) >= Role.rank(Role.EDITOR),
            "is_owner": role == Role.OWNER}


# History --------------------------------------------------------------------------------------


@login_required
@require_GET
def project_history(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Versions with author, time and summary; what changed between two of them, in words."""
    project = selectors.project_get(user=request.user, slug=slug)
    versions = list(selectors.version_list(project)[:200])
    new = _int(request.GET.get("to")) or project.version
    old = _int(request.GET.get("from")) or max(new - 1, 1)
    changes = selectors.version_changes(project, old, new) if old != new else []
    # What the change would ask of a database holding rows: the migration rules, under the
    # project's profile (a deployed version compared with the latest is the usual question).
    risks = linting.lint_change(project, old, new) if changes else []
    context = {**_page(request, project, "history"), "versions": versions, "old": old, "new": new,
               "changes": changes, "risks": risks, "compared": True}
    if is_partial(request, "changes"):
        return render(request, P + "_changes.html", context)
    return render(request, "projects/history.html", context)


@login_required
@require_GET
def project_history_report(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The compared change (``?from=&to=``) as a Markdown report to paste in a pull request."""
    project = selectors.project_get(user=request.user, slug=slug)
    new = _int(request.GET.get("to")) or project.version
    old = _int(request.GET.get("from")) or max(new - 1, 1)
    try:
        text = linting.change_report_text(project, old, new)
    except services.ServiceError as exc:
        raise Http404(exc.message) from None
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-v{old}-v{new}.md"'
    return response


@login_required
@require_POST
def version_restore(request: HtmxHttpRequest, slug: str, number: int) -> HttpResponseBase:
    project = selectors.project_get(user=request.user, slug=slug, role=Role.EDITOR)
    try:
        outcome = services.version_restore(project=project, user=request.user, number=number,
                                           base_version=_base_version(request))
    except services.ConflictError as exc:
        return _conflict(request, project, exc)
    except services.ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Restored version {number} as version {outcome.version.number}.")
    return _go(request, reverse("project-history", args=[slug]))


@login_required
@require_POST
def project_deployed(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    """Mark a version as the one in production (``number``), or no version (an empty ``number``)."""
    project = selectors.project_get(user=request.user, slug=slug, role=Role.EDITOR)
    given = request.POST.get("number", "").strip()
    number = _int(given)
    try:
        if given and number is None:  # not a number: say so rather than clear the mark
            raise services.ServiceError(f"{given!r} is not a version number.", field="number")
        services.project_deployed_set(project=project, user=request.user, number=number)
    except services.ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Version {number} is marked as deployed: checks now list the migration risks of "
                                  "the changes since it." if number else "No version is marked as deployed.")
    return _go(request, reverse("project-history", args=[slug]))


@login_required
@require_GET
def version_download(request: HtmxHttpRequest, slug: str, number: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, slug=slug)
    schema = selectors.version_schema(project, number)
    response = HttpResponse(document.dumps(schema), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-v{number}.json"'
    return response


# Members --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_members(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    """Members and roles; owners add people by username and change or remove them."""
    project = selectors.project_get(user=request.user, slug=slug)
    form = f.MemberForm(auto_id="member-%s")
    if request.method == "POST":
        if getattr(project, "current_role", None) != Role.OWNER:
            raise PermissionDenied("Only an owner can change the members.")
        form = f.MemberForm(request.POST, auto_id="member-%s")
        if form.is_valid():
            user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
            if user is None:
                form.add_error("username", f"There is no user {form.cleaned_data['username']!r}.")
            else:
                try:
                    if request.POST.get("remove"):
                        services.membership_remove(project=project, actor=request.user, user=user)
                    else:
                        services.membership_set(project=project, actor=request.user, user=user,
                                                role=form.cleaned_data["role"])
                except services.ServiceError as exc:
                    form.add_error("role" if exc.field == "role" else "username", exc.message)
                else:
                    return _go(request, reverse("project-members", args=[slug]))
    context = {**_page(request, project, "members"), "members": selectors.members(project), "form": form,
               "roles": f.ROLES}
    status = INVALID if form.errors else 200
    if request.htmx and request.method == "POST":
        return render(request, P + "_member_form.html", context, status=status)
    return render(request, "projects/members.html", context, status=status)


# Settings -------------------------------------------------------------------------------------


def _with_severity(stored: Any, level: str) -> Any:
    """A rule override with a new severity, keeping the rule's parameters if it had any."""
    if isinstance(stored, dict):
        return {**{k: v for k, v in stored.items() if k != "level"}, "severity": level}
    return level


@login_required
@require_http_methods(["GET", "POST"])
def project_settings(request: HtmxHttpRequest, slug: str) -> HttpResponseBase:
    """The rule profile and overrides, the export defaults, and the project's name."""
    project = selectors.project_get(user=request.user, slug=slug,
                                    role=Role.EDITOR if request.method == "POST" else Role.VIEWER)
    profiles, targets = panels.lint_profiles(), panels.export_target_choices()
    lint, exports = project.lint_settings or {}, project.export_settings or {}
    initial = {"profile": lint.get("profile", profiles[0] if profiles else ""),
               "rules": f.SettingsForm.rules_text(lint.get("rules", {})),
               "ignores": f.SettingsForm.ignores_text(lint.get("ignores", [])),
               "export_target": exports.get("default_target", "sql"),
               "idempotent": bool((exports.get("sql") or {}).get("idempotent", False))}
    form = f.SettingsForm(profiles=profiles, targets=targets, initial=initial, auto_id="settings-%s")
    if request.method == "POST":
        form = f.SettingsForm(request.POST, profiles=profiles, targets=targets, auto_id="settings-%s")
        if form.is_valid():
            data = form.cleaned_data
            rules = {rule: _with_severity(lint.get("rules", {}).get(rule), level)
                     for rule, level in data["rules"].items()}
            new_lint = {**lint, "profile": data["profile"], "rules": rules, "ignores": data["ignores"]}
            for key in ("rules", "ignores"):
                if not new_lint[key]:
                    new_lint.pop(key)
            new_exports = {**exports, "default_target": data["export_target"],
                           "sql": {**(exports.get("sql") or {}), "idempotent": data["idempotent"]}}
            try:
                with transaction.atomic():
                    panels.lint_settings_save(project=project, user=request.user, settings=new_lint)
                    services.project_settings_update(project=project, user=request.user,
                                                     export_settings=new_exports)
            except services.ServiceError as exc:
                field = (exc.field or "").split(".")[0]
                form.add_error(field if field in ("profile", "ignores") else "rules", exc.message)
            else:
                messages.success(request, "Saved the settings.")
                return _go(request, reverse("project-settings", args=[slug]))
    context = {**_page(request, project, "settings"), "form": form,
               "rename_form": f.ProjectRenameForm(auto_id="rename-%s", initial={
                   "name": project.name, "description": project.description})}
    return render(request, "projects/settings.html", context, status=INVALID if form.errors else 200)
