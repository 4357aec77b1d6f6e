mod actions;
mod faults;
mod hardening;
mod hosting;
mod resilience;
mod sign_in;
mod statuses;
mod table;
