// Prints what each part of the console costs in the wasm: the code size of
// every function of the release build before wasm-opt (wasm-bindgen's output
// with --keep-debug, whose name section says whose each function is, in
// demangled names), summed per module group, with each group's share applied
// to the shipped wasm's gzip size.
//   node bench/wasm-groups.js <wasm-bindgen --keep-debug .wasm> <shipped gzip bytes>
// The shares are estimates: wasm-opt shrinks every group by about the same
// ratio, and Leptos's generic render code compiled for a screen's views is
// counted under "leptos", not under the screen.
"use strict";
const fs = require("fs");

function leb(buf, pos) {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

function skipLimits(buf, pos) {
  const [flags, p] = leb(buf, pos);
  pos = leb(buf, p)[1];
  return flags & 1 ? leb(buf, pos)[1] : pos;
}

// Code size per function index, and function names from the name section.
function functions(buf) {
  let pos = 8, imported = 0;
  const sizes = [], names = new Map();
  while (pos < buf.length) {
    const id = buf[pos++];
    let size;
    [size, pos] = leb(buf, pos);
    const end = pos + size;
    if (id === 2) {
      let [count, p] = leb(buf, pos);
      for (let i = 0; i < count; i++) {
        for (let s = 0; s < 2; s++) { let len; [len, p] = leb(buf, p); p += len; }
        const kind = buf[p++];
        if (kind === 0) { p = leb(buf, p)[1]; imported++; }
        else if (kind === 1) { p = skipLimits(buf, p + 1); }
        else if (kind === 2) { p = skipLimits(buf, p); }
        else if (kind === 3) { p += 2; }
        else if (kind === 4) { p = leb(buf, p + 1)[1]; }
      }
    } else if (id === 10) {
      let [count, p] = leb(buf, pos);
      for (let i = 0; i < count; i++) { let len; [len, p] = leb(buf, p); sizes.push(len); p += len; }
    } else if (id === 0) {
      let [len, p] = leb(buf, pos);
      const name = buf.toString("utf8", p, p + len);
      p += len;
      while (name === "name" && p < end) {
        const sub = buf[p++];
        let subSize;
        [subSize, p] = leb(buf, p);
        if (sub === 1) {
          let [count, q] = leb(buf, p);
          for (let i = 0; i < count; i++) {
            let index, nlen;
            [index, q] = leb(buf, q);
            [nlen, q] = leb(buf, q);
            names.set(index, buf.toString("utf8", q, q + nlen));
            q += nlen;
          }
        }
        p += subSize;
      }
    }
    pos = end;
  }
  return sizes.map((size, i) => ({ size, name: names.get(i + imported) || "" }));
}

// The console's own code by feature (layer::module, and the widget or page
// for ui), libraries by family.
function group(name) {
  const own = name.match(/^<?backup_console::([a-z0-9_]+)::([a-z0-9_]+)(?:::([a-z0-9_]+))?/);
  if (own) {
    const [, layer, module, sub] = own;
    const feature = (layer === "ui" && (module === "pages" || module === "widgets")) && sub ? `${module}::${sub}` : module;
    // The closures of `text(…)` and `markup(…)` are compiled inside them.
    if (layer === "ui" && module === "dynamic") return "console ui: every screen's reactive text and markup";
    return `console ${layer}::${feature}`;
  }
  const families = [
    ["leptos (views, signals)", /reactive_graph|tachys|leptos|any_spawner|or_poisoned|throw_error/],
    ["serde_json", /serde/],
    ["wasm-bindgen, js-sys, web-sys, gloo", /wasm_bindgen|js_sys|web_sys|gloo/],
    ["Rust std (core, alloc, fmt, collections)", /^<?(core|alloc|std|hashbrown|dlmalloc|compiler_builtins)|<(core|alloc|std)::/],
  ];
  for (const [label, re] of families) if (re.test(name)) return label;
  return "other";
}

const [wasmPath, shippedGzip] = [process.argv[2], Number(process.argv[3])];
const fns = functions(fs.readFileSync(wasmPath));
const total = fns.reduce((s, f) => s + f.size, 0);
const groups = new Map();
for (const f of fns) {
  const g = group(f.name);
  groups.set(g, (groups.get(g) || 0) + f.size);
}
const rows = [...groups].sort((a, b) => b[1] - a[1]);
console.log(`\nwasm by module group (code before wasm-opt; gzip share of the shipped ${shippedGzip} bytes)`);
console.log(`${"group".padEnd(44)} ${"code".padStart(10)} ${"share".padStart(7)} ${"≈ gzip".padStart(10)}`);
for (const [label, size] of rows) {
  const share = size / total;
  console.log(`${label.padEnd(44)} ${String(size).padStart(10)} ${(share * 100).toFixed(1).padStart(6)}% ${String(Math.round(share * shippedGzip)).padStart(10)}`);
}
