//! Field work through the whole app: forms, drafts, undo/redo, identity — keys in, rows out.

use crate::common::{NOW, TODAY, demo_pool};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use seedbed::app::{Action, App, Prompt, Screen};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use seedbed::store::{OpenMode, Store};
use seedbed::tui::drain;
use seedbed::tui::runner::Runner;
use std::path::Path;

pub fn runner(db: &Path) -> Runner {
    Runner::new(
        Store::open(db, OpenMode::Existing).expect("open"),
        Config::default(),
        NOW,
        Lang::Zh,
        None,
    )
}

pub fn start(db: &Path) -> (App, Runner) {
    let mut r = runner(db);
    let mut app = App::new(Lang::Zh, NOW, Config::default(), 120, 36);
    let fx = app.start();
    drain(&mut app, &mut r, fx);
    (app, r)
}

pub fn press(app: &mut App, r: &mut Runner, code: KeyCode) {
    press_mod(app, r, code, KeyModifiers::NONE);
}

pub fn press_mod(app: &mut App, r: &mut Runner, code: KeyCode, m: KeyModifiers) {
    let fx = app.update(Action::Key(KeyEvent::new(code, m)));
    drain(app, r, fx);
}

pub fn typed(app: &mut App, r: &mut Runner, s: &str) {
    for c in s.chars() {
        press(app, r, KeyCode::Char(c));
    }
}

fn count(r: &Runner, sql: &str) -> i64 {
    r.store
        .conn
        .query_row(sql, [], |x| x.get(0))
        .expect("count")
}

/// Focuses the field with this key.
fn focus(app: &mut App, r: &mut Runner, key: &str) {
    for _ in 0..30 {
        if app
            .form
            .as_ref()
            .is_some_and(|f| f.fields[f.focus].key == key)
        {
            return;
        }
        press(app, r, KeyCode::Tab);
    }
    panic!("no field {key}");
}

#[test]
fn first_start_asks_who_you_are_and_remembers() {
    let (_dir, db) = demo_pool(20);
    let (mut app, mut r) = start(&db);
    let Some(Prompt::ChooseMe(picker)) = &app.prompt else {
        panic!("expected the commissioner prompt, got {:?}", app.prompt);
    };
    let second = picker.list[1].0.clone();
    // ↓ moves (letters are typed into the prompt's filter).
    press(&mut app, &mut r, KeyCode::Down);
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(app.prompt.is_none());
    assert_eq!(r.commissioner.as_deref(), Some(second.as_str()));
    // Where the choice is kept (the user's config, not the file): see `people.rs`.
}

