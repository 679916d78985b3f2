//! Data in and out: CSV, XLSX and JSON import with validation (all or nothing), CSV/XLSX/JSON exports
//! with the same headers, an iCalendar file of planned visits, the pre-visit brief and the
//! district report.
//!
//! Readers turn a file into a [`Sheet`] of typed [`Cell`]s; `import` maps its headers onto a
//! kind's columns (`columns`), checks every row and hands the rows to `store::import`. Writers
//! take rows of [`Out`] values from `rows` and write them in a format.

pub mod columns;
pub mod csv_in;
pub mod csv_out;
pub mod dayplan;
pub mod git;
pub mod ics;
pub mod import;
pub mod json_in;
pub mod json_out;
pub mod markdown;
pub mod rows;
pub mod values;
pub mod words;
pub mod xlsx_charts;
pub mod xlsx_in;
pub mod xlsx_out;

use std::path::{Path, PathBuf};
use time::{Date, PrimitiveDateTime};

/// One cell as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A spreadsheet date cell.
    Date(Date),
    /// A spreadsheet date-time cell.
    DateTime(PrimitiveDateTime),
}

impl Cell {
    /// The cell as the user sees it, for messages.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(x) => number_text(*x),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => crate::store::format_date(*d),
            Cell::DateTime(t) => datetime_text(*t),
        }
    }

    /// Whether the cell holds nothing (or only spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A number as text: integers without a decimal point, others in the shortest exact form.
pub fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

