//! Configuration: defaults in `assets/config.toml`, overridden key by key by the user's
//! `config.toml` in the platform config directory.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The defaults shipped with the binary.
pub const DEFAULT_TOML: &str = include_str!("../assets/config.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub alert: AlertConfig,
    pub cadence: CadenceConfig,
    pub requests: RequestConfig,
    pub hte: HteConfig,
    pub tsme: TsmeConfig,
    pub ranking: RankingWeights,
    pub rewards: Rewards,
    pub files: FilesConfig,
    pub backups: BackupConfig,
    /// Who is using Seedbed: the person's, not the file's (see `set_user_me`).
    #[serde(default)]
    pub user: UserConfig,
    /// The user's `[keymap]` table, read with its lines (see `KeymapConfig`); the keymap
    /// applies it over `assets/keymap.toml`.
    #[serde(skip)]
    pub keymap: KeymapConfig,
    /// The user's `theme = "…"` or `[theme]` table, read with its lines (see `ThemeConfig`).
    #[serde(skip)]
    pub theme: ThemeConfig,
}

/// The person at the keyboard. Kept in the user's config file, so that two people on one
/// database are two commissioners.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserConfig {
    /// The commissioner's name (or id) that changes are stamped with; '' = not chosen.
    #[serde(default)]
    pub me: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilesConfig {
    /// The folder briefs are written to ('' = the default, see `cli::brief::default_path`).
    pub briefs: String,
    /// How long a command waits for another program writing the same file (seconds).
    pub write_wait_seconds: f64,
}

impl FilesConfig {
    /// `write_wait_seconds` as a duration (a negative or absurd value waits not at all).
    pub fn write_wait(&self) -> std::time::Duration {
        std::time::Duration::try_from_secs_f64(self.write_wait_seconds.clamp(0.0, 3600.0))
            .unwrap_or_default()
    }
}

/// Automatic snapshots of the database in a `backups/` folder beside it (`store::backup`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupConfig {
    /// Whether the TUI and write commands take the daily snapshot and imports one before they
    /// write (the environment variable `SEEDBED_AUTO_BACKUP=0|1` overrides it, for scripts and
    /// tests); upgrades and restores take theirs regardless.
    pub auto: bool,
    /// The newest backup of each of this many days is kept.
    pub daily: usize,
    /// The newest backup of each of this many weeks is kept.
    pub weekly: usize,
    /// The newest this many backups are kept whatever their day.
    pub latest: usize,
    /// The backups of a file together stay under this many MB (0: no cap); the oldest go first,
    /// the newest is always kept.
    pub max_total_mb: u64,
    /// The TUI takes the day's snapshot once a session has lasted this many seconds (a quick
    /// look neither waits for a large file's snapshot nor leaves one cut short).
    pub tui_after_seconds: u64,
}

