// presslate review desk: plain JavaScript, no build step, no libraries.
"use strict";

const TOKEN = document.querySelector('meta[name="presslate-token"]').content;
const TAG_RE = /<\/?\d+\/?>/g;
const $ = (selector) => document.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function tagLabel(tag) {
  const number = tag.match(/\d+/)[0];
  if (tag.endsWith("/>")) return `⟨${number}⟩`;
  return tag.startsWith("</") ? `${number}⟩` : `⟨${number}`;
}

function chip(tag, editable) {
  const attrs = { class: "chip", "data-tag": tag, title: tag, text: tagLabel(tag) };
  if (editable) { attrs.contenteditable = "false"; attrs.draggable = "true"; }
  return el("span", attrs);
}

// Light display of Markdown emphasis inside one run of text (never across tags).
function emphasis(text, parent) {
  const re = /(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(\*|_)(?=\S)(.+?)(?<=\S)\3/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    parent.append(text.slice(last, m.index));
    parent.append(el(m[1] ? "strong" : "em", { text: m[2] || m[4] }));
    last = m.index + m[0].length;
  }
  parent.append(text.slice(last));
}

// Text with placeholders as chips; for the editor (editable chips, no emphasis) or for display.
function fill(parent, text, editable = false) {
  parent.replaceChildren();
  let last = 0;
  for (const m of text.matchAll(TAG_RE)) {
    const run = text.slice(last, m.index);
    editable ? parent.append(run) : emphasis(run, parent);
    parent.append(chip(m[0], editable));
    last = m.index + m[0].length;
  }
  editable ? parent.append(text.slice(last)) : emphasis(text.slice(last), parent);
}

// The editor's content back as PO text: chips give their tags, line breaks give "\n".
function serialize(node) {
  let out = "";
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) out += child.nodeValue;
    else if (child.nodeType !== Node.ELEMENT_NODE && child.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) continue;
    else if (child.dataset && child.dataset.tag) out += child.dataset.tag;
    else if (child.nodeName === "BR") out += "\n";
    else if (child.nodeName === "DIV" || child.nodeName === "P") out += (out && !out.endsWith("\n") ? "\n" : "") + serialize(child);
    else out += serialize(child);
  }
  return out;
}

async function api(path, body) {
  const options = { headers: { "X-Presslate-Token": TOKEN }, credentials: "same-origin" };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let payload;
  try { payload = await response.json(); } catch { payload = { message: `${response.status} ${response.statusText}` }; }
  return { status: response.status, payload };
}

// ---- the desk page ------------------------------------------------------------------

const desk = {
  data: null,
  current: null, // msgid of the entry in the panel
  order: [], // msgids in document order, once each
  pending: null, // the save waiting for a conflict to be resolved
};

function stateOf(entry) {
  if (!entry) return "untranslated";
  if (!entry.msgstr) return "untranslated";
  // The server decides (presslate.review.progress): a translation build refuses is "refused", never "reviewed".
  return entry.state || (entry.fuzzy ? "machine" : "reviewed");
}

function blockFor(segment, previous) {
  const sameBlock = previous && previous.kind === segment.kind && previous.line === segment.line &&
    segment.position && previous.position && segment.position[0] === previous.position[0] + 1;
  if (sameBlock) return null;
  const kind = segment.kind;
  let tag = "p", cls = "block";
  const heading = kind.match(/^heading (\d)/);
  if (heading) { tag = `h${Math.min(6, Number(heading[1]) + 1)}`; cls += " heading"; }
  else if (kind.startsWith("front matter")) cls += " front-matter";
  else if (kind.startsWith("list item")) cls += " list-item";
  else if (kind.startsWith("table")) cls += " table-cell";
  else if (kind.startsWith("blockquote")) cls += " quote";
  else if (kind !== "paragraph") cls += " other";
  const block = el(tag, { class: cls });
  if (!kind.startsWith("paragraph") && !heading && !kind.startsWith("list item")) block.append(el("span", { class: "kind", text: kind }));
  return block;
}

