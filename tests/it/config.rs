//! The user's config file as the binary reads it: keys it does not know are named at start.

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
