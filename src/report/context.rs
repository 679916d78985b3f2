//! What every command and the TUI share: where the data is, the language, the date, the
//! configuration, and how the file is opened with them. Both `cli` and `tui` build on it, so it
//! sits below them (the CLI's flags make it: `cli::Cli::context`).

use crate::config::Config;
use crate::i18n::Lang;
use crate::store::{OpenMode, ReadOnly, Store, StoreError, derived};
use anyhow::Context as _;
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use time::{Date, PrimitiveDateTime};

/// How a command writes its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// Shared by every command: where the data is, the language, the date, the configuration.
pub struct Context {
    pub db: PathBuf,
    pub lang: Lang,
    pub today: Date,
    /// The real today (the clock's date, or `SEEDBED_TODAY`): the day the values saved in the
    /// file are for. A `today` other than this one is an as-of view, which writes nothing.
    pub real_today: Date,
    pub now: PrimitiveDateTime,
    pub config: Config,
    pub format: Format,
    /// `--read-only`: nothing is written to the file.
    pub read_only: bool,
    /// Keys of the user's config file that Seedbed does not know (dotted), said at start.
    pub config_unknown: Vec<String>,
}

impl Context {
    /// Opens the existing database (read-only when asked, or when it cannot be written, saying
    /// so on stderr) and brings its derived values up to `today` unless it is read-only.
    pub fn open(&self) -> anyhow::Result<Store> {
        let store = self.open_for(false)?;
        self.enter_as_of(&store)?;
        Ok(store)
    }

    /// [`Context::open`] without turning the as-of view on: for a caller that changes the
    /// connection's settings first (changing `temp_store` drops the view's temporary tables),
    /// then calls [`Context::enter_as_of`].
    pub fn open_settings_first(&self) -> anyhow::Result<Store> {
        self.open_for(false)
    }

    /// Turns the as-of view on for `store` when `--today` names a day other than the real
    /// today: computed on this connection only, the file keeps the real today's values.
    pub fn enter_as_of(&self, store: &Store) -> anyhow::Result<()> {
        if self.as_of() {
            crate::store::asof::enter(&store.conn, self.today, &self.config)
                .context("cannot compute the as-of view")?;
        }
        Ok(())
    }

    /// Opens the existing database for a command that writes: a read-only file is refused.
    pub fn open_writable(&self) -> anyhow::Result<Store> {
        self.open_for(true)
    }

    /// Refuses a command that writes when `--read-only` was given.
    pub fn refuse_if_read_only(&self) -> anyhow::Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.db.clone(),
                reason: ReadOnly::Asked,
            }
            .into());
        }
        Ok(())
    }

    /// Whether this is an as-of view: `--today` names a day other than the real today.
    pub fn as_of(&self) -> bool {
        self.today != self.real_today
    }

    /// Refuses a command that writes in the as-of view (which writes nothing).
    pub fn refuse_if_as_of(&self) -> anyhow::Result<()> {
        if self.as_of() {
            return Err(crate::i18n::asof_text::AsOfWrite {
                day: self.today,
                real: self.real_today,
            }
            .into());
        }
        Ok(())
    }

    fn open_for(&self, write: bool) -> anyhow::Result<Store> {
        if write {
            self.refuse_if_read_only()?;
            self.refuse_if_as_of()?;
        }
        let mut store = Store::open(&self.db, self.open_mode())?;
        if write {
            store.writable()?;
        }
        store.set_wait(self.config.files.write_wait())?;
        match store.read_only {
            None if self.as_of() => {}
            None => {
                derived::refresh(&mut store.conn, self.today, &self.config)
                    .context("cannot bring derived values up to date")?;
            }
            Some(ReadOnly::Asked) => {}
            Some(reason) => eprintln!(
                "seedbed: {}",
                crate::i18n::store_text::opened_read_only(&self.db, reason, self.lang)
            ),
        }
        Ok(store)
    }

    /// How a command that only reads opens the existing file.
    pub fn open_mode(&self) -> OpenMode {
        if self.read_only {
            OpenMode::ReadOnly
        } else {
            OpenMode::Existing
        }
    }

    /// Refuses an output file that is the database or one of SQLite's files beside it: writing
    /// there would replace the record under the connections that have it open.
    pub fn refuse_database_as_out(&self, out: &Path) -> anyhow::Result<()> {
        for suffix in std::iter::once("").chain(crate::store::SIDE_SUFFIXES) {
            if crate::store::same_file(out, &crate::store::side_file(&self.db, suffix)) {
                return Err(crate::i18n::cli_text::UsageError::OutIsDatabase(
                    out.display().to_string(),
                )
                .into());
            }
        }
        Ok(())
    }
}

// Parses a `--today` date.
pub fn parse_today(s: &str) -> Result<Date, String> {
    let d = crate::store::parse_date(s.trim())
        .map_err(|_| format!("{s:?} is not a date; use YYYY-MM-DD, e.g. 2026-11-21"))?;
    // The same range as every date a record may carry.
    crate::domain::dates::check_range(d).map_err(|_| {
        format!(
            "{s:?} is outside {} … {}",
            crate::domain::dates::EARLIEST,
            crate::domain::dates::LATEST
        )
    })
}

/// The platform directories (data and config) of Seedbed.
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "seedbed")
}

/// The user's config file path, if a home directory exists.
pub fn config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The real today: the clock's local date, or `SEEDBED_TODAY` (YYYY-MM-DD) when set, so that
/// scripts and tests can fix the day the file's saved values are for. A bad value is ignored.
pub fn real_today() -> Date {
    std::env::var("SEEDBED_TODAY")
        .ok()
        .and_then(|s| parse_today(&s).ok())
        .unwrap_or_else(|| local_now().date())
}

/// The local date and time now.
pub fn local_now() -> PrimitiveDateTime {
    let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    PrimitiveDateTime::new(now.date(), now.time())
}
