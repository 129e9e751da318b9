// demandlens labelling workbench: the browser half of an anywidget (no build step, no imports,
// nothing fetched). State comes from the kernel in traitlets; every edit is a message
// {action, ...} that a Python callback handles through the pure label and theme functions.
// Keys pressed while focus is inside the workbench never reach JupyterLab: the root is marked
// data-lm-suppress-shortcuts (Lumino's command registry skips such events) and every key
// event stops propagating at the root.

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const pct = (x) => `${(100 * (x || 0)).toFixed(1)}%`;
const isTyping = (t) => t && t.matches && t.matches("input, textarea, select, [contenteditable]");

function render({ model, el }) {
  const send = (action, args = {}) => model.send({ action, ...args });
  const local = { filter: { q: "", status: "", language: "", channel: "", min: 0 }, picked: new Set() };

  // -- skeleton ---------------------------------------------------------------------------
  const status = h("div", { class: "dlw-status", role: "status", "aria-live": "polite" });
  const undoBtn = h("button", { class: "dlw-undo", title: "Undo (u)", onclick: () => send("undo") }, "↶ Undo");
  const redoBtn = h("button", { class: "dlw-redo", title: "Redo (U)", onclick: () => send("redo") }, "↷ Redo");
  const historyBox = h("details", { class: "dlw-history" }, h("summary", {}, "History"), h("ol"));
  const keysBtn = h("button", { class: "dlw-keys-btn", title: "Keys (?)", onclick: () => toggleKeys() }, "? Keys");
  const top = h("div", { class: "dlw-top" }, status, h("div", { class: "dlw-top-actions" }, undoBtn, redoBtn, historyBox, keysBtn));

  const search = h("input", { class: "dlw-search", type: "search", placeholder: "Search tickets: text or id (/)", "aria-label": "Search tickets" });
  const fStatus = h("select", { class: "dlw-f-status", "aria-label": "Filter by status" });
  const fLang = h("select", { class: "dlw-f-lang", "aria-label": "Filter by language" });
  const fChan = h("select", { class: "dlw-f-chan", "aria-label": "Filter by channel" });
  const fMin = h("input", { class: "dlw-f-min", type: "number", min: "0", value: "0", title: "Minimum size", "aria-label": "Minimum theme size" });
  const hits = h("div", { class: "dlw-hits" });
  const list = h("ul", { class: "dlw-list", role: "listbox", "aria-label": "Themes" });
  const listCount = h("div", { class: "dlw-list-count" });
  const left = h("section", { class: "dlw-left" }, search, h("div", { class: "dlw-filters" }, fStatus, fLang, fChan, fMin), hits, listCount, list);

  const middle = h("section", { class: "dlw-middle" });
  const form = h("section", { class: "dlw-form" });
  const review = h("section", { class: "dlw-review" });
  const right = h("section", { class: "dlw-right" }, form, review);
  const keysOverlay = h("div", { class: "dlw-keys", hidden: true });
  const busy = h("div", { class: "dlw-busy", hidden: true });
  const root = h("div", { class: "dlw", tabindex: "0", "data-lm-suppress-shortcuts": "true" },
    top, h("div", { class: "dlw-grid" }, left, middle, right), keysOverlay, busy);
  el.append(root);

  // -- theme list -------------------------------------------------------------------------
  const visibleThemes = () => {
    const f = local.filter;
    return (model.get("themes") || []).filter((t) =>
      (!f.status || (t.badges || []).some((b) => b.id === f.status) || (f.status === "labelled" && t.labelled)) &&
      (!f.language || (t.languages || {})[f.language]) &&
      (!f.channel || (t.channels || {})[f.channel]) &&
      (t.size >= (f.min || 0)));
  };
  const badge = (b) => h("span", { class: `dlw-badge dlw-b-${b.id}`, title: b.title || b.text }, b.text);

  function drawList() {
    const sel = model.get("selected");
    const rows = visibleThemes();
    const real = (list) => list.filter((t) => t.key !== "__outliers__").length;  // outliers are no theme
    const all = model.get("themes") || [];
    listCount.textContent = `${real(rows)} of ${real(all)} themes` + (rows.length > real(rows) ? " + the outliers" : "");
    list.replaceChildren(...rows.map((t) => h("li", {
      class: `dlw-row${t.key === sel ? " dlw-sel" : ""}`, role: "option", "aria-selected": t.key === sel ? "true" : "false",
      "data-key": t.key, title: t.title, onclick: () => select(t.key),
    },
      h("span", { class: "dlw-size" }, t.size), h("span", { class: "dlw-share" }, pct(t.share)),
      h("span", { class: "dlw-title" }, t.title), h("span", { class: "dlw-badges" }, (t.badges || []).map(badge)))));
    const cur = list.querySelector(".dlw-sel");
    if (cur) cur.scrollIntoView({ block: "nearest" });
  }

  function drawFilters() {
    const o = model.get("options") || {};
    const fill = (sel, label, values, current) => sel.replaceChildren(h("option", { value: "" }, label),
      ...(values || []).map(([v, text]) => h("option", { value: v, selected: v === current }, text)));
    fill(fStatus, "status: any", o.statuses, local.filter.status);
    fill(fLang, "lang: any", (o.languages || []).map((l) => [l, l]), local.filter.language);
    fill(fChan, "channel: any", (o.channels || []).map((c) => [c, c]), local.filter.channel);
    fChan.hidden = !(o.channels || []).length;
  }
  for (const [sel, key] of [[fStatus, "status"], [fLang, "language"], [fChan, "channel"]]) {
    sel.addEventListener("change", () => { local.filter[key] = sel.value; drawList(); });
  }
  fMin.addEventListener("input", () => { local.filter.min = Number(fMin.value) || 0; drawList(); });

  function select(key) {
    if (!key) return;
    model.set("selected", key);  // optimistic: list and heading answer at once, details follow
    drawList();
    const row = (model.get("themes") || []).find((t) => t.key === key);
    const title = middle.querySelector(".dlw-head-title"), code = middle.querySelector(".dlw-head-key");
    if (row && title && code && key !== (model.get("theme") || {}).key) { title.textContent = row.title; code.textContent = row.key; middle.classList.add("dlw-loading"); }
    send("select", { key });
  }
  function step(delta) {
    const rows = visibleThemes();
    if (!rows.length) return;
    const i = rows.findIndex((t) => t.key === model.get("selected"));
    select(rows[Math.max(0, Math.min(rows.length - 1, (i < 0 ? -1 : i) + delta))].key);
  }

  // -- search -----------------------------------------------------------------------------
  let searchTimer = null;
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => send("search", { q: search.value }), 150);
  });
  function drawHits() {
    const s = model.get("search") || {};
    if (!s.q) { hits.replaceChildren(); return; }
    hits.replaceChildren(h("div", { class: "dlw-hits-head" }, s.text || ""),
      ...(s.hits || []).map((x) => h("button", {
        class: "dlw-hit", title: x.text, onclick: () => { select(x.theme_key || "__outliers__"); send("focus_ticket", { ticket_id: x.ticket_id }); },
      }, h("code", {}, x.ticket_id), " ", h("span", { class: "dlw-hit-theme" }, x.theme_title), " ", x.snippet)));
  }

  // -- the selected theme -----------------------------------------------------------------
  function drawMiddle() {
    const th = model.get("theme") || {};
    if (!th.key) { middle.replaceChildren(h("p", { class: "dlw-empty" }, th.message || "No theme selected.")); return; }
    const kw = h("table", { class: "dlw-kw" }, (th.keywords || []).map(([lang, words]) =>
      h("tr", {}, h("td", {}, h("span", { class: `dlw-lang dlw-l-${lang}` }, lang)), h("td", {}, words.join(", ")))));
    const cols = th.columns || [];
    const tickets = h("table", { class: "dlw-tickets" },
      h("tr", {}, h("th", {}, ""), h("th", {}, "id"), h("th", {}, "lang"), cols.map((c) => h("th", {}, c.title)), h("th", {}, "text")),
      (th.tickets || []).map((t) => h("tr", { class: t.focus ? "dlw-focus-ticket" : "" },
        h("td", {}, h("input", {
          type: "checkbox", class: "dlw-pick", "aria-label": `select ticket ${t.id}`, checked: local.picked.has(t.id),
          onchange: (e) => { e.target.checked ? local.picked.add(t.id) : local.picked.delete(t.id); drawMoveBar(); },
        })),
        h("td", {}, h("code", {}, t.id)), h("td", {}, h("span", { class: `dlw-lang dlw-l-${t.language}` }, t.language)),
        cols.map((c) => h("td", { class: `dlw-col-${c.name}` }, t.cols ? t.cols[c.name] : "")),
        h("td", { class: "dlw-text" }, t.text))));
    const pager = h("div", { class: "dlw-pager" },
      h("button", { class: "dlw-prev-page", disabled: th.page <= 0, onclick: () => send("page", { page: th.page - 1 }) }, "◀"),
      ` tickets ${th.first}–${th.last} of ${th.n_tickets} `,
      h("button", { class: "dlw-next-page", disabled: th.last >= th.n_tickets, onclick: () => send("page", { page: th.page + 1 }) }, "▶"));
    const chart = h("div", { class: "dlw-chart" });
    chart.innerHTML = th.chart_svg || "";  // SVG rendered by vl-convert in the kernel (altair spec)
    middle.replaceChildren(
      h("div", { class: "dlw-head" }, h("b", { class: "dlw-head-title" }, th.title), " ",
        h("code", { class: "dlw-head-key" }, th.key), h("span", { class: "dlw-badges" }, (th.badges || []).map(badge))),
      h("div", { class: "dlw-sub" }, th.summary || ""),
      h("div", { class: "dlw-kw-chart" }, kw, chart), editBar(th), moveBar, pager, tickets);
    drawMoveBar();
  }

  const moveBar = h("div", { class: "dlw-movebar" });
  function themeOptions(exclude) {
    return (model.get("themes") || []).filter((t) => t.key !== exclude && t.key !== "__outliers__")
      .map((t) => h("option", { value: t.key }, `${t.title} (${t.size})`));
  }
  function drawMoveBar() {
    const th = model.get("theme") || {};
    if (!local.picked.size) { moveBar.replaceChildren(); return; }
    const to = h("select", { class: "dlw-move-to", "aria-label": "Move to theme" },
      th.key !== "__outliers__" ? h("option", { value: "" }, "outliers (no theme)") : null, themeOptions(th.key));
    moveBar.replaceChildren(`${local.picked.size} selected → `, to,
      h("button", { class: "dlw-move", onclick: () => { send("move", { ticket_ids: [...local.picked], to: to.value || null }); local.picked.clear(); } }, "Move"),
      h("button", { onclick: () => { local.picked.clear(); drawMiddle(); } }, "Clear"));
  }

  function editBar(th) {
    if (th.key === "__outliers__") return h("div", { class: "dlw-edits" }, "Outliers belong to no theme: tick tickets and move them to a theme.");
    const other = h("select", { class: "dlw-merge-with", "aria-label": "Merge with" }, h("option", { value: "" }, "merge with…"), themeOptions(th.key));
    other.value = local.mergeWith || "";  // a redraw of the same theme keeps what was chosen
    other.addEventListener("change", () => { local.mergeWith = other.value; });
    const parts = h("input", { class: "dlw-split-n", type: "number", min: "2", max: "8", value: local.splitN || "2", "aria-label": "Number of parts" });
    parts.addEventListener("input", () => { local.splitN = parts.value; });
    const bar = h("div", { class: "dlw-edits" },
      other, h("button", { class: "dlw-merge", onclick: () => other.value && send("merge", { other: other.value }) }, "Merge"),
      " · split into ", parts, h("button", { class: "dlw-split", onclick: () => send("split_preview", { n: Number(parts.value) || 2 }) }, "Preview split"));
    const sp = model.get("split_preview") || {};
    if (sp.key === th.key && sp.parts) {
      bar.append(h("div", { class: "dlw-split-preview" }, h("b", {}, `Split into ${sp.parts.length} parts:`),
        h("ol", {}, sp.parts.map((p) => h("li", {}, `${p.size} tickets — `, (p.keywords || []).map(([l, w]) => h("span", { class: "dlw-kwpart" }, h("span", { class: `dlw-lang dlw-l-${l}` }, l), ` ${w.join(", ")} `))))),
        h("button", { class: "dlw-split-accept", onclick: () => send("split_accept") }, "Accept split"),
        h("button", { class: "dlw-split-cancel", onclick: () => send("split_cancel") }, "Cancel")));
    }
    return bar;
  }

  // -- label form -------------------------------------------------------------------------
  const name = h("input", { class: "dlw-name", type: "text", "aria-label": "Theme name", placeholder: "Theme name (e)" });
  const demand = h("div", { class: "dlw-demand", role: "radiogroup", "aria-label": "Demand type" });
  const proc = h("input", { class: "dlw-process", type: "text", role: "combobox", "aria-label": "Failing process", placeholder: "Process: type to find (p)", autocomplete: "off" });
  const procList = h("ul", { class: "dlw-process-list", role: "listbox", hidden: true });
  const sub = h("select", { class: "dlw-sub-process", "aria-label": "Sub-process" });
  const ftype = h("select", { class: "dlw-failure-type", "aria-label": "Failure type" });
  const cause = h("textarea", { class: "dlw-root-cause", rows: "2", "aria-label": "Root cause", placeholder: "Root cause (c)" });
  const notes = h("textarea", { class: "dlw-notes", rows: "2", "aria-label": "Notes", placeholder: "Notes" });
  const field = (label, ...ctl) => h("label", { class: "dlw-field" }, h("span", {}, label), ...ctl);
  form.append(h("h3", {}, "Label"), field("Name", name), field("Demand", demand),
    field("Process", h("div", { class: "dlw-combo" }, proc, procList)), field("Sub-process", sub),
    field("Failure type", ftype), field("Root cause", cause), field("Notes", notes));
  const setField = (f, value) => send("set", { field: f, value });
  name.addEventListener("change", () => setField("name", name.value));
  cause.addEventListener("change", () => setField("root_cause", cause.value));
  notes.addEventListener("change", () => setField("notes", notes.value));
  sub.addEventListener("change", () => setField("sub_process", sub.value));
  ftype.addEventListener("change", () => setField("failure_type", ftype.value));

  let procHits = [], procIdx = 0;
  const processes = () => ((model.get("options") || {}).processes || []);
  function filterProcesses() {
    const q = proc.value.trim().toLowerCase();
    procHits = processes().filter((p) => !q || [p.id, p.name, ...(p.aliases || [])].some((s) =>
      s.toLowerCase().split(/[\s/_,-]+/).some((w) => w.startsWith(q)) || s.toLowerCase().startsWith(q)));
    procIdx = 0;
    drawProcList();
  }
  function drawProcList() {
    procList.hidden = false;
    procList.replaceChildren(h("li", { class: `dlw-opt${procIdx === -1 ? " dlw-active" : ""}`, onmousedown: () => pickProcess("") }, "— not set —"),
      ...procHits.map((p, i) => h("li", {
        class: `dlw-opt${i === procIdx ? " dlw-active" : ""}`, role: "option", onmousedown: () => pickProcess(p.id),
      }, p.name, (p.aliases || []).length ? h("small", {}, ` ${p.aliases.join(", ")}`) : "")));
  }
  function pickProcess(id) {
    procList.hidden = true;
    setField("failing_process", id);
    root.focus();
  }
  proc.addEventListener("focus", () => { proc.select(); filterProcesses(); });
  proc.addEventListener("input", filterProcesses);
  proc.addEventListener("blur", () => { procList.hidden = true; drawForm(); });

  function drawForm() {
    const th = model.get("theme") || {};
    const lab = th.label || {};
    const o = model.get("options") || {};
    const editable = th.key && th.key !== "__outliers__";
    for (const ctl of [name, proc, sub, ftype, cause, notes]) ctl.disabled = !editable;
    const keep = (ctl, v) => { if (document.activeElement !== ctl) ctl.value = v || ""; };
    keep(name, lab.name);
    keep(cause, lab.root_cause);
    keep(notes, lab.notes);
    const p = processes().find((x) => x.id === lab.failing_process);
    keep(proc, p ? p.name : (lab.failing_process ? `${lab.failing_process} (not in taxonomy)` : ""));
    demand.replaceChildren(...[["failure", "Failure", "1"], ["value", "Value", "2"], ["unclear", "Unclear", "3"]].map(([v, text, key]) =>
      h("button", {
        class: `dlw-dt dlw-dt-${v}${lab.demand_type === v ? " dlw-on" : ""}`, role: "radio", "aria-checked": lab.demand_type === v ? "true" : "false",
        disabled: !editable, onclick: () => setField("demand_type", lab.demand_type === v ? "" : v),
      }, `${text} (${key})`)));
    const subs = p ? p.sub_processes : [];
    sub.replaceChildren(h("option", { value: "" }, "—"), ...subs.map((s) => h("option", { value: s, selected: s === lab.sub_process }, s.replaceAll("_", " "))));
    ftype.replaceChildren(h("option", { value: "" }, "—"), ...(o.failure_types || []).map(([id, text]) => h("option", { value: id, selected: id === lab.failure_type }, text)));
  }

  // -- review panel -----------------------------------------------------------------------
  function drawReview() {
    const th = model.get("theme") || {};
    const r = th.review || {};
    if (!th.key || th.key === "__outliers__") { review.replaceChildren(); return; }
    const head = h("h3", {}, "Review sample ", h("button", { class: "dlw-draw", disabled: !!r.sample, onclick: () => send("draw") }, "Draw (r)"));
    const items = (r.sample || []).map((s) => h("li", { class: `dlw-rv${s.current ? " dlw-rv-current" : ""}` },
      h("span", { class: `dlw-j dlw-j-${s.judgement || "none"}` }, s.judgement || "—"), " ",
      h("code", {}, s.id), " ", h("span", { class: "dlw-rv-text" }, s.text),
      s.judgement ? h("button", { class: "dlw-unjudge", title: "Undo this judgement", onclick: () => send("unjudge", { ticket_id: s.id }) }, "undo") : null));
    const over = h("select", { class: "dlw-judge-process", "aria-label": "Failing process of this ticket", title: "If this ticket failed in another process than the theme's" },
      h("option", { value: "" }, "process: as the theme"), ...processes().map((p) => h("option", { value: p.id, selected: p.id === local.override }, p.name)));
    over.addEventListener("change", () => { local.override = over.value; });
    local.judge = (v) => { send("judge", { demand_type: v, failing_process: local.override || null }); local.override = ""; };
    const judge = r.current ? h("div", { class: "dlw-judge" },
      ...[["failure", "Failure (f)"], ["value", "Value (v)"], ["other", "Other (o)"]].map(([v, text]) =>
        h("button", { class: `dlw-judge-${v}`, onclick: () => local.judge(v) }, text)), over) : null;
    review.replaceChildren(...[head, h("div", { class: "dlw-rv-info" }, r.info || ""), judge,
      items.length ? h("ol", { class: "dlw-rv-list" }, items) : null, h("p", { class: "dlw-explain" }, r.explain || ""),
      h("p", { class: "dlw-other-note" }, r.other_means || "")].filter(Boolean));
    const cur = review.querySelector(".dlw-rv-current");
    if (cur) cur.scrollIntoView({ block: "nearest" });
  }

  // -- status, history, keys --------------------------------------------------------------
  function drawStatus() {
    const s = model.get("status") || {};
    status.replaceChildren(h("b", {}, s.progress || ""), s.saved ? h("span", { class: "dlw-saved" }, ` · ${s.saved}`) : "",
      h("div", { class: `dlw-msg dlw-msg-${s.level || "info"}` }, s.message || ""));
    const hist = model.get("history") || {};
    undoBtn.disabled = !(hist.undo || []).length;
    redoBtn.disabled = !(hist.redo || []).length;
    undoBtn.title = (hist.undo || []).length ? `Undo (u): ${hist.undo[hist.undo.length - 1]}` : "Nothing to undo";
    redoBtn.title = (hist.redo || []).length ? `Redo (U): ${hist.redo[hist.redo.length - 1]}` : "Nothing to redo";
    historyBox.querySelector("ol").replaceChildren(...(hist.undo || []).map((x) => h("li", {}, x)),
      ...(hist.redo || []).slice().reverse().map((x) => h("li", { class: "dlw-undone" }, `${x} (undone)`)));
    const b = model.get("busy");
    busy.hidden = !b;
    busy.textContent = b || "";
  }
  function toggleKeys(force) {
    const show = force === undefined ? keysOverlay.hidden : force;
    keysOverlay.hidden = !show;
    if (show) keysOverlay.replaceChildren(h("h3", {}, "Keys (press ? or Esc to close)"),
      h("table", {}, ((model.get("options") || {}).keys || []).map(([k, what]) => h("tr", {}, h("td", {}, h("kbd", {}, k)), h("td", {}, what)))));
  }

  // -- keyboard ---------------------------------------------------------------------------
  const judgeKey = (v) => (local.judge ? local.judge(v) : send("judge", { demand_type: v }));
  const focusTo = (ctl) => { ctl.focus(); if (ctl.select) ctl.select(); };
  const actions = {
    j: () => step(1), ArrowDown: () => step(1), k: () => step(-1), ArrowUp: () => step(-1),
    1: () => setField("demand_type", "failure"), 2: () => setField("demand_type", "value"), 3: () => setField("demand_type", "unclear"),
    e: () => focusTo(name), p: () => focusTo(proc), c: () => focusTo(cause), "/": () => focusTo(search),
    r: () => send("draw"), f: () => judgeKey("failure"), v: () => judgeKey("value"), o: () => judgeKey("other"), u: () => send("undo"), U: () => send("redo"),
    "]": () => { const th = model.get("theme") || {}; if (th.last < th.n_tickets) send("page", { page: th.page + 1 }); },
    "[": () => { const th = model.get("theme") || {}; if (th.page > 0) send("page", { page: th.page - 1 }); },
    "?": () => toggleKeys(),
  };
  function onKeydown(e) {
    e.stopPropagation();  // nothing typed in the workbench reaches JupyterLab
    const t = e.target;
    if (e.key === "Escape") {
      e.preventDefault();
      if (t === proc) { proc.value = ""; drawForm(); }
      toggleKeys(false);
      root.focus();
      return;
    }
    if (t === proc) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        procIdx = Math.max(-1, Math.min(procHits.length - 1, procIdx + (e.key === "ArrowDown" ? 1 : -1)));
        drawProcList();
      } else if (e.key === "Enter" || (e.key === "Tab" && proc.value.trim())) {
        e.preventDefault();
        pickProcess(procIdx === -1 ? "" : (procHits[procIdx] || {}).id || "");
      }
      return;
    }
    if (isTyping(t)) {
      if (e.key === "Enter" && (t === name || t === search || (e.ctrlKey && t.tagName === "TEXTAREA"))) {
        e.preventDefault();
        if (t === search) { clearTimeout(searchTimer); send("search", { q: search.value }); return; }
        t.blur();  // fires "change": the field is saved
        root.focus();
      }
      return;
    }
    if (e.ctrlKey || e.metaKey) {
      if (e.key === "z" || e.key === "Z") { e.preventDefault(); send(e.shiftKey ? "redo" : "undo"); }
      else if (e.key === "y") { e.preventDefault(); send("redo"); }
      else if (e.key === "s") e.preventDefault();
      return;
    }
    if (e.altKey) return;
    const act = actions[e.key];
    if (act) { e.preventDefault(); act(); }
  }
  root.addEventListener("keydown", onKeydown);
  root.addEventListener("keyup", (e) => e.stopPropagation());
  root.addEventListener("keypress", (e) => e.stopPropagation());
  root.addEventListener("mousedown", (e) => {
    if (!isTyping(e.target) && !e.target.closest("button, summary, a")) setTimeout(() => root.focus({ preventScroll: true }), 0);
  });

  // -- wiring -----------------------------------------------------------------------------
  const on = (names, fn) => names.forEach((n) => model.on(`change:${n}`, fn));
  on(["themes"], () => drawList());
  on(["selected"], () => drawList());
  on(["theme", "split_preview"], () => {
    const th = model.get("theme") || {};
    if (th.key !== local.shownKey) { local.picked.clear(); local.shownKey = th.key; local.mergeWith = ""; local.splitN = "2"; }
    middle.classList.remove("dlw-loading");
    drawMiddle(); drawForm(); drawReview();
  });
  on(["status", "history", "busy"], () => drawStatus());
  on(["search"], () => drawHits());
  on(["options"], () => { drawFilters(); drawForm(); });
  drawFilters(); drawList(); drawMiddle(); drawForm(); drawReview(); drawStatus(); drawHits();
  root.dataset.ready = "1";
  return () => root.remove();
}

export default { render };
