//! Browse requests and their results, for an agent and for a backup.

use super::{json, sent};
use crate::{fixture, ok};
use backup_console::api::browse::{request_body, BrowseOf, BrowseResultV2};
use backup_console::api::last_segment;
use backup_console::api::reply::decode;

const AGENT: &str = "8f135b4f-7a69-4b8a-947f-5e80d772fd97";
/// Both pages' `Location`: singular `browse-request`, and an agent's path
/// even for a backup's request.
const LOCATION: &str = "https://cloudbackupapi.apiary-mock.com/v2/agents/8f135b4f-7a69-4b8a-947f-5e80d772fd97/browse-request/16ce47f7-88b2-4983-8b1c-d4a82306ae87";

#[test]
fn request_bodies_are_the_docs_examples_without_the_non_utf8_path() {
    let mut docs = json("v2-post-request-to-browse-an-agents-files-v2-project-id-agents-agent-id-browse-requests.json");
    docs.as_object_mut().map(|o| o.remove("path_encoded"));
    assert_eq!(sent(&request_body(BrowseOf::Agent(AGENT), "/", AGENT, None)), docs);
    let mut docs =
        json("v2-post-request-to-browse-a-backups-files-v2-project-id-backups-backup-id-browse-requests.json");
    docs.as_object_mut().map(|o| o.remove("path_encoded"));
    let backup = BrowseOf::Backup("0d95d699-d16b-11e4-93bd-c8e0eb190e3d");
    assert_eq!(sent(&request_body(backup, "/path/to/browse", AGENT, None)), docs);
    assert_eq!(sent(&request_body(backup, "/", AGENT, Some("0bff42")))["encrypted_password_hex"], "0bff42");
}

#[test]
fn the_request_id_is_the_last_segment_of_the_singular_location() {
    assert_eq!(last_segment(LOCATION), Some("16ce47f7-88b2-4983-8b1c-d4a82306ae87"));
}

#[test]
fn results_for_an_agent_and_a_backup() {
    for (name, id, time, event, request) in [
        (
            "v2-get-view-results-of-a-browse-request-for-an-agent-v2-project-id-agents-agent-id-browse-requests-request-id.json",
            "5650135594",
            1_412_857_586_233,
            "host_browsed",
            "16ce47f7-88b2-4983-8b1c-d4a82306ae87",
        ),
        (
            "v2-get-view-results-of-a-browse-request-for-a-backup-v2-project-id-backups-backup-id-browse-requests-request-id.json",
            "5152884001",
            1_412_692_445_376,
            "backup_browsed",
            "ae7528c8-bcc3-4356-a237-f20fbdd79ee4",
        ),
    ] {
        let r: BrowseResultV2 = ok(decode(&fixture(name), "browse result"));
        assert_eq!((r.id.as_str(), r.time, r.event.as_str()), (id, Some(time), event), "{name}");
        assert_eq!(r.request_id, request);
        assert_eq!(r.agent.map(|a| a.id).as_deref(), Some(AGENT));
        assert!(r.succeeded && r.reason.is_none());
        assert_eq!(r.path, "/path/to/browse/");
        assert!(r.rejected.is_empty() && r.total.is_none());
        let item = &r.items[0];
        assert_eq!((item.name.as_str(), item.bytes, item.mime_type.as_str()), ("initrd.img", Some(0), "application/x-symlink-file"));
        assert!(item.name_encoded.as_deref().is_some_and(|n| n.starts_with("optional_base64")));
    }
}

#[test]
fn a_bad_entry_is_reported_and_the_folder_still_shown() {
    let body = r#"{"succeeded": true, "path": "/", "items": [{"name": "a", "bytes": -1}, {"name": "b", "bytes": "7"}], "total": "2"}"#;
    let r: BrowseResultV2 = ok(decode(body, "browse result"));
    assert_eq!(r.items.iter().map(|i| (i.name.as_str(), i.bytes)).collect::<Vec<_>>(), [("b", Some(7))]);
    assert!(r.rejected[0].starts_with("record 1, field `bytes`"), "{:?}", r.rejected);
    assert_eq!(r.total, Some(2));
}
