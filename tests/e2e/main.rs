//! End-to-end journeys: headless Chromium driven through WebDriver against
//! the release `dist/` served by backup-sim, as a support engineer would use
//! the console. Each journey saves PNG screenshots under target/screenshots/.
#![cfg(not(target_arch = "wasm32"))]

mod harness;
mod journeys;