impl BackupConfig {
    /// Whether automatic backups are on: `SEEDBED_AUTO_BACKUP` (`0`/`1`) when set, else `auto`.
    pub fn auto_enabled(&self) -> bool {
        match std::env::var("SEEDBED_AUTO_BACKUP")
            .ok()
            .as_deref()
            .map(str::trim)
        {
            Some("0" | "false" | "no" | "off") => false,
            Some("1" | "true" | "yes" | "on") => true,
            _ => self.auto,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertConfig {
    pub milestone_due_days: i64,
    pub lag_points: f64,
    pub end_warning_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CadenceConfig {
    pub visits_per_year: u32,
    pub interval_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestConfig {
    pub sla_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HteConfig {
    pub min_registered_days: i64,
    pub scitech_staff_share: f64,
    pub small_sales_limit: i64,
    pub rd_share_small: f64,
    pub medium_sales_limit: i64,
    pub rd_share_medium: f64,
    pub rd_share_large: f64,
    pub rd_domestic_share: f64,
    pub hightech_income_share: f64,
    pub innovation_pass_score: f64,
    pub ip_points_per_class1: f64,
    pub ip_points_per_class2: f64,
    /// How transfer-of-results points rise within a band (`linear`, `band_low`, `band_high`).
    #[serde(default)]
    pub transfer_interpolation: TransferInterpolation,
    pub certificate_valid_years: i32,
    pub renewal_window_days: i64,
}

/// How the transfer-of-results points are placed within a band of the yearly average
/// (DOMAIN.md: "within a band, points rise linearly with the average").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferInterpolation {
    /// From the band's lowest points at its lower edge towards its highest at the next band.
    #[default]
    Linear,
    /// Always the band's lowest points (the cautious estimate).
    BandLow,
    /// Always the band's highest points.
    BandHigh,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TsmeConfig {
    pub max_staff: i64,
    pub max_sales: i64,
    pub max_assets: i64,
    pub pass_score: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingWeights {
    pub innovation: f64,
    pub growth: f64,
    pub participation: f64,
    /// The top this many of a pool's ranking are incentive candidates (激励候选).
    #[serde(default)]
    pub incentive_top: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rewards {
    pub first_certification: i64,
    pub recertification: i64,
    pub provincial_pool_entry: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write config file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Default for Config {
    fn default() -> Self {
        // The shipped defaults are checked by a unit test, so this cannot fail in a release.
        toml::from_str(DEFAULT_TOML)
            .unwrap_or_else(|e| panic!("assets/config.toml is invalid: {e}"))
    }
}

impl Config {
    /// The defaults overridden by the TOML text `user` (keys it does not name keep their defaults).
    pub fn with_overrides(user: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let mut base: toml::Table =
            toml::from_str(DEFAULT_TOML).map_err(|e| invalid(e.to_string()))?;
        let mut over: toml::Table = toml::from_str(user).map_err(|e| invalid(e.to_string()))?;
        // The keymap table is the keymap's to read, with the lines its keys are on.
        let keymap = match over.remove("keymap") {
            Some(_) => KeymapConfig::read(user),
            None => KeymapConfig::default(),
        };
        // So is the theme, which may be a name or a table.
        let theme = match over.remove("theme") {
            Some(_) => ThemeConfig::read(user),
            None => ThemeConfig::default(),
        };
        merge(&mut base, over);
        let mut config: Config = toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| invalid(e.to_string()))?;
        let w = &config.ranking;
        if w.innovation < 0.0 || w.growth < 0.0 || w.participation < 0.0 {
            return Err(invalid("ranking weights must not be negative".into()));
        }
        config.keymap = keymap;
        config.theme = theme;
        Ok(config)
    }

    /// Loads the user's config file if it exists, else the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        Config::load_checked(path).map(|(config, _)| config)
    }

    /// As `load`, with the keys of the user's file that Seedbed does not know (dotted, see
    /// `unknown_keys`): serde ignores them, so a misspelt key would silently keep its default.
    pub fn load_checked(path: Option<&Path>) -> Result<(Config, Vec<String>), ConfigError> {
        let Some(path) = path else {
            return Ok((Config::default(), Vec::new()));
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let config = Config::with_overrides(&text, path)?;
                let unknown = config.unknown_keys(&text);
                Ok((config, unknown))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok((Config::default(), Vec::new()))
            }
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// The keys of the TOML text `user` that this configuration does not have, sorted: `alert.milestone_due_dayz` for a key, `alertt` for a whole unknown section.
    /// Known keys are those the configuration serializes to, so a field with a serde default
    /// that the shipped file leaves out still counts as known.
    pub fn unknown_keys(&self, user: &str) -> Vec<String> {
        let Ok(user) = toml::from_str::<toml::Table>(user) else {
            return Vec::new();
        };
        let known = toml::Table::try_from(self)
            .or_else(|_| toml::from_str::<toml::Table>(DEFAULT_TOML))
            .unwrap_or_default();
        let mut out = Vec::new();
        unknown_in(&user, &known, "", &mut out);
        out
    }
}

/// Collects into `out` the keys of `user` missing from `known`, below the dotted `prefix`.
fn unknown_in(user: &toml::Table, known: &toml::Table, prefix: &str, out: &mut Vec<String>) {
    for (key, value) in user {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (known.get(key), value) {
            // The keymap's keys are checked by `KeymapConfig::read`, which names the line.
            _ if dotted == "keymap" => {}
            // So are the theme's, by `ThemeConfig::read`.
            _ if dotted == "theme" => {}
            (None, _) => out.push(dotted),
            (Some(toml::Value::Table(k)), toml::Value::Table(u)) => unknown_in(u, k, &dotted, out),
            _ => {}
        }
    }
}

/// Sets `[user] me = NAME` in the user's config file at `path`, keeping everything else in it
/// as it was (comments, order, other keys): the file is edited, not rewritten from `Config`.
/// A file that is not valid TOML, or would not be a valid config afterwards, is left alone.
pub fn set_user_me(path: &Path, name: &str) -> Result<(), ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let invalid = |message: String| ConfigError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| invalid(e.to_string()))?;
    if !doc.contains_key("user") {
        doc["user"] = toml_edit::table();
    }
    let Some(user) = doc["user"].as_table_like_mut() else {
        return Err(invalid("`user` is not a table".into()));
    };
    match user.get_mut("me").and_then(|item| item.as_value_mut()) {
        // Only the value changes: the key's comments and the value's trailing comment stay.
        Some(v) => {
            let decor = v.decor().clone();
            *v = toml_edit::Value::from(name);
            *v.decor_mut() = decor;
        }
        None => {
            user.insert("me", toml_edit::value(name));
        }
    }
    let edited = doc.to_string();
    Config::with_overrides(&edited, path)?;
    write_replacing(path, &edited).map_err(|source| ConfigError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`: a crash
/// leaves the old file or the new one, never half of one.
fn write_replacing(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map_or_else(
        || "config.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        // Keep the mode of the file being replaced (a user may have made it private).
        if let Ok(meta) = std::fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

mod keys;
mod theme;
pub use keys::{
    KEYMAP_LAYERS, KEYMAP_TOML, KeyOverride, KeymapConfig, KeymapIssue, KeymapProblem, UNBIND,
    canonical_key,
};
pub use theme::{
    ColourOverride, Role, ThemeConfig, ThemeIssue, ThemeName, ThemeProblem, parse_colour,
};

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_sections_of_the_users_file_are_named() {
        let user = "\
[alert]
milestone_due_dayz = 10
lag_points = 15.0

[alertt]
milestone_due_days = 10

[ranking]
incentive_top = 5

[user]
me = \"李娜\"
";
        let c = Config::with_overrides(user, Path::new("x.toml")).unwrap();
        // The rest of the file still applies.
        assert!((c.alert.lag_points - 15.0).abs() < 1e-9);
        assert_eq!(c.alert.milestone_due_days, 30);
        assert_eq!(
            c.unknown_keys(user),
            vec!["alert.milestone_due_dayz".to_string(), "alertt".to_string()]
        );
        assert!(c.unknown_keys("[alert]\nlag_points = 1.0\n").is_empty());
        assert!(c.unknown_keys("").is_empty());
    }

    #[test]
    fn load_checked_reports_the_unknown_keys_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "colour = \"red\"\n[cadence]\nvisits_per_yeer = 4\n").unwrap();
        let (c, unknown) = Config::load_checked(Some(&path)).unwrap();
        assert_eq!(c.cadence.visits_per_year, 3);
        assert_eq!(unknown, vec!["cadence.visits_per_yeer", "colour"]);
        let (_, none) = Config::load_checked(Some(&dir.path().join("absent.toml"))).unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn defaults_parse() {
        let c = Config::default();
        assert_eq!(c.cadence.interval_days, 120);
        assert_eq!(c.requests.sla_hours, 24);
        assert!((c.ranking.innovation - 0.4).abs() < 1e-9);
        assert_eq!(c.ranking.incentive_top, 10);
    }

    #[test]
    fn user_file_overrides_single_keys() {
        let c = Config::with_overrides("[ranking]\ngrowth = 0.5\n", Path::new("x.toml")).unwrap();
        assert!((c.ranking.growth - 0.5).abs() < 1e-9);
        assert!((c.ranking.innovation - 0.4).abs() < 1e-9);
        assert_eq!(c.alert.milestone_due_days, 30);
    }

    #[test]
    fn user_me_defaults_to_nobody_and_reads_from_the_user_table() {
        assert_eq!(Config::default().user.me, "");
        let c = Config::with_overrides("[user]\nme = \"王芳\"\n", Path::new("x.toml")).unwrap();
        assert_eq!(c.user.me, "王芳");
    }

    #[test]
    fn setting_me_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        // No file yet: it is created, folders included.
        set_user_me(&path, "李强").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[user]\nme = \"李强\"\n"
        );
        let mine = "# my settings\n[ranking]\ngrowth = 0.5 # more growth\n\n[user]\n# who I am\nme = \"李强\" # 我\nextra = 1\n";
        std::fs::write(&path, mine).unwrap();
        set_user_me(&path, "王芳").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# my settings\n[ranking]\ngrowth = 0.5 # more growth\n\n[user]\n# who I am\nme = \"王芳\" # 我\nextra = 1\n"
        );
        let c = Config::load(Some(&path)).unwrap();
        assert_eq!(c.user.me, "王芳");
        assert!((c.ranking.growth - 0.5).abs() < 1e-9);
    }

    #[test]
    fn setting_me_leaves_a_broken_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[ranking\n").unwrap();
        let e = set_user_me(&path, "王芳").unwrap_err();
        assert!(matches!(e, ConfigError::Invalid { .. }), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[ranking\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    }

    #[test]
    fn bad_user_file_names_the_problem() {
        let e = Config::with_overrides(
            "[alert]\nmilestone_due_days = \"soon\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("c.toml"), "{e}");
    }
}
