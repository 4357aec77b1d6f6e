#!/usr/bin/env node
// Trunk post-build hook: writes `name.gz` (gzip -9) and `name.br` (brotli
// q11) beside every file of the build that a browser fetches, so a server
// sends them as they are (nginx `gzip_static` / `brotli_static`, backup-sim's
// file server) and no request pays for compression. Runs in
// $TRUNK_STAGING_DIR, after scripts/trunk-boot-script.py.
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("precompress: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
for (const name of fs.readdirSync(staging)) {
  if (!/\.(html|js|wasm|css|json|svg)$/.test(name)) continue;
  const file = path.join(staging, name);
  const data = fs.readFileSync(file);
  fs.writeFileSync(file + ".gz", zlib.gzipSync(data, { level: 9 }));
  fs.writeFileSync(file + ".br", zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
}
