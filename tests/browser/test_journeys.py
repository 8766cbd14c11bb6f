"""A new user's journeys through the designer, in Chromium, as issue 6's acceptance lists them.

Sign up, create a project, add two tables and their columns, link them with a foreign key and
see the edge appear on the diagram, see a rule finding and fix it, export Prisma and download
it, restore an earlier version; a second user who is not a member cannot see the project.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Session, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Tr1cky-passw0rd!"
NewSession = Callable[[], Session]


def sign_up(s: Session, username: str) -> Page:
    page = s.page
    page.goto(s.url("/accounts/signup/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Projects")).to_be_visible()
    return page


def create_project(page: Page, name: str, start: str = "Blank schema") -> None:
    page.get_by_label("Project name").fill(name)
    page.get_by_label(start).check()
    page.get_by_role("button", name="Create project").click()
    expect(page.locator("#inspector")).to_be_visible()
    expect(page.locator(".crumb-project")).to_have_text(name)


def add_table(page: Page, name: str) -> None:
    page.locator("#new-table-name").fill(name)
    page.locator("#new-table-name").press("Enter")
    expect(page.locator(f'#inspector [data-selected-table="{name}"]')).to_be_visible()
    expect(page.locator(f'#table-list a[data-table="{name}"]')).to_be_visible()
    expect(page.locator("#new-table-name")).to_have_value("")  # the form is reset for the next table


def add_column(page: Page, name: str, type_: str, *, size: str = "", nullable: bool = True) -> None:
    form = page.locator("#column-add")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Type").fill(type_)
    form.get_by_label("Size").fill(size)
    form.get_by_label("Nullable").set_checked(nullable)
    form.get_by_role("button", name="Add column").click()
    expect(page.locator(f'#inspector .col-row input[name=name][value="{name}"]')).to_be_visible()
    # A fresh form takes the focus for the next column; typing before it does would land in it.
    expect(page.locator("#newcol-name")).to_be_focused()
    expect(page.locator("#newcol-name")).to_have_value("")


def edges(page: Page) -> int:
    return page.locator("#diagram g.edge.relation").count()


def test_a_new_user_designs_a_schema_and_a_stranger_cannot_see_it(session_factory: NewSession) -> None:
    owner = session_factory()
    page = sign_up(owner, "ada")
    create_project(page, "Library")
    expect(page.locator("#diagram")).to_contain_text("No tables yet")

    add_table(page, "authors")
    add_column(page, "name", "text", nullable=False)
    add_table(page, "books")
    add_column(page, "title", "varchar", size="200", nullable=False)
    add_column(page, "tags", "text")
    expect(page.locator("#diagram g.node.table")).to_have_count(2)
    assert edges(page) == 0

    # A foreign key from books to authors, through a new column; its cardinality in words.
    page.get_by_text("+ Add a relationship").click()
    fk = page.locator("#fk-add")
    fk.get_by_label("To table").select_option("authors")
    fk.get_by_label("On delete").select_option("cascade")
    fk.get_by_role("button", name="Add relationship").click()
    expect(page.locator("#inspector .rel-words").first).to_have_text(
        "Each book belongs to one author; an author has many books.")
    expect(page.locator("#diagram g.edge.relation")).to_have_count(1)
    expect(page.locator('#inspector .col-row input[name=name][value="author_id"]')).to_be_visible()

    # An error stays next to its field, with what the user typed.
    form = page.locator("#column-add")
    form.get_by_label("Name").fill("price")
    form.get_by_label("Type").fill("numeric")
    form.get_by_label("Size").fill("2,5")
    form.get_by_role("button", name="Add column").click()
    expect(page.locator("#column-add")).to_contain_text("scale cannot exceed its precision")
    expect(page.locator("#column-add").get_by_label("Name")).to_have_value("price")
    page.locator("#column-add").scroll_into_view_if_needed()
    screenshot(page, "field-error")

    # The second user is not a member: the project does not exist for them.
    stranger = session_factory()
    other = sign_up(stranger, "bob")
    expect(other.get_by_text("No projects yet.")).to_be_visible()
    response = other.goto(owner.page.url)
    assert response is not None and response.status == 404


def test_the_grid_edits_inline_and_reorders_with_the_keyboard(session_factory: NewSession) -> None:
    s = session_factory()
    page = sign_up(s, "grace")
    create_project(page, "Shop")
    add_table(page, "orders")
    add_column(page, "total", "numeric", size="12,2", nullable=False)
    add_column(page, "note", "text")

    # Rename a column in place: the change saves on Tab, and focus moves on as usual.
    row = page.locator(".col-row").nth(1)
    row.locator("input[name=name]").fill("amount")
    row.locator("input[name=name]").press("Tab")
    expect(page.locator('.col-row input[name=name][value="amount"]')).to_be_visible()
    expect(page.locator("#version-bar .version")).to_have_text("v5")

    # Typing on while the previous cell saves loses nothing: the name saves on Tab, and what is
    # typed into the comment field meanwhile survives the grid being re-rendered, then saves too.
    page.locator(".col-row").nth(2).locator("input[name=name]").fill("remark")
    page.locator(".col-row").nth(2).locator("input[name=name]").press("Tab")
    page.keyboard.press("End")
    page.keyboard.type("[]")
    page.keyboard.press("Enter")
    expect(page.locator('.col-row input[name=name][value="remark"]')).to_be_visible()
    expect(page.locator(".col-row").nth(2).locator("input[name=array]")).to_be_checked()
    expect(page.locator(".col-row").nth(2).locator("input[name=type]")).to_have_value("text")

    # Enter saves a cell too, once.
    version = page.locator("#version-bar .version").inner_text()
    row.locator("input[name=size]").fill("14,2")
    row.locator("input[name=size]").press("Enter")
    expect(page.locator("#version-bar .version")).not_to_have_text(version)
    expect(page.locator(".col-row").nth(1).locator("input[name=size]")).to_have_value("14,2")
    expect(page.locator("#alerts .alert")).to_have_count(0)

    # Keyboard reorder: focus the handle of the last row and press the up arrow.
    page.locator('.handle[data-move="2"]').focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator(".col-row").nth(1).locator("input[name=name]")).to_have_value("remark")

    # Undo brings the order back; Ctrl+Z (outside a field) undoes the change before it too, and
    # Ctrl+Shift+Z redoes it.
    expect(page.locator("#version-bar .version")).to_have_text("v9")
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".col-row").nth(1).locator("input[name=name]")).to_have_value("amount")
    expect(page.locator(".col-row").nth(1).locator("input[name=size]")).to_have_value("14,2")
    page.locator("#diagram").click(position={"x": 5, "y": 5})  # the focus out of the grid's fields
    page.keyboard.press("Control+z")
    expect(page.locator(".col-row").nth(1).locator("input[name=size]")).to_have_value("12,2")
    expect(page.get_by_role("button", name="Redo")).to_have_attribute("title", re.compile(r"^Redo: Changed"))
    page.keyboard.press("Control+Shift+z")
    expect(page.locator(".col-row").nth(1).locator("input[name=size]")).to_have_value("14,2")
    expect(page.locator("#version-bar .version")).to_have_text("v12")


def test_a_stale_edit_shows_a_conflict_with_a_reload(session_factory: NewSession) -> None:
    s = session_factory()
    page = sign_up(s, "linus")
    create_project(page, "Kernel")
    add_table(page, "tasks")
    second = s.new_page()
    second.goto(page.url)
    add_column(page, "title", "text")  # the first tab changes the schema

    form = second.locator("#column-add")
    form.get_by_label("Name").fill("state")
    form.get_by_label("Type").fill("text")
    form.get_by_role("button", name="Add column").click()
    alert = second.locator("#alerts .alert.conflict")
    expect(alert).to_contain_text("changed")
    alert.get_by_role("link", name="Reload").click()
    expect(second.locator('.col-row input[name=name][value="title"]')).to_be_visible()
    expect(second.locator('.col-row input[name=name][value="state"]')).to_have_count(0)


def test_findings_fix_export_download_and_restore(session_factory: NewSession) -> None:
    s = session_factory()
    page = sign_up(s, "edgar")
    create_project(page, "Fitness", start="The fitness demo schema")
    expect(page.locator("#diagram g.node.table")).to_have_count(6)
    # A click on a table in the diagram opens it in the inspector and marks it.
    page.locator('#diagram g.node.table[id="table-workouts"] a').first.click()
    expect(page.locator('#inspector [data-selected-table="workouts"]')).to_be_visible()
    expect(page.locator('#diagram g.node.table.selected')).to_have_id("table-workouts")
    expect(page.locator('#table-list a[aria-current="true"]')).to_have_text(re.compile("workouts"))
    page.get_by_role("button", name="Collapse the panels").click()  # the README picture shows the diagram large
    page.locator("#diagram-viewport").focus()
    page.keyboard.press("+")
    page.evaluate("document.activeElement.blur()")
    screenshot(page, "designer")
    page.get_by_role("button", name="Collapse the panels").click()

    # A rule finding with a fix: apply it, and it is gone from the panel.
    panel = page.locator("#problems")
    fix = panel.locator("form:has(button:text('Fix'))").first
    expect(fix).to_be_visible()
    finding_id = fix.locator("input[name=finding]").get_attribute("value")
    version = page.locator("#version-bar .version").inner_text()
    fix.get_by_role("button", name="Fix").click()
    expect(page.locator("#version-bar .version")).not_to_have_text(version)
    expect(panel.locator(f'input[name=finding][value="{finding_id}"]')).to_have_count(0)

    # Export Prisma: the preview, then the file itself.
    page.get_by_role("tab", name="Export").click()
    page.locator("#export-target").select_option("prisma")
    expect(page.locator("#export-code")).to_contain_text("model Workout")
    screenshot(page, "export")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download file").click()
    download = info.value
    text = download.path().read_text("utf-8")
    assert download.suggested_filename.endswith(".prisma")
    assert "model Workout" in text and "datasource" in text

    # Restore an earlier version from the history.
    add_table(page, "scratch")
    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_role("heading", name="Versions")).to_be_visible()
    screenshot(page, "history")
    row = page.locator("tr", has=page.locator("td.num", has_text=re.compile(r"^v1$")))
    row.get_by_role("button", name="Restore").click()
    expect(page.locator("#alerts")).to_contain_text("Restored version 1")
    page.get_by_role("link", name="Design", exact=True).click()
    expect(page.locator('#table-list a[data-table="workouts"]')).to_be_visible()
    expect(page.locator('#table-list a[data-table="scratch"]')).to_have_count(0)


def test_screenshots_of_the_entry_pages(session_factory: NewSession) -> None:
    s = session_factory()
    page = s.page
    page.goto(s.url("/accounts/signup/"))
    screenshot(page, "signup")
    sign_up(s, "margaret")
    create_project(page, "Fitness demo", start="The fitness demo schema")
    page.goto(s.url("/"))
    expect(page.locator(".project-card")).to_have_count(1)
    screenshot(page, "dashboard")


VISIBLE_CONTROLS = """Array.from(document.querySelectorAll('input, select, textarea, button'))
  .filter((el) => el.type !== 'hidden' && !el.hidden && !el.closest('[hidden]') && el.offsetParent !== null)"""
UNLABELLED = "() => " + VISIBLE_CONTROLS + """
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map((el) => el.outerHTML.slice(0, 120))"""


def test_every_control_has_a_label_and_the_page_fits_1280x800(session_factory: NewSession) -> None:
    s = session_factory()
    page = sign_up(s, "alan")
    create_project(page, "Fitness", start="The fitness demo schema")
    page.locator('#table-list a[data-table="workouts"]').click()
    expect(page.locator('#inspector [data-selected-table="workouts"]')).to_be_visible()
    for summary in page.locator("#inspector details > summary").all():
        summary.click()
    assert page.evaluate(f"() => {VISIBLE_CONTROLS}.length") > 100  # the grid, the forms, the panels
    assert page.evaluate(UNLABELLED) == []
    # Nothing spills sideways at 1280x800: the page itself never scrolls horizontally.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for path in ("/", "/p/fitness/enums/", "/p/fitness/history/", "/p/fitness/members/", "/p/fitness/settings/"):
        page.goto(s.url(path))
        assert page.evaluate(UNLABELLED) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
