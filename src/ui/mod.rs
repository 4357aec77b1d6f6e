//! The view: pages and widgets, the only code that touches the DOM.

mod app;
mod context;
pub mod crash;
pub mod dom;
pub mod dynamic;
pub mod effect;
pub mod focus;
pub mod pages;
pub mod paths;
pub mod router;
pub mod widgets;

pub use app::App;
pub use context::AppCtx;
