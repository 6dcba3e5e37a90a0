// presslate review desk: moving around and the keyboard shortcuts (the help overlay lists them).
// Loaded after editor.js and before desk.js.
"use strict";

// ---- moving around -------------------------------------------------------------------

function step(direction) {
  if (!desk.order.length) return;
  const i = desk.order.indexOf(desk.current);
  const next = i < 0 ? 0 : i + direction;
  if (next < 0 || next >= desk.order.length) { message(direction > 0 ? "This is the last entry" : "This is the first entry"); return; }
  select(desk.order[next]);
}

function nextUnreviewed() {
  const order = desk.order;
  const start = desk.current ? order.indexOf(desk.current) : -1;
  for (let i = 1; i <= order.length; i++) {
    const key = order[(start + i) % order.length];
    if (stateOf(entryOf(key)) !== "reviewed") { select(key); return; }
  }
  message("Everything listed is reviewed", "ok");
}

function toggleFuzzy() {
  const entry = currentEntry();
  if (entry) save(!entry.fuzzy ? false : true);
}

function help(show) {
  $("#help").hidden = !show;
  if (show) $("#help .help-box").focus();
  else if (desk.current) $("#editor").focus();
}

function inTextField(target) {
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function onKey(event) {
  const ctrl = event.ctrlKey || event.metaKey;
  const code = event.code;
  if (!$("#help").hidden) {
    if (event.key === "Escape" || event.key === "?" || event.key === "F1") { event.preventDefault(); help(false); }
    return;
  }
  if (event.key === "F1" || (event.key === "?" && !ctrl && !event.altKey && !inTextField(event.target))) { event.preventDefault(); help(true); return; }
  if (ctrl && code === "KeyK") { event.preventDefault(); $("#search").focus(); $("#search").select(); return; }
  if (event.key === "/" && !ctrl && !event.altKey && !inTextField(event.target)) { event.preventDefault(); $("#search").focus(); return; }
  if (event.altKey && !ctrl && code === "Digit0") { event.preventDefault(); ($("#states a.active") || $("#states a")).focus(); return; }
  if (event.key === "Escape" && (event.target.id === "search" || event.target.id === "comments")) {
    event.preventDefault();
    if (event.target.id === "search") $("#search").value = desk.data.q;
    if (desk.current) $("#editor").focus();
    return;
  }
  if (!desk.current) return;
  if (ctrl && event.key === "Enter") { event.preventDefault(); save(true).then((ok) => { if (ok) nextUnreviewed(); }); }
  else if (ctrl && !event.shiftKey && event.key === "ArrowDown") { event.preventDefault(); nextUnreviewed(); }
  else if (ctrl && code === "KeyS") { event.preventDefault(); save(null); }
  else if (ctrl && code === "KeyB") { event.preventDefault(); fill($("#editor"), currentEntry().msgid, true); editorChanged(); placeCaretAtEnd(); }
  else if (event.altKey && !ctrl && event.key === "ArrowDown") { event.preventDefault(); step(1); }
  else if (event.altKey && !ctrl && event.key === "ArrowUp") { event.preventDefault(); step(-1); }
  else if (event.altKey && !ctrl && code === "KeyU") { event.preventDefault(); toggleFuzzy(); }
  else if (event.altKey && !ctrl && code === "KeyC") {
    event.preventDefault();
    if (document.activeElement === $("#comments")) $("#editor").focus(); else $("#comments").focus();
  } else if (event.altKey && !ctrl && /^Digit[1-9]$/.test(code)) { event.preventDefault(); accept(Number(code.slice(5)) - 1); }
}