#[test]
fn log_a_visit_with_chinese_notes_and_two_requests_then_undo_and_redo() {
    let (_dir, db) = demo_pool(30);
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc); // skip the identity prompt
    let eid = app.selected_enterprise().expect("a selected enterprise");
    let visits_before = count(
        &r,
        "SELECT count(*) FROM visits WHERE done_on = '2026-11-21'",
    );
    press(&mut app, &mut r, KeyCode::Char('v'));
    assert!(
        app.form.is_some(),
        "v opens the visit form: {:?}",
        app.status
    );
    focus(&mut app, &mut r, "notes");
    typed(&mut app, &mut r, "走访座谈：企业研发中心已挂牌");
    press(&mut app, &mut r, KeyCode::Enter);
    typed(&mut app, &mut r, "计划明年申报高企");
    focus(&mut app, &mut r, "request1_category");
    press(&mut app, &mut r, KeyCode::Right); // funding
    press(&mut app, &mut r, KeyCode::Tab);
    typed(&mut app, &mut r, "研发费用补助申报");
    focus(&mut app, &mut r, "request2_category");
    for _ in 0..2 {
        press(&mut app, &mut r, KeyCode::Right); // talent
    }
    press(&mut app, &mut r, KeyCode::Tab);
    typed(&mut app, &mut r, "引进嵌入式工程师");
    press_mod(&mut app, &mut r, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        app.form.is_none(),
        "saved: {:?}",
        app.form.as_ref().map(|f| &f.message)
    );
    assert!(
        app.status.as_deref().unwrap_or("").contains("已保存"),
        "{:?}",
        app.status
    );
    assert_eq!(
        count(
            &r,
            "SELECT count(*) FROM visits WHERE done_on = '2026-11-21'"
        ),
        visits_before + 1
    );
    let notes: String = r
        .store
        .conn
        .query_row(
            "SELECT notes FROM visits WHERE enterprise_id = ?1 AND done_on = '2026-11-21'",
            [&eid],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(notes, "走访座谈：企业研发中心已挂牌\n计划明年申报高企");
    let cats: Vec<String> = r
        .store
        .conn
        .prepare("SELECT category FROM requests WHERE enterprise_id = ?1 AND raised_at LIKE '2026-11-21%' ORDER BY category")
        .unwrap()
        .query_map([&eid], |x| x.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(cats, ["funding", "talent"]);
    // The pool row shows the new last visit at once.
    let row = app
        .pool
        .as_ref()
        .unwrap()
        .index
        .rows
        .iter()
        .find(|x| *x.id == *eid)
        .unwrap()
        .clone();
    assert_eq!(
        row.last_visit.map(seedbed::store::format_date).as_deref(),
        Some("2026-11-21")
    );
    // The detail shows it.
    press(&mut app, &mut r, KeyCode::Enter);
    let d = app
        .detail
        .as_ref()
        .and_then(|d| d.detail.as_ref())
        .expect("detail loaded");
    assert!(d.visits.iter().any(|v| v.notes.contains("研发中心已挂牌")));
    press(&mut app, &mut r, KeyCode::Esc);
    // Undo, then redo.
    press(&mut app, &mut r, KeyCode::Char('u'));
    assert!(
        app.status.as_deref().unwrap_or("").contains("已撤销"),
        "{:?}",
        app.status
    );
    assert_eq!(
        count(
            &r,
            "SELECT count(*) FROM visits WHERE done_on = '2026-11-21'"
        ),
        visits_before
    );
    press_mod(&mut app, &mut r, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(
        app.status.as_deref().unwrap_or("").contains("已重做"),
        "{:?}",
        app.status
    );
    assert_eq!(
        count(
            &r,
            "SELECT count(*) FROM visits WHERE done_on = '2026-11-21'"
        ),
        visits_before + 1
    );
}

#[test]
fn a_draft_is_kept_while_typing_and_offered_after_a_restart() {
    let (_dir, db) = demo_pool(20);
    {
        let (mut app, mut r) = start(&db);
        press(&mut app, &mut r, KeyCode::Esc);
        press(&mut app, &mut r, KeyCode::Char('v'));
        focus(&mut app, &mut r, "notes");
        typed(&mut app, &mut r, "断电前写的记录");
        let fx = app.update(Action::Tick);
        drain(&mut app, &mut r, fx);
        assert_eq!(count(&r, "SELECT count(*) FROM drafts"), 1);
        // The process dies here: no save, no clean exit.
    }
    let (mut app, mut r) = start(&db);
    assert!(
        matches!(app.prompt, Some(Prompt::Draft(_))),
        "{:?}",
        app.prompt
    );
    press(&mut app, &mut r, KeyCode::Char('y'));
    let form = app.form.as_ref().expect("draft restored");
    assert!(form.fields.iter().any(|f| f.value == "断电前写的记录"));
    press_mod(&mut app, &mut r, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.form.is_none());
    // The identity question waited behind the draft and the form.
    assert!(
        matches!(app.prompt, Some(Prompt::ChooseMe(..))),
        "{:?}",
        app.prompt
    );
    assert_eq!(
        count(&r, "SELECT count(*) FROM drafts"),
        0,
        "saving removes the draft"
    );
    assert_eq!(
        count(
            &r,
            "SELECT count(*) FROM visits WHERE notes = '断电前写的记录'"
        ),
        1
    );
}

#[test]
fn plan_move_and_cancel_from_the_agenda() {
    let (_dir, db) = demo_pool(40);
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc);
    press(&mut app, &mut r, KeyCode::Char('2'));
    assert_eq!(app.screen, Screen::Agenda);
    let item = app
        .agenda
        .selected_row()
        .and_then(|r| r.visit())
        .expect("an agenda row")
        .clone();
    press(&mut app, &mut r, KeyCode::Char('m'));
    let f = app.form.as_ref().expect("move form");
    assert_eq!(
        f.fields[0].value,
        seedbed::store::format_date(item.planned_on)
    );
    press_mod(&mut app, &mut r, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typed(&mut app, &mut r, "2026-12-24");
    press(&mut app, &mut r, KeyCode::Enter);
    let moved: String = r
        .store
        .conn
        .query_row(
            "SELECT planned_on FROM visits WHERE id = ?1",
            [&item.visit_id],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(moved, "2026-12-24");
    // Cancel asks: the default answer is no.
    press(&mut app, &mut r, KeyCode::Char('c'));
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(app.form.is_none());
    let open = count(
        &r,
        "SELECT count(*) FROM visits WHERE cancelled_on IS NOT NULL",
    );
    press(&mut app, &mut r, KeyCode::Char('c'));
    press(&mut app, &mut r, KeyCode::Right);
    press(&mut app, &mut r, KeyCode::Enter);
    assert_eq!(
        count(
            &r,
            "SELECT count(*) FROM visits WHERE cancelled_on IS NOT NULL"
        ),
        open + 1
    );
}

#[test]
fn a_new_enterprise_is_checked_as_typed_and_appears_in_the_pool() {
    let (_dir, db) = demo_pool(20);
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc);
    press(&mut app, &mut r, KeyCode::Char('a'));
    typed(&mut app, &mut r, "新疆测绘科技有限公司");
    press(&mut app, &mut r, KeyCode::Tab);
    typed(&mut app, &mut r, "91110108551385082F");
    let f = app.form.as_ref().unwrap();
    assert!(
        f.fields[1].error.as_deref().unwrap_or("").contains('Q'),
        "{:?}",
        f.fields[1].error
    );
    press(&mut app, &mut r, KeyCode::Backspace);
    typed(&mut app, &mut r, "Q");
    press(&mut app, &mut r, KeyCode::Tab);
    typed(&mut app, &mut r, "乌鲁木齐市天山区");
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.message)
    );
    let p = app.pool.as_ref().unwrap();
    assert!((0..p.index.rows.len()).any(|i| p.index.name(i) == "新疆测绘科技有限公司"));
    // The same code again is refused with the owner's name.
    press(&mut app, &mut r, KeyCode::Char('a'));
    typed(&mut app, &mut r, "另一家公司");
    press(&mut app, &mut r, KeyCode::Tab);
    typed(&mut app, &mut r, "91110108551385082Q");
    press(&mut app, &mut r, KeyCode::Tab);
    typed(&mut app, &mut r, "天山区");
    press(&mut app, &mut r, KeyCode::Enter);
    let msg = app
        .form
        .as_ref()
        .and_then(|f| f.message.clone())
        .unwrap_or_default();
    assert!(msg.contains("新疆测绘科技有限公司"), "{msg}");
}

