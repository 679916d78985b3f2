//! Importing a file: reading it, mapping its headers onto a kind, checking every row, and — only
//! when every row is good — writing all of them in one transaction (all or nothing).
//!
//! A row that carries a record id (every export writes one) is that record, here or in another
//! file: a new record keeps the id (see `import_ids`). Other rows, and rows whose id is not
//! stored where the natural key names one record only, match stored records by their natural
//! key: enterprises by credit code; pool memberships
//! by credit code + pool (+ entry date); projects by credit code + name; milestones by project +
//! name; visits by credit code + date; requests by credit code + time raised + text; figures by
//! credit code + year; certificates by credit code + number; support actions by credit code +
//! text + due day; rewards by credit code + kind + year. A matched record is updated only
//! where a cell differs, so importing the same file twice changes (and logs) nothing. A blank
//! cell keeps the stored value.

use super::columns::{Column, HeaderMap, Kind, Ty, closest_kind, guess_kind};
use super::csv_in::{self, TextEncoding};
use super::words::Words;
use super::{Cell, FileError, FileFormat, Problem, Row, Sheet, Why, values, xlsx_in};
use crate::config::Config;
use crate::domain::credit_code;
use crate::domain::districts::Resolution;
use crate::domain::fields::{self, TextKind};
use crate::lang::Lang;
use crate::store::derived::{self, Scope};
use crate::store::import::{self as db, EnterpriseRef, Writer, Written};
use crate::store::{Store, format_date, format_datetime, now_stamp};
use rusqlite::types::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use time::Date;

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
#[path = "import_ids.rs"]
mod ids;
use ids::natural_key_unique;

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
    for c in &map.missing {
        checker.problems.push(Problem {
            line: sheet.header_line,
            column: Some(c.name(opts.lang).to_string()),
            value: None,
            why: Why::MissingColumn(kind),
        });
    }
    for (_, first, second) in &map.doubled {
        checker.problems.push(Problem {
            line: sheet.header_line,
            column: Some(second.clone()),
            value: None,
            why: Why::DoubledColumn(first.clone()),
        });
    }
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
    // A big enterprise file compares its rows in memory with what is stored: the columns it
    // may change.
    let compared: Vec<&'static str> = if kind == Kind::Enterprises && recs.len() >= BULK_ROWS {
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
    } else {
        Vec::new()
    };
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
        let order = |p: &Problem| {
            let col = p
                .column
                .as_ref()
                .and_then(|c| map.mapped.iter().find(|m| &m.header == c))
                .map_or(usize::MAX, |m| m.index);
            (p.line, col)
        };
        checker.problems.sort_by_key(order);
        checker.problems.dedup();
        report.problems = checker.problems;
        return Ok(report);
    }

    if !opts.dry_run {
        derived::refresh(&mut store.conn, opts.today, config)?;
    }
    // A big import gets room in the page cache for all it writes and for the indexes it
    // rebuilds, so that no page is written out and read back before the commit.
    let cache: Option<i64> = if !opts.dry_run && recs.len() >= BULK_ROWS {
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
    // A big import into a file no one else has open writes its pages once, through a rollback
    // journal (pages past the file's old end need no journal), instead of into the WAL and then
    // again into the file. The mode does not change while another connection is open.
    // Many new enterprises (more than the file has): indexed once at the end instead of row by
    // row, and written through a rollback journal when the file is not open elsewhere.
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
    let journal = bulk_new && set_journal(store, "delete")?;
    // With a rollback journal only FULL syncs keep a power cut from corrupting the file (NORMAL
    // is as safe only in WAL mode): FULL for the import, the connection's own level after.
    let synchronous: Option<i64> = if journal {
        let old = store
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        store.conn.execute_batch("PRAGMA synchronous = FULL")?;
        Some(old)
    } else {
        None
    };
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
    // Back in WAL mode (else FULL stays).
    let wal = journal && set_journal(store, "wal")?;
    if let Some(old) = synchronous
        && wal
    {
        store
            .conn
            .execute_batch(&format!("PRAGMA synchronous = {old}"))?;
    }
    if let Some(old) = cache {
        store
            .conn
            .execute_batch(&format!("PRAGMA cache_size = {old}"))?;
    }
    store.conn.execute_batch("PRAGMA foreign_keys = ON")?;
    outcome?;
    Ok(report)
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

/// Checks rows and collects their problems.
struct Checker<'a> {
    kind: Kind,
    map: &'a HeaderMap,
    lang: Lang,
    today: Date,
    problems: Vec<Problem>,
    /// For each mapped column of the file, the index of its column in the kind's columns.
    slots: Vec<Option<usize>>,
}

