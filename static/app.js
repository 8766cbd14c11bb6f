// Schema Designer: the little behaviour htmx does not cover. No dependencies.
// - pan and zoom of the diagram (drag, wheel, keyboard), a click on a table opens it;
// - the table filter, panel tabs, copy button, column reordering (drag or arrow keys);
// - every edit carries the version this page last saw (optimistic locking, see views.py).
(function () {
  "use strict";

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  function currentVersion() {
    const bar = $("#version-bar");
    return bar ? bar.dataset.version : null;
  }

  function alertBox(text, level) {
    const area = $("#alerts");
    if (!area) return;
    const div = document.createElement("div");
    div.className = "alert " + (level || "error");
    div.setAttribute("role", level === "error" ? "alert" : "status");
    const span = document.createElement("span");
    span.textContent = text;
    const close = document.createElement("button");
    close.type = "button"; close.className = "close"; close.dataset.dismiss = ""; close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss");
    div.append(span, close);
    area.replaceChildren(div);
  }

  // Edits are based on the latest version this page knows (updated out of band after each edit).
  document.addEventListener("htmx:configRequest", (e) => {
    const params = e.detail.parameters;
    const version = currentVersion();
    if (version && params && (params.has ? params.has("base_version") : "base_version" in params)) {
      if (params.set) params.set("base_version", version); else params.base_version = version;
    }
  });

  // Server errors that carry no HTML for the user (403, 404, 500) become an alert.
  document.addEventListener("htmx:responseError", (e) => {
    const xhr = e.detail.xhr;
    const text = xhr.status === 403 ? "You do not have permission to do this (your role is too low)."
      : xhr.status === 404 ? "Not found: it may have been deleted. Reload the page."
      : "Something went wrong (" + xhr.status + "). Your change was not saved.";
    alertBox(text, "error");
  });
  document.addEventListener("htmx:sendError", () => alertBox("The server cannot be reached. Your change was not saved.", "error"));

  document.addEventListener("click", (e) => {
    const dismiss = e.target.closest("[data-dismiss]");
    if (dismiss) dismiss.closest(".alert").remove();
  });
  function autoDismiss() {
    $$(".alert.success, .alert.info").forEach((a) => setTimeout(() => a.remove(), 6000));
  }

  // Table filter -----------------------------------------------------------------------------
  document.addEventListener("input", (e) => {
    const input = e.target.closest("[data-filter]");
    if (!input) return;
    const q = input.value.trim().toLowerCase();
    $$(input.dataset.filter + " li[data-name]").forEach((li) => { li.hidden = q !== "" && !li.dataset.name.includes(q); });
  });

  // Selection: the list, the diagram and the focus option follow the inspector ----------------
  function selectedTable() {
    const insp = $("#inspector .insp");
    return insp ? insp.dataset.selectedTable : "";
  }
  function nodeId(path) { return "table-" + encodeURIComponent(path); }
  function markSelection() {
    const path = selectedTable();
    $$("#table-list a[data-table]").forEach((a) => {
      if (a.dataset.table === path) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
    $$("#diagram g.node.selected").forEach((g) => g.classList.remove("selected"));
    if (path) {
      const node = document.getElementById(nodeId(path));
      if (node) node.classList.add("selected");
    }
    const focus = $("#diagram-focus");
    if (focus) { focus.value = path; focus.disabled = !path && !focus.checked; }
    $$("#version-bar input[name=table]").forEach((input) => { input.value = path; });  // undo and redo
  }
  function markFlagged() {
    const box = $("#problems .problems");
    const flagged = new Set(box ? JSON.parse(box.dataset.flagged || "[]") : []);
    $$("#table-list li[data-name]").forEach((li) => {
      const a = li.querySelector("a[data-table]");
      li.classList.toggle("flagged", !!a && flagged.has(a.dataset.table));
    });
    $$("#diagram g.node.table").forEach((g) => {
      g.classList.toggle("flagged", flagged.has(decodeURIComponent(g.id.replace(/^table-/, ""))));
    });
  }

  // Pan and zoom -------------------------------------------------------------------------------
  // "auto" stays on until the user pans or zooms: until then the diagram keeps fitting its frame.
  const view = { x: 20, y: 20, k: 1, fitted: false, auto: true };
  function wrap() { return $("#diagram .svg-wrap"); }
  function apply() {
    const w = wrap();
    if (!w) return;
    w.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
    w.style.setProperty("--inv", String(1 / view.k));  // outlines keep their width on screen at any zoom
  }
  function fit() {
    const w = wrap(), vp = $("#diagram-viewport");
    if (!w || !vp) return;
    const svg = w.querySelector("svg");
    if (!svg) return;
    const sw = svg.width.baseVal.value || svg.getBoundingClientRect().width;
    const sh = svg.height.baseVal.value || svg.getBoundingClientRect().height;
    const pad = 24;
    const k = Math.min((vp.clientWidth - pad * 2) / sw, (vp.clientHeight - pad * 2) / sh, 1.25);
    view.k = Math.max(0.05, k);
    view.x = (vp.clientWidth - sw * view.k) / 2;
    view.y = Math.max(pad, (vp.clientHeight - sh * view.k) / 2);
    view.fitted = true;
    apply();
  }
  function zoomAt(factor, cx, cy) {
    view.auto = false;
    const k = Math.min(4, Math.max(0.05, view.k * factor));
    view.x = cx - (cx - view.x) * (k / view.k);
    view.y = cy - (cy - view.y) * (k / view.k);
    view.k = k;
    apply();
  }
  function center() { const vp = $("#diagram-viewport"); return [vp.clientWidth / 2, vp.clientHeight / 2]; }

  function initViewport() {
    const vp = $("#diagram-viewport");
    if (!vp || vp.dataset.ready) return;
    vp.dataset.ready = "1";
    let drag = null;
    vp.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || e.target.closest("a, button")) return;
      drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
      vp.setPointerCapture(e.pointerId);
    });
    vp.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; view.auto = false; vp.classList.add("panning"); }
      view.x = drag.vx + dx; view.y = drag.vy + dy; apply();
    });
    const end = () => { drag = null; vp.classList.remove("panning"); };
    vp.addEventListener("pointerup", end);
    vp.addEventListener("pointercancel", end);
    vp.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = vp.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    vp.addEventListener("keydown", (e) => {
      const step = 60;
      const keys = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (keys[e.key]) { view.auto = false; view.x += keys[e.key][0]; view.y += keys[e.key][1]; apply(); e.preventDefault(); }
      else if (e.key === "+" || e.key === "=") { zoomAt(1.2, ...center()); e.preventDefault(); }
      else if (e.key === "-") { zoomAt(1 / 1.2, ...center()); e.preventDefault(); }
      else if (e.key === "0") { view.auto = true; fit(); e.preventDefault(); }
    });
    // A click on a table (the renderer makes each one a link to ?table=) opens it in the inspector.
    vp.addEventListener("click", (e) => {
      const link = e.target.closest("#diagram a");
      if (!link) return;
      e.preventDefault();
      if (drag && drag.moved) return;
      const href = link.getAttribute("href") || link.getAttribute("xlink:href");
      if (href && href.includes("table=")) {
        htmx.ajax("GET", href, { target: "#inspector", swap: "innerHTML" }).then(() => history.pushState({}, "", href));
      }
    });
  }
  document.addEventListener("click", (e) => {
    const b = e.target.closest("[data-zoom]");
    if (!b) return;
    if (b.dataset.zoom === "fit") { view.auto = true; fit(); } else zoomAt(b.dataset.zoom === "in" ? 1.25 : 0.8, ...center());
  });

  // Panel tabs and the drawer ------------------------------------------------------------------
  document.addEventListener("click", (e) => {
    const tab = e.target.closest("[data-tab]");
    if (tab) {
      $$("[data-tab]", tab.parentElement).forEach((t) => {
        const on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        const panel = document.getElementById(t.getAttribute("aria-controls"));
        if (panel) panel.hidden = !on;
      });
      const drawer = $("#drawer");
      if (drawer) drawer.classList.remove("collapsed");
      if (tab.getAttribute("aria-controls") === "export") htmx.trigger("#export", "reveal-export");
      return;
    }
    const toggle = e.target.closest("[data-drawer-toggle]");
    if (toggle) {
      const drawer = $("#drawer");
      const collapsed = drawer.classList.toggle("collapsed");
      toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
      toggle.textContent = collapsed ? "▴" : "▾";
      if (view.auto) fit();
    }
    const copy = e.target.closest("[data-copy]");
    if (copy) {
      const raw = $("#export-raw");
      if (raw && navigator.clipboard) {
        navigator.clipboard.writeText(raw.value).then(() => { copy.textContent = "Copied"; setTimeout(() => { copy.textContent = "Copy"; }, 1500); });
      }
    }
  });
  document.addEventListener("keydown", (e) => {
    const tab = e.target.closest && e.target.closest("[role=tab]");
    if (tab && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      const tabs = $$("[role=tab]", tab.parentElement);
      const next = tabs[(tabs.indexOf(tab) + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus(); next.click();
    }
    // Outside a text field, Ctrl+Z undoes the last change of the schema; Ctrl+Shift+Z or Ctrl+Y redoes it.
    if ((e.ctrlKey || e.metaKey) && !e.target.closest("input, textarea, select, [contenteditable]")) {
      const key = e.key.toLowerCase();
      const which = key === "z" ? (e.shiftKey ? "[data-redo]" : "[data-undo]") : key === "y" ? "[data-redo]" : null;
      const button = which && $(which);
      if (button && !button.disabled) { e.preventDefault(); button.click(); }
    }
  });

  // Enter in a grid cell saves the row once (as a change), instead of submitting the form natively.
  document.addEventListener("keydown", (e) => {
    const input = e.key === "Enter" && e.target.closest && e.target.closest(".col-row input[type=text]");
    if (!input) return;
    e.preventDefault();
    if (inFlight > 0 && input.id) { pendingEnter = input.id; return; }  // saved once the grid is re-rendered
    delete input.dataset.unsaved;
    htmx.trigger(input.form, "change");
  });

  // Column order: drag a row's handle, or focus it and press the arrow keys --------------------
  function moveColumn(row, to) {
    const grid = row.closest(".col-grid");
    htmx.ajax("POST", grid.dataset.moveUrl, { source: row, values: { to: String(to) }, target: "#inspector", swap: "innerHTML" });
  }
  document.addEventListener("keydown", (e) => {
    const handle = e.target.closest && e.target.closest(".handle[data-move]");
    if (!handle || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    const row = handle.closest(".col-row");
    const index = Number(handle.dataset.move);
    const last = $$(".col-row", row.parentElement).length - 1;
    const to = e.key === "ArrowUp" ? index - 1 : index + 1;
    if (to < 0 || to > last) return;
    window.__refocusHandle = to;
    moveColumn(row, to);
  });
  let dragged = null;
  document.addEventListener("dragstart", (e) => {
    const handle = e.target.closest && e.target.closest(".handle[data-move]");
    if (!handle) return;
    dragged = handle.closest(".col-row");
    dragged.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", handle.dataset.move);
  });
  document.addEventListener("dragover", (e) => {
    const row = dragged && e.target.closest(".col-row");
    if (!row || row === dragged) return;
    e.preventDefault();
    const before = e.clientY < row.getBoundingClientRect().top + row.offsetHeight / 2;
    $$(".col-row.drop-before, .col-row.drop-after").forEach((r) => r.classList.remove("drop-before", "drop-after"));
    row.classList.add(before ? "drop-before" : "drop-after");
  });
  document.addEventListener("drop", (e) => {
    const row = dragged && e.target.closest(".col-row");
    if (!row || row === dragged) return;
    e.preventDefault();
    const from = Number(dragged.dataset.row);
    let to = Number(row.dataset.row) + (row.classList.contains("drop-after") ? 1 : 0);
    if (to > from) to -= 1;
    if (to !== from) moveColumn(dragged, to);
  });
  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    $$(".col-row.drop-before, .col-row.drop-after").forEach((r) => r.classList.remove("drop-before", "drop-after"));
  });

  // Typing is never lost to a swap: when an answer re-renders the field the user is typing in
  // (an earlier cell's save re-renders the grid), the new field gets what they typed, and it is
  // saved when they leave the field or press Enter, like any other change.
  let typing = null;
  let inFlight = 0;
  let pendingEnter = null;  // Enter pressed in a field while an earlier save was still on its way
  // Only edits count (POSTs): the diagram and problems reloads that follow an edit do not.
  const isEdit = (e) => ((e.detail.requestConfig && e.detail.requestConfig.verb) || "get") !== "get";
  function flushPendingEnter() {
    const target = pendingEnter && document.getElementById(pendingEnter);
    pendingEnter = null;
    if (target && target.form) {
      delete target.dataset.unsaved;
      htmx.trigger(target.form, "change");
    }
  }
  document.addEventListener("htmx:beforeRequest", (e) => { if (isEdit(e)) inFlight += 1; });
  document.addEventListener("htmx:afterRequest", (e) => {
    if (!isEdit(e)) return;
    inFlight = Math.max(0, inFlight - 1);
    // After the answer has settled (and the typed value was put back), save that field.
    if (inFlight === 0 && pendingEnter) setTimeout(flushPendingEnter, 60);
  });
  document.addEventListener("htmx:beforeSwap", (e) => {
    const el = document.activeElement;
    typing = null;
    if (!el || !el.id || !(el.tagName === "INPUT" || el.tagName === "TEXTAREA") || el.type === "checkbox"
        || el.value === el.defaultValue) return;
    // Not typing-in-progress if this very request carried the field's current value.
    const cfg = e.detail.requestConfig || {};
    const from = cfg.elt;
    if (from && (from === el.form || (from.contains && from.contains(el))) && cfg.parameters) {
      const sent = cfg.parameters.get ? cfg.parameters.get(el.name) : cfg.parameters[el.name];
      if (sent === el.value) return;
    }
    typing = { id: el.id, value: el.value, start: el.selectionStart, end: el.selectionEnd };
  });
  // Put it back in the same task as the swap, so no keystroke can land in the re-rendered field
  // before its typed value is back. (The settle delay is 0 in _base.html for the same reason:
  // htmx wires up swapped-in forms when it settles, and a change before that would be lost.)
  document.addEventListener("htmx:afterSwap", () => {
    const kept = typing;
    typing = null;
    const el = kept && document.getElementById(kept.id);
    if (el && !(el === document.activeElement && el.value === kept.value)) {
      if (el.value !== kept.value) {
        el.value = kept.value;
        el.dataset.unsaved = "1";
      }
      el.focus();
      try { el.setSelectionRange(kept.start, kept.end); } catch (err) { /* not a text field */ }
    }
  });
  document.addEventListener("focusout", (e) => {
    const el = e.target;
    if (el && el.dataset && el.dataset.unsaved && el.form) {
      delete el.dataset.unsaved;
      htmx.trigger(el.form, "change");
    }
  });

  // A new table was created: empty its form for the next one.
  document.addEventListener("htmx:afterRequest", (e) => {
    const form = e.detail.elt;
    if (form && form.id === "table-create" && e.detail.successful && e.detail.xhr.status === 200 && form.isConnected) {
      form.reset();
    }
  });

  // After each swap -----------------------------------------------------------------------------
  document.addEventListener("htmx:afterSwap", (e) => {
    const target = e.detail.target;
    if (target.id === "diagram") {
      target.removeAttribute("aria-busy");
      if (!view.fitted || view.auto) fit(); else apply();
      markSelection(); markFlagged();
    }
    if (target.id === "problems") markFlagged();
    if (target.id === "inspector") {
      markSelection();
      const path = (e.detail.requestConfig && e.detail.requestConfig.path) || "";
      if (path.includes("column-add") && e.detail.xhr.status === 200) { const n = $("#newcol-name"); if (n) n.focus(); }
      if (window.__refocusHandle !== undefined) {
        const h = $(`.handle[data-move="${window.__refocusHandle}"]`);
        if (h) h.focus();
        window.__refocusHandle = undefined;
      }
    }
    autoDismiss();
  });
  window.addEventListener("resize", () => { if (wrap()) { if (view.auto) fit(); else apply(); } });
  document.addEventListener("DOMContentLoaded", () => { initViewport(); markSelection(); autoDismiss(); });
})();
