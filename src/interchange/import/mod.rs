//! Importing a file: reading it, mapping its headers onto a kind, checking every row, and — only
//! when every row is good — writing all of them in one transaction (all or nothing).
//!
//! A row that carries a record id (every export writes one) is that record, here or in another
//! file: a new record keeps the id (see `ids`). Other rows, and rows whose id is not
//! stored where the natural key names one record only, match stored records by their natural
//! key: enterprises by credit code; pool memberships
//! by credit code + pool (+ entry date); projects by credit code + name; milestones by project +
//! name; visits by credit code + date; requests by credit code + time raised + text; figures by
//! credit code + year; certificates by credit code + number; support actions by credit code +
//! text + due day; rewards by credit code + kind + year. A matched record is updated only
//! where a cell differs, so importing the same file twice changes (and logs) nothing. A blank
//! cell keeps the stored value.

use super::columns::{HeaderMap, Kind, closest_kind, guess_kind};
use super::csv_in::{self, TextEncoding};
use super::words::Words;
use super::{FileError, FileFormat, Problem, Sheet, Why, xlsx_in};
use crate::config::Config;
use crate::lang::Lang;
use crate::store::derived::{self, Scope};
use crate::store::import::{self as db, EnterpriseRef, Writer};
use crate::store::{Store, now_stamp};
use rusqlite::types::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use time::Date;

mod apply;
mod check;
use apply::{Apply, ENTERPRISE_FIELDS};
use check::{Checker, get, get_text};

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The kind of data; guessed from the headers when `None`.
    pub kind: Option<Kind>,
    /// Check and report what would change, writing nothing.
    pub dry_run: bool,
    /// The sheet of a spreadsheet (default: the first).
    pub sheet: Option<String>,
    pub encoding: TextEncoding,
    /// The language of problems and of the labels they suggest.
    pub lang: Lang,
    pub today: Date,
    /// The commissioner (id) the change log names.
    pub commissioner: Option<String>,
}

/// From this many rows on, new enterprises and their pool memberships are logged by id (see
/// `store::import::Writer::insert_new`) rather than row by row.
const BULK_ROWS: usize = 500;

/// The page cache of a big import, in KiB (the connection's own size is restored after).
const BULK_CACHE_KIB: i64 = 256 * 1024;

/// At least this many new enterprises, and at least as many as are stored, are loaded without
/// the secondary indexes of `enterprises`, which are rebuilt once at the end.
const BULK_INDEX_ROWS: usize = 5000;

/// Partial indexes of `enterprises` that leave out a new enterprise (no projects yet, so no
/// colour to expire; a commissioner only when the file names one): a bulk import keeps them,
/// as its rows skip them, where a rebuild would read the whole table.
const BULK_KEPT_INDEXES: [&str; 2] = ["enterprises_valid_until", "enterprises_commissioner"];

/// What one written (or, on a dry run, would-be written) row changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeNote {
    pub line: usize,
    pub added: bool,
    /// What the row is about (an enterprise's name, a project's name, …).
    pub label: String,
    /// (header, before, after) of the cells that changed.
    pub fields: Vec<(String, String, String)>,
}

/// The outcome of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    pub path: PathBuf,
    pub kind: Kind,
    /// The text encoding a CSV file was read in.
    pub encoding: Option<&'static str>,
    pub rows: usize,
    /// Headers that name no column of the kind.
    pub ignored: Vec<String>,
    pub problems: Vec<Problem>,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// The lines of totals rows below the data, skipped.
    pub totals: Vec<usize>,
    /// Commissioners named in the file and not known yet (added with the rows).
    pub new_commissioners: Vec<String>,
    /// Each changed row (dry runs only).
    pub changes: Vec<ChangeNote>,
    /// Whether the rows were written.
    pub written: bool,
    pub dry_run: bool,
}

