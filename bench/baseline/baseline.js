// Plain-DOM baseline for bench/table.sh (see index.html).
"use strict";
const WINDOW = 100;
let agents = [];
let query = "";
let sortKey = "name";
let descending = false;

// The same technique as the console: the rAF callback runs just before the
// paint, a zero timeout set there runs right after it.
function afterPaint(start, end, name) {
  requestAnimationFrame(() => setTimeout(() => {
    performance.mark(end);
    performance.measure(name, start, end);
  }, 0));
}

// The same algorithm as the console: sort once per data or sort change,
// then each keystroke is one filtering pass over the sorted order.
let sorted = [];
function resort() {
  const dir = descending ? -1 : 1;
  sorted = agents.slice().sort((a, b) => {
    const x = sortKey === "id" ? a.id - b.id : (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0);
    return x !== 0 ? x * dir : a.id - b.id;
  });
}

function view() {
  const needle = query.trim().toLowerCase();
  return needle ? sorted.filter(a => a.search.includes(needle)) : sorted;
}

function render() {
  const body = document.getElementById("rows");
  const rows = view().slice(0, WINDOW);
  const fragment = document.createDocumentFragment();
  for (const a of rows) {
    const tr = document.createElement("tr");
    tr.setAttribute("data-agent-id", String(a.id));
    // The same cells as the console: a link, a status badge with an icon.
    const name = document.createElement("td");
    const link = document.createElement("a");
    link.href = "/agents/" + a.id;
    link.textContent = a.name;
    name.appendChild(link);
    tr.appendChild(name);
    const cells = [String(a.id), null, "…", a.datacenter, a.os, a.version, a.vault, a.encrypted ? "Yes" : "No", a.disabled ? "Yes" : "No", a.ip];
    for (const text of cells) {
      const td = document.createElement("td");
      if (text === null) {
        td.setAttribute("data-status", "unknown");
        const badge = document.createElement("span");
        badge.className = "badge status-unknown";
        badge.title = "Not checked yet";
        const icon = document.createElement("span");
        icon.setAttribute("aria-hidden", "true");
        icon.textContent = "?";
        badge.append(icon, " Unknown");
        td.appendChild(badge);
      } else {
        td.textContent = text;
      }
      tr.appendChild(td);
    }
    fragment.appendChild(tr);
  }
  body.replaceChildren(fragment);
}

async function load() {
  const r = await fetch("/dfw/v1.0/123456/user/agents", { headers: { "X-Auth-Token": "demo-token", Accept: "application/json" } });
  const list = await r.json();
  agents = list.map(a => {
    const os = [a.OperatingSystem, a.OperatingSystemVersion].filter(Boolean).join(" ");
    return {
      id: a.MachineAgentId, name: a.MachineName, nameKey: String(a.MachineName).toLowerCase(), datacenter: a.Datacenter,
      os, version: a.AgentVersion, vault: a.BackupVaultSize || "—", encrypted: !!a.IsEncrypted,
      disabled: !!a.IsDisabled, ip: a.IPAddress,
      search: `${a.MachineName} ${a.MachineAgentId} ${a.IPAddress} ${os} ${a.AgentVersion} ${a.Datacenter}`.toLowerCase(),
    };
  });
  performance.mark("data-arrived");
  resort();
  render();
  afterPaint("data-arrived", "rows-painted", "first-rows");
}

// Script time: the synchronous update, measured when it returns.
function updated(start, end, name) {
  performance.mark(end);
  performance.measure(name, start, end);
}

document.getElementById("search").addEventListener("input", e => {
  performance.mark("search-input");
  query = e.target.value;
  render();
  updated("search-input", "filter-updated", "filter-update");
  afterPaint("search-input", "filter-painted", "filter");
});
for (const [id, key] of [["sort-name", "name"], ["sort-id", "id"]]) {
  document.getElementById(id).addEventListener("click", () => {
    performance.mark("sort-click");
    descending = sortKey === key ? !descending : false;
    sortKey = key;
    resort();
    render();
    updated("sort-click", "sort-updated", "sort-update");
    afterPaint("sort-click", "sort-painted", "sort");
  });
}
load();