function renderColumns() {
  const { segments, entries } = desk.data;
  const source = $("#source"), target = $("#target");
  source.replaceChildren(el("h2", { class: "column-title", text: `Source (${desk.data.source_lang})` }));
  target.replaceChildren(el("h2", { class: "column-title", text: `Translation (${desk.data.lang}) as the PO file stands` }));
  let previous = null, sourceBlock = null, targetBlock = null;
  segments.forEach((segment) => {
    const block = blockFor(segment, previous);
    if (block) {
      sourceBlock = block; targetBlock = block.cloneNode(true);
      source.append(sourceBlock); target.append(targetBlock);
    } else { sourceBlock.append(" "); targetBlock.append(" "); }
    previous = segment;
    const entry = entries[segment.msgid];
    const left = el("span", { class: "seg", "data-msgid": segment.msgid });
    fill(left, segment.msgid);
    const right = el("span", { class: "seg", "data-msgid": segment.msgid, tabindex: "0" });
    paintTarget(right, entry, segment.msgid);
    for (const span of [left, right]) span.addEventListener("click", () => select(segment.msgid));
    right.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); select(segment.msgid); } });
    sourceBlock.append(left); targetBlock.append(right);
  });
  desk.order = [...new Set(segments.filter((s) => entries[s.msgid]).map((s) => s.msgid))];
  progress();
}

function paintTarget(span, entry, msgid) {
  const state = stateOf(entry);
  span.className = `seg state-${state}` + (desk.current === msgid ? " current" : "");
  span.title = { reviewed: "reviewed", machine: "machine translation, not reviewed", changed: "fuzzy: the English changed",
                 edited: "a person's translation, not yet marked reviewed",
                 refused: "refused: build would not use it and shows the English; fix it",
                 untranslated: "untranslated: the English is used" }[state];
  fill(span, entry && entry.msgstr ? entry.msgstr : msgid);
}

function repaint(msgid) {
  for (const span of document.querySelectorAll("#target .seg")) {
    if (span.dataset.msgid === msgid) paintTarget(span, desk.data.entries[msgid], msgid);
  }
  progress();
}

function progress() {
  const entries = desk.order.map((m) => desk.data.entries[m]);
  const done = entries.filter((e) => stateOf(e) === "reviewed").length;
  $("#progress").textContent = `${done} of ${entries.length} entries reviewed`;
}

function message(text, kind = "") {
  const node = $("#message");
  node.textContent = text;
  node.className = kind;
}

function select(msgid) {
  const entry = desk.data.entries[msgid];
  if (!entry) return;
  if (desk.current && desk.current !== msgid && dirty()) {
    save(null).then((ok) => { if (ok) select(msgid); });
    return;
  }
  desk.current = msgid;
  for (const span of document.querySelectorAll(".seg.current")) span.classList.remove("current");
  for (const span of document.querySelectorAll(`.seg`)) if (span.dataset.msgid === msgid) span.classList.add("current");
  const panel = $("#panel");
  panel.hidden = false;
  $("#entry-where").textContent = `${desk.data.po}:${entry.line} · ${entry.comments.join(" · ")}`;
  const badge = $("#entry-state");
  badge.textContent = stateOf(entry);
  badge.className = `badge state-${stateOf(entry)}`;
  fill($("#entry-source"), msgid);
  const previous = $("#entry-previous");
  previous.hidden = !entry.diff;
  if (entry.diff) {
    const box = previous.querySelector(".diff");
    box.replaceChildren(...entry.diff.map(([op, text]) => {
      const span = el(op === "=" ? "span" : op === "-" ? "del" : "ins");
      fill(span, text);
      return span;
    }));
  }
  fill($("#editor"), entry.msgstr, true);
  $("#conflict").hidden = true;
  $("#refused").hidden = true;
  showJudgement(entry);
  showHelp(entry);
  chipPalette();
  message("");
  $("#editor").focus();
  const target = document.querySelector(`#target .seg.current`);
  if (target) target.scrollIntoView({ block: "nearest" });
}

function dirty() {
  const entry = desk.data.entries[desk.current];
  return entry && serialize($("#editor")) !== entry.msgstr;
}

