mod actions;
mod resilience;
mod sign_in;
mod table;
