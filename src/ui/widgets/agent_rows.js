// The agents table's text and attribute writes, applied in one call from
// agent_rows.rs (index.html loads this file before the console starts, as
// `backupConsole.applyRowWrites`): one string for a whole render, instead of one call out of
// wasm (with its string copied and decoded) per write. A CPU profile of a
// sort at 10,000 agents put those per-write costs at about half of the
// render's script time.
//
// `writes` is a run of records `row,target,attribute,length:value`:
//  - row: the row's index among the <tbody>'s children;
//  - target: one node of the row (see `node`, kept in step with
//    agent_rows.rs's `Target`);
//  - attribute: the attribute to set, or empty for a text node's data;
//  - length: the value's length in UTF-16 code units, so a value may hold
//    any character, separators included.
// Values only ever become text or attribute values, never markup.

(() => {
"use strict";

function node(tr, target) {
  const cells = tr.cells;
  if (target >= 16) return cells[target - 13].firstChild; // a plain cell's text
  if (target >= 8) return cells[target - 5]; // a plain cell
  const link = cells[0].firstChild;
  const badge = cells[2].firstChild;
  switch (target) {
    case 0: return tr;
    case 1: return link;
    case 2: return link.firstChild; // the name
    case 3: return cells[1].firstChild; // the agent ID
    case 4: return cells[2];
    case 5: return badge;
    case 6: return badge.firstChild.firstChild; // the icon
    default: return badge.lastChild; // the status word
  }
}

function applyRowWrites(body, writes) {
  const rows = body.children;
  for (let at = 0; at < writes.length; ) {
    const a = writes.indexOf(",", at);
    const b = writes.indexOf(",", a + 1);
    const c = writes.indexOf(",", b + 1);
    const d = writes.indexOf(":", c + 1);
    const end = d + 1 + Number(writes.slice(c + 1, d));
    const value = writes.slice(d + 1, end);
    const target = node(rows[Number(writes.slice(at, a))], Number(writes.slice(a + 1, b)));
    const attribute = writes.slice(b + 1, c);
    if (attribute) target.setAttribute(attribute, value);
    else target.nodeValue = value;
    at = end;
  }
}

globalThis.backupConsole = { applyRowWrites };
})();