function showJudgement(entry) {
  const box = $("#findings");
  box.replaceChildren();
  if (entry.findings.some((f) => f.check !== "fuzzy")) {
    box.append(el("h3", { text: "presslate check" }));
    const list = el("ul", { class: "findings" });
    for (const f of entry.findings.filter((f) => f.check !== "fuzzy")) list.append(el("li", { class: `sev-${f.severity}`, text: `[${f.check}] ${f.message}` }));
    box.append(list);
  }
  const refused = $("#refused");
  refused.hidden = !entry.refused.length;
  refused.textContent = entry.refused.length ? `Cannot be marked reviewed: build would refuse it — ${entry.refused.join("; ")}` : "";
  $("#review").disabled = false;
}

function showHelp(entry) {
  const matches = $("#matches");
  matches.replaceChildren();
  if (entry.matches.length) {
    matches.append(el("h3", { text: "Translation memory" }));
    for (const m of entry.matches) {
      const row = el("div", { class: "match", title: `English in the memory: ${m.source}` },
                     el("span", { class: "score", text: `${m.score}%` }));
      const text = el("span", { class: "match-text" });
      fill(text, m.target);
      row.append(text, m.current ? el("span", { class: "hint", text: "(the text above)" })
        : el("button", { type: "button", text: "use", onclick: () => { fill($("#editor"), m.target, true); chipPalette(); } }));
      matches.append(row);
    }
  }
  const terms = $("#terms");
  terms.replaceChildren();
  if (entry.terms.length || entry.names.length) {
    terms.append(el("h3", { text: "Glossary" }));
    const list = el("ul", { class: "terms" });
    for (const t of entry.terms) {
      list.append(el("li", {}, el("b", { text: t.source }), ` → ${t.targets.join(" / ") || "(no translation given)"}`,
                     t.note ? el("span", { class: "note", text: ` — ${t.note}` }) : ""));
    }
    for (const name of entry.names) list.append(el("li", {}, el("b", { text: name }), " — do not translate"));
    terms.append(list);
  }
}

function chipPalette() {
  const entry = desk.data.entries[desk.current];
  const box = $("#chips");
  box.replaceChildren();
  const tags = entry.msgid.match(TAG_RE) || [];
  if (!tags.length) return;
  const present = serialize($("#editor")).match(TAG_RE) || [];
  for (const tag of tags) {
    const missing = !present.includes(tag);
    box.append(el("button", { type: "button", class: "chip-button" + (missing ? " missing" : ""), "data-tag": tag,
      title: missing ? `${tag} is missing: click to insert it at the cursor` : `insert ${tag} at the cursor`,
      onmousedown: (event) => event.preventDefault(), // keep the caret in the editor
      onclick: () => insertTag(tag) }, chip(tag, false)));
  }
}

function insertTag(tag) {
  const editor = $("#editor");
  const selection = window.getSelection();
  let range = selection.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
  if (!range || !editor.contains(range.startContainer)) range = desk.range; // where the caret last was in the editor
  if (!range || !editor.contains(range.startContainer)) {
    range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
  }
  editor.focus();
  const node = chip(tag, true);
  range.insertNode(node);
  range.setStartAfter(node);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
  chipPalette();
}

