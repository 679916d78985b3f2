//! Snapshots of the database in a `backups/` folder beside it, their rotation, and restore.
//!
//! A snapshot is always taken through SQLite (`VACUUM INTO` on a connection), never by copying
//! the file: a copy of a database in WAL mode misses what is still in the WAL, and on Linux
//! closing any descriptor of the database file drops every POSIX lock this process holds on it,
//! SQLite's included. A snapshot is written to a hidden temporary name in the folder and renamed
//! into place once complete and synced, so a leftover from a crash is never mistaken for a
//! backup and never blocks anything. Restore copies the backup into the live file with SQLite's
//! backup API, so other programs with the file open see either the old or the new content.
//!
//! Names: `<stem>-<YYYY-MM-DD>T<HHMMSS>[-<n>][.<why>].db` in `<dir>/backups/`, the time being the
//! local time the snapshot was taken; rotation goes by that time.

use super::{MIGRATIONS, Store, StoreError};
use crate::config::BackupConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Why a backup was taken (the `.<why>` part of its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The automatic snapshot of the day.
    Daily,
    /// `seedbed backup`.
    Manual,
    BeforeImport,
    BeforeUpgrade,
    BeforeRestore,
    /// A file that could not be read through SQLite, moved aside by a restore. Never rotated.
    Damaged,
}

impl Reason {
    const ALL: [Reason; 6] = [
        Reason::Daily,
        Reason::Manual,
        Reason::BeforeImport,
        Reason::BeforeUpgrade,
        Reason::BeforeRestore,
        Reason::Damaged,
    ];

    fn tag(self) -> &'static str {
        match self {
            Reason::Daily => "",
            Reason::Manual => ".manual",
            Reason::BeforeImport => ".before-import",
            Reason::BeforeUpgrade => ".before-upgrade",
            Reason::BeforeRestore => ".before-restore",
            Reason::Damaged => ".damaged",
        }
    }
}

/// A backup file found in the folder.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub taken: PrimitiveDateTime,
    pub reason: Reason,
    pub bytes: u64,
    /// Tells apart backups taken in the same second.
    pub modified: Option<std::time::SystemTime>,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("cannot write a backup of {db} in {folder}: {cause}")]
    Write {
        db: PathBuf,
        folder: PathBuf,
        cause: Cause,
    },
    #[error("{path} already exists; choose another --out path")]
    Exists { path: PathBuf },
    #[error("{0} is the database itself; choose another --out path")]
    SameFile(PathBuf),
    #[error("cannot read the backup folder {folder}: {source}")]
    Folder {
        folder: PathBuf,
        source: std::io::Error,
    },
    #[error("backup {0} does not exist (`seedbed backups` lists them)")]
    NotFound(PathBuf),
    #[error("{0} is not a Seedbed backup (not an SQLite file of Seedbed); nothing was changed")]
    NotSeedbed(PathBuf),
    #[error(
        "backup {path} is damaged ({detail}); nothing was changed — choose another with `seedbed backups`"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "backup {path} was written by a newer Seedbed (schema {found}, this one knows {known}); nothing was changed"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error("{db} stayed in use by another program; nothing was restored, try again")]
    Busy { db: PathBuf },
    #[error("cannot restore into {db}: {cause}")]
    Restore { db: PathBuf, cause: Cause },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A database file SQLite says is corrupt, with the newest backup that passed a check.
#[derive(Debug, thiserror::Error)]
#[error("{}", corrupt_line(.db, .reason, .backup.as_deref(), .folder))]
pub struct Corrupt {
    pub db: PathBuf,
    pub reason: String,
    pub folder: PathBuf,
    pub backup: Option<PathBuf>,
}

fn corrupt_line(db: &Path, reason: &str, backup: Option<&Path>, folder: &Path) -> String {
    match backup {
        Some(b) => format!(
            "{} is damaged ({reason}); bring back the newest good backup with: seedbed restore '{}' --db '{}'",
            db.display(),
            b.display(),
            db.display()
        ),
        None => format!(
            "{} is damaged ({reason}) and there is no good backup in {}; `seedbed restore FILE` brings back a copy kept elsewhere",
            db.display(),
            folder.display()
        ),
    }
}

/// Why a file operation failed, in kinds the words can name in either language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct Cause {
    pub kind: CauseKind,
    /// The system's own words (English), for the English message.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CauseKind {
    NoSpace,
    Denied,
    Busy,
    Corrupt,
    ReadOnly,
    /// The target was taken by another program's backup in the same second.
    Exists,
    Other,
}

