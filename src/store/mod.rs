//! The SQLite file: opening it safely, migrations, and the queries and writes the app needs.

pub mod backup;
pub mod bureau;
pub mod changes;
pub mod check;
pub mod derived;
pub mod detail;
pub mod edit;
pub mod import;
pub mod queries;
pub mod ranking;
pub mod summaries;

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
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database file {0} does not exist (create one with `seedbed demo --db {0}`)")]
    Missing(PathBuf),
    #[error("{path} is not a Seedbed database: {reason}")]
    NotADatabase { path: PathBuf, reason: String },
    #[error("database {path} is locked by another program; close it and try again")]
    Locked { path: PathBuf },
    #[error(
        "database {path} was written by a newer Seedbed (schema {found}, this one knows {known})"
    )]
    TooNew {
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
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How to open a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist and be a Seedbed database (migrated forward if older).
    Existing,
    /// Create the file if it does not exist.
    CreateIfMissing,
}

/// How long a statement waits for another connection's lock before giving up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(2000);

/// An open Seedbed database.
pub struct Store {
    pub conn: Connection,
    pub path: PathBuf,
}

impl Store {
    /// Opens `path`, checking that it is SQLite and a Seedbed file, applying pragmas and migrations.
    /// A file that is not SQLite is never modified.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        let exists = path.exists();
        if !exists && mode == OpenMode::Existing {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        if exists {
            check_header(path)?;
        } else if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Create {
                path: path.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | if exists {
                OpenFlags::empty()
            } else {
                OpenFlags::SQLITE_OPEN_CREATE
            };
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| classify(e, path, "cannot open"))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure().map_err(|e| match e {
            StoreError::Sql(e) => classify(e, path, "cannot read"),
            other => other,
        })?;
        store.migrate(exists)?;
        Ok(store)
    }

    /// Creates a new empty database at `path`; with `force`, an existing file is replaced.
    pub fn create(path: &Path, force: bool) -> Result<Store> {
        if path.exists() {
            if !force {
                return Err(StoreError::Exists {
                    path: path.to_path_buf(),
                });
            }
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                match std::fs::remove_file(PathBuf::from(p)) {
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
        };
        store.configure()?;
        store.migrate(false)?;
        Ok(store)
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // Reading the journal mode touches the file: a locked or corrupt file fails here.
        let _: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = NORMAL;
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
        if existed && version == 0 {
            let tables: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(StoreError::NotADatabase {
                    path: self.path.clone(),
                    reason: "it is an SQLite file of another program".into(),
                });
            }
        }
        if existed && version > 0 && version < MIGRATIONS.len() as i64 {
            self.backup(version)?;
        }
        migrations.to_latest(&mut self.conn)?;
        Ok(())
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

/// Checks the 16-byte SQLite header so that a file of another kind is refused untouched.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let not_db = |reason: String| StoreError::NotADatabase {
        path: path.to_path_buf(),
        reason,
    };
    let mut file = std::fs::File::open(path).map_err(|e| not_db(e.to_string()))?;
    let mut header = [0u8; 16];
    match file.read_exact(&mut header) {
        Ok(()) if &header == b"SQLite format 3\0" => Ok(()),
        Ok(()) => Err(not_db("it is not an SQLite file".into())),
        Err(_) if file.metadata().map(|m| m.len() == 0).unwrap_or(false) => {
            Err(not_db("the file is empty".into()))
        }
        Err(_) => Err(not_db("the file is too short to be SQLite".into())),
    }
}

fn classify(e: rusqlite::Error, path: &Path, what: &str) -> StoreError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: format!("{what} it: the file is corrupt ({e})"),
        },
        _ => StoreError::Sql(e),
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
