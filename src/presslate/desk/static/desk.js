// presslate review desk: the page (rows, filter bar, panel, keys). editor.js comes first.
"use strict";

// ---- the desk page ------------------------------------------------------------------
// Everything the page shows comes from GET /api/entries (the filter and the search are in the URL).

const desk = {
  data: null,
  current: null, // key ("article\nmsgid") of the entry in the panel
  order: [], // keys of the listed entries, in reading order
  pending: null, // the save waiting for a conflict to be resolved
  checking: 0, // the latest check request (older answers are dropped)
};
const STATE_TITLES = {
  reviewed: "reviewed", machine: "machine translation, not reviewed", changed: "fuzzy: the English changed",
  edited: "a person's translation, not yet marked reviewed",
  aligned: "from the aligned archive: a program paired it, not reviewed",
  refused: "refused: build would not use it and shows the English; fix it",
  untranslated: "untranslated: the English is used",
};
const FILTER_LABELS = { all: "all", machine: "machine", aligned: "aligned", fuzzy: "fuzzy", changed: "English changed", edited: "edited",
                        untranslated: "untranslated", refused: "refused", reviewed: "reviewed", unreviewed: "unreviewed" };

function params() { return new URLSearchParams(location.search); }
function entryOf(key) { return key ? desk.data.entries[key] : undefined; }
function currentEntry() { return entryOf(desk.current); }

function stateOf(entry) {
  if (!entry || !entry.msgstr) return "untranslated";
  // The server decides (presslate.review.progress): a translation build refuses is "refused", never "reviewed".
  return entry.state;
}

// The URL of this page with some filter values changed ("" drops one).
function pageUrl(changes) {
  const query = params();
  if (!("offset" in changes)) query.delete("offset"); // another filter or search starts at its first page
  for (const [key, value] of Object.entries(changes)) {
    if (value) query.set(key, value); else query.delete(key);
  }
  return `/edit?${query}`;
}

// Leave for another filter: save the entry being edited first.
async function go(url) {
  if (dirty() && !(await save(null))) return;
  location.assign(url);
}

// ---- the filter bar ---------------------------------------------------------------

function renderFilters() {
  const { counts, state } = desk.data;
  const states = $("#states");
  states.replaceChildren();
  for (const name of Object.keys(FILTER_LABELS)) {
    if (!(name in counts)) continue;
    const link = el("a", { class: `state-filter state-${name}` + (name === state ? " active" : ""), href: pageUrl({ state: name === "all" ? "" : name }),
                           "data-state": name, "aria-current": name === state ? "true" : "false" },
                    `${FILTER_LABELS[name]} `, el("b", { class: "count", text: String(counts[name]) }));
    link.addEventListener("click", (event) => { event.preventDefault(); go(link.href); });
    link.addEventListener("keydown", (event) => {
      const links = [...states.querySelectorAll("a")], i = links.indexOf(link);
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        links[(i + (event.key === "ArrowRight" ? 1 : links.length - 1)) % links.length].focus();
      }
    });
    states.append(link);
  }
  $("#search").value = desk.data.q;
  const scope = $("#scope");
  scope.replaceChildren();
  const here = $("#desk").dataset.article;
  const one = here || (desk.current && currentEntry() && currentEntry().article) || params().get("from") || "";
  if (one) {
    scope.append(el("a", { href: pageUrl({ article: one, from: "" }), class: here ? "active" : "", text: "this article" }));
  }
  scope.append(el("a", { href: pageUrl({ article: "", from: here || one }), class: here ? "" : "active", text: "all articles" }));
  for (const link of scope.querySelectorAll("a")) link.addEventListener("click", (event) => { event.preventDefault(); go(link.href); });
}

function updateCounts(before, after) {
  if (before === after) return;
  const counts = desk.data.counts;
  for (const [name, members] of Object.entries(desk.data.groups)) {
    if (members.includes(before)) counts[name] -= 1;
    if (members.includes(after)) counts[name] += 1;
  }
  for (const link of document.querySelectorAll("#states a")) link.querySelector(".count").textContent = String(counts[link.dataset.state]);
}