impl Cause {
    fn io(e: &std::io::Error) -> Cause {
        use std::io::ErrorKind as K;
        let kind = match e.kind() {
            K::StorageFull | K::QuotaExceeded => CauseKind::NoSpace,
            K::PermissionDenied => CauseKind::Denied,
            K::ReadOnlyFilesystem => CauseKind::ReadOnly,
            K::AlreadyExists => CauseKind::Exists,
            _ => CauseKind::Other,
        };
        Cause {
            kind,
            detail: e.to_string(),
        }
    }

    fn sql(e: &rusqlite::Error) -> Cause {
        use rusqlite::ErrorCode as C;
        let kind = match e.sqlite_error_code() {
            Some(C::DiskFull) => CauseKind::NoSpace,
            Some(C::PermissionDenied | C::CannotOpen) => CauseKind::Denied,
            Some(C::DatabaseBusy | C::DatabaseLocked) => CauseKind::Busy,
            Some(C::DatabaseCorrupt | C::NotADatabase) => CauseKind::Corrupt,
            Some(C::ReadOnly) => CauseKind::ReadOnly,
            _ => CauseKind::Other,
        };
        Cause {
            kind,
            detail: e.to_string(),
        }
    }

    fn other(detail: impl Into<String>) -> Cause {
        Cause {
            kind: CauseKind::Other,
            detail: detail.into(),
        }
    }
}

type Result<T, E = BackupError> = std::result::Result<T, E>;

/// How long a restore waits for other programs' writes to the live file to finish.
const RESTORE_WAIT: Duration = Duration::from_secs(10);

/// Temporary files older than this are leftovers of a crash (a snapshot takes minutes at most).
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// Whether this store may write anything beside itself. Read-only mode (the lead's
/// `store.read_only`) makes no backups.
fn writes_allowed(store: &Store) -> bool {
    store.path.as_os_str() != ":memory:" && store.read_only.is_none()
}

/// The local time now. The local offset is read once, on the first call (the `time` crate can
/// only read it while the process has one thread; later calls from other threads reuse it).
pub fn clock() -> PrimitiveDateTime {
    let now = OffsetDateTime::now_utc().to_offset(local_offset());
    PrimitiveDateTime::new(now.date(), now.time())
}

/// The local offset from UTC, read once (see [`clock`]).
pub fn local_offset() -> UtcOffset {
    static OFFSET: OnceLock<UtcOffset> = OnceLock::new();
    *OFFSET.get_or_init(|| UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC))
}

/// The folder of the backups of `db`.
pub fn folder(db: &Path) -> PathBuf {
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty());
    dir.unwrap_or(Path::new(".")).join("backups")
}

fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "seedbed".into())
}

const STAMP: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour][minute][second]");

/// The file name of a backup of `db` taken at `taken`; `n` > 1 tells apart two in one second.
pub fn file_name(db: &Path, taken: PrimitiveDateTime, n: u32, reason: Reason) -> String {
    let stamp = taken.format(STAMP).unwrap_or_default();
    let count = if n > 1 {
        format!("-{n}")
    } else {
        String::new()
    };
    format!("{}-{stamp}{count}{}.db", stem(db), reason.tag())
}

/// Reads a backup name of `db` back into its time and reason; `None` for other files.
pub fn parse_name(db: &Path, name: &str) -> Option<(PrimitiveDateTime, Reason)> {
    let rest = name.strip_prefix(&format!("{}-", stem(db)))?;
    let rest = rest.strip_suffix(".db")?;
    let stamp = rest.get(..17)?;
    let taken = PrimitiveDateTime::parse(stamp, STAMP).ok()?;
    let mut tail = &rest[17..];
    if let Some(after) = tail.strip_prefix('-') {
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        if digits == 0 {
            return None;
        }
        tail = &after[digits..];
    }
    let reason = Reason::ALL.into_iter().find(|r| r.tag() == tail)?;
    Some((taken, reason))
}

/// The backups of `db`, newest first (damaged files moved aside included).
pub fn list(db: &Path) -> Result<Vec<BackupFile>> {
    let dir = folder(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(BackupError::Folder {
                folder: dir,
                source,
            });
        }
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((taken, reason)) = parse_name(db, &name.to_string_lossy()) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        found.push(BackupFile {
            path: entry.path(),
            taken,
            reason,
            bytes: meta.len(),
            modified: meta.modified().ok(),
        });
    }
    found.sort_by(|a, b| (b.taken, b.modified, &b.path).cmp(&(a.taken, a.modified, &a.path)));
    Ok(found)
}

