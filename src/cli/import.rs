//! `seedbed import FILE`: CSV, XLSX or a JSON export in, all or nothing.

use super::Context;
use crate::i18n::interchange_text::import_report;
use crate::interchange::columns::Kind;
use crate::interchange::csv_in::TextEncoding;
use crate::interchange::import::{ImportOptions, check_input, import_file};
use crate::store::{OpenMode, Store};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: .csv (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16), .xlsx (also .xls, .ods) or
    /// .json as `seedbed export` writes it.
    pub file: PathBuf,
    /// What the file holds (default: guessed from its headers): a code or its name (企业, 科技项目, …).
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// Check the file and show what would change, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Text encoding of a CSV file (default: UTF-8 if valid, else GB18030/GBK; UTF-16 with a BOM).
    #[arg(long, value_enum, default_value_t = TextEncoding::Auto)]
    pub encoding: TextEncoding,
}

/// A kind by its code or by its name in either language (企业, 科技项目, yearly figures …).
pub fn parse_kind(s: &str) -> Result<Kind, String> {
    use crate::i18n::Lang;
    use crate::i18n::interchange_text::kind_name;
    use clap::ValueEnum;
    if let Ok(k) = Kind::from_str(s.trim(), true) {
        return Ok(k);
    }
    let t = s.trim();
    Kind::ALL
        .into_iter()
        .find(|k| {
            [Lang::Zh, Lang::En]
                .iter()
                .any(|l| kind_name(*k, *l).eq_ignore_ascii_case(t))
        })
        .ok_or_else(|| crate::i18n::cli_text::unknown_kind(s))
}

/// Removes a database file this command created but did not fill, unless another program
/// opened it meanwhile (two imports into a new path): the file is removed only while this
/// connection has it to itself (it leaves WAL mode only then, and holds an exclusive lock), and
/// only if nothing was ever saved in it. A program that opened the path just before sees its
/// writes refused by SQLite (the file moved), never lost in silence.
fn remove_unused_new_db(store: Store) {
    let conn = &store.conn;
    let _ = conn.busy_timeout(std::time::Duration::ZERO);
    let alone = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        })
        .is_ok_and(|m| m.eq_ignore_ascii_case("delete"))
        && conn.execute_batch("BEGIN EXCLUSIVE").is_ok();
    if !alone {
        return;
    }
    let unused = conn
        .query_row(
            "SELECT (SELECT count(*) FROM change_groups) + (SELECT count(*) FROM enterprises)",
            [],
            |r| r.get::<_, i64>(0),
        )
        .is_ok_and(|n| n == 0);
    if unused {
        for suffix in std::iter::once("").chain(crate::store::SIDE_SUFFIXES) {
            let _ = std::fs::remove_file(crate::store::side_file(&store.path, suffix));
        }
    }
    let _ = conn.execute_batch("ROLLBACK");
}

pub fn run(ctx: &Context, as_name: Option<&str>, a: &ImportArgs) -> anyhow::Result<i32> {
    // A missing file, a directory or a device is named before the database is opened.
    check_input(&a.file)?;
    let created = !ctx.db.exists();
    // Even a dry run writes (then rolls back) to check the rows as they would be saved.
    ctx.refuse_if_read_only()?;
    ctx.refuse_if_as_of()?;
    let mut store = Store::open(&ctx.db, OpenMode::CreateIfMissing)?;
    if !a.dry_run {
        store.writable()?;
    }
    store.set_wait(ctx.config.files.write_wait())?;
    let commissioner = match super::write::commissioner(ctx, &store, as_name) {
        Ok(c) => c,
        Err(e) => {
            if created {
                remove_unused_new_db(store);
            }
            return Err(e);
        }
    };
    let opts = ImportOptions {
        kind: a.kind,
        dry_run: a.dry_run,
        sheet: a.sheet.clone(),
        encoding: a.encoding,
        lang: ctx.lang,
        today: ctx.today,
        commissioner,
    };
    let spinner = super::progress::spinner();
    let result = import_file(&mut store, &a.file, &opts, &ctx.config);
    spinner.finish_and_clear();
    if created && !result.as_ref().is_ok_and(|r| r.written) {
        remove_unused_new_db(store);
    } else {
        drop(store);
    }
    let report = result?;
    // A refused file's problems are errors: on stderr, so a script's output stays clean.
    if report.problems.is_empty() {
        out!("{}", import_report(&report, ctx.lang));
        Ok(0)
    } else {
        eprint!("{}", import_report(&report, ctx.lang));
        Ok(1)
    }
}