impl<'a> Checker<'a> {
    fn new(kind: Kind, map: &'a HeaderMap, lang: Lang, today: Date) -> Checker<'a> {
        let cols = kind.columns();
        let slots = map
            .mapped
            .iter()
            .map(|m| cols.iter().position(|c| c.key == m.column.key))
            .collect();
        Checker {
            kind,
            map,
            lang,
            today,
            problems: Vec::new(),
            slots,
        }
    }

    fn problem(&mut self, line: usize, key: &str, value: Option<String>, why: Why) {
        let column = match self.map.get(key) {
            Some(m) => m.header.clone(),
            None => self
                .kind
                .column(key)
                .map_or(key.to_string(), |c| c.name(self.lang).to_string()),
        };
        self.problems.push(Problem {
            line,
            column: Some(column),
            value: Some(value.unwrap_or_default()),
            why,
        });
    }

    /// The typed values of every row. A big file is checked on two threads, half each
    /// (problems stay in line order); on one when no second thread starts.
    fn rows(&mut self, rows: &[Row]) -> Vec<Rec> {
        if rows.len() < BULK_ROWS {
            return rows.iter().map(|r| self.row(r)).collect();
        }
        let (first, second) = rows.split_at(rows.len() / 2);
        let mut other = Checker::new(self.kind, self.map, self.lang, self.today);
        let (mut recs, rest) = std::thread::scope(|s| {
            let rest = std::thread::Builder::new().spawn_scoped(s, || {
                second.iter().map(|r| other.row(r)).collect::<Vec<_>>()
            });
            let recs: Vec<Rec> = first.iter().map(|r| self.row(r)).collect();
            (recs, rest.map(|h| h.join()))
        });
        match rest {
            Ok(Ok(rest)) => recs.extend(rest),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => recs.extend(second.iter().map(|r| self.row(r))),
        }
        self.problems.append(&mut other.problems);
        recs
    }

    /// The typed values of one row.
    fn row(&mut self, row: &Row) -> Rec {
        let cols = self.kind.columns();
        let mut vals: Vec<Option<Value>> = vec![None; cols.len()];
        let mut raw: Vec<Option<&Cell>> = vec![None; cols.len()];
        let empty = Cell::Empty;
        for (m, slot) in self.map.mapped.iter().zip(&self.slots) {
            let Some(i) = *slot else {
                continue;
            };
            let cell = row.cells.get(m.index).unwrap_or(&empty);
            match parse_cell(m.column.ty, cell, m.scale, self.lang)
                .and_then(|v| text_rule(m.column, v))
            {
                Ok(v) => vals[i] = v,
                Err(why) => {
                    self.problems.push(Problem {
                        line: row.line,
                        column: Some(m.header.clone()),
                        value: Some(cell.display()),
                        why,
                    });
                }
            }
            raw[i] = Some(cell);
        }
        for (i, c) in cols.iter().enumerate() {
            if c.required && vals[i].is_none() {
                let shown = raw[i].map(Cell::display);
                // A value that failed to parse is already reported.
                if shown.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    self.problem(row.line, c.key, shown, Why::Required);
                }
            }
        }
        let rec = Rec {
            line: row.line,
            vals,
            enterprise: None,
            project: None,
        };
        self.rules(&rec, &raw);
        rec
    }

    /// The checks that involve several cells of a row.
    fn rules(&mut self, rec: &Rec, raw: &[Option<&Cell>]) {
        let kind = self.kind;
        let text = |key: &str| get_text(kind, rec, key);
        let shown = |key: &str| {
            kind.columns()
                .iter()
                .position(|c| c.key == key)
                .and_then(|i| raw[i].map(Cell::display))
        };
        let header = |key: &str| {
            self.map
                .get(key)
                .map(|m| m.header.clone())
                .or_else(|| kind.column(key).map(|c| c.name(self.lang).to_string()))
                .unwrap_or_default()
        };
        let mut found: Vec<(&str, Why)> = Vec::new();
        let order = |found: &mut Vec<(&str, Why)>, later: &'static str, earlier: &'static str| {
            if let (Some(a), Some(b)) = (text(later), text(earlier))
                && a < b
            {
                found.push((later, Why::Before(header(earlier))));
            }
        };
        match kind {
            Kind::Enterprises => {
                if text("founded_on").is_some_and(|d| d > format_date(self.today)) {
                    found.push(("founded_on", Why::InFuture));
                }
            }
            Kind::Pool => order(&mut found, "left_on", "entered_on"),
            Kind::Projects => {
                order(&mut found, "planned_end", "start_on");
                order(&mut found, "extended_end", "planned_end");
                order(&mut found, "acceptance_passed", "start_on");
            }
            Kind::Visits => {
                if text("planned_on").is_none() && text("done_on").is_none() {
                    let at = if self.map.get("done_on").is_some() {
                        "done_on"
                    } else {
                        "planned_on"
                    };
                    found.push((at, Why::VisitDate));
                }
                if text("done_on").is_some_and(|d| d > format_date(self.today)) {
                    found.push(("done_on", Why::InFuture));
                }
            }
            Kind::Requests => {
                order(&mut found, "first_response_at", "raised_at");
                order(&mut found, "closed_at", "raised_at");
            }
            Kind::Figures => {
                if let Some(Value::Real(x)) = get(kind, rec, "rd_mgmt_score")
                    && !(0.0..=20.0).contains(x)
                {
                    found.push((
                        "rd_mgmt_score",
                        Why::OutOfRange {
                            min: 0.0,
                            max: 20.0,
                        },
                    ));
                }
            }
            Kind::Certificates => {
                let is_hte = text("kind").is_none_or(|k| k == "hte");
                if is_hte
                    && let Some(n) = text("number")
                    && !hte_number_ok(&n)
                {
                    found.push(("number", Why::BadCertNumber));
                }
                order(&mut found, "expires_on", "issued_on");
            }
            Kind::Rewards => {
                if let Some(Value::Integer(x)) = get(kind, rec, "amount")
                    && *x < 0
                {
                    found.push(("amount", Why::Negative));
                }
            }
            Kind::Milestones | Kind::Targets | Kind::SupportActions | Kind::Rankings => {}
        }
        for (key, why) in found {
            self.problem(rec.line, key, shown(key), why);
        }
    }

