//! Mounts the console; nothing else.

fn main() {
    backup_console::ui::crash::install();
    leptos::mount::mount_to_body(backup_console::ui::App);
}
