//! Shared fixtures: demo pools in temporary files, and running the binary.

use seedbed::cli::demo::{DemoArgs, create};
use seedbed::cli::{Context, output::Format};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use time::macros::{date, datetime};
use time::{Date, PrimitiveDateTime};

pub const TODAY: Date = date!(2026 - 11 - 21);
pub const NOW: PrimitiveDateTime = datetime!(2026-11-21 09:00);

/// A context on `db` as of the fixed date.
pub fn context(db: &Path, lang: Lang) -> Context {
    Context {
        db: db.to_path_buf(),
        lang,
        today: TODAY,
        real_today: TODAY,
        now: NOW,
        config: Config::default(),
        format: Format::Table,
        read_only: false,
        config_unknown: Vec::new(),
    }
}

/// A demo pool of `n` enterprises (seed 7) in a new temporary directory.
pub fn demo_pool(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pool.db");
    let args = DemoArgs {
        enterprises: n,
        seed: 7,
        force: false,
    };
    create(&db, &args, &context(&db, Lang::Zh)).expect("demo pool");
    (dir, db)
}

/// The home directory of the binary run on `db`: a folder beside the file, none of the user's.
pub fn home(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("home")
}

/// Runs the `seedbed` binary with `args` on `db` as of the fixed date, in English.
pub fn seedbed(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args(["--today", "2026-11-21", "--lang", "en"])
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SEEDBED_DB")
        // The fixed date is the real today too: not an as-of view, which would write nothing.
        .env("SEEDBED_TODAY", "2026-11-21")
        // A home of its own beside the file: the developer's config (who they are,
        // thresholds) must not reach the test.
        .env("HOME", home(db))
        .env("XDG_CONFIG_HOME", home(db).join("config"))
        .env("XDG_DATA_HOME", home(db).join("data"))
        // Tests ask for backups explicitly (tests/it/backups.rs).
        .env("SEEDBED_AUTO_BACKUP", "0")
        .output()
        .expect("run seedbed")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
