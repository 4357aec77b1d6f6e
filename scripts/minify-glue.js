#!/usr/bin/env node
// Trunk post-build hook, release builds only: minifies wasm-bindgen's JS
// glue with terser (Trunk 0.21 minifies the HTML and CSS but leaves this
// file as it is; about 3 KB gzip of the bundle budget), and the console's
// own scripts (marked data-no-minify in index.html: Trunk's minifier breaks
// them), then puts each new file's hash in index.html's `integrity`
// attribute in place of the old one.
// Property names are kept: the wasm imports its functions by name.
// Runs in $TRUNK_STAGING_DIR, after scripts/trunk-boot-script.py.
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("minify-glue: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== "release") process.exit(0);
// terser is installed by scripts/setup.sh into the tools folder of scripts/env.sh.
const tools = path.join(process.env.BC_CACHE || path.join(require("os").homedir(), ".cache/backup-console"), "tools");
const { minify } = require(path.join(tools, "node_modules", "terser"));
const sri = (data) => "sha384-" + crypto.createHash("sha384").update(data).digest("base64");

(async () => {
  const index = path.join(staging, "index.html");
  let html = fs.readFileSync(index, "utf8");
  for (const name of fs.readdirSync(staging).filter((n) => n.endsWith(".js") && !n.startsWith("boot-"))) {
    const file = path.join(staging, name);
    const code = fs.readFileSync(file, "utf8");
    // The glue is an ES module; the console's own scripts are classic ones.
    const module = /^backup-console-/.test(name);
    const out = await minify(code, { module, compress: true, mangle: true, format: { comments: false } });
    const before = sri(code);
    if (!html.includes(before)) throw new Error(`minify-glue: index.html does not name ${name} by its hash`);
    fs.writeFileSync(file, out.code);
    html = html.split(before).join(sri(out.code));
  }
  fs.writeFileSync(index, html);
})().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
