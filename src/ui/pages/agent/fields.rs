//! Every field of the agent's details, as the API gave them.

use crate::api::types::AgentV1;
use crate::domain::text::{visible, yes_no};
use crate::domain::time;
use crate::state::clock::now_ms;
use crate::state::load::Load;
use crate::ui::dynamic::markup;
use leptos::prelude::*;

/// "2048 bits, exponent 0x10001, modulus C0FFEE…" (the hex is ASCII
/// digits, checked when the answer was read).
fn key_text(d: &AgentV1) -> String {
    match d.public_key.as_ref().filter(|k| !k.modulus_hex.is_empty()) {
        Some(k) => format!(
            "{} bits, exponent 0x{}, modulus {}…",
            k.modulus_hex.chars().count() * 4,
            k.exponent_hex,
            k.modulus_hex.chars().take(16).collect::<String>()
        ),
        None => "—".into(),
    }
}

fn items(d: &AgentV1, v2_id: Option<String>) -> Vec<(&'static str, String)> {
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let last = d.time_of_last_successful_backup.map(|t| format!("{} ({})", time::utc(t), time::ago(now_ms(), t)));
    vec![
        ("Agent ID", d.machine_agent_id.to_string()),
        ("Name", d.machine_name.clone()),
        ("Last successful backup", last.unwrap_or_else(|| "Never".into())),
        ("Datacenter", d.datacenter.clone()),
        ("Backup datacenter", or_dash(&d.backup_datacenter)),
        ("IP address", d.ip_address.clone()),
        ("Operating system", format!("{} {}", d.operating_system, d.operating_system_version).trim().to_string()),
        ("Architecture", d.architecture.clone()),
        ("Agent version", d.agent_version.clone()),
        ("Flavor", d.flavor.clone()),
        ("Vault size", or_dash(&d.backup_vault_size)),
        ("Vault container", or_dash(&d.backup_container)),
        ("Encrypted", yes_no(d.is_encrypted).into()),
        ("Disabled", yes_no(d.is_disabled).into()),
        ("Uses ServiceNet", yes_no(d.use_service_net).into()),
        ("Cleanup allowed", yes_no(d.cleanup_allowed).into()),
        ("Cloud Server (HostServerId)", or_dash(&d.host_server_id)),
        ("v2 agent ID", or_dash(&v2_id)),
        ("Public key", key_text(d)),
        ("Status reported by the API", d.status.clone()),
    ]
}

#[component]
pub fn AgentFields(details: Load<AgentV1>, #[prop(into)] v2_id: Signal<Option<String>>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="fields-title">
            <h2 id="fields-title">"Details"</h2>
            {markup(move || details.value.with(|d| match d {
                Some(d) => view! {
                    <dl class="fields">
                        {items(d, v2_id.get()).into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{visible(&v).into_owned()}</dd> }).collect_view()}
                    </dl>
                }.into_any(),
                None if details.error.with(Option::is_some) => view! { <p class="muted">"The details could not be read (see above)."</p> }.into_any(),
                None => view! { <p>"Loading…"</p> }.into_any(),
            }))}
        </section>
    }
}