// ---- the rows: one per segment, source and translation side by side -----------------------

function blockTag(kind) {
  const heading = kind.match(/^heading (\d)/);
  if (heading) return [`h${Math.min(6, Number(heading[1]) + 1)}`, "heading"];
  if (kind.startsWith("list item")) return ["li", "list-item"];
  if (kind.startsWith("blockquote")) return ["blockquote", "quote"];
  if (kind.startsWith("front matter")) return ["p", "front-matter"];
  return ["p", kind === "paragraph" ? "paragraph" : "other"];
}

function segSpan(segment, side) {
  const span = el("span", { class: "seg", "data-msgid": segment.msgid });
  if (segment.key) span.dataset.key = segment.key;
  if (side === "src") fill(span, segment.msgid);
  else { span.tabIndex = 0; paintTarget(span, entryOf(segment.key), segment.msgid); }
  if (segment.key) {
    span.addEventListener("click", () => select(segment.key));
    span.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); select(segment.key); } });
  }
  return span;
}

// One side of a row: the block the segment is in, as what it is (heading, list item, quote, table row).
function cell(segments, side) {
  const first = segments[0];
  const box = el("div", { class: `cell ${side}` });
  if (first.kind.startsWith("table")) {
    const row = el("tr");
    for (const segment of segments) {
      const td = el(first.kind === "table header cell" || segment.kind === "table header cell" ? "th" : "td");
      td.append(segSpan(segment, side));
      row.append(td);
    }
    box.append(el("table", { class: "table-row" }, row));
    return box;
  }
  const [tag, cls] = blockTag(first.kind);
  const block = el(tag, { class: `block ${cls}` });
  if (cls === "front-matter" || cls === "other") block.append(el("span", { class: "kind", text: first.kind.replace(/^front matter: /, "") }));
  block.append(segSpan(first, side));
  box.append(tag === "li" ? el("ul", { class: "list" }, block) : block);
  return box;
}

// Segments grouped into rows: each one alone, but the cells of one table row together.
function rowGroups(segments) {
  const groups = [];
  for (const segment of segments) {
    const last = groups[groups.length - 1];
    const prev = last && last[last.length - 1];
    if (prev && segment.kind.startsWith("table ") && prev.kind.startsWith("table ") && !segment.kind.includes("caption") &&
        !prev.kind.includes("caption") && prev.line === segment.line && prev.article === segment.article) last.push(segment);
    else groups.push([segment]);
  }
  return groups;
}

function renderRows() {
  const { segments, articles, source_lang, lang } = desk.data;
  const rows = $("#rows");
  rows.replaceChildren(el("div", { class: "row head" }, el("div", { class: "cell src", text: `Source (${source_lang})` }),
                          el("div", { class: "cell tgt", text: `Translation (${lang}) as the PO file stands` })));
  const many = !$("#desk").dataset.article;
  const reference = Object.fromEntries(articles.map((a) => [a.article, a]));
  let article = null, previous = null;
  for (const group of rowGroups(segments)) {
    const first = group[0];
    if (many && first.article !== article) {
      const info = reference[first.article];
      rows.append(el("div", { class: "row article-head" },
                     el("a", { href: pageUrl({ article: first.article, from: "" }), text: info.reference }),
                     el("span", { class: "po", text: ` ${info.po}` })));
      article = first.article;
    }
    const together = previous && previous.article === first.article && previous.line === first.line && first.position && previous.position;
    const row = el("div", { class: "row" + (together ? " continued" : ""), "data-key": first.key || "" },
                   cell(group, "src"), cell(group, "tgt"));
    rows.append(row);
    previous = group[group.length - 1];
  }
  if (!segments.length) rows.append(el("p", { class: "empty", text: "No entry matches this filter and search." }));
  const { total, offset, limit } = desk.data;
  if (limit && total > limit) { // the all-articles view in pages: suggestions and checks are worked out per page
    const shown = Object.keys(desk.data.entries).length;
    const pager = el("p", { class: "pager", text: `entries ${offset + 1}–${offset + shown} of ${total} ` });
    if (offset > 0) pager.append(el("a", { href: pageUrl({ offset: String(Math.max(0, offset - limit)) }), rel: "prev", text: "← previous" }), " ");
    if (offset + shown < total) pager.append(el("a", { href: pageUrl({ offset: String(offset + limit) }), rel: "next", text: "next →" }));
    rows.append(pager);
  }
  desk.order = [...new Set(segments.filter((s) => s.key && desk.data.entries[s.key]).map((s) => s.key))];
  progress();
}

