//! Two people, one file: who you are comes from your own config (not the file), `undo` takes
//! back only your own changes unless told otherwise, and a TUI is told who else has the file
//! open. Real processes, each person with a home of their own.

use crate::common::{NOW, demo_pool};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::Connection;
use seedbed::app::{Action, App, Prompt};
use seedbed::cli::write::{Identity, whoami};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use seedbed::i18n::people_text::MeSource;
use seedbed::store::{OpenMode, Store};
use seedbed::tui::drain;
use seedbed::tui::runner::Runner;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A person: a home of their own, so a config of their own.
struct Person {
    home: tempfile::TempDir,
}

impl Person {
    fn new() -> Person {
        Person {
            home: tempfile::tempdir().expect("a home"),
        }
    }

    fn home(&self) -> &Path {
        self.home.path()
    }

    /// Where `directories` puts Seedbed's config under this home on Linux.
    fn config(&self) -> PathBuf {
        self.home()
            .join("config")
            .join("seedbed")
            .join("config.toml")
    }

    fn write_config(&self, text: &str) {
        let path = self.config();
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("config folder");
        std::fs::write(&path, text).expect("write config");
    }

    /// Runs `seedbed --db DB ARGS` in Chinese as this person.
    fn run(&self, db: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_seedbed"))
            .args(["--today", "2026-11-21", "--lang", "zh", "--db"])
            .arg(db)
            .args(args)
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join("config"))
            .env("XDG_DATA_HOME", self.home().join("data"))
            .env_remove("SEEDBED_DB")
            .env("SEEDBED_TODAY", "2026-11-21")
            .output()
            .expect("run seedbed")
    }
}