#[test]
fn projects_milestones_certificates_and_figures_are_entered_from_forms() {
    let (_dir, db) = demo_pool(30);
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc);
    let eid = app.selected_enterprise().unwrap();
    let n = |r: &Runner, table: &str| {
        count(
            r,
            &format!("SELECT count(*) FROM {table} WHERE enterprise_id = '{eid}'"),
        )
    };
    // A new project.
    let projects = n(&r, "projects");
    press(&mut app, &mut r, KeyCode::Char('J'));
    focus(&mut app, &mut r, "name");
    typed(&mut app, &mut r, "盐碱地节水灌溉关键技术研究");
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| (
            &f.message,
            f.fields.iter().map(|x| &x.error).collect::<Vec<_>>()
        ))
    );
    assert_eq!(n(&r, "projects"), projects + 1);
    // Editing: choosing the project fills its fields.
    press(&mut app, &mut r, KeyCode::Char('J'));
    let f = app.form.as_mut().unwrap();
    let opts = match &f.fields[0].kind {
        seedbed::app::form::FieldKind::Choice(o) => o.clone(),
        _ => panic!("project choice"),
    };
    let pos = opts
        .iter()
        .position(|(_, name)| name == "盐碱地节水灌溉关键技术研究")
        .unwrap();
    for _ in 0..pos {
        press(&mut app, &mut r, KeyCode::Right);
    }
    let f = app.form.as_ref().unwrap();
    assert_eq!(f.fields[1].value, "盐碱地节水灌溉关键技术研究");
    focus(&mut app, &mut r, "risk_flag");
    typed(&mut app, &mut r, "合作单位变更");
    press(&mut app, &mut r, KeyCode::Enter);
    assert_eq!(n(&r, "projects"), projects + 1, "edited, not added");
    let risk: String = r
        .store
        .conn
        .query_row(
            "SELECT risk_flag FROM projects WHERE name = '盐碱地节水灌溉关键技术研究'",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(risk, "合作单位变更");
    // A milestone on it.
    press(&mut app, &mut r, KeyCode::Char('M'));
    assert!(app.form.is_some(), "{:?}", app.status);
    focus(&mut app, &mut r, "name");
    typed(&mut app, &mut r, "中期检查");
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(app.form.is_none());
    // An HTE certificate: expiry is three years after issue.
    press(&mut app, &mut r, KeyCode::Char('C'));
    focus(&mut app, &mut r, "number");
    typed(&mut app, &mut r, "GR202665000777");
    press(&mut app, &mut r, KeyCode::Enter);
    let expires: String = r
        .store
        .conn
        .query_row(
            "SELECT expires_on FROM certificates WHERE number = 'GR202665000777'",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(expires, "2029-11-21");
    // Figures in 万元 are stored in yuan.
    press(&mut app, &mut r, KeyCode::Char('Y'));
    focus(&mut app, &mut r, "sales");
    press_mod(&mut app, &mut r, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typed(&mut app, &mut r, "1,234.5");
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| &f.message)
    );
    let sales: i64 = r
        .store
        .conn
        .query_row(
            "SELECT sales FROM figures WHERE enterprise_id = ?1 AND year = 2025",
            [&eid],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(sales, 12_345_000);
}

#[test]
fn b_writes_the_pre_visit_brief_of_the_detail_to_the_briefs_folder() {
    let (dir, db) = demo_pool(20);
    let (mut app, mut r) = start(&db);
    let folder = dir.path().join("简报");
    r.config.files.briefs = folder.display().to_string();
    press(&mut app, &mut r, KeyCode::Esc); // skip the identity prompt
    press(&mut app, &mut r, KeyCode::Enter);
    let name = app
        .detail
        .as_ref()
        .and_then(|d| d.detail.as_ref())
        .map(|d| d.row.name.clone())
        .expect("the detail is open");
    press(&mut app, &mut r, KeyCode::Char('B'));
    let path = folder.join(format!("{name}-{TODAY}.md"));
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("简报已写出") && status.contains(&*path.to_string_lossy()),
        "{status}"
    );
    let md = std::fs::read_to_string(&path).expect("the brief file");
    assert!(md.contains(&name), "{md}");
    assert_eq!(
        md,
        seedbed::cli::brief::text(
            &r.store.conn,
            &app.detail.as_ref().unwrap().id,
            NOW,
            &r.config,
            Lang::Zh
        )
        .unwrap(),
        "the same brief as `seedbed brief`"
    );
    // The folder cannot be written: a message naming it, the TUI goes on.
    std::fs::write(dir.path().join("file"), "x").unwrap();
    r.config.files.briefs = dir.path().join("file").join("sub").display().to_string();
    press(&mut app, &mut r, KeyCode::Char('B'));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("file"), "{status}");
    assert!(app.detail.is_some());
}

