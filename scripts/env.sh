# Sourced by the scripts: where tools and caches live, and PATH so the right
# wasm-opt (npm's, never Debian's) and the cargo-installed tools are found.
BC_CACHE="${BC_CACHE:-$HOME/.cache/backup-console}"
BC_TOOLS="$BC_CACHE/tools"
BC_SDK="$BC_CACHE/cloudbackup-sdk"
export PATH="$BC_TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
