#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing.
# Safe to run again: on a ready machine it finishes in seconds.
#
# Installs: the wasm32 target, trunk 0.21.x, wasm-bindgen-cli at the exact
# version the app pins, Debian chromium + chromium-driver + nginx, and
# wasm-opt from npm's binaryen (Debian's binaryen 108 silently breaks the
# release build, so it is never used), and Rackspace's Cloud Backup SDK
# (python-cloudbackup-sdk, from PyPI, checksum-verified) in a Python venv for
# sim/sdk-check.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
TERSER_VERSION="5.51.4"
# The wasm-bindgen CLI must equal the crate pinned with `=` in Cargo.toml.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' "$ROOT/Cargo.toml" | head -n1)"
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: cannot read the pinned wasm-bindgen version from Cargo.toml" >&2
  exit 1
fi

say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v trunk >/dev/null || [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # --locked fails here: its lockfile pins a webpki-roots release the registry does not serve.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

missing_debs=()
command -v chromium >/dev/null || missing_debs+=(chromium)
command -v chromedriver >/dev/null || missing_debs+=(chromium-driver)
[ -x /usr/sbin/nginx ] || missing_debs+=(nginx)
# ngx_brotli for precompressed .br files (deploy/nginx.conf's brotli_static).
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing_debs+=(libnginx-mod-http-brotli-static)
# The TLS hosting test makes its test CA and certificates with openssl.
command -v openssl >/dev/null || missing_debs+=(openssl)
if [ "${#missing_debs[@]}" -gt 0 ]; then
  say "installing ${missing_debs[*]} from Debian"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_debs[@]}"
fi

if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ] \
   || [ "$(command -v wasm-opt)" != "$BC_TOOLS/node_modules/.bin/wasm-opt" ]; then
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION into $BC_TOOLS"
  mkdir -p "$BC_TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$BC_TOOLS" "binaryen@$BINARYEN_VERSION"
fi

# terser minifies wasm-bindgen's JS glue in release builds (scripts/minify-glue.js,
# a Trunk hook): Trunk 0.21's own minifier leaves that file as it is.
if [ "$(node -p "require('$BC_TOOLS/node_modules/terser/package.json').version" 2>/dev/null)" != "$TERSER_VERSION" ]; then
  say "installing terser@$TERSER_VERSION into $BC_TOOLS"
  mkdir -p "$BC_TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$BC_TOOLS" "terser@$TERSER_VERSION"
fi

# Rackspace's own SDK, unmodified, to drive backup-sim (scripts/sdk-check.sh).
SDK_WHEEL_URL="https://files.pythonhosted.org/packages/41/8d/765c03d0b84d97ccd72065ae713755e4db57a26cd0111fe66bbbc3f28434/python_cloudbackup_sdk-0.20.0-py2-none-any.whl"
SDK_WHEEL_SHA256="215e0bdf2aa011e41a28b48f82b2f15da6d57f56f8b417ccdb591cd493322d13"
if [ ! -f "$BC_SDK/cloudbackup/client/backup.py" ] || ! "$BC_SDK/venv/bin/python" -c 'import requests, pytz, tzlocal, six' 2>/dev/null; then
  say "installing Rackspace's Cloud Backup SDK 0.20.0 and its dependencies into $BC_SDK"
  rm -rf "$BC_SDK" && mkdir -p "$BC_SDK"
  curl -fsSL -o "$BC_SDK/sdk.whl" "$SDK_WHEEL_URL"
  echo "$SDK_WHEEL_SHA256  $BC_SDK/sdk.whl" | sha256sum -c --quiet
  python3 -m zipfile -e "$BC_SDK/sdk.whl" "$BC_SDK"
  python3 -m venv "$BC_SDK/venv"
  "$BC_SDK/venv/bin/pip" install --quiet "requests>=2.3.0" pytz "tzlocal==1.1.1" six
fi

# Trunk builds with --offline, so every crate must already be downloaded.
cargo fetch --manifest-path "$ROOT/Cargo.toml" --quiet

say "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | head -n1), $(chromium --version), nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*\///')"