fn out(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs and expects exit 0.
fn ok(p: &Person, db: &Path, args: &[&str]) -> String {
    let o = p.run(db, args);
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {stdout}{stderr}");
    stdout
}

/// The first `n` commissioners of the file, by name: (id, name).
fn commissioners(db: &Path, n: usize) -> Vec<(String, String)> {
    let conn = Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare("SELECT id, name FROM commissioners ORDER BY name LIMIT ?1")
        .expect("prepare");
    stmt.query_map([n as i64], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

/// The credit code of an enterprise of the pool, to log visits at.
fn an_enterprise(db: &Path) -> String {
    let conn = Connection::open(db).expect("open");
    conn.query_row(
        "SELECT credit_code FROM enterprises ORDER BY credit_code LIMIT 1",
        [],
        |r| r.get(0),
    )
    .expect("an enterprise")
}

/// Who saved each change group, oldest first, with whether it is undone.
fn groups(db: &Path) -> Vec<(Option<String>, bool)> {
    let conn = Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT commissioner_id, undone_at IS NOT NULL FROM change_groups
             WHERE reverts IS NULL ORDER BY id",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

fn visits_with_notes(db: &Path, notes: &str) -> i64 {
    let conn = Connection::open(db).expect("open");
    conn.query_row(
        "SELECT count(*) FROM visits WHERE notes = ?1",
        [notes],
        |r| r.get(0),
    )
    .expect("count")
}

#[test]
fn two_people_on_one_file_stamp_their_own_names_and_undo_only_their_own() {
    let (_dir, db) = demo_pool(20);
    let people = commissioners(&db, 2);
    let [(wf_id, wf), (lq_id, lq)] = [people[0].clone(), people[1].clone()];
    let code = an_enterprise(&db);
    let (a, b) = (Person::new(), Person::new());

    // A chooses who she is: kept in her config file.
    let said = ok(&a, &db, &["me", &wf]);
    assert!(said.contains(&format!("你的身份已设为 {wf}")), "{said}");
    assert_eq!(
        std::fs::read_to_string(a.config()).expect("A's config"),
        format!("[user]\nme = \"{wf}\"\n")
    );
    // B has a config of his own already: the rest of it stays as he wrote it.
    b.write_config("# 李强的设置\n[cadence]\ninterval_days = 90 # 每季度\n");
    ok(&b, &db, &["me", &lq]);
    assert_eq!(
        std::fs::read_to_string(b.config()).expect("B's config"),
        format!("# 李强的设置\n[cadence]\ninterval_days = 90 # 每季度\n\n[user]\nme = \"{lq}\"\n")
    );

    // Each logs a visit on the same file, without --as.
    let visit = |p: &Person, notes: &str| {
        ok(
            p,
            &db,
            &["visit", "log", &code, "--notes", notes, "--next", "none"],
        );
    };
    visit(&a, "王芳记录的走访");
    visit(&b, "李强记录的走访");
    assert_eq!(
        groups(&db),
        vec![(Some(wf_id.clone()), false), (Some(lq_id.clone()), false)],
        "each change is stamped with the person who made it"
    );

    // A's undo meets B's newer change: refused, one line naming whose it is; nothing changes.
    let o = a.run(&db, &["undo"]);
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(&format!("是 {lq} 做的，不是你的")) && stderr.contains("--yes"),
        "{stderr}"
    );
    assert!(stderr.contains("记录走访"), "names the change: {stderr}");
    assert_eq!(visits_with_notes(&db, "李强记录的走访"), 1);
    assert_eq!(
        groups(&db),
        vec![(Some(wf_id.clone()), false), (Some(lq_id.clone()), false)]
    );

    // B undoes his own; then A's is the latest, and hers to undo.
    assert!(ok(&b, &db, &["undo"]).contains("已撤销"));
    assert_eq!(visits_with_notes(&db, "李强记录的走访"), 0);
    ok(&a, &db, &["undo"]);
    assert_eq!(visits_with_notes(&db, "王芳记录的走访"), 0);
    assert_eq!(
        groups(&db),
        vec![(Some(wf_id.clone()), true), (Some(lq_id.clone()), true)]
    );

    // `--as` stamps another name for one command; that change is then not A's own, and
    // `--yes` (or `--force`) undoes it anyway.
    ok(
        &a,
        &db,
        &[
            "--as",
            &lq,
            "visit",
            "log",
            &code,
            "--notes",
            "代李强记录",
            "--next",
            "none",
        ],
    );
    assert_eq!(groups(&db).last(), Some(&(Some(lq_id.clone()), false)));
    assert_eq!(a.run(&db, &["undo"]).status.code(), Some(1));
    ok(&a, &db, &["undo", "--force"]);
    assert_eq!(visits_with_notes(&db, "代李强记录"), 0);
}

#[test]
fn who_you_are_comes_from_your_config_and_the_files_choice_is_only_a_default() {
    let (_dir, db) = demo_pool(20);
    let people = commissioners(&db, 3);
    let [(wf_id, wf), (lq_id, lq), (_, third)] =
        [people[0].clone(), people[1].clone(), people[2].clone()];
    let code = an_enterprise(&db);
    // The file's own choice, as older versions kept it.
    Connection::open(&db)
        .and_then(|c| {
            c.execute(
                "INSERT INTO meta(key, value) VALUES ('commissioner_id', ?1)",
                [&lq_id],
            )
        })
        .expect("set the file's default");

    let with_config = Person::new();
    with_config.write_config(&format!("[user]\nme = \"{wf}\"\n"));
    let without = Person::new();
    let stranger = Person::new();
    stranger.write_config("[user]\nme = \"不在此文件的人\"\n");

    let log = |p: &Person, notes: &str| {
        p.run(
            &db,
            &["visit", "log", &code, "--notes", notes, "--next", "none"],
        )
    };
    assert!(log(&with_config, "一").status.success());
    assert!(log(&without, "二").status.success());
    let o = log(&stranger, "三");
    let (_, stderr) = out(&o);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("「不在此文件的人」不在此文件的科技专员中，本次修改不署名"),
        "{stderr}"
    );
    assert_eq!(
        groups(&db),
        vec![
            (Some(wf_id.clone()), false),
            (Some(lq_id.clone()), false),
            (None, false)
        ],
        "the user's config, else the file's default; a name the file does not know signs nothing"
    );

    // `seedbed me` says who and why; choosing writes the config, never the file.
    let said = ok(&with_config, &db, &["me"]);
    assert!(said.starts_with(&format!("{wf}（来自配置文件 ")), "{said}");
    let said = ok(&without, &db, &["me"]);
    assert!(
        said.starts_with(&format!("{lq}（此文件的默认身份")),
        "{said}"
    );
    ok(&without, &db, &["me", &third]);
    let said = ok(&without, &db, &["me"]);
    assert!(
        said.starts_with(&format!("{third}（来自配置文件 ")),
        "{said}"
    );
    let kept: String = Connection::open(&db)
        .and_then(|c| {
            c.query_row(
                "SELECT value FROM meta WHERE key = 'commissioner_id'",
                [],
                |r| r.get(0),
            )
        })
        .expect("the file's default");
    assert_eq!(kept, lq_id, "choosing who you are leaves the file alone");
    // An unknown name is refused, naming some that exist; nothing is written.
    let o = with_config.run(&db, &["me", "查无此人"]);
    let (_, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("此文件中没有名为「查无此人」的科技专员；已有："),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(with_config.config()).expect("config"),
        format!("[user]\nme = \"{wf}\"\n")
    );
}

// ───────────────────────── in the TUI, in process ─────────────────────────

fn press(app: &mut App, r: &mut Runner, code: KeyCode) {
    let fx = app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    drain(app, r, fx);
}

/// The app on `db` as the commissioner `me`, keeping its choice in `config`.
fn start_as(db: &Path, me: Option<String>, config: &Path) -> (App, Runner) {
    let store = Store::open(db, OpenMode::Existing).expect("open");
    let mut r = Runner::new(store, Config::default(), NOW, Lang::Zh, me);
    r.user_config = Some(config.to_path_buf());
    let mut app = App::new(Lang::Zh, NOW, Config::default(), 120, 36);
    let fx = app.start();
    drain(&mut app, &mut r, fx);
    (app, r)
}

#[test]
fn the_first_start_question_is_kept_in_the_users_config_not_in_the_file() {
    let (_dir, db) = demo_pool(20);
    let person = Person::new();
    let (mut app, mut r) = start_as(&db, None, &person.config());
    let Some(Prompt::ChooseMe(picker)) = &app.prompt else {
        panic!("expected the commissioner prompt, got {:?}", app.prompt);
    };
    let (id, name) = picker.list[1].clone();
    // ↓ moves (letters are typed into the prompt's filter).
    press(&mut app, &mut r, KeyCode::Down);
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(app.prompt.is_none());
    assert_eq!(r.commissioner.as_deref(), Some(id.as_str()));
    assert_eq!(
        std::fs::read_to_string(person.config()).expect("config written"),
        format!("[user]\nme = \"{name}\"\n")
    );
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    assert_eq!(
        store.meta("commissioner_id").expect("meta"),
        None,
        "the file does not keep who is at the keyboard"
    );
    // Next time (the terminal loop asks `whoami` with the user's config): no question.
    let config = Config::load(Some(&person.config())).expect("config");
    let Identity::Me(me) = whoami(&store, &config, None, Lang::Zh).expect("whoami") else {
        panic!("the config names a commissioner of this file");
    };
    assert_eq!(
        (me.id.as_str(), me.source),
        (id.as_str(), MeSource::UserConfig)
    );
    // Someone else, with a config of their own, is still asked.
    let (other, _) = start_as(&db, None, &Person::new().config());
    assert!(matches!(other.prompt, Some(Prompt::ChooseMe(..))));
}

#[test]
fn undoing_someone_elses_change_in_the_tui_asks_first_naming_them() {
    let (_dir, db) = demo_pool(20);
    let people = commissioners(&db, 2);
    let [(wf_id, _), (_, lq)] = [people[0].clone(), people[1].clone()];
    let code = an_enterprise(&db);
    // 李强 logs a visit from the command line.
    let b = Person::new();
    ok(
        &b,
        &db,
        &[
            "--as",
            &lq,
            "visit",
            "log",
            &code,
            "--notes",
            "李强的走访",
            "--next",
            "none",
        ],
    );

    // 王芳 presses u in her TUI.
    let a = Person::new();
    let (mut app, mut r) = start_as(&db, Some(wf_id), &a.config());
    press(&mut app, &mut r, KeyCode::Char('u'));
    let Some(Prompt::UndoOthers { question, .. }) = &app.prompt else {
        panic!("expected the question, got {:?}", app.prompt);
    };
    assert!(
        question.starts_with(&format!("撤销 {lq} 的修改「记录走访 ")) && question.ends_with("」？"),
        "{question}"
    );
    // n keeps it.
    press(&mut app, &mut r, KeyCode::Char('n'));
    assert!(app.prompt.is_none());
    assert_eq!(visits_with_notes(&db, "李强的走访"), 1);
    // y undoes it.
    press(&mut app, &mut r, KeyCode::Char('u'));
    assert!(matches!(app.prompt, Some(Prompt::UndoOthers { .. })));
    press(&mut app, &mut r, KeyCode::Char('y'));
    assert!(app.prompt.is_none());
    assert_eq!(visits_with_notes(&db, "李强的走访"), 0);
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("已撤销")),
        "{:?}",
        app.status
    );
}