/// What rotation keeps, as counts and a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    pub daily: usize,
    pub weekly: usize,
    pub latest: usize,
    /// 0: no cap.
    pub max_total_bytes: u64,
}

impl From<&BackupConfig> for Keep {
    fn from(c: &BackupConfig) -> Keep {
        Keep {
            daily: c.daily,
            weekly: c.weekly,
            latest: c.latest,
            max_total_bytes: c.max_total_mb.saturating_mul(1024 * 1024),
        }
    }
}

/// Which of `backups` (time and size, newest first) to keep: the newest `latest`; the newest of
/// each of the last `daily` days and of the last `weekly` ISO weeks that have a backup; then,
/// while the kept ones together exceed the cap, the oldest of them go — never the newest.
pub fn plan_rotation(backups: &[(PrimitiveDateTime, u64)], keep: &Keep) -> Vec<bool> {
    let mut kept: Vec<bool> = (0..backups.len()).map(|i| i < keep.latest).collect();
    let mut days: Vec<Date> = Vec::new();
    let mut weeks: Vec<(i32, u8)> = Vec::new();
    for (i, (taken, _)) in backups.iter().enumerate() {
        let day = taken.date();
        if !days.contains(&day) && days.len() < keep.daily {
            days.push(day);
            kept[i] = true;
        }
        let (year, week, _) = day.to_iso_week_date();
        if !weeks.contains(&(year, week)) && weeks.len() < keep.weekly {
            weeks.push((year, week));
            kept[i] = true;
        }
    }
    if let Some(first) = kept.first_mut() {
        *first = true;
    }
    if keep.max_total_bytes > 0 {
        let mut total: u64 = backups
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|((_, bytes), _)| bytes)
            .sum();
        for i in (1..backups.len()).rev() {
            if total <= keep.max_total_bytes {
                break;
            }
            if kept[i] {
                kept[i] = false;
                total -= backups[i].1;
            }
        }
    }
    kept
}

/// Applies the rotation to the backups of `db` (damaged files are never removed) and removes
/// temporary files left by crashed snapshots. Returns the files removed.
pub fn rotate(db: &Path, cfg: &BackupConfig) -> Result<Vec<PathBuf>> {
    let all = list(db)?;
    let rotated: Vec<&BackupFile> = all.iter().filter(|b| b.reason != Reason::Damaged).collect();
    let sizes: Vec<(PrimitiveDateTime, u64)> = rotated.iter().map(|b| (b.taken, b.bytes)).collect();
    let plan = plan_rotation(&sizes, &Keep::from(cfg));
    let mut removed = Vec::new();
    for (b, keep) in rotated.iter().zip(plan) {
        if !keep && std::fs::remove_file(&b.path).is_ok() {
            removed.push(b.path.clone());
        }
    }
    remove_stale_temps(db);
    Ok(removed)
}

fn temp_prefix(db: &Path) -> String {
    format!(".{}-", stem(db))
}

/// Whether the process that wrote a temporary snapshot (`.NAME.PID.tmp`, and its
/// `-journal`) is gone: its file will never be finished.
fn writer_gone(temp_name: &str) -> bool {
    let stem = temp_name.strip_suffix("-journal").unwrap_or(temp_name);
    let pid = stem
        .strip_suffix(".tmp")
        .and_then(|s| s.rsplit('.').next())
        .and_then(|p| p.parse::<i32>().ok());
    #[cfg(unix)]
    if let Some(pid) = pid.and_then(rustix::process::Pid::from_raw) {
        return pid != rustix::process::getpid()
            && rustix::process::test_kill_process(pid) == Err(rustix::io::Errno::SRCH);
    }
    let _ = pid;
    false
}

