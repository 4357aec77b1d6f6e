//! The files of a server and of its backups, generated from a seed instead
//! of stored: a listing is computed for the folder asked, one page at a
//! time, so a folder of 100,000 files costs what its page costs.

/// Files in the archive folder every tree has (`/srv/archive`).
pub const ARCHIVE_FILES: u64 = 100_000;

/// One entry of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub folder: bool,
    pub bytes: u64,
}

const TREE: [(&str, &[&str]); 14] = [
    ("/", &["etc/", "home/", "srv/", "var/"]),
    ("/etc", &["hosts", "nginx/", "passwd"]),
    ("/etc/nginx", &["nginx.conf"]),
    ("/home", &["admin/"]),
    ("/home/admin", &[".bashrc", "notes.txt"]),
    ("/srv", &["archive/"]),
    ("/var", &["backups/", "log/", "www/"]),
    ("/var/backups", &["mysql/"]),
    ("/var/backups/mysql", &["db-1.sql.gz", "db-2.sql.gz", "db-3.sql.gz"]),
    ("/var/log", &["nginx/", "syslog"]),
    ("/var/log/nginx", &["access.log", "error.log"]),
    ("/var/www", &["cache/", "html/"]),
    ("/var/www/html", &["app.js", "images/", "index.html", "style.css"]),
    ("/var/www/html/images", &["hero.jpg", "logo.png"]),
];

/// `C:\inetpub\wwwroot` and `/var/www/` both become `/var/www`-style keys:
/// Windows trees have the same shape under `C:\`.
pub fn normalize(path: &str) -> String {
    let unix = path.replace('\\', "/");
    let rest = unix.strip_prefix("C:").or_else(|| unix.strip_prefix("c:")).unwrap_or(&unix);
    let trimmed = rest.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else if trimmed.starts_with('/') {
        trimmed.into()
    } else {
        format!("/{trimmed}")
    }
}

fn size(seed: u64, path: &str, name: &str) -> u64 {
    // FNV-1a over the path and name, mixed with the seed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in path.bytes().chain(name.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    1_024 + h % 5_000_000
}

/// How many entries folder `path` has, or `None` when there is no such folder.
pub fn count(path: &str) -> Option<u64> {
    let key = normalize(path);
    match key.as_str() {
        "/srv/archive" => Some(ARCHIVE_FILES),
        "/var/www/cache" => Some(20),
        _ => TREE.iter().find(|(p, _)| *p == key).map(|(_, items)| items.len() as u64),
    }
}

/// Entries `from..from + limit` of folder `path`, in name order.
pub fn page(seed: u64, path: &str, from: u64, limit: u64) -> Vec<Entry> {
    let key = normalize(path);
    let numbered = |prefix: &str, ext: &str, n: u64| -> Vec<Entry> {
        (from..(from + limit).min(n))
            .map(|k| {
                let name = format!("{prefix}{:06}{ext}", k + 1);
                Entry { bytes: size(seed, &key, &name), name, folder: false }
            })
            .collect()
    };
    match key.as_str() {
        "/srv/archive" => numbered("file-", ".dat", ARCHIVE_FILES),
        "/var/www/cache" => numbered("c-", ".tmp", 20),
        _ => TREE
            .iter()
            .find(|(p, _)| *p == key)
            .map(|(_, items)| {
                items
                    .iter()
                    .skip(usize::try_from(from).unwrap_or(usize::MAX))
                    .take(usize::try_from(limit).unwrap_or(usize::MAX))
                    .map(|item| {
                        let folder = item.ends_with('/');
                        let name = item.trim_end_matches('/').to_string();
                        Entry { bytes: if folder { 0 } else { size(seed, &key, &name) }, name, folder }
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The position after entry `name` of folder `path` (for `marker` paging).
pub fn position_after(path: &str, name: &str) -> Option<u64> {
    let key = normalize(path);
    let numbered =
        |prefix: &str, ext: &str| -> Option<u64> { name.strip_prefix(prefix)?.strip_suffix(ext)?.parse::<u64>().ok() };
    match key.as_str() {
        "/srv/archive" => numbered("file-", ".dat").filter(|k| *k <= ARCHIVE_FILES),
        "/var/www/cache" => numbered("c-", ".tmp").filter(|k| *k <= 20),
        _ => TREE
            .iter()
            .find(|(p, _)| *p == key)
            .and_then(|(_, items)| items.iter().position(|i| i.trim_end_matches('/') == name))
            .map(|p| p as u64 + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_list_in_pages_and_windows_paths_read_the_same() {
        assert_eq!(count("/srv/archive/"), Some(ARCHIVE_FILES));
        assert_eq!(count("C:\\srv\\archive"), Some(ARCHIVE_FILES));
        assert_eq!(count("/nowhere"), None);
        let first = page(7, "/srv/archive", 0, 1000);
        assert_eq!((first.len(), first[0].name.as_str()), (1000, "file-000001.dat"));
        let after = position_after("/srv/archive", &first[999].name).expect("a marker");
        let next = page(7, "/srv/archive", after, 1000);
        assert_eq!(next[0].name, "file-001001.dat");
        assert!(page(7, "/srv/archive", ARCHIVE_FILES - 5, 1000).len() == 5);
        let root = page(7, "/", 0, 100);
        assert_eq!(
            root.iter().map(|e| (e.name.as_str(), e.folder)).collect::<Vec<_>>(),
            vec![("etc", true), ("home", true), ("srv", true), ("var", true)]
        );
        assert_eq!(page(7, "/etc", 0, 10), page(7, "/etc/", 0, 10), "the same files every time");
    }
}