function paintTarget(span, entry, msgid) {
  const state = stateOf(entry);
  span.className = `seg state-${state}` + (desk.current && desk.current === span.dataset.key ? " current" : "");
  span.title = STATE_TITLES[state];
  fill(span, entry && entry.msgstr ? entry.msgstr : msgid);
}

function spansOf(key) {
  return [...document.querySelectorAll("#rows .seg")].filter((span) => span.dataset.key === key);
}

function repaint(key) {
  for (const span of spansOf(key)) if (span.closest(".tgt")) paintTarget(span, entryOf(key), span.dataset.msgid);
  progress();
}

function progress() {
  const entries = desk.order.map(entryOf);
  const done = entries.filter((e) => stateOf(e) === "reviewed").length;
  const filtered = desk.data.state !== "all" || desk.data.q;
  $("#progress").textContent = `${done} of ${entries.length} ${filtered ? "listed " : ""}entries reviewed`;
}

function message(text, kind = "") {
  const node = $("#message");
  node.textContent = text;
  node.className = kind;
}

// ---- one entry in the panel ---------------------------------------------------------------

function select(key, focus = true) {
  const entry = entryOf(key);
  if (!entry) return;
  if (desk.current && desk.current !== key && dirty()) {
    save(null).then((ok) => { if (ok) select(key, focus); });
    return;
  }
  desk.current = key;
  for (const span of document.querySelectorAll(".seg.current")) span.classList.remove("current");
  for (const span of spansOf(key)) span.classList.add("current");
  $("#panel").hidden = false;
  const po = (desk.data.articles.find((a) => a.article === entry.article) || {}).po;
  $("#entry-where").textContent = `${po}:${entry.line} · ${entry.comments.join(" · ")}`;
  badge(entry);
  fill($("#entry-source"), entry.msgid);
  const previous = $("#entry-previous");
  previous.hidden = !entry.diff;
  if (entry.diff) {
    previous.querySelector(".diff").replaceChildren(...entry.diff.map(([op, text]) => {
      const span = el(op === "=" ? "span" : op === "-" ? "del" : "ins");
      fill(span, text);
      return span;
    }));
  }
  fill($("#editor"), entry.msgstr, true);
  $("#comments").value = entry.translator_comments.join("\n");
  $("#conflict").hidden = true;
  showJudgement(entry);
  showSuggestions(entry);
  showTerms(entry);
  chipPalette();
  message("");
  if (focus) $("#editor").focus();
  const target = document.querySelector("#rows .tgt .seg.current");
  if (target) target.scrollIntoView({ block: "nearest" });
}

function badge(entry) {
  const node = $("#entry-state");
  node.textContent = stateOf(entry);
  node.className = `badge state-${stateOf(entry)}`;
  $("#fuzzy").textContent = "";
  $("#fuzzy").append(entry.fuzzy ? "Fuzzy: on " : "Fuzzy: off ", el("kbd", { text: "Alt+U" }));
  $("#fuzzy").title = entry.fuzzy ? "clear the fuzzy flag: mark reviewed" : "set the fuzzy flag again: needs work";
}

