//! Who else has a database open: a folder `<db>.presence/` beside the file, one small JSON file
//! per running TUI, each held under an advisory lock (`File::try_lock`) for as long as its
//! session lives. The lock, not the file, says that a session is alive: a crashed TUI's file
//! is left unlocked, and the next reader removes it.
//!
//! The database file itself is never opened here: on Linux, closing any descriptor of a file
//! drops every POSIX lock the process holds on it, SQLite's included.
//!
//! Presence is a courtesy: a folder that cannot be written (a read-only share) only means the
//! others are not told; nothing here ever stops the TUI.

use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// One running session, as others see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The commissioner's name ('' when not chosen yet).
    pub who: String,
    /// The login of the user running it.
    pub user: String,
    /// The machine (a file on a shared folder can be open on two).
    pub host: String,
    pub pid: u32,
    /// When it started, local time: `YYYY-MM-DDTHH:MM:SS`.
    pub since: String,
}

impl Session {
    /// This process, started at `since`, as `who`.
    pub fn this(who: &str, since: time::PrimitiveDateTime) -> Session {
        let since = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            since.year(),
            u8::from(since.month()),
            since.day(),
            since.hour(),
            since.minute(),
            since.second()
        );
        Session {
            who: who.to_string(),
            user: login(),
            host: host_name(),
            pid: std::process::id(),
            since,
        }
    }
}

/// The login name of the user running this process ('' when unknown).
fn login() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_default()
}

/// This machine's name ('' when unknown).
pub fn host_name() -> String {
    let from_kernel = fs::read_to_string("/proc/sys/kernel/hostname").ok();
    from_kernel
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            ["HOSTNAME", "COMPUTERNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        })
        .unwrap_or_default()
}

/// The presence folder of a database file.
pub fn folder(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".presence");
    db.with_file_name(name)
}

const LIVE: &str = "session";
const PARTIAL: &str = "tmp";

/// This session's entry in the presence folder; removed when dropped.
#[derive(Debug)]
pub struct Presence {
    dir: PathBuf,
    /// Our entry, locked for as long as it is open.
    path: PathBuf,
    file: File,
    session: Session,
}

impl Presence {
    /// Announces `session` beside `db`. An error (a read-only folder, a file system without
    /// locks) means presence is skipped for this session.
    pub fn join(db: &Path, session: Session) -> io::Result<Presence> {
        let dir = folder(db);
        let id = format!("{}-{}", session.pid, ulid::Ulid::new());
        let path = dir.join(format!("{id}.{LIVE}"));
        // Another session that is leaving may remove the empty folder between the two steps:
        // once more then.
        let file = match publish(&dir, &path, &session) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => publish(&dir, &path, &session),
            other => other,
        }?;
        Ok(Presence {
            dir,
            path,
            file,
            session,
        })
    }

    /// The other live sessions on this file (stale entries are removed on the way).
    pub fn others(&self) -> Vec<Session> {
        read_sessions(&self.dir, Some(&self.path))
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Changes who this session is (the user chose a commissioner after start).
    pub fn set_who(&mut self, who: &str) -> io::Result<()> {
        let mut session = self.session.clone();
        session.who = who.to_string();
        // The new content goes in a new file, locked, renamed over ours: readers see the old
        // entry or the new one, always locked.
        let file = publish(&self.dir, &self.path, &session)?;
        self.file = file;
        self.session = session;
        Ok(())
    }
}

impl Drop for Presence {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
        // Only when empty: the last one out tidies up.
        let _ = fs::remove_dir(&self.dir);
    }
}

/// Writes `session` into a new locked file and renames it to `path`; returns it, still locked.
fn publish(dir: &Path, path: &Path, session: &Session) -> io::Result<File> {
    fs::create_dir_all(dir)?;
    let tmp = path.with_extension(PARTIAL);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)?;
    let written = (|| {
        file.try_lock().map_err(|e| match e {
            TryLockError::Error(e) => e,
            TryLockError::WouldBlock => io::Error::other("presence entry locked"),
        })?;
        let json = serde_json::to_vec(session).map_err(io::Error::other)?;
        file.write_all(&json)?;
        file.flush()?;
        fs::rename(&tmp, path)
    })();
    match written {
        Ok(()) => Ok(file),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The live sessions in the presence folder of `db` (none when it has none or cannot be read).
pub fn sessions(db: &Path) -> Vec<Session> {
    read_sessions(&folder(db), None)
}

fn read_sessions(dir: &Path, except: Option<&Path>) -> Vec<Session> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if Some(path.as_path()) == except {
            continue;
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some(LIVE) => {
                if let Some(s) = live_session(&path) {
                    found.push(s);
                }
            }
            Some(PARTIAL) => remove_if_abandoned(&path),
            _ => {}
        }
    }
    found.sort_by(|a, b| (&a.since, a.pid).cmp(&(&b.since, b.pid)));
    found
}