/// `2026-11-21 09:30`, with seconds only when they are not zero.
pub fn datetime_text(t: PrimitiveDateTime) -> String {
    let date = crate::store::format_date(t.date());
    if t.second() == 0 {
        format!("{date} {:02}:{:02}", t.hour(), t.minute())
    } else {
        format!("{date} {:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    }
}

/// A data row and the line (spreadsheet row) it came from; the header is line 1 unless a title
/// sits above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A table read from a file: the header row and the data rows below it (blank rows dropped).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub header_line: usize,
    pub rows: Vec<Row>,
    /// The lines of totals rows (合计, 总计, 小计) found below the data and left out of `rows`.
    pub totals: Vec<usize>,
}

/// The words a totals row starts with (spaces inside, as in `合  计`, are ignored).
const TOTALS_WORDS: [&str; 6] = ["合计", "总计", "小计", "total", "subtotal", "grandtotal"];

/// Whether a row is a totals row: its first non-blank cell is a totals word (maybe followed by
/// a colon), and every other non-blank cell is a number.
fn is_totals_row(row: &Row) -> bool {
    let mut cells = row.cells.iter().filter(|c| !c.is_blank());
    let Some(Cell::Text(first)) = cells.next() else {
        return false;
    };
    let word: String = first
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_end_matches([':', '：'])
        .to_lowercase();
    TOTALS_WORDS.contains(&word.as_str())
        && cells.all(|c| match c {
            Cell::Number(_) => true,
            Cell::Text(t) => looks_numeric(t),
            _ => false,
        })
}

/// Whether text is a figure as sheets write them: `1,234.5`, `-3`, `¥12万`, `85%`.
fn looks_numeric(t: &str) -> bool {
    let t = t
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches(['%', '元', '万', '人', '个', '项', '件'])
        .trim();
    let digits: String = t.chars().filter(|c| !matches!(c, ',' | '，')).collect();
    !digits.is_empty() && digits.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
/// return, that hide one): a text cell starting with one is written behind a `'`.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as written to CSV: behind a `'` when it starts like a formula.
pub fn guard_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A text cell as read back: the `'` an export put before a formula character is dropped.
pub fn unguard_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

impl Sheet {
    /// Finds the header row among `rows` (the first of the first ten that names at least two known
    /// columns, else the first) and keeps the rows below it.
    pub fn from_rows(mut rows: Vec<Row>) -> Sheet {
        rows.retain(|r| r.cells.iter().any(|c| !c.is_blank()));
        if rows.is_empty() {
            return Sheet::default();
        }
        let header_at = rows
            .iter()
            .take(10)
            .position(|r| {
                let h: Vec<String> = r.cells.iter().map(Cell::display).collect();
                columns::known_headers(&h) >= 2
            })
            .unwrap_or(0);
        let mut data = rows.split_off(header_at + 1);
        let header = rows.pop().unwrap_or(Row {
            line: 1,
            cells: Vec::new(),
        });
        // Office sheets end with their sums; those rows are not records.
        let mut totals = Vec::new();
        while data.last().is_some_and(is_totals_row) {
            if let Some(row) = data.pop() {
                totals.push(row.line);
            }
        }
        totals.reverse();
        Sheet {
            totals,
            headers: header
                .cells
                .iter()
                .map(|c| c.display().trim().to_string())
                .collect(),
            header_line: header.line,
            rows: data,
        }
    }
}

/// Why a value (or a file) was refused. `crate::i18n::interchange_text::why` puts it in words.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// A required value is blank.
    Required,
    /// A required column is missing from the header row (the kind's name).
    MissingColumn(columns::Kind),
    /// The same column appears twice (the first header).
    DoubledColumn(String),
    BadCreditCode(crate::domain::credit_code::CreditCodeError),
    BadDate,
    BadDateTime,
    /// A number cell in a date column (the workbook does not format it as a date).
    NumberNotDate,
    /// A bare year such as 2015 in a date column.
    YearNotDate,
    BadNumber,
    NotWhole,
    Negative,
    BadYear,
    BadBool,
    /// Not one of the allowed values (the labels to use).
    BadChoice(Vec<String>),
    /// The credit code is not in the database.
    UnknownEnterprise,
    /// No project of this name (for this enterprise, if a credit code is given).
    UnknownProject,
    /// Several projects have this name (how many).
    AmbiguousProject(usize),
    /// The same record appears on an earlier line.
    Duplicate(usize),
    /// An enterprise has another current membership of the same pool on that line.
    SecondCurrentMembership(usize),
    /// This date is before the date in the named column.
    Before(String),
    /// A visit needs a planned or a done date.
    VisitDate,
    /// A batch without a pool (and the enterprise is in none).
    BatchWithoutPool,
    /// An HTE certificate number is not like GR202365000123.
    BadCertNumber,
    /// A score outside 0..=max.
    OutOfRange {
        min: f64,
        max: f64,
    },
    /// A date later than today where only past dates make sense.
    InFuture,
    // import safety
    /// A real date outside `domain::dates::EARLIEST ..= LATEST`.
    DateOutOfRange,
    /// A control character, or a name too long (see `domain::fields`).
    BadText(crate::domain::fields::TextError),
    // round trip
    /// Not an id as Seedbed writes them (letters, digits and `-`, at most 64).
    BadId,
    /// The id names a record of another enterprise (or, for a milestone, another project).
    IdOfAnother,
    /// The id names no record of this file (a project or visit referred to).
    UnknownId,
    /// A district that matches no GB/T 2260 code.
    UnknownDistrict,
    /// A district name several districts share (their full names).
    AmbiguousDistrict(Vec<String>),
}

/// One problem of an import: where it is, the value, and why it was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    /// The header as written in the file.
    pub column: Option<String>,
    /// The value as written in the file.
    pub value: Option<String>,
    pub why: Why,
}

