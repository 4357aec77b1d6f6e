#!/usr/bin/env python3
"""Trunk post-build hook: move Trunk's inline loader <script> into a hashed
file, so the Content-Security-Policy can forbid inline scripts entirely
(script-src 'self' 'wasm-unsafe-eval'). Runs in $TRUNK_STAGING_DIR."""
import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
if not staging:
    sys.exit("trunk-boot-script: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)")
index = os.path.join(staging, "index.html")
with open(index, encoding="utf-8") as f:
    html = f.read()
# Quoted as Trunk writes it, unquoted once its release minifier has been over it.
pattern = re.compile(r'<script type="?module"?>(.*?)</script>', re.S)
match = pattern.search(html)
if not match:
    sys.exit("trunk-boot-script: no inline module script in index.html")
code = match.group(1).strip() + "\n"
digest = hashlib.sha256(code.encode()).hexdigest()[:16]
name = f"boot-{digest}.js"
with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
    f.write(code)
integrity = "sha384-" + base64.b64encode(hashlib.sha384(code.encode()).digest()).decode()
tag = f'<script type="module" src="{public_url}{name}" integrity="{integrity}"></script>'
html = html[: match.start()] + tag + html[match.end():]
if pattern.search(html):
    sys.exit("trunk-boot-script: more than one inline module script")
with open(index, "w", encoding="utf-8") as f:
    f.write(html)