function commentLines() {
  const lines = $("#comments").value.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trimEnd());
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  return lines;
}

function dirty() {
  const entry = currentEntry();
  return Boolean(entry) && (serialize($("#editor")) !== entry.msgstr ||
                            commentLines().join("\n") !== entry.translator_comments.join("\n"));
}

function showJudgement(entry) {
  const box = $("#findings");
  box.replaceChildren();
  const findings = entry.findings.filter((f) => f.check !== "fuzzy");
  if (findings.length) {
    box.append(el("h3", { text: "presslate check" }));
    box.append(el("ul", { class: "findings" }, ...findings.map((f) => el("li", { class: `sev-${f.severity}`, text: `[${f.check}] ${f.message}` }))));
  }
  const refused = $("#refused");
  refused.hidden = !entry.refused.length;
  refused.textContent = entry.refused.length ? `Cannot be marked reviewed: build would refuse it — ${entry.refused.join("; ")}` : "";
}

// The same checks as `presslate check`, run by the server on the text being typed.
async function checkTyped() {
  const entry = currentEntry();
  if (!entry) return;
  const number = ++desk.checking;
  const { status, payload } = await api("/api/check", { article: entry.article, lang: desk.data.lang, msgid: entry.msgid,
                                                        msgstr: serialize($("#editor")) });
  if (status === 200 && number === desk.checking && desk.current === entry.key) showJudgement(payload);
}

function showSuggestions(entry) {
  const box = $("#suggestions");
  box.replaceChildren();
  if (!entry.suggestions.length) return;
  box.append(el("h3", { text: "Suggestions" }));
  entry.suggestions.forEach((s, i) => {
    const where = s.kind === "engine" ? "the engine's output for this English" : `English in the memory: ${s.source}` + (s.note ? ` (${s.note})` : "");
    const row = el("div", { class: `suggestion origin-${s.origin}`, title: where, "data-origin": s.origin },
                   el("kbd", { class: "number", text: i < 9 ? `Alt+${i + 1}` : "" }),
                   el("span", { class: "score", text: s.score === null ? "MT" : `${s.score}%` }),
                   el("span", { class: "origin", text: s.label }));
    const text = el("span", { class: "match-text" });
    fill(text, s.target);
    row.append(text, s.current ? el("span", { class: "hint", text: "(the text above)" })
      : el("button", { type: "button", text: "use", onclick: () => accept(i) }));
    box.append(row);
  });
}

function accept(index) {
  const entry = currentEntry();
  const suggestion = entry && entry.suggestions[index];
  if (!suggestion) { message(`No suggestion ${index + 1}`, "error"); return; }
  fill($("#editor"), suggestion.target, true);
  editorChanged();
  placeCaretAtEnd();
  message(`Suggestion ${index + 1} (${suggestion.label}) in the editor: Ctrl+Enter to review it`);
}

function showTerms(entry) {
  const terms = $("#terms");
  terms.replaceChildren();
  if (!entry.terms.length && !entry.names.length) return;
  terms.append(el("h3", { text: "Glossary" }));
  const list = el("ul", { class: "terms" });
  for (const t of entry.terms) {
    list.append(el("li", {}, el("b", { text: t.source }), ` → ${t.targets.join(" / ") || "(no translation given)"}`,
                   t.note ? el("span", { class: "note", text: ` — ${t.note}` }) : ""));
  }
  for (const name of entry.names) list.append(el("li", {}, el("b", { text: name }), " — do not translate"));
  terms.append(list);
}

function editorChanged() {
  chipPalette();
  clearTimeout(desk.checkTimer);
  desk.checkTimer = setTimeout(checkTyped, 250);
}

// ---- saving ------------------------------------------------------------------------