// ───────────────────────── presence: real TUIs in ptys ─────────────────────────

#[cfg(unix)]
#[test]
fn a_second_tui_is_told_who_else_has_the_file_open_and_a_killed_one_is_forgotten() {
    use crate::crash::{Tui, zh};
    use seedbed::i18n::Msg;

    let (_dir, db) = demo_pool(20);
    let people = commissioners(&db, 3);
    let [(_, wf), (lq_id, lq), (_, third)] =
        [people[0].clone(), people[1].clone(), people[2].clone()];
    let (pa, pb, pc) = (Person::new(), Person::new(), Person::new());
    pa.write_config(&format!("[user]\nme = \"{wf}\"\n"));
    pb.write_config(&format!("[user]\nme = \"{lq}\"\n"));
    pc.write_config(&format!("[user]\nme = \"{third}\"\n"));
    let ready = |s: &str| s.contains(zh(Msg::AppName)) && s.contains(zh(Msg::ScreenPool));
    let open_by = |who: &str| format!("{who} 也打开了此文件（自 ");

    let mut a = Tui::start(&db, pa.home());
    a.wait_for("A's pool screen", ready);
    assert!(
        !a.screen.contains("也打开了此文件"),
        "A is alone: {}",
        a.screen
    );

    let mut b = Tui::start(&db, pb.home());
    let told = format!("pid {}）", a.pid);
    b.wait_for("B told that A has the file open", |s| {
        ready(s) && s.contains(&open_by(&wf)) && s.contains(&told)
    });
    // A hears of B at its next check (about a second).
    let told = format!("pid {}）", b.pid);
    a.wait_for("A told that B opened the file", |s| {
        s.contains(&open_by(&lq)) && s.contains(&told)
    });

    // A dies without cleaning up: its entry stays, unlocked.
    let status = a.kill();
    assert!(!status.success());
    let entries = || {
        std::fs::read_dir(seedbed::store::presence::folder(&db))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    // The killed TUI's entry stays, unlocked, until a reader finds it: B's next check (once a
    // second) may already have removed it, so both counts are right here.
    let left = entries();
    assert!(
        left == 2 || left == 1,
        "B's entry and maybe A's dead one: {left}"
    );

    // C is told of B only, and the dead entry is gone.
    let mut c = Tui::start(&db, pc.home());
    c.wait_for("C told that B has the file open", |s| {
        ready(s) && s.contains(&open_by(&lq))
    });
    assert!(!c.screen.contains(&open_by(&wf)), "{}", c.screen);
    assert_eq!(entries(), 2, "B's and C's entries; A's removed");

    // Both keep working: B saves a visit while C has the file open.
    b.send("v");
    b.wait_for("B's visit form", |s| {
        s.contains(zh(Msg::FormLogVisit)) && s.contains(crate::common::FORM_HINT_ZH)
    });
    b.send("\t\t\t两人同时打开时保存的走访");
    b.wait_for("the notes typed", |s| {
        s.contains("两人同时打开时保存的走访")
    });
    b.send("\x13");
    // The form closes on the save; its 已保存 may already have given way to the notice that C
    // opened the file (told at B's next quiet check), so the row itself is checked below.
    b.wait_for("B's save", |s| {
        s.contains(zh(Msg::Saved)) || !s.contains(crate::common::FORM_HINT_ZH)
    });
    assert_eq!(visits_with_notes(&db, "两人同时打开时保存的走访"), 1);
    assert_eq!(
        groups(&db).last(),
        Some(&(Some(lq_id.clone()), false)),
        "B's TUI stamps B's name, from B's own config"
    );

    for (t, who) in [(&mut b, "B"), (&mut c, "C")] {
        t.send("q");
        let status = t.exit(&format!("{who} to quit on q"));
        assert!(status.success(), "{who}: {status:?}");
    }
    assert!(
        !seedbed::store::presence::folder(&db).exists(),
        "the last one out removes the presence folder"
    );
}