// Keep chips whole: typed or pasted "<1>" becomes a chip, a dropped chip stays a chip.
function normalizeEditor() {
  const editor = $("#editor");
  const text = serialize(editor);
  const clean = [...editor.childNodes].every((n) => n.nodeType === Node.TEXT_NODE || (n.dataset && n.dataset.tag));
  const tagsInText = [...editor.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /<\/?\d+\/?>/.test(n.nodeValue));
  if (!clean || tagsInText) {
    fill(editor, text, true);
    const range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  chipPalette();
}

async function save(reviewed) {
  const entry = desk.data.entries[desk.current];
  const msgstr = serialize($("#editor"));
  const request = { article: desk.data.article, lang: desk.data.lang, msgid: entry.msgid, msgstr, base: entry.version, reviewed };
  const { status, payload } = await api("/api/save", request);
  if (status === 200) {
    Object.assign(entry, payload);
    repaint(entry.msgid);
    $("#entry-state").textContent = stateOf(entry);
    $("#entry-state").className = `badge state-${stateOf(entry)}`;
    $("#conflict").hidden = true;
    showJudgement(entry);
    message(reviewed ? "Reviewed and saved" : "Saved", "ok");
    return true;
  }
  if (status === 409 && payload.error === "conflict") {
    desk.pending = { reviewed, disk: payload.disk, msgstr };
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
  const entry = desk.data.entries[desk.current];
  const disk = desk.pending.disk;
  Object.assign(entry, { msgstr: disk.msgstr, fuzzy: disk.fuzzy, version: disk.version, state: disk.state || (disk.fuzzy ? entry.state : "reviewed") });
  desk.pending = null;
  fill($("#editor"), entry.msgstr, true);
  repaint(entry.msgid);
  $("#conflict").hidden = true;
  chipPalette();
  message("Took the file's version (reload the page for its checks)", "ok");
}

function keepMine() {
  const entry = desk.data.entries[desk.current];
  const pending = desk.pending;
  entry.version = pending.disk.version; // the user has seen the disk version and chose to replace it
  desk.pending = null;
  fill($("#editor"), pending.msgstr, true);
  save(pending.reviewed);
}

function nextUnreviewed() {
  const order = desk.order;
  const start = desk.current ? order.indexOf(desk.current) : -1;
  for (let step = 1; step <= order.length; step++) {
    const msgid = order[(start + step) % order.length];
    if (stateOf(desk.data.entries[msgid]) !== "reviewed") { select(msgid); return; }
  }
  message("Everything is reviewed", "ok");
}

async function startDesk() {
  const main = $("#desk");
  const query = new URLSearchParams({ article: main.dataset.article, lang: main.dataset.lang });
  const { status, payload } = await api(`/api/article?${query}`);
  if (status !== 200) { main.replaceChildren(el("p", { class: "error", text: payload.message })); return; }
  desk.data = payload;
  renderColumns();
  const editor = $("#editor");
  editor.addEventListener("input", normalizeEditor);
  document.addEventListener("selectionchange", () => {
    const selection = window.getSelection();
    if (selection.rangeCount && editor.contains(selection.getRangeAt(0).startContainer)) desk.range = selection.getRangeAt(0).cloneRange();
  });
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      document.execCommand("insertText", false, "\n");
    }
  });
  editor.addEventListener("paste", (event) => {
    event.preventDefault();
    document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
  });
  // Moving a chip by drag and drop: the chip itself moves to where it is dropped.
  editor.addEventListener("dragstart", (event) => {
    const dragged = event.target.closest && event.target.closest(".chip");
    if (!dragged || !editor.contains(dragged)) return;
    desk.dragging = dragged;
    event.dataTransfer.clearData(); // no styled HTML copy of the chip: only its tag travels
    event.dataTransfer.setData("text/plain", dragged.dataset.tag);
    event.dataTransfer.effectAllowed = "move";
  });
  editor.addEventListener("dragover", (event) => { if (desk.dragging) event.preventDefault(); });
  editor.addEventListener("drop", (event) => {
    const dragged = desk.dragging;
    desk.dragging = null;
    if (!dragged) return;
    event.preventDefault();
    const range = document.caretRangeFromPoint(event.clientX, event.clientY);
    if (!range || !editor.contains(range.startContainer) || dragged.contains(range.startContainer)) return;
    range.insertNode(dragged); // insertNode moves the node from its old place
    normalizeEditor();
  });
  editor.addEventListener("dragend", () => { desk.dragging = null; });
  for (const kind of ["copy", "cut"]) {
    editor.addEventListener(kind, (event) => {
      const selection = window.getSelection();
      if (!selection.rangeCount) return;
      event.preventDefault();
      event.clipboardData.setData("text/plain", serialize(selection.getRangeAt(0).cloneContents()));
      if (kind === "cut") document.execCommand("delete");
    });
  }
  $("#save").addEventListener("click", () => save(null));
  $("#review").addEventListener("click", () => save(true));
  $("#next").addEventListener("click", nextUnreviewed);
  $("#take-disk").addEventListener("click", takeDisk);
  $("#keep-mine").addEventListener("click", keepMine);
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    if (event.key === "Enter") { event.preventDefault(); if (desk.current) save(true).then((ok) => { if (ok) nextUnreviewed(); }); }
    else if (event.key === "ArrowDown") { event.preventDefault(); nextUnreviewed(); }
    else if (event.key === "s") { event.preventDefault(); if (desk.current) save(null); }
  });
  main.dataset.ready = "true";
}

if ($("#desk")) startDesk();