    /// Resolves credit codes, project names and ids against the database.
    fn references(
        &mut self,
        conn: &rusqlite::Connection,
        recs: &mut [Rec],
        enterprises: &HashMap<String, EnterpriseRef>,
        projects: &HashMap<String, Vec<db::ProjectRef>>,
    ) -> anyhow::Result<()> {
        let kind = self.kind;
        // Enterprises by id, to tell whether a new enterprise's id is free.
        let codes_by_id: HashMap<&str, &str> =
            if kind == Kind::Enterprises && self.map.get("id").is_some() {
                enterprises
                    .iter()
                    .map(|(code, e)| (e.id.as_str(), code.as_str()))
                    .collect()
            } else {
                HashMap::new()
            };
        for rec in recs.iter_mut() {
            let code = get_text(kind, rec, "credit_code");
            match kind {
                Kind::Enterprises => {
                    let known = code.as_ref().and_then(|c| enterprises.get(c));
                    let has_pool = get(kind, rec, "pool").is_some()
                        || known.is_some_and(|e| e.pool.is_some() && !e.deleted);
                    if get(kind, rec, "batch").is_some() && !has_pool {
                        let shown = get_text(kind, rec, "batch");
                        self.problem(rec.line, "batch", shown, Why::BatchWithoutPool);
                    }
                    if get(kind, rec, "pool").is_some() && get(kind, rec, "batch").is_none() {
                        self.problem(rec.line, "batch", None, Why::Required);
                    }
                    self.pool_id(conn, rec, known.map(|e| e.id.as_str()))?;
                    // An enterprise is matched by its code; its id may not be another's.
                    if let Some(id) = get_text(kind, rec, "id")
                        && codes_by_id
                            .get(id.as_str())
                            .is_some_and(|c| Some(*c) != code.as_deref())
                    {
                        self.problem(rec.line, "id", Some(id), Why::IdOfAnother);
                    }
                    continue;
                }
                Kind::Targets => {}
                Kind::Milestones => {
                    let eid = match &code {
                        Some(c) => match enterprises.get(c).filter(|e| !e.deleted) {
                            Some(e) => Some(e.id.clone()),
                            None => {
                                self.problem(
                                    rec.line,
                                    "credit_code",
                                    code.clone(),
                                    Why::UnknownEnterprise,
                                );
                                continue;
                            }
                        },
                        None => None,
                    };
                    // The project's id names it even among projects of the same name.
                    if get(kind, rec, "project_id").is_some() {
                        self.project_by_id(conn, rec, eid.as_deref())?;
                    } else {
                        let name = get_text(kind, rec, "project").unwrap_or_default();
                        let candidates: Vec<&db::ProjectRef> = projects
                            .get(&name)
                            .map(|v| {
                                v.iter()
                                    .filter(|(_, e)| eid.as_ref().is_none_or(|id| id == e))
                                    .collect()
                            })
                            .unwrap_or_default();
                        match candidates.as_slice() {
                            [] => {
                                self.problem(rec.line, "project", Some(name), Why::UnknownProject)
                            }
                            [(pid, e)] => {
                                rec.project = Some(pid.clone());
                                rec.enterprise = Some(e.clone());
                            }
                            many => {
                                // The same name twice in one enterprise: the first is meant.
                                let first_e = &many[0].1;
                                if many.iter().all(|(_, e)| e == first_e) {
                                    rec.project = Some(many[0].0.clone());
                                    rec.enterprise = Some(first_e.clone());
                                } else {
                                    let n = many.len();
                                    self.problem(
                                        rec.line,
                                        "project",
                                        Some(name),
                                        Why::AmbiguousProject(n),
                                    );
                                }
                            }
                        }
                    }
                }
                _ => {
                    let Some(c) = code else { continue };
                    match enterprises.get(&c).filter(|e| !e.deleted) {
                        Some(e) => rec.enterprise = Some(e.id.clone()),
                        None => {
                            self.problem(rec.line, "credit_code", Some(c), Why::UnknownEnterprise);
                            continue;
                        }
                    }
                }
            }
            self.ids(conn, rec)?;
        }
        Ok(())
    }

    /// The same record twice in the file.
    fn duplicates(&mut self, recs: &[Rec]) {
        let kind = self.kind;
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(recs.len());
        let mut current: HashMap<String, usize> = HashMap::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for rec in recs {
            let t = |key: &str| get_text(kind, rec, key).unwrap_or_default();
            let code = t("credit_code");
            // The same id twice is the same record twice.
            let id = get_text(kind, rec, "id");
            if let Some(id) = &id {
                if let Some(&first) = ids.get(id) {
                    self.problem(rec.line, "id", Some(id.clone()), Why::Duplicate(first));
                    continue;
                }
                ids.insert(id.clone(), rec.line);
                // Records whose natural key need not be unique (two projects of one name)
                // are told apart by their ids alone.
                if !natural_key_unique(kind) {
                    continue;
                }
            }
            let (key, at) = match kind {
                Kind::Enterprises => (code.clone(), "credit_code"),
                Kind::Pool => {
                    let status = t("status");
                    if status != "out" {
                        let k = format!("{code}\u{1}{}", t("pool"));
                        if let Some(&first) = current.get(&k) {
                            let shown = Some(t("pool"));
                            self.problem(
                                rec.line,
                                "pool",
                                shown,
                                Why::SecondCurrentMembership(first),
                            );
                            continue;
                        }
                        current.insert(k, rec.line);
                    }
                    (
                        format!("{code}\u{1}{}\u{1}{}", t("pool"), t("entered_on")),
                        "pool",
                    )
                }
                Kind::Projects => (format!("{code}\u{1}{}", t("name")), "name"),
                Kind::Milestones => {
                    let project = rec.project.clone().unwrap_or_else(|| t("project"));
                    (format!("{project}\u{1}{}", t("name")), "name")
                }
                Kind::Visits => {
                    let (date, at) = match get_text(kind, rec, "done_on") {
                        Some(d) => (d, "done_on"),
                        None => (t("planned_on"), "planned_on"),
                    };
                    (format!("{code}\u{1}{date}"), at)
                }
                Kind::Requests => (
                    format!("{code}\u{1}{}\u{1}{}", t("raised_at"), t("text")),
                    "text",
                ),
                Kind::Figures => (format!("{code}\u{1}{}", t("year")), "year"),
                Kind::Certificates => (format!("{code}\u{1}{}", t("number")), "number"),
                Kind::SupportActions => (
                    format!("{code}\u{1}{}\u{1}{}", t("action"), t("due_on")),
                    "action",
                ),
                Kind::Rewards => (
                    format!("{code}\u{1}{}\u{1}{}", t("kind"), t("year")),
                    "year",
                ),
                Kind::Rankings => continue,
                Kind::Targets => (
                    format!(
                        "{}\u{1}{}\u{1}{}",
                        target_district(&t("district")),
                        t("metric"),
                        t("year")
                    ),
                    "year",
                ),
            };
            if code.is_empty() && !matches!(kind, Kind::Milestones | Kind::Targets) {
                continue;
            }
            match seen.get(&key) {
                Some(&first) => {
                    let shown = get_text(kind, rec, at).map(|v| display_value(kind, at, &v));
                    self.problem(rec.line, at, shown, Why::Duplicate(first));
                }
                None => {
                    seen.insert(key, rec.line);
                }
            }
        }
    }
}

