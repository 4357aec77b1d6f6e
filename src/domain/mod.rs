//! Pure logic with no web-sys: view models, status rules, filtering and
//! sorting, state machines, time formatting and password encryption. All of
//! it is unit-tested natively.

pub mod crypto;
