mod actions;
mod hosting;
mod resilience;
mod sign_in;
mod statuses;
mod table;