/// A target's district as stored: '' for the whole pool (also when written 全区 / whole pool).
fn target_district(cell: &str) -> String {
    let d = cell.trim();
    let whole = [Lang::Zh, Lang::En].map(|l| l.whole_pool());
    if whole.iter().any(|w| d.eq_ignore_ascii_case(w)) {
        String::new()
    } else {
        d.to_string()
    }
}

/// How a stored value is shown in a message (dates and times as written in files).
fn display_value(kind: Kind, key: &str, v: &str) -> String {
    match kind.column(key).map(|c| c.ty) {
        Some(Ty::DateTime) => v.replace('T', " "),
        _ => v.to_string(),
    }
}

/// Whether an HTE certificate number looks like `GR202365000123`.
fn hte_number_ok(n: &str) -> bool {
    n.len() == 14
        && (n.starts_with("GR") || n.starts_with("GF"))
        && n[2..].bytes().all(|b| b.is_ascii_digit())
}

/// One cell as the database value of its column.
fn parse_cell(ty: Ty, cell: &Cell, scale: i64, lang: Lang) -> Result<Option<Value>, Why> {
    Ok(match ty {
        Ty::Text => values::text(cell).map(Value::Text),
        Ty::CreditCode => match values::text(cell) {
            None => None,
            Some(s) => {
                let code = credit_code::normalize(&s);
                credit_code::validate(&code).map_err(Why::BadCreditCode)?;
                Some(Value::Text(code))
            }
        },
        Ty::Date => values::date(cell)?.map(|d| Value::Text(format_date(d))),
        Ty::DateTime => values::datetime(cell)?.map(|t| Value::Text(format_datetime(t))),
        Ty::Count => values::count(cell)?.map(Value::Integer),
        Ty::Year => values::year(cell)?.map(|y| Value::Integer(i64::from(y))),
        Ty::Amount => values::amount(cell, scale)?.map(Value::Integer),
        Ty::Real => values::real(cell)?.map(Value::Real),
        Ty::Bool => values::boolean(cell)?.map(|b| Value::Integer(i64::from(b))),
        Ty::Enum(k) => values::choice(k, cell, lang)?.map(|c| Value::Text(c.into())),
        Ty::Honours => values::honours(cell, lang)?.map(Value::Text),
        Ty::HteField => values::hte_field(cell, lang)?.map(|c| Value::Text(c.into())),
        Ty::Id => values::id(cell)?.map(Value::Text),
        Ty::District => match values::text(cell) {
            None => None,
            Some(t) if target_district(&t).is_empty() => None,
            Some(t) => match crate::domain::districts::table().resolve(&t) {
                Resolution::Found(d) => Some(Value::Text(d.full_name.clone())),
                Resolution::Ambiguous(list) => {
                    return Err(Why::AmbiguousDistrict(
                        list.iter().map(|d| d.full_name.clone()).collect(),
                    ));
                }
                Resolution::NotFound => return Err(Why::UnknownDistrict),
            },
        },
    })
}

/// The code of a district cell already resolved to its full name (`None` for the whole pool).
fn district_code(v: Option<&Value>) -> Option<Value> {
    match v {
        Some(Value::Text(name)) => match crate::domain::districts::table().resolve(name) {
            Resolution::Found(d) => Some(Value::Text(d.code.to_string())),
            _ => None,
        },
        _ => None,
    }
}

/// The rule of `domain::fields` for a text column: no control characters (line breaks and tabs
/// only in free text, where a Windows line break is kept as a plain one), names not too long.
fn text_rule(column: &Column, v: Option<Value>) -> Result<Option<Value>, Why> {
    let Some(Value::Text(t)) = v else {
        return Ok(v);
    };
    if column.ty != Ty::Text {
        return Ok(Some(Value::Text(t)));
    }
    let kind = fields::kind_of(column.key);
    let t = if kind == TextKind::Notes && t.contains("\r\n") {
        t.replace("\r\n", "\n")
    } else {
        t
    };
    fields::check_text(kind, &t).map_err(Why::BadText)?;
    Ok(Some(Value::Text(t)))
}

fn get<'r>(kind: Kind, rec: &'r Rec, key: &str) -> Option<&'r Value> {
    let i = kind.columns().iter().position(|c| c.key == key)?;
    rec.vals.get(i)?.as_ref()
}

