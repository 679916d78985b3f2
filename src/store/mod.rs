//! The SQLite file: opening it safely, migrations, and the queries and writes the app needs.

pub mod agenda;
pub mod alerts;
pub mod asof;
pub mod background;
pub mod backup;
pub mod bureau;
pub mod cadence;
pub mod certs;
pub mod changes;
pub mod check;
pub mod commissioners;
pub mod derived;
pub mod detail;
pub mod districts;
pub mod edit;
// history: the History screen and the detail's timeline
pub mod history;
pub mod import;
pub mod itinerary;
pub mod ledgers;
pub mod listview;
pub mod overview;
pub mod pool;
pub mod prefill;
pub mod presence;
pub mod private;
pub mod queries;
pub mod ranking;
pub mod requests;
pub mod review;
pub mod saved_views;
pub mod summaries;
pub mod sync;
pub mod targets;
pub mod trends;
pub mod window;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};
use time::{Date, PrimitiveDateTime};

/// The schema, one entry per version. Never edit a released entry: add a new one.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("schema_v1.sql")),
    M::up(include_str!("schema_v2.sql")),
    M::up(include_str!("schema_v3.sql")),
    M::up(include_str!("schema_v4.sql")),
    M::up(include_str!("schema_figures.sql")),
    M::up(include_str!("schema_districts.sql")),
    M::up(include_str!("schema_ledgers.sql")),
    M::up(include_str!("schema_asof.sql")),
    M::up(include_str!("schema_sync.sql")),
    M::up(include_str!("schema_review.sql")),
    M::up(include_str!("schema_start.sql")),
    M::up(include_str!("schema_views.sql")),
    M::up(include_str!("schema_history.sql")),
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database file {0} does not exist (create one with `seedbed demo --db {0}`)")]
    Missing(PathBuf),
    #[error("{0} is a directory, not a database file (pass the file, e.g. --db {0}/seedbed.db)")]
    IsDirectory(PathBuf),
    #[error("{path} is not a Seedbed database: {reason}")]
    NotADatabase { path: PathBuf, reason: NotSeedbed },
    #[error("database {path} is locked by another program; close it and try again")]
    Locked { path: PathBuf },
    #[error("database {path} is being written by another program; try again in a moment")]
    Busy { path: PathBuf },
    #[error("database {path} is open read-only ({reason}): nothing can be changed")]
    ReadOnly { path: PathBuf, reason: ReadOnly },
    #[error(
        "database {path} was written by a newer Seedbed (schema {found}, this one knows {known})"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error(
        "database {path} needs an upgrade (schema {found} to {known}) but is open read-only; open it once with write access"
    )]
    NeedsUpgrade {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error("cannot back up {path} before upgrading it: {source}")]
    Backup {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} already exists (use --force to replace it)")]
    Exists { path: PathBuf },
    #[error("cannot create {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored value is invalid: {0}")]
    BadValue(String),
    #[error("{0}")]
    Invalid(String),
    /// A ledger write refused; the words (zh and en) are in `i18n::ledgers_text`.
    #[error("{0:?}")]
    Ledger(ledgers::LedgerError),
    #[error(transparent)]
    District(#[from] districts::DistrictError),
}

impl StoreError {
    /// Whether another connection held the write lock for longer than this one would wait.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Busy { .. } | StoreError::Locked { .. } => true,
            StoreError::Sql(e) => is_busy(e),
            StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                is_busy(err)
            }
            _ => false,
        }
    }
}

/// The TUI's connection settings: a 5 MB page cache, which holds the pages of the two or three
/// list windows last read (a window reads three screens of rows; the Alerts list's are one run
/// of pages), and temporary sorts on file.
pub fn tune_for_tui(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA cache_size = -5000; PRAGMA temp_store = FILE;")
}

