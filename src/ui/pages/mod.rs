//! One module per page.

pub mod agent;
pub mod agents;
pub mod sign_in;
