//! Temporary directories and the current user, for the store tests (and
//! the throwaway PostgreSQL cluster, which runs as `postgres` under root).

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::atomic::{AtomicU32, Ordering},
};

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A fresh, empty directory whose name contains `tag`.
    pub fn new(tag: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "twv-{tag}-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }

    /// Where the directory is.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = make_writable(&self.0);
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn make_writable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for entry in walk(path) {
        if entry.is_dir() {
            std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o755))?;
        }
    }
    Ok(())
}

fn walk(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![path.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                out.extend(walk(&entry.path()));
            }
        }
    }
    out
}

/// `id` output for the current user (`id -u`) or another (`id -u NAME`).
pub fn id_of(flag: &str, user: Option<&str>) -> Option<u32> {
    let mut command = Command::new("id");
    command.arg(flag);
    if let Some(user) = user {
        command.arg(user);
    }
    let output = command.output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()?.trim().parse().ok()
}

/// Whether this process runs as root (permission bits do not bind it).
pub fn is_root() -> bool {
    id_of("-u", None) == Some(0)
}