/// Whether an SQLite error says the file is locked by another connection.
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Why a file is refused as a Seedbed database (the words are in `i18n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSeedbed {
    Empty,
    NotSqlite,
    OtherProgram,
    /// SQLite says the file is damaged; the detail is SQLite's own message.
    Corrupt(String),
    /// The file cannot be read at all (permissions, I/O); the detail is the system's message.
    Unreadable(String),
}

impl std::fmt::Display for NotSeedbed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotSeedbed::Empty => f.write_str("the file is empty"),
            NotSeedbed::NotSqlite => f.write_str("it is not an SQLite file"),
            NotSeedbed::OtherProgram => f.write_str("it is an SQLite file of another program"),
            NotSeedbed::Corrupt(detail) => write!(f, "the file is corrupt ({detail})"),
            NotSeedbed::Unreadable(detail) => write!(f, "it cannot be read ({detail})"),
        }
    }
}

/// Why a file is open read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {
    /// `--read-only`.
    Asked,
    /// The file itself cannot be written by this user.
    FileNotWritable,
    /// The folder cannot be written, so SQLite cannot keep its journal beside the file.
    FolderNotWritable,
}

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReadOnly::Asked => "--read-only",
            ReadOnly::FileNotWritable => "the file is not writable",
            ReadOnly::FolderNotWritable => "its folder is not writable",
        })
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How to open a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist and be a Seedbed database (migrated forward if older); opened
    /// read-only, saying why, when it or its folder cannot be written.
    Existing,
    /// Create the file if it does not exist.
    CreateIfMissing,
    /// The file must exist; nothing is written to it (`--read-only`).
    ReadOnly,
}

/// How long a statement waits for another connection's lock before giving up, unless the
/// caller sets its own wait (`Store::set_wait`).
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(2000);

/// `PRAGMA application_id` of a Seedbed file ("SEED" in ASCII): another program's SQLite
/// file is recognised by it before anything is written.
pub const APPLICATION_ID: i32 = 0x5345_4544;

/// The tables every Seedbed schema has: a file from before the application id is recognised
/// by them.
const SEEDBED_TABLES: [&str; 4] = ["meta", "change_groups", "change_log", "enterprises"];

/// An open Seedbed database.
pub struct Store {
    pub conn: Connection,
    pub path: PathBuf,
    /// Set when nothing may be written, with the reason.
    pub read_only: Option<ReadOnly>,
    /// How long a write waits for another program's write (see `set_wait`).
    pub wait: std::time::Duration,
}

impl Store {
    /// Opens `path`, checking that it is SQLite and a Seedbed file, then applying pragmas and
    /// migrations. A file that is not Seedbed's is never modified: it is recognised by reads
    /// through SQLite alone. The file is never opened outside SQLite either: on Linux, closing
    /// any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
    /// included, and another program would then delete the journal this process still uses.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        let meta = match std::fs::metadata(path) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(StoreError::NotADatabase {
                    path: path.to_path_buf(),
                    reason: NotSeedbed::Unreadable(e.to_string()),
                });
            }
        };
        let exists = meta.is_some();
        match &meta {
            Some(m) if m.is_dir() => return Err(StoreError::IsDirectory(path.to_path_buf())),
            // An empty file where a new one may be made is one another program has just
            // created (two imports into a new path at once): SQLite fills it like a new file.
            Some(m) if m.len() == 0 && mode != OpenMode::CreateIfMissing => {
                return Err(StoreError::NotADatabase {
                    path: path.to_path_buf(),
                    reason: NotSeedbed::Empty,
                });
            }
            Some(_) => {}
            None if mode != OpenMode::CreateIfMissing => {
                return Err(StoreError::Missing(path.to_path_buf()));
            }
            None => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|source| StoreError::Create {
                        path: path.to_path_buf(),
                        source,
                    })?;
                }
            }
        }
        let read_only = match mode {
            OpenMode::ReadOnly => Some(ReadOnly::Asked),
            _ if exists => access::read_only_reason(path),
            _ => None,
        };
        let conn = connect(path, exists, read_only)?;
        // Even the first reads wait for another program that is creating or upgrading the file.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            wait: BUSY_TIMEOUT,
        };
        let (version, app_id) = store.identify(exists)?;
        store.configure().map_err(|e| match e {
            StoreError::Sql(e) => classify(e, path),
            other => other,
        })?;
        if store.read_only.is_some() {
            if version < MIGRATIONS.len() as i64 {
                return Err(StoreError::NeedsUpgrade {
                    path: path.to_path_buf(),
                    found: version,
                    known: MIGRATIONS.len(),
                });
            }
        } else {
            store.migrate(exists)?;
            sync::triggers::ensure(&store.conn)?;
            sync::identity::settle(&store.conn, path, false)?;
            // Older files' free-text districts get their codes (once per table edition).
            districts::map_free_text(&mut store.conn)?;
            if app_id != APPLICATION_ID {
                store
                    .conn
                    .pragma_update(None, "application_id", APPLICATION_ID)?;
            }
        }
        Ok(store)
    }

    /// Checks, by reading only, that the file is a Seedbed database (or a new empty one) this
    /// program can use; returns its schema version and application id.
    fn identify(&self, existed: bool) -> Result<(i64, i32)> {
        let path = &self.path;
        let read = |e| classify(e, path);
        // One statement, so one snapshot: another program creating the file at this moment
        // is seen before its schema or after it, never half-way.
        let (app_id, version, tables): (i32, i64, String) = self
            .conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id),
                        (SELECT user_version FROM pragma_user_version),
                        (SELECT coalesce(group_concat(name, ' '), '') FROM sqlite_master
                         WHERE type = 'table')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(read)?;
        let tables: Vec<&str> = tables.split_whitespace().collect();
        let other = || StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: NotSeedbed::OtherProgram,
        };
        let ours = app_id == APPLICATION_ID
            || (app_id == 0 && version > 0 && SEEDBED_TABLES.iter().all(|t| tables.contains(t)));
        let blank = app_id == 0 && version == 0 && tables.is_empty();
        if !(ours || blank) {
            return Err(other());
        }
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        if blank && existed && self.read_only.is_some() {
            // An empty SQLite file opened read-only has nothing to show.
            return Err(other());
        }
        Ok((version, app_id))
    }

    /// Sets how long a write waits for another program's write to finish.
    pub fn set_wait(&mut self, wait: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        self.wait = wait;
        Ok(())
    }

    /// Fails, saying why, when the file is open read-only.
    pub fn writable(&self) -> Result<()> {
        match self.read_only {
            Some(reason) => Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason,
            }),
            None => Ok(()),
        }
    }

    /// Creates a new empty database at `path`; with `force`, an existing file is replaced.
    pub fn create(path: &Path, force: bool) -> Result<Store> {
        if path.is_dir() {
            return Err(StoreError::IsDirectory(path.to_path_buf()));
        }
        if path.exists() {
            if !force {
                return Err(StoreError::Exists {
                    path: path.to_path_buf(),
                });
            }
            for suffix in ["", "-wal", "-shm"] {
                match std::fs::remove_file(side_file(path, suffix)) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(source) => {
                        return Err(StoreError::Create {
                            path: path.to_path_buf(),
                            source,
                        });
                    }
                }
            }
        }
        Store::open(path, OpenMode::CreateIfMissing)
    }

    /// An in-memory database with the full schema (tests and benchmarks).
    pub fn in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            read_only: None,
            wait: BUSY_TIMEOUT,
        };
        store.configure()?;
        store.migrate(false)?;
        sync::triggers::ensure(&store.conn)?;
        sync::identity::settle(&store.conn, Path::new(":memory:"), false)?;
        districts::map_free_text(&mut store.conn)?;
        Ok(store)
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // A deferred transaction that reads first and then writes cannot wait for another
        // writer: SQLite fails its upgrade at once (SQLITE_BUSY), bypassing the busy timeout.
        // Every write transaction takes the write lock when it begins instead.
        self.conn
            .set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        if self.read_only.is_some() {
            self.conn.execute_batch("PRAGMA query_only = ON;")?;
        } else {
            // Entering WAL mode needs the file to itself, and SQLite does not wait for that
            // (a read lock cannot wait to become exclusive): while another program creates
            // the same new file, the switch is tried again for up to the usual wait.
            let started = std::time::Instant::now();
            loop {
                match self
                    .conn
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                {
                    Ok(_) => break,
                    Err(e) if is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            self.conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
        }
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -32000;",
        )?;
        // The pinyin of a name, for sorting by name (`seedbed list --sort name`).
        self.conn.create_scalar_function(
            "pinyin_key",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                Ok(ctx
                    .get_raw(0)
                    .as_str_or_null()
                    .ok()
                    .flatten()
                    .map(crate::text::pinyin_key))
            },
        )?;
        Ok(())
    }

    fn migrate(&mut self, existed: bool) -> Result<()> {
        let migrations = Migrations::from_slice(MIGRATIONS);
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        if existed && version > 0 && version < MIGRATIONS.len() as i64 {
            self.backup(version)?;
        }
        match migrations.to_latest(&mut self.conn) {
            Ok(()) => Ok(()),
            // The version is read before the migration's write lock: another program that
            // opened the file at the same moment may have migrated it first.
            Err(e) => {
                let now: i64 = self
                    .conn
                    .query_row("PRAGMA user_version", [], |r| r.get(0))?;
                if now == MIGRATIONS.len() as i64 {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }

    /// Snapshots the file into its `backups/` folder before a migration changes it (through
    /// SQLite, to a temporary name first: a leftover never blocks the next open).
    fn backup(&self, _version: i64) -> Result<()> {
        backup::before_upgrade(&self.conn, &self.path)
            .map(drop)
            .map_err(|e| StoreError::Backup {
                path: self.path.clone(),
                source: std::io::Error::other(e),
            })
    }

    /// A value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// Opens the SQLite connection: read-write (creating the file when it is new), or read-only,
/// and immutable when the folder cannot hold SQLite's shared-memory file.
fn connect(path: &Path, exists: bool, read_only: Option<ReadOnly>) -> Result<Connection> {
    let open = |flags: OpenFlags, target: &Path| {
        Connection::open_with_flags(target, OpenFlags::SQLITE_OPEN_NO_MUTEX | flags)
            .map_err(|e| classify(e, path))
    };
    match read_only {
        None if exists => open(OpenFlags::SQLITE_OPEN_READ_WRITE, path),
        None => open(
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            path,
        ),
        Some(ReadOnly::FolderNotWritable) => {
            // A WAL file can be read without writing only when SQLite's `-shm` file already
            // exists; otherwise the file is read as immutable (no locks, no journal).
            let conn = open(OpenFlags::SQLITE_OPEN_READ_ONLY, path)?;
            match conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0)) {
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => {
                    drop(conn);
                    open(
                        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
                        Path::new(&immutable_uri(path)),
                    )
                }
                _ => Ok(conn),
            }
        }
        Some(_) => open(OpenFlags::SQLITE_OPEN_READ_ONLY, path),
    }
}

/// The `file:` URI that opens `path` as immutable, with the characters URIs reserve escaped.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            _ => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Whether this process may write a file and its folder.
mod access {
    use super::ReadOnly;
    use std::path::Path;

    #[cfg(unix)]
    fn writable(path: &Path) -> bool {
        rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
    }

    #[cfg(not(unix))]
    fn writable(path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
    }

    /// Why an existing file must be opened read-only, if it must.
    pub fn read_only_reason(path: &Path) -> Option<ReadOnly> {
        if !writable(path) {
            return Some(ReadOnly::FileNotWritable);
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        (!writable(folder)).then_some(ReadOnly::FolderNotWritable)
    }
}

fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: NotSeedbed::NotSqlite,
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: NotSeedbed::Corrupt(e.to_string()),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::SystemIoFailure) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: NotSeedbed::Unreadable(e.to_string()),
            }
        }
        _ => StoreError::Sql(e),
    }
}

/// The files SQLite keeps beside a database: the write-ahead log, its shared memory, and the
/// rollback journal.
pub const SIDE_SUFFIXES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `db` with `suffix` appended to its name (`pool.db-wal`).
pub fn side_file(db: &Path, suffix: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Whether two paths name the same existing file (by device and inode, so hard links and other
/// names count too), found by `stat` alone: the file is never opened.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}

/// A fresh record id (ULID: sortable by creation, unique across machines).
pub fn new_id() -> String {
    ulid::Ulid::new().to_string()
}

/// The current local time, as stored in `created_at`/`updated_at`.
pub fn now_stamp() -> String {
    let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    format_datetime(PrimitiveDateTime::new(now.date(), now.time()))
}

const DATE_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");
const DATETIME_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

pub fn format_date(d: Date) -> String {
    // Written out by hand for the years of four digits: an import formats several dates a row,
    // and the general formatter costs about ten times as much.
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.format(DATE_FORMAT).unwrap_or_default();
    }
    let digit = |n: i32| char::from(b'0' + (n % 10) as u8);
    let (month, day) = (i32::from(u8::from(d.month())), i32::from(d.day()));
    let mut s = String::with_capacity(10);
    for n in [year / 1000, year / 100, year / 10, year] {
        s.push(digit(n));
    }
    s.push('-');
    s.extend([digit(month / 10), digit(month)]);
    s.push('-');
    s.extend([digit(day / 10), digit(day)]);
    s
}

pub fn format_datetime(d: PrimitiveDateTime) -> String {
    d.format(DATETIME_FORMAT).unwrap_or_default()
}

pub fn parse_date(s: &str) -> Result<Date> {
    // `YYYY-MM-DD`, as dates are stored, read by hand; anything else (and an impossible day)
    // goes to the general parser, which says what is wrong.
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u16, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
        && let Ok(month) = time::Month::try_from(m as u8)
        && let Ok(date) = Date::from_calendar_date(i32::from(y), month, d as u8)
    {
        return Ok(date);
    }
    Date::parse(s, DATE_FORMAT).map_err(|e| StoreError::BadValue(format!("date {s:?}: {e}")))
}

pub fn parse_datetime(s: &str) -> Result<PrimitiveDateTime> {
    PrimitiveDateTime::parse(s, DATETIME_FORMAT)
        .map_err(|e| StoreError::BadValue(format!("time {s:?}: {e}")))
}

pub fn parse_opt_date(s: Option<String>) -> Result<Option<Date>> {
    s.as_deref().map(parse_date).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_and_read_as_the_general_format_does() {
        for (y, m, d) in [
            (2026, 11, 21),
            (1999, 1, 9),
            (5, 12, 31),
            (9999, 2, 28),
            (2024, 2, 29),
        ] {
            let date = Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
            let text = date.format(DATE_FORMAT).unwrap();
            assert_eq!(format_date(date), text);
            assert_eq!(parse_date(&text).unwrap(), date);
        }
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "2026/01/01",
            "２０２６-01-01",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn migrations_are_valid() {
        Migrations::from_slice(MIGRATIONS).validate().unwrap();
    }

    #[test]
    fn creates_then_reopens_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        Store::create(&path, false).unwrap();
        let s = Store::open(&path, OpenMode::Existing).unwrap();
        let mode: String = s
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = s
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        assert!(matches!(
            Store::create(&path, false),
            Err(StoreError::Exists { .. })
        ));
    }

    #[test]
    fn refuses_missing_and_foreign_files_without_touching_them() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.db");
        assert!(matches!(
            Store::open(&missing, OpenMode::Existing),
            Err(StoreError::Missing(_))
        ));
        assert!(!missing.exists());

        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "这不是数据库 at all, just text padding").unwrap();
        let e = Store::open(&text, OpenMode::Existing).err().unwrap();
        assert!(e.to_string().contains("not an SQLite file"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&text).unwrap(),
            "这不是数据库 at all, just text padding"
        );

        let other = dir.path().join("other.db");
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x)").unwrap();
        drop(c);
        let e = Store::open(&other, OpenMode::Existing).err().unwrap();
        assert!(e.to_string().contains("another program"), "{e}");
    }

    #[test]
    fn dates_round_trip() {
        let d = time::macros::date!(2026 - 11 - 21);
        assert_eq!(format_date(d), "2026-11-21");
        assert_eq!(parse_date("2026-11-21").unwrap(), d);
        assert!(parse_date("2026-13-01").is_err());
    }
}