async function save(reviewed) {
  const entry = currentEntry();
  if (!entry) return false;
  const msgstr = serialize($("#editor"));
  const comments = commentLines();
  const request = { article: entry.article, lang: desk.data.lang, msgid: entry.msgid, msgstr, base: entry.version, reviewed, comments };
  const { status, payload } = await api("/api/save", request);
  if (status === 200) {
    const before = stateOf(entry);
    Object.assign(entry, payload);
    updateCounts(before, stateOf(entry));
    repaint(entry.key);
    if (desk.current === entry.key) {
      badge(entry);
      $("#conflict").hidden = true;
      showJudgement(entry);
      showSuggestions(entry);
      message(reviewed ? "Reviewed and saved" : reviewed === false ? "Set back to fuzzy and saved" : "Saved", "ok");
    }
    return true;
  }
  if (status === 409 && payload.error === "conflict") {
    desk.pending = { reviewed, disk: payload.disk, msgstr, comments };
    const box = $("#conflict");
    fill(box.querySelector(".disk"), payload.disk.msgstr || "(empty)");
    box.querySelector(".disk").dataset.fuzzy = payload.disk.fuzzy;
    fill(box.querySelector(".mine"), msgstr || "(empty)");
    box.hidden = false;
    message("Not saved: the file changed on disk", "error");
    return false;
  }
  if (status === 422) {
    const refused = $("#refused");
    refused.hidden = false;
    refused.textContent = `Cannot be marked reviewed: ${payload.message}`;
    message("Not marked reviewed", "error");
    return false;
  }
  message(payload.message || `Error ${status}`, "error");
  return false;
}

function takeDisk() {
  const entry = currentEntry();
  const disk = desk.pending.disk;
  const before = stateOf(entry);
  // the server says what the disk version is (refused, machine…): never guessed from the flag
  Object.assign(entry, { msgstr: disk.msgstr, fuzzy: disk.fuzzy, version: disk.version, state: disk.state,
                         translator_comments: disk.translator_comments });
  updateCounts(before, stateOf(entry));
  desk.pending = null;
  fill($("#editor"), entry.msgstr, true);
  $("#comments").value = entry.translator_comments.join("\n");
  repaint(entry.key);
  badge(entry);
  $("#conflict").hidden = true;
  editorChanged();
  message("Took the file's version", "ok");
}

function keepMine() {
  const entry = currentEntry();
  const pending = desk.pending;
  entry.version = pending.disk.version; // the user has seen the disk version and chose to replace it
  desk.pending = null;
  fill($("#editor"), pending.msgstr, true);
  $("#comments").value = pending.comments.join("\n");
  save(pending.reviewed);
}

async function startDesk() {
  const main = $("#desk");
  const query = new URLSearchParams({ lang: main.dataset.lang });
  for (const key of ["article", "state", "q", "offset", "limit"]) if (params().get(key)) query.set(key, params().get(key));
  const { status, payload } = await api(`/api/entries?${query}`);
  if (status !== 200) { main.replaceChildren(el("p", { class: "error", text: payload.message })); return; }
  desk.data = payload;
  renderRows();
  wireEditor($("#editor"));
  $("#search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); go(pageUrl({ q: $("#search").value.trim() })); }
  });
  $("#save").addEventListener("click", () => save(null));
  $("#review").addEventListener("click", () => save(true));
  $("#fuzzy").addEventListener("click", toggleFuzzy);
  $("#next").addEventListener("click", nextUnreviewed);
  $("#take-disk").addEventListener("click", takeDisk);
  $("#keep-mine").addEventListener("click", keepMine);
  $("#help-button").addEventListener("click", () => help(true));
  $("#help").addEventListener("click", (event) => { if (event.target.id === "help") help(false); });
  document.addEventListener("keydown", onKey);
  // The panel is never empty: the first entry of the list (the first unreviewed one if there is one) is open.
  const first = desk.order.find((key) => stateOf(entryOf(key)) !== "reviewed") || desk.order[0];
  if (first) select(first);
  renderFilters(); // after the first entry is open: "this article" is its article in the all-articles view
  main.dataset.ready = "true";
}

if ($("#desk")) startDesk();