/// Errors that stop an import or export before any row is looked at.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not {encoding} text (line {line}, first bad byte at offset {offset}); pass --encoding"
    )]
    Encoding {
        path: PathBuf,
        encoding: &'static str,
        offset: usize,
        line: usize,
    },
    #[error("{path} is not a CSV file Seedbed can read: {message}")]
    Csv { path: PathBuf, message: String },
    #[error("{path} is not a spreadsheet Seedbed can read: {message}")]
    Spreadsheet { path: PathBuf, message: String },
    #[error("{path} has no sheet named {sheet:?} (it has: {available})")]
    NoSheet {
        path: PathBuf,
        sheet: String,
        available: String,
    },
    #[error("{path} has no rows")]
    Empty { path: PathBuf },
    #[error(
        "cannot tell what {path} holds from its headers ({headers}); pass --kind with one of: {kinds}"
    )]
    UnknownKind {
        path: PathBuf,
        headers: String,
        kinds: String,
    },
    #[error(
        "{path}: unknown file type; use .csv, .txt, .xlsx, .xls or .ods (or .json, .ics and .md for output)"
    )]
    UnknownFormat { path: PathBuf },
    #[error("cannot write spreadsheet {path}: {message}")]
    Xlsx { path: PathBuf, message: String },
    // import safety
    #[error("{path} does not exist")]
    NotFound { path: PathBuf },
    #[error("{path} is a directory, not a file")]
    IsDirectory { path: PathBuf },
    #[error("{path} is not a regular file")]
    NotRegular { path: PathBuf },
    #[error("--out {path} is not a regular file or a new path (directory: {directory})")]
    OutTarget { path: PathBuf, directory: bool },
    #[error("{path}: the quote opened on line {line} is never closed")]
    UnclosedQuote { path: PathBuf, line: usize },
    #[error("{path} is not valid UTF-8 (line {line}, byte {offset})")]
    BrokenUtf8 {
        path: PathBuf,
        line: usize,
        offset: usize,
    },
    #[error("{path} looks like UTF-16 text without a byte-order mark; pass --encoding {encoding}")]
    Utf16WithoutBom {
        path: PathBuf,
        encoding: &'static str,
    },
    #[error("{path} has a header row (line {line}) but no data rows")]
    NoDataRows { path: PathBuf, line: usize },
    #[error("{path} holds {kind:?}, which Seedbed computes: they are exported, never imported")]
    ExportOnly { path: PathBuf, kind: columns::Kind },
    #[error("{path} is not a JSON array of objects as `seedbed export` writes: {message}")]
    Json { path: PathBuf, message: String },
    #[error("{path} looks like {kind:?} but lacks the required columns {columns:?}")]
    MissingColumns {
        path: PathBuf,
        kind: columns::Kind,
        columns: Vec<String>,
    },
}

/// How a file is laid out, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
    Json,
    Ics,
    Markdown,
}

impl FileFormat {
    pub fn from_path(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" | "txt" | "tsv" => FileFormat::Csv,
            "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => FileFormat::Xlsx,
            "json" => FileFormat::Json,
            "ics" | "ical" => FileFormat::Ics,
            "md" | "markdown" => FileFormat::Markdown,
            _ => return None,
        })
    }
}