/// Removes this file's temporary snapshots whose writer is gone (a TUI quit or killed
/// mid-snapshot: a large file's snapshot is most of its size) or that are older than
/// [`STALE_TEMP`].
fn remove_stale_temps(db: &Path) {
    let Ok(entries) = std::fs::read_dir(folder(db)) else {
        return;
    };
    let prefix = temp_prefix(db);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(&prefix) && name.contains(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old || writer_gone(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `path` made absolute, so that SQLite never reads it as a `file:` URI.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    std::path::absolute(path)
}

/// Writes a consistent snapshot of the database of `conn` to `target`, which must not exist:
/// first to a hidden temporary file beside it, created 0600 and empty (`VACUUM INTO` accepts an
/// empty file and keeps its mode), then synced and renamed.
fn write_snapshot(conn: &Connection, db: &Path, target: &Path) -> Result<()> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |cause: Cause| BackupError::Write {
        db: db.to_path_buf(),
        folder: dir.to_path_buf(),
        cause,
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = absolute(&dir.join(format!(".{name}.{}.tmp", std::process::id())))
        .map_err(|e| fail(Cause::io(&e)))?;
    let Some(tmp_text) = tmp.to_str() else {
        return Err(fail(Cause::other("the folder's path is not valid UTF-8")));
    };
    // Leftovers of snapshots cut short (a quit TUI) go first: each is most of a file's size.
    remove_stale_temps(db);
    // A leftover of this process id is from a crash: it is ours to replace.
    let _ = std::fs::remove_file(&tmp);
    drop(crate::store::private::create_new(&tmp).map_err(|e| fail(Cause::io(&e)))?);
    let result = (|| -> Result<(), Cause> {
        conn.execute("VACUUM INTO ?1", [tmp_text])
            .map_err(|e| Cause::sql(&e))?;
        // The snapshot keeps the live file's WAL flag; a backup is one self-contained file, so
        // it goes back to a rollback journal (any reader, read-only, then opens it as it is).
        let copy = Connection::open_with_flags(
            &tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Cause::sql(&e))?;
        let _: String = copy
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(|e| Cause::sql(&e))?;
        drop(copy);
        // The temporary file is not the database: opening it with std::fs is safe here.
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Cause::io(&e))?;
        place(&tmp, target).map_err(|e| Cause::io(&e))?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|cause| {
        let _ = std::fs::remove_file(&tmp);
        fail(cause)
    })
}

/// Gives the finished temporary file `tmp` the name `target`, which must not exist: a hard link
/// claims the name atomically (two programs backing up in the same second cannot both get it);
/// where links are not supported (FAT drives), a rename after a check.
fn place(tmp: &Path, target: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(tmp, target) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if target.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(tmp, target),
    }
}

/// Takes a snapshot of `conn` (the database `db`) into its backups folder. Returns its path.
fn snapshot_conn(
    conn: &Connection,
    db: &Path,
    reason: Reason,
    taken: PrimitiveDateTime,
) -> Result<PathBuf> {
    let dir = folder(db);
    std::fs::create_dir_all(&dir).map_err(|e| BackupError::Write {
        db: db.to_path_buf(),
        folder: dir.clone(),
        cause: Cause::io(&e),
    })?;
    let mut n = 1;
    loop {
        let target = dir.join(file_name(db, taken, n, reason));
        if target.exists() {
            n += 1;
            continue;
        }
        match write_snapshot(conn, db, &target) {
            // Another program took this name meanwhile: the next one.
            Err(BackupError::Write { cause, .. }) if cause.kind == CauseKind::Exists && n < 100 => {
                n += 1;
            }
            done => return done.map(|()| target),
        }
    }
}

/// Takes a snapshot of `store` into its backups folder now (`seedbed backup`).
pub fn snapshot(store: &Store, reason: Reason) -> Result<PathBuf> {
    if !writes_allowed(store) {
        return Err(BackupError::Restore {
            db: store.path.clone(),
            cause: Cause {
                kind: CauseKind::ReadOnly,
                detail: "the database is open read-only".into(),
            },
        });
    }
    snapshot_conn(&store.conn, &store.path, reason, clock())
}

/// The migration's backup: a snapshot before the schema is upgraded (no rotation: the store
/// does not know the configuration; the next automatic backup rotates).
pub fn before_upgrade(conn: &Connection, db: &Path) -> Result<PathBuf> {
    snapshot_conn(conn, db, Reason::BeforeUpgrade, clock())
}

/// `seedbed backup --out PATH`: a snapshot to a path of the user's choice, which must not exist.
pub fn snapshot_to(store: &Store, out: &Path) -> Result<()> {
    if out.exists() {
        let same = super::same_file(out, &store.path);
        return Err(if same {
            BackupError::SameFile(out.to_path_buf())
        } else {
            BackupError::Exists {
                path: out.to_path_buf(),
            }
        });
    }
    if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| BackupError::Write {
            db: store.path.clone(),
            folder: dir.to_path_buf(),
            cause: Cause::io(&e),
        })?;
    }
    write_snapshot(&store.conn, &store.path, out)
}