/// The session of an entry whose lock is held; an unlocked entry is a dead session's and is
/// removed.
fn live_session(path: &Path) -> Option<Session> {
    let mut file = File::open(path).ok()?;
    match file.try_lock_shared() {
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            file.read_to_string(&mut text).ok()?;
            serde_json::from_str(&text).ok()
        }
        Ok(()) => {
            // Nobody holds it: its session ended without removing it (killed, crashed).
            remove_if_same(path, &file);
            None
        }
        // A file system without locks: we cannot tell, so say nothing.
        Err(TryLockError::Error(_)) => None,
    }
}

/// A `.tmp` left by a session killed while publishing (it never got renamed): removed once
/// nobody holds it and it is a minute old, so that one being written now is left alone.
fn remove_if_abandoned(path: &Path) {
    // The age first, by name: a lock taken on a `.tmp` being published now would make its
    // owner's exclusive lock fail.
    let young = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 60);
    if young {
        return;
    }
    let Ok(file) = File::open(path) else { return };
    if file.try_lock_shared().is_err() {
        return;
    }
    let old = file
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() >= 60);
    if old {
        remove_if_same(path, &file);
    }
}

/// Removes `path` if it still names the file `file` has open: the owner may have replaced the
/// entry (`set_who`) since we opened it, and the new one is alive.
fn remove_if_same(path: &Path, file: &File) {
    #[cfg(not(unix))]
    let _ = file;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let same = match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        };
        if !same {
            return;
        }
    }
    let _ = fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn session(who: &str, pid: u32) -> Session {
        Session {
            who: who.into(),
            user: "u".into(),
            host: "h".into(),
            pid,
            since: "2026-11-21T10:02:00".into(),
        }
    }

    #[test]
    fn the_folder_is_beside_the_database() {
        assert_eq!(
            folder(Path::new("/data/pool.db")),
            PathBuf::from("/data/pool.db.presence")
        );
    }

    #[test]
    fn this_session_is_stamped_with_its_start() {
        let s = Session::this("王芳", datetime!(2026-11-21 10:02:03));
        assert_eq!(s.since, "2026-11-21T10:02:03");
        assert_eq!(s.pid, std::process::id());
        assert_eq!(s.who, "王芳");
    }

    #[test]
    fn sessions_see_each_other_and_leave_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pool.db");
        // A file lock is per open file: two entries of one process lock each other out as
        // two processes' would.
        let a = Presence::join(&db, session("王芳", 1)).unwrap();
        assert_eq!(a.others(), Vec::<Session>::new());
        let mut b = Presence::join(&db, session("", 2)).unwrap();
        assert_eq!(b.others(), vec![session("王芳", 1)]);
        assert_eq!(a.others(), vec![session("", 2)]);
        b.set_who("李强").unwrap();
        assert_eq!(a.others(), vec![session("李强", 2)]);
        assert_eq!(sessions(&db).len(), 2);
        drop(b);
        assert_eq!(a.others(), Vec::<Session>::new());
        drop(a);
        assert!(!folder(&db).exists(), "the last one out removes the folder");
        assert!(!db.exists(), "the database file is never created or opened");
    }

    #[test]
    fn a_dead_sessions_entry_is_ignored_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pool.db");
        let a = Presence::join(&db, session("王芳", 1)).unwrap();
        // What a killed TUI leaves: its entry, with no lock on it.
        let stale = folder(&db).join("99-x.session");
        fs::write(&stale, serde_json::to_vec(&session("李强", 99)).unwrap()).unwrap();
        assert_eq!(a.others(), Vec::<Session>::new());
        assert!(!stale.exists(), "the stale entry is cleaned");
        // A fresh partial entry is left alone (it may be being written right now).
        let partial = folder(&db).join("98-y.tmp");
        fs::write(&partial, b"{").unwrap();
        assert_eq!(a.others(), Vec::<Session>::new());
        assert!(partial.exists());
    }

    #[test]
    fn a_folder_that_cannot_be_written_means_no_presence_and_no_error() {
        let dir = tempfile::tempdir().unwrap();
        // The presence folder cannot be made (its parent is a file): as in a read-only share,
        // and unlike file modes, this holds for root too.
        let blocker = dir.path().join("share");
        fs::write(&blocker, b"").unwrap();
        let db = blocker.join("pool.db");
        assert!(Presence::join(&db, session("王芳", 1)).is_err());
        assert_eq!(sessions(&db), Vec::<Session>::new());
    }
}