/// A value as text (integers written out).
fn get_text(kind: Kind, rec: &Rec, key: &str) -> Option<String> {
    match get(kind, rec, key)? {
        Value::Text(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(x) => Some(x.to_string()),
        _ => None,
    }
}

/// Writes checked rows.
struct Apply<'a, 'c> {
    kind: Kind,
    map: &'a HeaderMap,
    lang: Lang,
    today: Date,
    config: &'a Config,
    writer: Writer<'c>,
    conn: &'c rusqlite::Connection,
    commissioners: HashMap<String, String>,
    new_commissioners: Vec<String>,
    touched: HashSet<String>,
    details: bool,
    /// Log new enterprises by id (see [`BULK_ROWS`]).
    bulk: bool,
    /// The columns whose stored values came with the enterprises (see `db::enterprises_by_code`).
    compared: &'a [&'static str],
    enterprises: &'a HashMap<String, EnterpriseRef>,
    report: &'a mut ImportReport,
}

/// A new enterprise row ready to insert: its fields (`commissioner_id` and the membership's
/// `enterprise_id` still to fill in, as they come from the database), its derived values and its
/// pool membership, if any.
struct NewEnterpriseRow {
    fields: Fields,
    derived: [Value; 17],
    membership: Option<Fields>,
}

/// Prepares new enterprise rows (reading nothing from the database).
struct NewRows<'a> {
    kind: Kind,
    today: Date,
    config: &'a Config,
    /// The day the rows are created (the date of the import's stamp).
    created: Option<Date>,
}

impl NewRows<'_> {
    /// The row of an enterprise that is not stored yet, its values taken out of `rec`. Its
    /// derived values are known now (nothing refers to it yet): written with the row rather
    /// than recomputed after.
    fn prepare(&self, rec: &mut Rec) -> NewEnterpriseRow {
        let cols = self.kind.columns();
        let mut f: Fields = ENTERPRISE_FIELDS[..12]
            .iter()
            .map(|k| {
                let at = cols.iter().position(|c| c.key == *k);
                (
                    *k,
                    at.and_then(|i| rec.vals.get_mut(i)).and_then(Option::take),
                )
            })
            .collect();
        f.push(("commissioner_id", None));
        for (col, default) in [("tier", "tsme"), ("honours", ""), ("notes", "")] {
            if let Some((_, v)) = f.iter_mut().find(|(c, _)| *c == col)
                && v.is_none()
            {
                *v = Some(Value::Text(default.into()));
            }
        }
        let district = f
            .iter()
            .find(|(c, _)| *c == "district")
            .and_then(|(_, v)| district_code(v.as_ref()));
        f.push(("district_code", district));
        let code = get_text(self.kind, rec, "credit_code").unwrap_or_default();
        let region = credit_code::region_code(&code)
            .unwrap_or_default()
            .to_string();
        f.push(("credit_code", Some(Value::Text(code))));
        f.push(("region_code", Some(Value::Text(region))));
        let text = |key: &str| match f.iter().find(|(c, _)| *c == key) {
            Some((_, Some(Value::Text(t)))) => Some(t.as_str()),
            _ => None,
        };
        let membership = match (get(self.kind, rec, "pool"), get(self.kind, rec, "batch")) {
            (Some(Value::Text(p)), Some(Value::Text(b))) => Some((p.as_str(), b.as_str())),
            _ => None,
        };
        let new = derived::NewEnterprise {
            name: text("name").unwrap_or_default(),
            founded: text("founded_on").and_then(|d| crate::store::parse_date(d).ok()),
            hte_field: text("hte_field"),
            created: self.created,
            membership: membership.map(|(p, b)| (p, b, "in", self.today)),
        };
        let derived =
            derived::enterprise_values(&derived::for_new_enterprise(&new, self.today, self.config));
        let membership = membership.map(|(pool, batch)| -> Fields {
            vec![
                ("batch", Some(Value::Text(batch.to_string()))),
                ("enterprise_id", None),
                ("pool", Some(Value::Text(pool.to_string()))),
                ("status", Some(Value::Text("in".into()))),
                ("entered_on", Some(Value::Text(format_date(self.today)))),
            ]
        });
        NewEnterpriseRow {
            fields: f,
            derived,
            membership,
        }
    }
}

/// The columns of `enterprises` an enterprise row may change.
const ENTERPRISE_FIELDS: [&str; 16] = [
    "name",
    "district",
    "township",
    "address",
    "industry",
    "hte_field",
    "founded_on",
    "contact_name",
    "contact_phone",
    "tier",
    "honours",
    "notes",
    "initials",
    "commissioner_id",
    "deleted_at",
    "district_code",
];