/// Writes `bytes` to `path` through a temporary file beside it (`NamedTempFile` in the target's
/// folder, so the final rename stays on one file system and is atomic), synced before the rename,
/// so a failed write never leaves a half-written file behind: the temporary file is removed when
/// dropped on any error path.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    use std::io::Write;
    let err = |source| FileError::Write {
        path: path.to_path_buf(),
        source,
    };
    check_out_target(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    // Created 0600 (tempfile's default on unix, made explicit here so it does not rest on a
    // default): exports, reports and briefs hold contact names and phone numbers.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".seedbed-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// An output path must be a regular file (replaced) or not exist yet (created): the rename of
/// `write_atomically` would otherwise replace a device (as root, `/dev/full` became a file) or
/// fail late on a directory.
fn check_out_target(path: &Path) -> Result<(), FileError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) => Err(FileError::OutTarget {
            path: path.to_path_buf(),
            directory: m.is_dir(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(FileError::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_row(line: usize, cells: &[&str]) -> Row {
        Row {
            line,
            cells: cells.iter().map(|s| Cell::Text(s.to_string())).collect(),
        }
    }

    #[test]
    fn header_row_is_found_under_a_title() {
        let sheet = Sheet::from_rows(vec![
            text_row(1, &["2026年高企培育库名单", "", ""]),
            text_row(2, &["", "", ""]),
            text_row(3, &["序号", "企业名称", "统一社会信用代码"]),
            text_row(4, &["1", "甲公司", "91110108551385082Q"]),
            text_row(5, &["", "", ""]),
        ]);
        assert_eq!(sheet.header_line, 3);
        assert_eq!(sheet.headers[1], "企业名称");
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].line, 4);
    }

    #[test]
    fn numbers_and_times_read_as_typed() {
        assert_eq!(number_text(13812345678.0), "13812345678");
        assert_eq!(number_text(12.5), "12.5");
        let t = time::macros::datetime!(2026-11-21 09:30);
        assert_eq!(datetime_text(t), "2026-11-21 09:30");
        let t = time::macros::datetime!(2026-11-21 09:30:05);
        assert_eq!(datetime_text(t), "2026-11-21 09:30:05");
    }

    #[test]
    fn totals_rows_at_the_end_are_set_aside() {
        let mut rows = vec![
            text_row(1, &["序号", "企业名称", "统一社会信用代码", "职工总数"]),
            text_row(2, &["1", "甲", "91110108551385082Q", "12"]),
            text_row(3, &["2", "乙", "91370000728611939A", "8"]),
        ];
        rows.push(Row {
            line: 4,
            cells: vec![
                Cell::Text("小 计".into()),
                Cell::Empty,
                Cell::Empty,
                Cell::Number(20.0),
            ],
        });
        rows.push(text_row(5, &["", "合计：", "", "1,020"]));
        let sheet = Sheet::from_rows(rows);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.totals, vec![4, 5]);
        // A totals word with text beside it is a record (and will be checked as one).
        let sheet = Sheet::from_rows(vec![
            text_row(1, &["企业名称", "统一社会信用代码"]),
            text_row(2, &["合计", "91110108551385082Q"]),
        ]);
        assert_eq!(sheet.rows.len(), 1);
        assert!(sheet.totals.is_empty());
        // Above the last record it is not skipped either.
        let sheet = Sheet::from_rows(vec![
            text_row(1, &["企业名称", "统一社会信用代码"]),
            text_row(2, &["合计", ""]),
            text_row(3, &["甲", "91110108551385082Q"]),
        ]);
        assert_eq!(sheet.rows.len(), 2);
        assert!(sheet.totals.is_empty());
    }

    #[test]
    fn formula_text_is_guarded_and_unguarded() {
        for (text, written) in [
            ("=1+1", "'=1+1"),
            ("+86 138", "'+86 138"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("甲", "甲"),
            ("'=already", "'=already"),
        ] {
            assert_eq!(guard_formula(text), written, "{text:?}");
        }
        assert_eq!(unguard_formula("'=1+1"), "=1+1");
        assert_eq!(unguard_formula("'\tx"), "\tx");
        assert_eq!(unguard_formula("'甲"), "'甲");
        assert_eq!(unguard_formula("'"), "'");
    }

    #[test]
    fn out_targets_must_be_files_or_new_paths() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        assert!(check_out_target(&new).is_ok());
        write_atomically(&new, b"a").unwrap();
        assert!(check_out_target(&new).is_ok());
        assert!(matches!(
            write_atomically(dir.path(), b"a"),
            Err(FileError::OutTarget {
                directory: true,
                ..
            })
        ));
        assert!(matches!(
            check_out_target(Path::new("/dev/null")),
            Err(FileError::OutTarget {
                directory: false,
                ..
            })
        ));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("new.csv")]);
    }

    #[cfg(unix)]
    #[test]
    fn an_atomic_write_replaces_a_wider_file_with_a_private_one_and_leaves_no_temp() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("brief.md");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomically(&target, "简报".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "简报");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("brief.md")]);
    }
}