/// Refuses an input path that is missing, a directory, or not a regular file (a pipe or a
/// device would block the read or never end), before anything is opened.
pub fn check_input(path: &Path) -> Result<(), FileError> {
    let meta = std::fs::metadata(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            FileError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            FileError::Read {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    if meta.is_dir() {
        return Err(FileError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if !meta.is_file() {
        return Err(FileError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Reads a CSV or spreadsheet file into a sheet.
pub fn read_sheet(
    path: &Path,
    sheet: Option<&str>,
    encoding: TextEncoding,
) -> Result<(Sheet, Option<&'static str>), FileError> {
    check_input(path)?;
    match FileFormat::from_path(path) {
        Some(FileFormat::Csv) => csv_in::read(path, encoding).map(|(s, e)| (s, Some(e))),
        Some(FileFormat::Xlsx) => xlsx_in::read(path, sheet).map(|s| (s, None)),
        Some(FileFormat::Json) => super::json_in::read(path).map(|s| (s, None)),
        _ => Err(FileError::UnknownFormat {
            path: path.to_path_buf(),
        }),
    }
}

/// A checked row: the values of the kind's columns (`None`: absent or blank) and what it refers to.
#[derive(Debug, Clone)]
struct Rec {
    line: usize,
    vals: Vec<Option<Value>>,
    enterprise: Option<String>,
    project: Option<String>,
}

/// Reads, checks and (unless there are problems or it is a dry run) imports `path` into `store`.
/// The database is not touched until every row has passed; on problems it is left as it was.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    config: &Config,
) -> anyhow::Result<ImportReport> {
    let (sheet, encoding) = read_sheet(path, opts.sheet.as_deref(), opts.encoding)?;
    let kind = match opts.kind {
        Some(k) => k,
        None => match guess_kind(&sheet.headers) {
            Ok(Some(k)) => k,
            guess => {
                // A file that is nearly one kind is told which required column it lacks.
                if let Ok(None) = guess
                    && let Some((kind, missing)) = closest_kind(&sheet.headers)
                {
                    return Err(FileError::MissingColumns {
                        path: path.to_path_buf(),
                        kind,
                        columns: missing
                            .iter()
                            .map(|c| c.name(opts.lang).to_string())
                            .collect(),
                    }
                    .into());
                }
                return Err(FileError::UnknownKind {
                    path: path.to_path_buf(),
                    headers: sheet.headers.join(", "),
                    kinds: Kind::ALL
                        .into_iter()
                        .filter(|k| k.importable())
                        .map(Kind::code)
                        .collect::<Vec<_>>()
                        .join(", "),
                }
                .into());
            }
        },
    };
    // Rankings are computed from the data: a file of them is never taken in.
    if !kind.importable() {
        return Err(FileError::ExportOnly {
            path: path.to_path_buf(),
            kind,
        }
        .into());
    }
    let mut sheet = sheet;
    let mut tries = 0;
    loop {
        match import_sheet(store, path, sheet, kind, encoding, opts, config) {
            // Another program wrote the file between the check and the write: the rows are
            // checked again against what it holds now (the sheet is read anew only then).
            Err(e) if e.is::<Raced>() && tries < RACE_RETRIES => {
                tries += 1;
                sheet = read_sheet(path, opts.sheet.as_deref(), opts.encoding)?.0;
            }
            done => return done,
        }
    }
}

// round trip
mod ids;

/// How often an import checks its rows again when another program wrote the file meanwhile.
const RACE_RETRIES: usize = 3;

/// Another program committed to the file after the rows were checked against it: written as
/// checked, they could repeat rows it added (two imports started together).
#[derive(Debug, thiserror::Error)]
#[error("another program wrote the file while this import was being checked")]
pub struct Raced;

/// `PRAGMA data_version`: changes when another connection commits to the file.
fn data_version(conn: &rusqlite::Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

/// Checks and imports an already read sheet as `kind`.
pub fn import_sheet(
    store: &mut Store,
    path: &Path,
    mut sheet: Sheet,
    kind: Kind,
    encoding: Option<&'static str>,
    opts: &ImportOptions,
    config: &Config,
) -> anyhow::Result<ImportReport> {
    let map = HeaderMap::new(kind, &sheet.headers);
    let mut report = ImportReport {
        path: path.to_path_buf(),
        kind,
        encoding,
        rows: sheet.rows.len(),
        ignored: map.ignored.clone(),
        totals: std::mem::take(&mut sheet.totals),
        problems: Vec::new(),
        added: 0,
        updated: 0,
        unchanged: 0,
        new_commissioners: Vec::new(),
        changes: Vec::new(),
        written: false,
        dry_run: opts.dry_run,
    };
    let mut checker = Checker::new(kind, &map, opts.lang, opts.today);
    checker.problems = header_problems(&map, sheet.header_line, kind, opts.lang);
    if !checker.problems.is_empty() {
        report.problems = checker.problems;
        return Ok(report);
    }
    // Only a header (or only totals below it): nothing would be imported, which is never what
    // the file was meant for.
    if sheet.rows.is_empty() {
        return Err(FileError::NoDataRows {
            path: path.to_path_buf(),
            line: sheet.header_line,
        }
        .into());
    }

    // Every row on its own, then against each other, then against the database.
    let mut recs = checker.rows(&sheet.rows);
    // The records hold every value now: the cells' memory goes back to the allocator before
    // the writes, whose page cache then reuses it instead of faulting in fresh pages.
    drop(std::mem::take(&mut sheet.rows));
    let compared = compared_in_memory(kind, recs.len(), &map);
    // Taken before the rows are compared with the file: a commit by another program after it
    // sends the import back to check again (see `write_rows`).
    let seen = data_version(&store.conn)?;
    let enterprises = db::enterprises_by_code(&store.conn, &compared)?;
    let projects = if kind == Kind::Milestones {
        db::projects_by_name(&store.conn)?
    } else {
        HashMap::new()
    };
    checker.references(&store.conn, &mut recs, &enterprises, &projects)?;
    checker.duplicates(&recs);
    if !checker.problems.is_empty() {
        report.problems = in_file_order(checker.problems, &map);
        return Ok(report);
    }

    if !opts.dry_run {
        derived::refresh(&mut store.conn, opts.today, config)?;
    }
    let new = if kind == Kind::Enterprises {
        recs.iter()
            .filter(|r| {
                get_text(kind, r, "credit_code").is_some_and(|c| !enterprises.contains_key(&c))
            })
            .count()
    } else {
        0
    };
    let bulk_new = !opts.dry_run && new >= BULK_INDEX_ROWS && new >= enterprises.len();
    let settings = BulkSettings::enter(store, !opts.dry_run && recs.len() >= BULK_ROWS, bulk_new)?;
    // Many new enterprises: each membership names the enterprise written just before it, in
    // the same statement or an earlier one, so the foreign keys hold without a lookup per row
    // (`seedbed check` and the tests verify them). On again below, whatever the outcome.
    let keys_off = if bulk_new {
        store.conn.execute_batch("PRAGMA foreign_keys = OFF")
    } else {
        Ok(())
    };
    let outcome = keys_off.map_err(anyhow::Error::from).and_then(|()| {
        write_rows(
            store,
            seen,
            path,
            &map,
            &compared,
            &mut recs,
            &enterprises,
            &mut report,
            opts,
            config,
            bulk_new,
        )
    });
    settings.leave(store)?;
    outcome?;
    Ok(report)
}

/// The problems of the header row: columns missing, or named twice.
fn header_problems(map: &HeaderMap, line: usize, kind: Kind, lang: Lang) -> Vec<Problem> {
    let mut problems = Vec::new();
    for c in &map.missing {
        problems.push(Problem {
            line,
            column: Some(c.name(lang).to_string()),
            value: None,
            why: Why::MissingColumn(kind),
        });
    }
    for (_, first, second) in &map.doubled {
        problems.push(Problem {
            line,
            column: Some(second.clone()),
            value: None,
            why: Why::DoubledColumn(first.clone()),
        });
    }
    problems
}

/// A big enterprise file compares its rows in memory with what is stored: the columns it may
/// change (none for other files).
fn compared_in_memory(kind: Kind, rows: usize, map: &HeaderMap) -> Vec<&'static str> {
    if kind != Kind::Enterprises || rows < BULK_ROWS {
        return Vec::new();
    }
    ENTERPRISE_FIELDS
        .into_iter()
        .filter(|c| match *c {
            "initials" => map.get("name").is_some(),
            "commissioner_id" => map.get("commissioner").is_some(),
            "deleted_at" => true,
            "district_code" => map.get("district").is_some(),
            c => map.get(c).is_some(),
        })
        .collect()
}

/// The problems in the order of the file: by line, then by column; each once.
fn in_file_order(mut problems: Vec<Problem>, map: &HeaderMap) -> Vec<Problem> {
    let order = |p: &Problem| {
        let col = p
            .column
            .as_ref()
            .and_then(|c| map.mapped.iter().find(|m| &m.header == c))
            .map_or(usize::MAX, |m| m.index);
        (p.line, col)
    };
    problems.sort_by_key(order);
    problems.dedup();
    problems
}

/// The connection settings a big import changes, with the values to put back after it.
struct BulkSettings {
    /// The page cache size before, when it was raised.
    cache: Option<i64>,
    /// Whether the file went to a rollback journal.
    journal: bool,
    /// The synchronous level before, when it was raised to FULL.
    synchronous: Option<i64>,
}

impl BulkSettings {
    /// Sets up a `big` import (and one of many new enterprises, `bulk_new`).
    fn enter(store: &Store, big: bool, bulk_new: bool) -> anyhow::Result<BulkSettings> {
        // A big import gets room in the page cache for all it writes and for the indexes it
        // rebuilds, so that no page is written out and read back before the commit.
        let cache: Option<i64> = if big {
            let old = store
                .conn
                .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
            store
                .conn
                .execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))?;
            Some(old)
        } else {
            None
        };
        // A big import into a file no one else has open writes its pages once, through a
        // rollback journal (pages past the file's old end need no journal), instead of into
        // the WAL and then again into the file. The mode does not change while another
        // connection is open. Many new enterprises (more than the file has): indexed once at
        // the end instead of row by row, and written through a rollback journal when the file
        // is not open elsewhere.
        let journal = bulk_new && set_journal(store, "delete")?;
        // With a rollback journal only FULL syncs keep a power cut from corrupting the file
        // (NORMAL is as safe only in WAL mode): FULL for the import, the connection's own
        // level after.
        let synchronous: Option<i64> = if journal {
            let old = store
                .conn
                .query_row("PRAGMA synchronous", [], |r| r.get(0))?;
            store.conn.execute_batch("PRAGMA synchronous = FULL")?;
            Some(old)
        } else {
            None
        };
        Ok(BulkSettings {
            cache,
            journal,
            synchronous,
        })
    }

    /// Puts the settings back, and the foreign keys on, whatever the import's outcome.
    fn leave(self, store: &Store) -> anyhow::Result<()> {
        // Back in WAL mode (else FULL stays).
        let wal = self.journal && set_journal(store, "wal")?;
        if let Some(old) = self.synchronous
            && wal
        {
            store
                .conn
                .execute_batch(&format!("PRAGMA synchronous = {old}"))?;
        }
        if let Some(old) = self.cache {
            store
                .conn
                .execute_batch(&format!("PRAGMA cache_size = {old}"))?;
        }
        store.conn.execute_batch("PRAGMA foreign_keys = ON")?;
        Ok(())
    }
}

/// Sets the journal mode, at once or not at all (leaving WAL needs the file to itself: with
/// another program on it the mode stays); whether it is now `mode`.
fn set_journal(store: &Store, mode: &str) -> anyhow::Result<bool> {
    let conn = &store.conn;
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let now = conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| {
        r.get::<_, String>(0)
    });
    conn.busy_timeout(store.wait)?;
    match now {
        Ok(now) => Ok(now.eq_ignore_ascii_case(mode)),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::DatabaseBusy =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes checked rows in one transaction (on a dry run, rolled back).
#[allow(clippy::too_many_arguments)]
fn write_rows(
    store: &mut Store,
    seen: i64,
    path: &Path,
    map: &HeaderMap,
    compared: &[&'static str],
    recs: &mut [Rec],
    enterprises: &HashMap<String, EnterpriseRef>,
    report: &mut ImportReport,
    opts: &ImportOptions,
    config: &Config,
    bulk_new: bool,
) -> anyhow::Result<()> {
    let kind = report.kind;
    // The write lock is held from here (IMMEDIATE): nothing else commits until the end.
    let tx = store.conn.transaction()?;
    if data_version(&tx)? != seen {
        return Err(Raced.into());
    }
    let dropped = if bulk_new {
        db::drop_indexes(&tx, &["enterprises"], &BULK_KEPT_INDEXES)?
    } else {
        Vec::new()
    };
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let label = opts.lang.import_label(&file);
    let writer = Writer::new(&tx, now_stamp(), opts.commissioner.as_deref(), &label)?;
    // The rows are written in a block of their own: `apply` borrows the transaction.
    let (writer, touched, new_commissioners) = {
        let mut apply = Apply {
            kind,
            map,
            lang: opts.lang,
            today: opts.today,
            config,
            writer,
            conn: &tx,
            commissioners: db::commissioners_by_name(&tx)?,
            new_commissioners: Vec::new(),
            touched: HashSet::new(),
            details: opts.dry_run,
            bulk: recs.len() >= BULK_ROWS,
            compared,
            enterprises,
            report,
        };
        for rec in recs.iter_mut() {
            apply.row(rec)?;
        }
        apply.writer.flush()?;
        let Apply {
            writer,
            touched,
            new_commissioners,
            ..
        } = apply;
        (writer, touched, new_commissioners)
    };
    report.new_commissioners = new_commissioners;
    if opts.dry_run {
        drop(writer);
        tx.rollback()?;
        return Ok(());
    }
    if touched.len() > 2000 {
        derived::recompute(&tx, Scope::All, opts.today, config)?;
    } else {
        for id in &touched {
            derived::recompute(&tx, Scope::One(id), opts.today, config)?;
        }
    }
    db::restore_indexes(&tx, &dropped)?;
    writer.finish()?;
    tx.commit()?;
    report.written = true;
    Ok(())
}