/// A field taken from the row (`None`: keep).
type Fields = Vec<(&'static str, Option<Value>)>;

impl<'a> Apply<'a, '_> {
    /// Whether every given field of an enterprise equals its stored value (loaded with it):
    /// then nothing needs to be read or written.
    fn same_enterprise(&self, e: &EnterpriseRef, fields: &Fields) -> bool {
        e.values.len() == self.compared.len()
            && fields.iter().all(|(c, v)| match v {
                None => true,
                Some(v) => self
                    .compared
                    .iter()
                    .position(|k| k == c)
                    .is_some_and(|i| &e.values[i] == v),
            })
    }

    fn v(&self, rec: &Rec, key: &str) -> Option<Value> {
        get(self.kind, rec, key).cloned()
    }

    /// Fields whose database column is the column key.
    fn same_named(&self, rec: &Rec, keys: &[&'static str]) -> Fields {
        keys.iter().map(|k| (*k, self.v(rec, k))).collect()
    }

    /// The id of a commissioner by name, adding the commissioner if new.
    fn commissioner(&mut self, name: Option<Value>) -> anyhow::Result<Option<Value>> {
        let Some(Value::Text(name)) = name else {
            return Ok(None);
        };
        if let Some(id) = self.commissioners.get(&name) {
            return Ok(Some(Value::Text(id.clone())));
        }
        let id = self.writer.insert(
            "commissioners",
            None,
            &[("name", Some(Value::Text(name.clone())))],
        )?;
        self.commissioners.insert(name.clone(), id.clone());
        self.new_commissioners.push(name);
        Ok(Some(Value::Text(id)))
    }

    /// Counts a write and, on a dry run, notes what changed.
    fn count(&mut self, rec: &Rec, label: String, written: &[Written]) {
        let added = written
            .first()
            .is_some_and(|w| matches!(w, Written::Added(_)));
        let changed: Vec<&(&'static str, Value, Value)> = written
            .iter()
            .filter_map(|w| match w {
                Written::Updated(_, c) => Some(c),
                _ => None,
            })
            .flatten()
            .collect();
        if added {
            self.report.added += 1;
        } else if changed.is_empty() {
            self.report.unchanged += 1;
            return;
        } else {
            self.report.updated += 1;
        }
        if !self.details {
            return;
        }
        let names: HashMap<&String, &String> =
            self.commissioners.iter().map(|(n, id)| (id, n)).collect();
        let show = |col: &str, v: &Value| -> String {
            let s = match v {
                Value::Null => return "—".into(),
                Value::Integer(i) => i.to_string(),
                Value::Real(x) => x.to_string(),
                Value::Text(t) => t.clone(),
                Value::Blob(_) => String::new(),
            };
            if col == "commissioner_id" {
                return names.get(&s).map_or(s.clone(), |n| n.to_string());
            }
            s.replace('T', " ")
        };
        let fields = changed
            .iter()
            .filter(|(c, _, _)| !matches!(*c, "initials" | "deleted_at" | "updated_at"))
            .map(|(c, old, new)| {
                let key = if *c == "commissioner_id" {
                    "commissioner"
                } else {
                    c
                };
                let header = self
                    .map
                    .get(key)
                    .map(|m| m.header.clone())
                    .or_else(|| self.kind.column(key).map(|k| k.name(self.lang).to_string()))
                    .unwrap_or_else(|| key.to_string());
                (header, show(c, old), show(c, new))
            })
            .collect();
        self.report.changes.push(ChangeNote {
            line: rec.line,
            added,
            label,
            fields,
        });
    }

    /// Writes one row (a new enterprise's values are taken out of it).
    fn row(&mut self, rec: &mut Rec) -> anyhow::Result<()> {
        match self.kind {
            Kind::Enterprises => self.enterprise(rec),
            Kind::Pool => self.membership(rec),
            Kind::Projects => self.project(rec),
            Kind::Milestones => self.milestone(rec),
            Kind::Visits => self.visit(rec),
            Kind::Requests => self.request(rec),
            Kind::Figures => self.figures(rec),
            Kind::Certificates => self.certificate(rec),
            Kind::Targets => self.target(rec),
            Kind::SupportActions => self.support_action(rec),
            Kind::Rewards => self.reward(rec),
            // Refused before any row is read (`import_file`).
            Kind::Rankings => Err(FileError::ExportOnly {
                path: self.report.path.clone(),
                kind: Kind::Rankings,
            }
            .into()),
        }
    }

    /// What a row is about, for the notes of a dry run (empty otherwise).
    fn label(&self, rec: &Rec, key: &str) -> String {
        if !self.details {
            return String::new();
        }
        let name = get_text(self.kind, rec, key).unwrap_or_default();
        match rec
            .enterprise
            .as_ref()
            .and_then(|id| self.enterprises.values().find(|e| &e.id == id))
        {
            Some(e) if self.details && key != "name" => format!("{} · {name}", e.name),
            _ => name,
        }
    }

    fn enterprise(&mut self, rec: &mut Rec) -> anyhow::Result<()> {
        let code = get_text(self.kind, rec, "credit_code").unwrap_or_default();
        let Some(e) = self.enterprises.get(&code) else {
            let label = self.label(rec, "name");
            let comm = self.commissioner(self.v(rec, "commissioner"))?;
            let new = self.new_rows().prepare(rec);
            return self.add_enterprise(rec, label, comm, new);
        };
        let mut f = self.same_named(rec, &ENTERPRISE_FIELDS[..12]);
        // A field stored as a label is the same field as its code: not a change.
        if let Some((_, Some(Value::Text(code)))) = f.iter().find(|(c, _)| *c == "hte_field")
            && e.hte_field.as_deref().and_then(values::hte_field_code) == Some(code.as_str())
        {
            f.retain(|(c, _)| *c != "hte_field");
        }
        let comm = self.commissioner(self.v(rec, "commissioner"))?;
        f.push(("commissioner_id", comm));
        if let Some(code) = district_code(get(self.kind, rec, "district")) {
            f.push(("district_code", Some(code)));
        }
        if let Some(Value::Text(name)) = self.v(rec, "name") {
            f.push((
                "initials",
                Some(Value::Text(crate::text::pinyin_initials(&name))),
            ));
        }
        f.push(("deleted_at", Some(Value::Null)));
        let written = if self.same_enterprise(e, &f) {
            Written::Unchanged(e.id.clone())
        } else {
            self.writer.update("enterprises", &e.id, None, &f)?
        };
        let eid = written.id().to_string();
        let mut all = vec![written];
        let pool = match self.v(rec, "pool") {
            Some(Value::Text(p)) => Some(p),
            _ => e.pool.clone(),
        };
        let batch = self.v(rec, "batch");
        if let Some(pool) = pool
            && (self.v(rec, "pool").is_some() || batch.is_some())
        {
            // The current membership (derived) already in that pool and batch: nothing to do.
            let same = !e.deleted
                && e.pool.as_ref() == Some(&pool)
                && match &batch {
                    Some(Value::Text(b)) => e.batch.as_ref() == Some(b),
                    _ => true,
                };
            if same {
                let label = self.label(rec, "name");
                self.count(rec, label, &all);
                if !matches!(all[0], Written::Unchanged(_)) {
                    self.touched.insert(eid);
                }
                return Ok(());
            }
            let existing = db::find_membership(self.conn, &eid, &pool, None, true)?;
            let mut m: Fields = vec![("batch", batch)];
            if existing.is_none() {
                m.extend([
                    ("enterprise_id", Some(Value::Text(eid.clone()))),
                    ("pool", Some(Value::Text(pool))),
                    ("status", Some(Value::Text("in".into()))),
                    ("entered_on", Some(Value::Text(format_date(self.today)))),
                ]);
            }
            all.push(match existing {
                Some(id) => self
                    .writer
                    .update("pool_memberships", &id, Some(&eid), &m)?,
                // The membership the file names (its current one there) keeps its id.
                None => Written::Added(self.writer.insert_as(
                    "pool_memberships",
                    self.free_pool_id(rec)?,
                    Some(&eid),
                    &m,
                )?),
            });
        }
        let label = self.label(rec, "name");
        self.count(rec, label, &all);
        if all.iter().any(|w| !matches!(w, Written::Unchanged(_))) {
            self.touched.insert(eid);
        }
        Ok(())
    }

    /// What a new enterprise row needs besides the database (see [`NewRows`]).
    fn new_rows(&self) -> NewRows<'a> {
        NewRows {
            kind: self.kind,
            today: self.today,
            config: self.config,
            created: self
                .writer
                .stamp()
                .get(..10)
                .and_then(|d| crate::store::parse_date(d).ok()),
        }
    }

    /// Inserts a new enterprise (and its pool membership) prepared by [`NewRows::prepare`], with
    /// its commissioner; `label` is what the row is about.
    fn add_enterprise(
        &mut self,
        rec: &Rec,
        label: String,
        comm: Option<Value>,
        new: NewEnterpriseRow,
    ) -> anyhow::Result<()> {
        let NewEnterpriseRow {
            mut fields,
            derived,
            membership,
        } = new;
        if let Some((_, v)) = fields.iter_mut().find(|(c, _)| *c == "commissioner_id") {
            *v = comm;
        }
        // An enterprise from another Seedbed file keeps its id (checked free before).
        let id = get_text(self.kind, rec, "id");
        let eid = if self.bulk {
            let cols = derived::ENTERPRISE_COLUMNS.into_iter().zip(derived);
            self.writer.insert_new_as("enterprises", id, fields, cols)?
        } else {
            let cols: Vec<(&'static str, &Value)> = derived::ENTERPRISE_COLUMNS
                .into_iter()
                .zip(derived.iter())
                .collect();
            self.writer
                .insert_derived_as("enterprises", id, None, &fields, &cols)?
        };
        if let Some(mut m) = membership {
            if let Some((_, v)) = m.iter_mut().find(|(c, _)| *c == "enterprise_id") {
                *v = Some(Value::Text(eid.clone()));
            }
            let id = self.free_pool_id(rec)?;
            if self.bulk {
                self.writer.insert_new_as("pool_memberships", id, m, [])?;
            } else {
                self.writer
                    .insert_as("pool_memberships", id, Some(&eid), &m)?;
            }
        }
        self.count(rec, label, &[Written::Added(eid)]);
        Ok(())
    }

    /// Inserts or updates a row of `table` belonging to the row's enterprise.
    #[allow(clippy::too_many_arguments)]
    fn child(
        &mut self,
        rec: &Rec,
        table: &'static str,
        (existing, new_id): (Option<String>, Option<String>),
        mut f: Fields,
        defaults: &[(&'static str, Value)],
        label_key: &str,
    ) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let written = match existing {
            Some(id) => self.writer.update(table, &id, Some(&eid), &f)?,
            None => {
                for (col, default) in defaults {
                    match f.iter_mut().find(|(c, _)| c == col) {
                        Some((_, v)) if v.is_none() => *v = Some(default.clone()),
                        Some(_) => {}
                        None => f.push((col, Some(default.clone()))),
                    }
                }
                if table != "milestones" {
                    f.push(("enterprise_id", Some(Value::Text(eid.clone()))));
                }
                Written::Added(self.writer.insert_as(table, new_id, Some(&eid), &f)?)
            }
        };
        if !matches!(written, Written::Unchanged(_)) {
            self.touched.insert(eid);
        }
        let label = self.label(rec, label_key);
        self.count(rec, label, &[written]);
        Ok(())
    }

    fn membership(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let pool = get_text(self.kind, rec, "pool").unwrap_or_default();
        let entered = get_text(self.kind, rec, "entered_on");
        let current = get_text(self.kind, rec, "status").is_none_or(|s| s != "out");
        let existing = self.matched(rec, || {
            db::find_membership(self.conn, &eid, &pool, entered.as_deref(), current)
        })?;
        let f = self.same_named(
            rec,
            &[
                "pool",
                "batch",
                "status",
                "entered_on",
                "left_on",
                "status_on",
                "status_reason",
            ],
        );
        let defaults = [
            ("status", Value::Text("in".into())),
            ("entered_on", Value::Text(format_date(self.today))),
        ];
        self.child(rec, "pool_memberships", existing, f, &defaults, "pool")
    }

    fn project(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let name = get_text(self.kind, rec, "name").unwrap_or_default();
        let existing = self.matched(rec, || db::find_project(self.conn, &eid, &name))?;
        let mut f = self.same_named(
            rec,
            &[
                "name",
                "level",
                "programme",
                "budget",
                "start_on",
                "planned_end",
                "extended_end",
                "acceptance_applied",
                "acceptance_passed",
                "risk_flag",
            ],
        );
        // A project named by its id comes back if it was deleted since the export.
        if existing.0.is_some() {
            f.push(("deleted_at", Some(Value::Null)));
        }
        self.child(rec, "projects", existing, f, &[], "name")
    }

    fn milestone(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let pid = rec.project.clone().unwrap_or_default();
        let name = get_text(self.kind, rec, "name").unwrap_or_default();
        let existing = self.matched(rec, || db::find_milestone(self.conn, &pid, &name))?;
        let f = self.same_named(rec, &["seq", "name", "planned_on", "done_on"]);
        let mut defaults = vec![("project_id", Value::Text(pid.clone()))];
        if existing.0.is_none() && self.v(rec, "seq").is_none() {
            defaults.push((
                "seq",
                Value::Integer(db::next_milestone_seq(self.conn, &pid)?),
            ));
        }
        self.child(rec, "milestones", existing, f, &defaults, "name")
    }

    fn visit(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let planned = get_text(self.kind, rec, "planned_on");
        let date = get_text(self.kind, rec, "done_on")
            .or_else(|| planned.clone())
            .unwrap_or_default();
        let existing = self.matched(rec, || {
            db::find_visit(self.conn, &eid, &date, planned.as_deref())
        })?;
        let mut f = self.same_named(
            rec,
            &[
                "planned_on",
                "done_on",
                "cancelled_on",
                "mode",
                "attendees",
                "notes",
            ],
        );
        let comm = self.commissioner(self.v(rec, "commissioner"))?;
        f.push(("commissioner_id", comm));
        let defaults = [
            ("mode", Value::Text("on_site".into())),
            ("attendees", Value::Text(String::new())),
            ("notes", Value::Text(String::new())),
        ];
        self.child(rec, "visits", existing, f, &defaults, "done_on")
    }

    fn request(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let raised = get_text(self.kind, rec, "raised_at").unwrap_or_default();
        let text = get_text(self.kind, rec, "text").unwrap_or_default();
        let existing = self.matched(rec, || db::find_request(self.conn, &eid, &raised, &text))?;
        let f = self.same_named(
            rec,
            &[
                "raised_at",
                "category",
                "text",
                "first_response_at",
                "status",
                "closed_at",
                "resolution",
                "visit_id",
            ],
        );
        let status = if get(self.kind, rec, "closed_at").is_some() {
            "resolved"
        } else if get(self.kind, rec, "first_response_at").is_some() {
            "in_progress"
        } else {
            "open"
        };
        let defaults = [
            ("category", Value::Text("other".into())),
            ("status", Value::Text(status.into())),
        ];
        self.child(rec, "requests", existing, f, &defaults, "text")
    }

    fn figures(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let year = match get(self.kind, rec, "year") {
            Some(Value::Integer(y)) => *y,
            _ => 0,
        };
        let existing = self.matched(rec, || db::find_figures(self.conn, &eid, year))?;
        let f = self.same_named(
            rec,
            &[
                "year",
                "staff",
                "scitech_staff",
                "sales",
                "total_income",
                "hightech_income",
                "rd_spend",
                "rd_domestic",
                "net_assets",
                "total_assets",
                "liabilities",
                "ip_class1",
                "ip_class2",
                "results_transferred",
                "rd_mgmt_score",
                "major_incident",
                "annual_report_filed",
            ],
        );
        self.child(rec, "figures", existing, f, &[], "year")
    }

    fn certificate(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let number = get_text(self.kind, rec, "number").unwrap_or_default();
        let existing = self.matched(rec, || db::find_certificate(self.conn, &eid, &number))?;
        let f = self.same_named(rec, &["kind", "number", "issued_on", "expires_on"]);
        let kind = get_text(self.kind, rec, "kind").unwrap_or_else(|| "hte".into());
        let mut defaults = vec![("kind", Value::Text(kind.clone()))];
        if kind == "hte"
            && let Some(issued) = get_text(self.kind, rec, "issued_on")
            && let Ok(d) = crate::store::parse_date(&issued)
        {
            // Valid for the configured years from the day of issue (as `domain::hte` counts).
            let year = d.year() + self.config.hte.certificate_valid_years;
            let expires = Date::from_calendar_date(year, d.month(), d.day())
                .or_else(|_| Date::from_calendar_date(year, d.month(), 28));
            if let Ok(e) = expires {
                defaults.push(("expires_on", Value::Text(format_date(e))));
            }
        }
        self.child(rec, "certificates", existing, f, &defaults, "number")
    }

    /// A district's target, matched by district, metric and year.
    fn target(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let district = target_district(&get_text(self.kind, rec, "district").unwrap_or_default());
        let metric = get_text(self.kind, rec, "metric").unwrap_or_default();
        let year = match get(self.kind, rec, "year") {
            Some(Value::Integer(y)) => *y,
            _ => 0,
        };
        let value = self.v(rec, "value");
        let (existing, new_id) =
            self.matched(rec, || db::find_target(self.conn, &district, &metric, year))?;
        let written = match existing {
            Some(id) => self.writer.update(
                "targets",
                &id,
                None,
                &[
                    ("district", Some(Value::Text(district.clone()))),
                    ("metric", Some(Value::Text(metric.clone()))),
                    ("year", Some(Value::Integer(year))),
                    ("value", value),
                ],
            )?,
            None => Written::Added(self.writer.insert_as(
                "targets",
                new_id,
                None,
                &[
                    ("district", Some(Value::Text(district.clone()))),
                    (
                        "district_code",
                        district_code(Some(&Value::Text(district.clone()))),
                    ),
                    ("metric", Some(Value::Text(metric.clone()))),
                    ("year", Some(Value::Integer(year))),
                    ("value", value),
                ],
            )?),
        };
        let shown = crate::interchange::values::choice_label(
            super::columns::EnumKind::Metric,
            &metric,
            self.lang,
        );
        let scope = if district.is_empty() {
            self.lang.whole_pool().to_string()
        } else {
            district
        };
        self.count(rec, format!("{scope} · {shown} · {year}"), &[written]);
        Ok(())
    }
}
