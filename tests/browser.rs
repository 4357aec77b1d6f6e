//! Browser tests (wasm-bindgen-test in headless Chromium): the real client,
//! through real fetch, against a running backup-sim whose address comes in at
//! compile time as `SIM_URL` (scripts/test.sh starts it with --time-scale 0.05).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);

mod client;
mod widgets;
