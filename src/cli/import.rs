//! `seedbed import FILE`: CSV or XLSX in, all or nothing.

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
    /// The file: .csv (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16) or .xlsx (also .xls, .ods).
    pub file: PathBuf,
    /// What the file holds (default: guessed from its headers).
    #[arg(long, value_enum)]
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

/// Removes a database file (and its WAL files) this command created but did not fill.
fn remove_new_db(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

pub fn run(ctx: &Context, as_name: Option<&str>, a: &ImportArgs) -> anyhow::Result<i32> {
    // A missing file, a directory or a device is named before the database is opened.
    check_input(&a.file)?;
    let created = !ctx.db.exists();
    let mode = match (ctx.read_only, a.dry_run) {
        (true, true) => OpenMode::ReadOnly,
        (true, false) => {
            return Err(crate::store::StoreError::ReadOnly {
                path: ctx.db.clone(),
                reason: crate::store::ReadOnly::Asked,
            }
            .into());
        }
        (false, _) => OpenMode::CreateIfMissing,
    };
    let mut store = Store::open(&ctx.db, mode)?;
    if !a.dry_run {
        store.writable()?;
    }
    store.set_wait(ctx.config.files.write_wait())?;
    let commissioner = match super::write::commissioner(ctx, &store, as_name) {
        Ok(c) => c,
        Err(e) => {
            drop(store);
            if created {
                remove_new_db(&ctx.db);
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
    let result = import_file(&mut store, &a.file, &opts, &ctx.config);
    drop(store);
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            if created {
                remove_new_db(&ctx.db);
            }
            return Err(e);
        }
    };
    if created && !report.written {
        remove_new_db(&ctx.db);
    }
    // A refused file's problems are errors: on stderr, so a script's output stays clean.
    if report.problems.is_empty() {
        out!("{}", import_report(&report, ctx.lang));
        Ok(0)
    } else {
        eprint!("{}", import_report(&report, ctx.lang));
        Ok(1)
    }
}