/// The newest change of the file (every logged write, undo and import begins a change group):
/// a backup with the same one holds the same records.
fn marker(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT max(id) FROM change_groups", [], |r| r.get(0))
}

fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// The daily snapshot on `conn`: none when the newest backup (of any reason) was taken today
/// or holds the same last change; otherwise one, then rotation.
fn daily_conn(
    conn: &Connection,
    db: &Path,
    cfg: &BackupConfig,
    now: PrimitiveDateTime,
) -> Result<Option<PathBuf>> {
    let backups = list(db)?;
    if let Some(newest) = backups.iter().find(|b| b.reason != Reason::Damaged) {
        if newest.taken.date() == now.date() {
            return Ok(None);
        }
        // A backup that cannot be read counts as changed.
        let same = match (
            open_read_only(&newest.path).and_then(|b| marker(&b)),
            marker(conn),
        ) {
            (Ok(then), Ok(now)) => then == now,
            _ => false,
        };
        if same {
            return Ok(None);
        }
    }
    let path = snapshot_conn(conn, db, Reason::Daily, now)?;
    rotate(db, cfg)?;
    Ok(Some(path))
}

/// The daily snapshot of a write command, before it writes (see [`daily_conn`]); nothing when
/// automatic backups are off or the store makes no backups.
pub fn daily(store: &Store, cfg: &BackupConfig) -> Result<Option<PathBuf>> {
    if !writes_allowed(store) || !cfg.auto_enabled() {
        return Ok(None);
    }
    daily_conn(&store.conn, &store.path, cfg, clock())
}

/// The daily snapshot taken by the TUI: on a thread with a connection of its own, so that
/// start-up never waits for it. A failure costs nothing but the snapshot.
pub fn spawn_daily(store: &Store, cfg: &BackupConfig) -> Option<std::thread::JoinHandle<()>> {
    if !writes_allowed(store) || !cfg.auto_enabled() {
        return None;
    }
    let (db, cfg, now) = (store.path.clone(), cfg.clone(), clock());
    Some(std::thread::spawn(move || {
        super::background::give_way();
        // Through SQLite only: the file is open in this process (see the module's comment).
        let Ok(conn) = open_read_only(&db) else {
            return;
        };
        let _ = conn.busy_timeout(super::BUSY_TIMEOUT);
        let _ = daily_conn(&conn, &db, &cfg, now);
    }))
}

/// A snapshot before an import (when automatic backups are on), then rotation.
pub fn before_import(store: &Store, cfg: &BackupConfig) -> Result<Option<PathBuf>> {
    if !writes_allowed(store) || !cfg.auto_enabled() {
        return Ok(None);
    }
    let path = snapshot_conn(&store.conn, &store.path, Reason::BeforeImport, clock())?;
    rotate(&store.path, cfg)?;
    Ok(Some(path))
}

