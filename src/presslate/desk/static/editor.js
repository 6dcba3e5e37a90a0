// presslate review desk, the editor: text with placeholder chips, the API call. Plain JavaScript, no build step,
// no libraries; desk.js (loaded after this file) is the page.
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

function chipPalette() {
  const entry = currentEntry();
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

function placeCaretAtEnd() {
  const editor = $("#editor");
  editor.focus();
  const range = document.createRange();
  range.selectNodeContents(editor);
  range.collapse(false);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
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
  editorChanged();
}

// Keep chips whole: typed or pasted "<1>" becomes a chip, a dropped chip stays a chip.
function normalizeEditor() {
  const editor = $("#editor");
  const text = serialize(editor);
  const clean = [...editor.childNodes].every((n) => n.nodeType === Node.TEXT_NODE || (n.dataset && n.dataset.tag));
  const tagsInText = [...editor.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /<\/?\d+\/?>/.test(n.nodeValue));
  if (!clean || tagsInText) {
    fill(editor, text, true);
    placeCaretAtEnd();
  }
  editorChanged();
}


// The editor's own behaviour: chips stay whole when typed, pasted, dragged, copied or cut.
function wireEditor(editor) {
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
}
