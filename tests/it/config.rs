//! What the binary reads at start from the user's machine: the config file (keys it does not
//! know are named) and the locale (the language when `--lang` is not given).

use crate::common::{home, seedbed, stderr, stdout};

#[test]
fn unknown_keys_in_the_users_config_are_named_and_the_command_still_runs() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("pool.db");
    let config_dir = home(&db).join("config").join("seedbed");
    std::fs::create_dir_all(&config_dir).expect("config dir");
    let file = config_dir.join("config.toml");
    std::fs::write(
        &file,
        "[alert]\nmilestone_due_dayz = 10\nlag_points = 15.0\n\n[cadense]\nvisits_per_year = 4\n",
    )
    .expect("write config");
    let shown = file.display().to_string();

    let o = seedbed(&db, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), db.display().to_string());
    let expected = format!(
        "seedbed: config file {shown}: unknown key alert.milestone_due_dayz, ignored (check the spelling)\n\
         seedbed: config file {shown}: unknown key cadense, ignored (check the spelling)\n"
    );
    assert_eq!(stderr(&o), expected);

    // In Chinese, and on a reading command too.
    let o = seedbed(&db, &["--lang", "zh", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "seedbed: 配置文件 {shown}：不认识的键 alert.milestone_due_dayz，已忽略（请检查拼写）"
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");

    // A file with only known keys says nothing.
    std::fs::write(&file, "[alert]\nmilestone_due_days = 10\n").expect("write config");
    let o = seedbed(&db, &["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

#[cfg(unix)]
#[test]
fn the_tui_says_the_unknown_keys_in_its_status_line() {
    use crate::common::demo_pool;
    use crate::crash::{Tui, zh};
    use seedbed::i18n::Msg;
    let (dir, db) = demo_pool(5);
    let home = dir.path().join("tui-home");
    let config_dir = home.join("config").join("seedbed");
    std::fs::create_dir_all(&config_dir).expect("config dir");
    std::fs::write(
        config_dir.join("config.toml"),
        "[alert]\nmilestone_due_dayz = 10\n",
    )
    .expect("write config");
    let mut tui = Tui::start(&db, &home);
    tui.wait_for("the notice of the unknown key", |s| {
        s.contains(zh(Msg::AppName))
            && s.contains("中有不认识的键：alert.milestone_due_dayz，已忽略")
    });
    // The notice is all this test is about (the identity picker is up: no `[user] me`).
    tui.kill();
}

/// The language of a command run without `--lang` in the environment `env` (nothing else of
/// this process's environment reaches it): "zh" or "en", from its refusal of a missing file.
#[cfg(all(unix, not(target_vendor = "apple")))]
fn language_under(env: &[(&str, &str)]) -> &'static str {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("absent.db");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .arg("--db")
        .arg(&db)
        .arg("list")
        .env_clear()
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .envs(env.iter().copied())
        .output()
        .expect("run seedbed");
    let err = stderr(&o);
    if err.contains("数据库文件") && err.contains("不存在") {
        "zh"
    } else if err.contains("database file") && err.contains("does not exist") {
        "en"
    } else {
        panic!("neither language: {err}")
    }
}

/// On Linux and the BSDs `sys-locale` reads LANGUAGE, LC_ALL, LC_MESSAGES, LANG in that order
/// (macOS and Windows ask the system instead, so this runs elsewhere only).
#[cfg(all(unix, not(target_vendor = "apple")))]
#[test]
fn the_language_follows_the_locale_and_is_chinese_when_it_is_unknown() {
    let cases: [(&[(&str, &str)], &str); 9] = [
        (&[], "zh"),
        (&[("LANG", "en_US.UTF-8")], "en"),
        (&[("LANG", "zh_CN.UTF-8")], "zh"),
        (&[("LANG", "fr_FR.UTF-8")], "zh"),
        (&[("LANG", "C")], "zh"),
        (&[("LANG", "POSIX")], "zh"),
        (
            &[("LANG", "zh_CN.UTF-8"), ("LC_MESSAGES", "en_US.UTF-8")],
            "en",
        ),
        // LC_ALL overrides LANG, C included.
        (&[("LANG", "en_US.UTF-8"), ("LC_ALL", "C")], "zh"),
        // LANGUAGE comes first, as in gettext.
        (&[("LANG", "zh_CN.UTF-8"), ("LANGUAGE", "en_US:en")], "en"),
    ];
    for (env, want) in cases {
        assert_eq!(language_under(env), want, "{env:?}");
    }
}

/// A developer's own config with odd thresholds, an identity and a default database: the
/// binary run as the tests run it (`common::seedbed`) gives the same answers with it as
/// without it, while the same binary run plainly under it answers otherwise.
#[test]
fn a_developers_odd_config_does_not_change_what_the_tests_see() {
    let (_pool, db) = crate::common::demo_pool(40);
    let dev = tempfile::tempdir().expect("developer home");
    let config_dir = dev.path().join("config").join("seedbed");
    std::fs::create_dir_all(&config_dir).expect("config dir");
    std::fs::write(
        config_dir.join("config.toml"),
        "[alert]\nmilestone_due_days = 400\nlag_points = 0.0\nend_warning_days = 900\n\n\
         [cadence]\ninterval_days = 1\n\n[requests]\nsla_hours = 1\n\n[user]\nme = \"nobody\"\n",
    )
    .expect("write the developer's config");
    let as_developer = |cmd: &mut std::process::Command| {
        cmd.env("HOME", dev.path())
            .env("XDG_CONFIG_HOME", dev.path().join("config"))
            .env("XDG_DATA_HOME", dev.path().join("data"))
            .env("SEEDBED_DB", dev.path().join("elsewhere.db"));
    };
    let args = |cmd: &mut std::process::Command, what: &[&str]| {
        cmd.args(["--today", "2026-11-21", "--lang", "en", "--db"])
            .arg(&db)
            .args(what)
            .args(["--format", "json"]);
    };
    for what in [&["alerts"][..], &["list"], &["agenda"], &["requests"]] {
        let clean = seedbed(&db, &[what, &["--format", "json"][..]].concat());
        assert!(clean.status.success(), "{what:?}: {}", stderr(&clean));

        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_seedbed"));
        as_developer(&mut cmd);
        crate::common::isolate(&mut cmd, &db);
        args(&mut cmd, what);
        let isolated = cmd.output().expect("run seedbed");
        assert!(
            stdout(&isolated) == stdout(&clean),
            "{what:?}: the developer's config reached the test"
        );
        assert_eq!(stderr(&isolated), "", "{what:?}");

        // Without the isolation, the developer's config is read (so the check above means
        // something) where the thresholds act when the command runs.
        if what == ["list"] || what == ["agenda"] {
            continue;
        }
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_seedbed"));
        as_developer(&mut cmd);
        cmd.env("SEEDBED_AUTO_BACKUP", "0");
        args(&mut cmd, what);
        let plain = cmd.output().expect("run seedbed");
        assert!(
            stdout(&plain) != stdout(&clean),
            "{what:?} reads the odd thresholds"
        );
    }
}