/// Checks that `backup` is a whole Seedbed database this version can read, and opens it
/// read-only. Nothing is written.
pub fn verify(backup: &Path) -> Result<Connection> {
    use std::io::Read;
    if !backup.is_file() {
        return Err(BackupError::NotFound(backup.to_path_buf()));
    }
    // No connection to the backup is open yet, so reading its header with std::fs is safe.
    let mut header = [0u8; 16];
    let read = std::fs::File::open(backup).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() || &header != b"SQLite format 3\0" {
        return Err(BackupError::NotSeedbed(backup.to_path_buf()));
    }
    let damaged = |detail: String| BackupError::Damaged {
        path: backup.to_path_buf(),
        detail,
    };
    let conn = open_read_only(backup).map_err(|e| damaged(e.to_string()))?;
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| damaged(e.to_string()))?;
    if problems != ["ok"] {
        let first = problems.into_iter().next().unwrap_or_default();
        return Err(damaged(first));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    let has_records: bool = conn
        .query_row(
            "SELECT count(*) = 2 FROM sqlite_master
             WHERE type = 'table' AND name IN ('enterprises', 'change_groups')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| damaged(e.to_string()))?;
    if version == 0 || !has_records {
        return Err(BackupError::NotSeedbed(backup.to_path_buf()));
    }
    if version > MIGRATIONS.len() as i64 {
        return Err(BackupError::TooNew {
            path: backup.to_path_buf(),
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    Ok(conn)
}

/// The newest backup of `db` that reads as a whole SQLite database (`quick_check`), for the
/// message about a damaged file.
pub fn newest_good(db: &Path) -> Option<PathBuf> {
    let backups = list(db).ok()?;
    backups
        .into_iter()
        .filter(|b| b.reason != Reason::Damaged)
        .find(|b| {
            open_read_only(&b.path)
                .and_then(|c| c.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)))
                .is_ok_and(|s| s == "ok")
        })
        .map(|b| b.path)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The snapshot of the file before the restore.
    pub saved: Option<PathBuf>,
    /// Where a file that SQLite could not read was moved.
    pub moved_aside: Option<PathBuf>,
}

/// Copies the whole database of `from` into `to`, waiting up to [`RESTORE_WAIT`] for other
/// connections' locks.
fn copy_database(from: &Connection, to: &mut Connection, db: &Path) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let fail = |e: rusqlite::Error| BackupError::Restore {
        db: db.to_path_buf(),
        cause: Cause::sql(&e),
    };
    let copy = Backup::new(from, to).map_err(fail)?;
    let deadline = std::time::Instant::now() + RESTORE_WAIT;
    loop {
        match copy.step(-1).map_err(fail)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if std::time::Instant::now() >= deadline => {
                return Err(BackupError::Busy {
                    db: db.to_path_buf(),
                });
            }
            // Busy or locked: another program is writing; its transaction ends soon.
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// `seedbed restore BACKUP`: checks the backup, saves the current file as a backup, then puts
/// the backup's content in the file.
///
/// A file SQLite can read is kept in place and overwritten through SQLite's backup API (other
/// programs that have it open see a consistent database). A file it cannot read — corrupt, or
/// not a database — cannot be snapshotted: it is moved into the backups folder instead (with
/// its WAL), and a copy of the backup is renamed into its place.
pub fn restore(db: &Path, backup: &Path, cfg: &BackupConfig) -> Result<Restored> {
    let db_abs = absolute(db).unwrap_or_else(|_| db.to_path_buf());
    // By device and inode: a hard link to the database is the database too.
    if super::same_file(backup, db) {
        return Err(BackupError::SameFile(backup.to_path_buf()));
    }
    let source = verify(backup)?;
    match Store::open(db, super::OpenMode::Existing) {
        Ok(mut store) => {
            if !writes_allowed(&store) {
                return Err(BackupError::Restore {
                    db: db.to_path_buf(),
                    cause: Cause {
                        kind: CauseKind::ReadOnly,
                        detail: "the database is open read-only".into(),
                    },
                });
            }
            match snapshot_conn(&store.conn, db, Reason::BeforeRestore, clock()) {
                Ok(saved) => {
                    copy_database(&source, &mut store.conn, db)?;
                    // The backup's content must not pose as the file that went on after it.
                    super::sync::identity::unbind(&store.conn)?;
                    drop(store);
                    // A backup of an older schema is brought up to date now, not by the next
                    // command.
                    drop(Store::open(db, super::OpenMode::Existing)?);
                    let _ = rotate(db, cfg);
                    return Ok(Restored {
                        saved: Some(saved),
                        moved_aside: None,
                    });
                }
                Err(e) => {
                    let corrupt = store
                        .conn
                        .query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
                        .map_or_else(|e| is_corrupt(&e), |s| s != "ok");
                    if !corrupt {
                        return Err(e);
                    }
                }
            }
        }
        Err(StoreError::Missing(_)) => {
            place_copy(&source, &db_abs)?;
            new_origin(db)?;
            return Ok(Restored {
                saved: None,
                moved_aside: None,
            });
        }
        // Only a file that is damaged or not SQLite at all is replaced; another program's
        // database, or one that cannot be read (permissions), is left alone.
        Err(StoreError::NotADatabase {
            reason:
                super::NotSeedbed::Empty | super::NotSeedbed::NotSqlite | super::NotSeedbed::Corrupt(_),
            ..
        }) => {}
        Err(StoreError::Sql(e)) if is_corrupt(&e) => {}
        Err(e) => return Err(e.into()),
    }
    // The file cannot be read through SQLite, and no connection to it is open in this process
    // any more (the store above was dropped): it is moved aside by name, never read or copied.
    let moved = move_aside(&db_abs)?;
    place_copy(&source, &db_abs)?;
    new_origin(db)?;
    Ok(Restored {
        saved: None,
        moved_aside: Some(moved),
    })
}

/// Makes a restored file a new origin of the linkage (and brings an older schema up to date).
fn new_origin(db: &Path) -> Result<()> {
    let store = Store::open(db, super::OpenMode::Existing)?;
    super::sync::identity::unbind(&store.conn)?;
    drop(store);
    drop(Store::open(db, super::OpenMode::Existing)?);
    Ok(())
}

/// Moves a damaged database and its WAL into the backups folder, and removes its `-shm` (an
/// index of that WAL, rebuilt by SQLite).
fn move_aside(db: &Path) -> Result<PathBuf> {
    let dir = folder(db);
    let fail = |e: std::io::Error| BackupError::Restore {
        db: db.to_path_buf(),
        cause: Cause::io(&e),
    };
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let now = clock();
    let mut n = 1;
    let target = loop {
        let t = dir.join(file_name(db, now, n, Reason::Damaged));
        if !t.exists() {
            break t;
        }
        n += 1;
    };
    std::fs::rename(db, &target).map_err(fail)?;
    let side = super::side_file;
    // The WAL belongs to the moved file: left beside the new one, SQLite would replay it there.
    match std::fs::rename(side(db, "-wal"), side(&target, "-wal")) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(e)),
    }
    match std::fs::remove_file(side(db, "-shm")) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(e)),
    }
    Ok(target)
}

