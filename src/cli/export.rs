//! `seedbed export`: a kind as CSV, XLSX or JSON with the importer's headers, or planned visits
//! as an iCalendar file.

use super::Context;
use crate::i18n::input_text::{ExportUsage, export_usage};
use crate::i18n::interchange_text::{calendar_written, exported, kind_name};
use crate::interchange::columns::Kind;
use crate::interchange::csv_in::TextEncoding;
use crate::interchange::{
    FileError, FileFormat, csv_out, ics, json_out, rows, write_atomically, xlsx_out,
};
use anyhow::bail;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use time::{Duration, UtcOffset};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
    /// Planned visits as an iCalendar file.
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export (not needed for --format ics): a code or its name (企业, 科技项目, …).
    #[arg(long, value_parser = super::import::parse_kind)]
    pub kind: Option<Kind>,
    /// The format (default: from the extension of --out).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// The file to write (default: standard output; required for xlsx).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Calendar only: planned visits from today through this many days ahead.
    #[arg(long, default_value_t = 90)]
    pub days: i64,
    /// CSV only: UTF-8 with a BOM (default) or GBK/GB18030 for older software.
    #[arg(long, value_enum, default_value_t = TextEncoding::Auto)]
    pub encoding: TextEncoding,
}

fn write_out(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(p) => Ok(write_atomically(p, bytes)?),
        None => {
            let mut o = std::io::stdout().lock();
            match o.write_all(bytes) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => Ok(other?),
            }
        }
    }
}

pub fn run(ctx: &Context, a: &ExportArgs) -> anyhow::Result<i32> {
    let format = match (a.format, a.out.as_deref().and_then(FileFormat::from_path)) {
        (Some(f), _) => f,
        (None, Some(FileFormat::Csv)) => ExportFormat::Csv,
        (None, Some(FileFormat::Xlsx)) => ExportFormat::Xlsx,
        (None, Some(FileFormat::Json)) => ExportFormat::Json,
        (None, Some(FileFormat::Ics)) => ExportFormat::Ics,
        (None, _) => bail!(export_usage(ExportUsage::Format, "", ctx.lang)),
    };
    let store = ctx.open()?;
    let l = ctx.lang;
    let out = a.out.as_deref();
    if let Some(out) = out {
        ctx.refuse_database_as_out(out)?;
    }
    let shown = out.map_or_else(|| "-".to_string(), |p| p.display().to_string());
    if format == ExportFormat::Ics {
        if a.days < 1 {
            bail!(export_usage(ExportUsage::Days, "", l));
        }
        let until = ctx.today + Duration::days(a.days - 1);
        let events = ics::planned_visits(&store.conn, ctx.today, until)?;
        let overdue = ics::overdue_count(&store.conn, ctx.today)?;
        let offset = UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC);
        let utc = ctx.now.assume_offset(offset).to_offset(UtcOffset::UTC);
        let stamp = time::PrimitiveDateTime::new(utc.date(), utc.time());
        let text = ics::calendar(&events, stamp, l);
        write_out(out, text.as_bytes())?;
        if out.is_some() {
            eprintln!("{}", calendar_written(&shown, events.len(), overdue, l));
        }
        return Ok(0);
    }
    let Some(kind) = a.kind else {
        bail!(export_usage(
            ExportUsage::Kind,
            &Kind::ALL.map(Kind::code).join(", "),
            l
        ));
    };
    // Into a file, a large pool takes seconds: a spinner meanwhile (none when the rows go to
    // standard output, which may be the same terminal).
    let spinner = out.map(|_| super::progress::spinner());
    let (bytes, n) = match format {
        ExportFormat::Json => {
            let raw = rows::raw(&store.conn, kind)?;
            let n = raw.len();
            (json_out::to_bytes(kind, raw), n)
        }
        ExportFormat::Csv => {
            let t = rows::table(&store.conn, kind, l)?;
            (csv_out::to_bytes(&t, a.encoding)?, t.rows.len())
        }
        ExportFormat::Xlsx => {
            let Some(path) = out else {
                bail!(export_usage(ExportUsage::XlsxNeedsOut, "", l));
            };
            let t = rows::table(&store.conn, kind, l)?;
            let n = t.rows.len();
            let bytes =
                xlsx_out::to_bytes(std::slice::from_ref(&t)).map_err(|e| FileError::Xlsx {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })?;
            (bytes, n)
        }
        ExportFormat::Ics => unreachable!("handled above"),
    };
    write_out(out, &bytes)?;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    if out.is_some() {
        eprintln!("{}", exported(&shown, n, kind_name(kind, l), l));
    }
    Ok(0)
}
