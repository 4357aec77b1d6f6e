// Plain-DOM baseline for bench/table.sh (see index.html).
"use strict";
const WINDOW = 100;
let agents = [];
let query = "";
let sortKey = "name";
let descending = false;

function afterPaint(start, end, name) {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    performance.mark(end);
    performance.measure(name, start, end);
  }));
}

function view() {
  const needle = query.trim().toLowerCase();
  const rows = needle ? agents.filter(a => a.search.includes(needle)) : agents.slice();
  const dir = descending ? -1 : 1;
  rows.sort((a, b) => {
    const x = sortKey === "id" ? a.id - b.id : (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0);
    return x !== 0 ? x * dir : a.id - b.id;
  });
  return rows;
}

function render() {
  const body = document.getElementById("rows");
  const rows = view().slice(0, WINDOW);
  const fragment = document.createDocumentFragment();
  for (const a of rows) {
    const tr = document.createElement("tr");
    tr.setAttribute("data-agent-id", String(a.id));
    for (const text of [a.name, String(a.id), "Unknown", "…", a.datacenter, a.os, a.version, a.vault, a.encrypted ? "Yes" : "No", a.disabled ? "Yes" : "No", a.ip]) {
      const td = document.createElement("td");
      td.textContent = text;
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
  render();
  afterPaint("data-arrived", "rows-painted", "first-rows");
}

document.getElementById("search").addEventListener("input", e => {
  performance.mark("search-input");
  query = e.target.value;
  render();
  afterPaint("search-input", "filter-painted", "filter");
});
for (const [id, key] of [["sort-name", "name"], ["sort-id", "id"]]) {
  document.getElementById(id).addEventListener("click", () => {
    performance.mark("sort-click");
    descending = sortKey === key ? !descending : false;
    sortKey = key;
    render();
    afterPaint("sort-click", "sort-painted", "sort");
  });
}
load();