/// Writes the database of `source` to `db` (which does not exist now): a snapshot to a temporary
/// name beside it, renamed into place.
fn place_copy(source: &Connection, db: &Path) -> Result<()> {
    if let Some(dir) = db.parent() {
        std::fs::create_dir_all(dir).map_err(|e| BackupError::Restore {
            db: db.to_path_buf(),
            cause: Cause::io(&e),
        })?;
    }
    write_snapshot(source, db, db).map_err(|e| match e {
        BackupError::Write { cause, .. } => BackupError::Restore {
            db: db.to_path_buf(),
            cause,
        },
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn keep(daily: usize, weekly: usize, latest: usize, cap: u64) -> Keep {
        Keep {
            daily,
            weekly,
            latest,
            max_total_bytes: cap,
        }
    }

    #[test]
    fn names_round_trip_and_other_files_are_not_backups() {
        let db = Path::new("/data/pool.db");
        let t = datetime!(2026-12-02 20:31:05);
        assert_eq!(
            file_name(db, t, 1, Reason::Daily),
            "pool-2026-12-02T203105.db"
        );
        assert_eq!(
            file_name(db, t, 2, Reason::BeforeImport),
            "pool-2026-12-02T203105-2.before-import.db"
        );
        assert_eq!(
            parse_name(db, "pool-2026-12-02T203105-2.before-import.db"),
            Some((t, Reason::BeforeImport))
        );
        assert_eq!(
            parse_name(db, "pool-2026-12-02T203105.damaged.db"),
            Some((t, Reason::Damaged))
        );
        for other in [
            "pool-2026-12-02T203105.db-wal",
            ".pool-2026-12-02T203105.db.123.tmp",
            "pool-2026-12-02T203105.weird.db",
            "pool-2026-12-02T203105-.db",
            "pool-2026-13-02T203105.db",
            "demo-2026-12-02T203105.db",
            "pool.db",
        ] {
            assert_eq!(parse_name(db, other), None, "{other}");
        }
    }

    #[test]
    fn rotation_keeps_seven_days_and_four_weeks() {
        // One backup a day at 20:00 from Monday 2026-10-05 to Wednesday 2026-12-02, newest first.
        let first = time::macros::date!(2026 - 10 - 05);
        let mut set: Vec<(PrimitiveDateTime, u64)> = (0..59)
            .map(|d| (first + time::Duration::days(d), 1))
            .map(|(day, size)| (day.with_hms(20, 0, 0).unwrap(), size))
            .collect();
        set.reverse();
        assert_eq!(set[0].0, datetime!(2026-12-02 20:00));
        let plan = plan_rotation(&set, &keep(7, 4, 3, 0));
        let kept: Vec<PrimitiveDateTime> = set
            .iter()
            .zip(&plan)
            .filter(|(_, k)| **k)
            .map(|(b, _)| b.0)
            .collect();
        assert_eq!(
            kept,
            vec![
                // the last 7 days (the newest 3 among them)
                datetime!(2026-12-02 20:00),
                datetime!(2026-12-01 20:00),
                datetime!(2026-11-30 20:00),
                datetime!(2026-11-29 20:00),
                datetime!(2026-11-28 20:00),
                datetime!(2026-11-27 20:00),
                datetime!(2026-11-26 20:00),
                // Sundays, the newest of ISO weeks 47 and 46 (those of weeks 49 and 48 are
                // among the days above)
                datetime!(2026-11-22 20:00),
                datetime!(2026-11-15 20:00),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_temporary_snapshot_is_abandoned_once_its_writer_is_gone() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let me = std::process::id();
        let name = |pid: u32| format!(".pool-2026-12-02T101010.db.{pid}.tmp");
        assert!(writer_gone(&name(dead)));
        assert!(writer_gone(&format!("{}-journal", name(dead))));
        assert!(!writer_gone(&name(me)), "this process is alive");
        assert!(
            !writer_gone(".pool-2026-12-02T101010.db.tmp"),
            "no pid: not judged"
        );
    }

    #[test]
    fn rotation_keeps_the_newest_of_a_day_and_the_latest_few() {
        let set = [
            (datetime!(2026-12-02 18:00), 1),
            (datetime!(2026-12-02 15:00), 1),
            (datetime!(2026-12-02 09:00), 1),
            (datetime!(2026-12-02 08:00), 1),
            (datetime!(2026-12-01 23:00), 1),
            (datetime!(2026-12-01 07:00), 1),
            (datetime!(2026-11-20 12:00), 1),
        ];
        assert_eq!(
            plan_rotation(&set, &keep(7, 0, 3, 0)),
            vec![true, true, true, false, true, false, true]
        );
        assert_eq!(
            plan_rotation(&set, &keep(1, 0, 0, 0)),
            vec![true, false, false, false, false, false, false]
        );
        // Nothing asked for: the newest stays all the same.
        assert_eq!(
            plan_rotation(&set, &keep(0, 0, 0, 0)),
            vec![true, false, false, false, false, false, false]
        );
        assert_eq!(plan_rotation(&[], &keep(7, 4, 3, 10)), Vec::<bool>::new());
    }

    #[test]
    fn an_upgrade_backs_up_into_the_folder_past_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("old.db");
        let mut conn = Connection::open(&db).unwrap();
        rusqlite_migration::Migrations::from_slice(MIGRATIONS)
            .to_version(&mut conn, 3)
            .unwrap();
        drop(conn);
        // The old scheme's leftover beside the file and a crashed snapshot in the folder.
        std::fs::write(dir.path().join("old.db.v3.bak"), b"partial").unwrap();
        std::fs::create_dir(dir.path().join("backups")).unwrap();
        std::fs::write(
            dir.path().join("backups").join(format!(
                ".old-2026-12-02T101010.before-upgrade.db.{}.tmp",
                std::process::id()
            )),
            b"SQLite format 3\0",
        )
        .unwrap();

        let store = Store::open(&db, super::super::OpenMode::Existing).unwrap();
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        let backups = list(&db).unwrap();
        assert_eq!(backups.len(), 1, "{backups:?}");
        assert_eq!(backups[0].reason, Reason::BeforeUpgrade);
        let saved = verify(&backups[0].path).unwrap();
        let saved_version: i64 = saved
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(saved_version, 3);
    }

    #[test]
    fn the_size_cap_drops_the_oldest_but_never_the_newest() {
        let set = [
            (datetime!(2026-12-02 20:00), 400),
            (datetime!(2026-12-01 20:00), 300),
            (datetime!(2026-11-30 20:00), 300),
            (datetime!(2026-11-29 20:00), 200),
            (datetime!(2026-11-10 20:00), 100),
        ];
        // 400 + 300 + 300 = 1000 fits; the 200 and the 100 behind them go.
        assert_eq!(
            plan_rotation(&set, &keep(7, 4, 3, 1000)),
            vec![true, true, true, false, false]
        );
        assert_eq!(
            plan_rotation(&set, &keep(7, 4, 3, 1300)),
            vec![true, true, true, true, true]
        );
        // The newest alone exceeds the cap: it is kept, everything else goes.
        assert_eq!(
            plan_rotation(&set, &keep(7, 4, 3, 100)),
            vec![true, false, false, false, false]
        );
    }
}
