//! Reusable pieces of the view.

pub mod action_log;
pub mod agent_rows;
pub mod agents_table;
pub mod backups;
pub mod confirm;
pub mod error_box;
pub mod event_mode;
pub mod header;
pub mod logfiles;
pub mod modal;
pub mod reauth;
pub mod restore_wizard;
pub mod restores;
pub mod row_view;
pub mod status_badge;
pub mod status_choice;
pub mod wake;
pub mod write_blocked;