#[test]
fn a_list_that_cannot_be_read_says_so_once_instead_of_asking_again_and_again() {
    let (_dir, db) = demo_pool(20);
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc); // skip the identity prompt
    // The table goes missing under the running app (a damaged or foreign file).
    r.store
        .conn
        .execute_batch("ALTER TABLE requests RENAME TO requests_gone")
        .unwrap();
    // `drain` returns only when no effect is left: a failing fetch must not ask again.
    press(&mut app, &mut r, KeyCode::Char('6'));
    assert_eq!(app.screen, seedbed::app::Screen::Requests);
    assert_eq!(app.failed, Some(seedbed::app::ListId::Requests));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("requests"), "{status}");
    // Keys still work; entering the screen again tries once more.
    press(&mut app, &mut r, KeyCode::Char('1'));
    assert_eq!(app.screen, seedbed::app::Screen::Pool);
    r.store
        .conn
        .execute_batch("ALTER TABLE requests_gone RENAME TO requests")
        .unwrap();
    press(&mut app, &mut r, KeyCode::Char('6'));
    assert_eq!(app.failed, None);
    assert!(app.requests.loaded && app.requests.total > 0);
}

#[test]
fn a_change_by_another_program_is_read_again_keeping_sort_filter_and_cursor() {
    use crate::common::seedbed;
    let (_dir, db) = demo_pool(40);
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc); // skip the identity prompt
    // A sort and a cursor on some enterprise.
    press(&mut app, &mut r, KeyCode::Char('s'));
    for _ in 0..5 {
        press(&mut app, &mut r, KeyCode::Char('j'));
    }
    let sort = app.pool.as_ref().unwrap().sort;
    let (id, name, requests) = {
        let p = app.pool.as_ref().unwrap();
        let row = p.selected_row().unwrap();
        let name = p.name_at(p.selected).unwrap().to_string();
        (row.id.to_string(), name, row.open_requests)
    };
    let tick = |app: &mut App, r: &mut Runner| {
        let fx = app.update(Action::Tick);
        seedbed::tui::drain(app, r, fx);
    };
    tick(&mut app, &mut r); // the first check only notes where the file stands
    tick(&mut app, &mut r);
    assert!(app.status.is_none(), "{:?}", app.status);
    // Another program logs a visit with a request for the selected enterprise.
    let o = seedbed(
        &db,
        &[
            "visit",
            "log",
            &id,
            "--notes",
            "电话回访",
            "--request",
            "funding:申请贷款贴息",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tick(&mut app, &mut r);
    assert_eq!(
        app.status.as_deref(),
        Some("数据文件已被其他程序修改，已重新读取")
    );
    let p = app.pool.as_ref().unwrap();
    assert_eq!(p.sort, sort);
    let row = p.selected_row().unwrap();
    assert_eq!(
        p.name_at(p.selected),
        Some(&*name),
        "the cursor stays on the enterprise"
    );
    assert_eq!(row.open_requests, requests + 1, "its row is read again");
    // Quiet again until the next change.
    tick(&mut app, &mut r);
    assert_eq!(
        app.status.as_deref(),
        Some("数据文件已被其他程序修改，已重新读取")
    );
    assert!(matches!(
        r.run(&seedbed::app::Effect::CheckFile),
        seedbed::app::Loaded::FileChanged(false)
    ));
}
