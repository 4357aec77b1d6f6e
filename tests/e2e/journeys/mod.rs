mod actions;
mod hosting;
mod resilience;
mod sign_in;
mod table;
