//! The ledgers can be closed (issue 14, item 9) and the first minute (item 10): support actions
//! done, edited and cancelled, rewards paid, pool status set, commissioners added and edited —
//! each logged and undoable, from the store, the command line and the TUI's forms; and the
//! "who are you" prompt with the keys it says.

use crate::common::{NOW, TODAY, demo_pool, home, seedbed, seedbed_in, stderr, stdout};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rusqlite::{Connection, params};
use seedbed::app::{Action, App, Prompt};
use seedbed::config::Config;
use seedbed::domain::PoolStatus;
use seedbed::domain::rewards::RewardKind;
use seedbed::domain::support::ActionStatus;
use seedbed::domain::{Batch, Pool, Tier};
use seedbed::i18n::{Lang, Msg};
use seedbed::store::edit::{Edit, EditContext, apply};
use seedbed::store::ledgers::{LedgerError, StatusChange};
use seedbed::store::{OpenMode, Store, StoreError, changes};
use seedbed::tui::drain;
use seedbed::tui::runner::Runner;
use std::path::Path;
use time::macros::date;

/// A store error's English words, as the user reads them.
fn en(e: &StoreError) -> String {
    seedbed::i18n::store_text::store_error_text(e, Lang::En)
}

fn open(db: &Path) -> Store {
    Store::open(db, OpenMode::Existing).expect("open")
}

/// One row of a query, its columns as text (NULL as "∅").
fn row(conn: &Connection, sql: &str, arg: &str) -> Vec<String> {
    conn.query_row(sql, [arg], |r| {
        let n = r.as_ref().column_count();
        Ok((0..n)
            .map(|i| match r.get_ref(i).expect("a column") {
                rusqlite::types::ValueRef::Null => "∅".to_string(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                other => format!("{other:?}"),
            })
            .collect())
    })
    .unwrap_or_else(|e| panic!("{sql} ({arg}): {e}"))
}

/// The change log of the newest group: (entity, action) in order, and the group's label.
fn last_group(conn: &Connection) -> (String, Vec<(String, String)>) {
    let (id, label): (i64, String) = conn
        .query_row(
            "SELECT id, label FROM change_groups ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a change group");
    let rows = conn
        .prepare("SELECT entity, action FROM change_log WHERE group_id = ?1 ORDER BY seq")
        .expect("prepare")
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("rows");
    (label, rows)
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

fn save(store: &mut Store, edit: &Edit) {
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    apply(&mut store.conn, &ctx, edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
}

fn undo(store: &mut Store) {
    changes::undo(&mut store.conn, None, TODAY, &Config::default())
        .expect("undo")
        .expect("something to undo");
}

/// An enterprise of the demo with an open support action: (enterprise id, action id).
fn open_action(conn: &Connection) -> (String, String) {
    conn.query_row(
        "SELECT enterprise_id, id FROM support_actions
         WHERE status IN ('open', 'in_progress') AND deleted_at IS NULL ORDER BY id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("an open support action in the demo")
}

const ACTION: &str = "SELECT action, unit, person, due_on, status, done_on FROM support_actions
                      WHERE id = ?1";

#[test]
fn a_support_action_is_done_edited_and_cancelled_each_logged_and_undone() {
    let (_dir, db) = demo_pool(40);
    let mut store = open(&db);
    let (eid, id) = open_action(&store.conn);
    let before = row(&store.conn, ACTION, &id);
    let edit = |status, closed, text: &str| Edit::SaveSupportAction {
        action_id: id.clone(),
        action: text.into(),
        unit: "区科技局".into(),
        person: "李强".into(),
        due: Some(date!(2026 - 12 - 31)),
        status,
        closed,
    };

    save(
        &mut store,
        &edit(ActionStatus::Done, None, "辅导研发费用归集"),
    );
    assert_eq!(
        row(&store.conn, ACTION, &id),
        [
            "辅导研发费用归集",
            "区科技局",
            "李强",
            "2026-12-31",
            "done",
            "2026-11-21"
        ]
    );
    let (label, log) = last_group(&store.conn);
    assert!(label.starts_with("save_support_action "), "{label}");
    assert_eq!(log, [pair("support_actions", "update")]);
    undo(&mut store);
    assert_eq!(row(&store.conn, ACTION, &id), before);

    // Cancelled on a day given; opened again, the day goes.
    save(
        &mut store,
        &edit(ActionStatus::Dropped, Some(date!(2026 - 11 - 02)), "辅导"),
    );
    assert_eq!(
        row(&store.conn, ACTION, &id)[4..],
        ["dropped", "2026-11-02"]
    );
    save(&mut store, &edit(ActionStatus::InProgress, None, "辅导"));
    assert_eq!(row(&store.conn, ACTION, &id)[4..], ["in_progress", "∅"]);
    undo(&mut store);
    undo(&mut store);
    assert_eq!(row(&store.conn, ACTION, &id), before);

    // A closing day in the future is refused, nothing written.
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let err = apply(
        &mut store.conn,
        &ctx,
        &edit(ActionStatus::Done, Some(date!(2026 - 11 - 22)), "辅导"),
    )
    .expect_err("a day after today");
    assert!(en(&err).contains("future"), "{err:?}");
    assert_eq!(row(&store.conn, ACTION, &id), before);
    // The enterprise it belongs to is logged with it (the history of the enterprise shows it).
    let logged: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM change_log WHERE entity_id = ?1 AND enterprise_id = ?2",
            params![id, eid],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 6, "three saves and three undos");
}

#[test]
fn a_reward_is_paid_with_its_document_and_the_payment_undone() {
    let (_dir, db) = demo_pool(60);
    let mut store = open(&db);
    // An HTE certificate issued in 2026 whose reward nobody recorded yet.
    let (eid, year): (String, i32) = store
        .conn
        .query_row(
            "SELECT c.enterprise_id, 2026 FROM certificates c
             WHERE c.kind = 'hte' AND c.issued_on >= '2026-01-01' AND c.issued_on <= '2026-11-21'
               AND NOT EXISTS (SELECT 1 FROM certificates p WHERE p.enterprise_id = c.enterprise_id
                               AND p.kind = 'hte' AND p.issued_on < c.issued_on)
               AND NOT EXISTS (SELECT 1 FROM rewards r WHERE r.enterprise_id = c.enterprise_id
                               AND r.kind = 'first_certification')
             ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an unpaid first certification in 2026");
    const PAID: &str = "SELECT amount, paid_on, document FROM rewards
                        WHERE enterprise_id = ?1 AND kind = 'first_certification'";
    let pay = |amount, document: &str| Edit::PayReward {
        enterprise_id: eid.clone(),
        kind: RewardKind::FirstCertification,
        year,
        amount,
        paid_on: date!(2026 - 11 - 20),
        document: document.into(),
    };
    save(&mut store, &pay(200_000, "新科高〔2026〕12号"));
    assert_eq!(
        row(&store.conn, PAID, &eid),
        ["200000", "2026-11-20", "新科高〔2026〕12号"]
    );
    assert_eq!(last_group(&store.conn).1, [pair("rewards", "insert")]);
    // Paid again: corrected, not doubled.
    save(&mut store, &pay(180_000, "新科高〔2026〕13号"));
    assert_eq!(
        row(&store.conn, PAID, &eid),
        ["180000", "2026-11-20", "新科高〔2026〕13号"]
    );
    assert_eq!(last_group(&store.conn).1, [pair("rewards", "update")]);
    undo(&mut store);
    assert_eq!(
        row(&store.conn, PAID, &eid),
        ["200000", "2026-11-20", "新科高〔2026〕12号"]
    );
    undo(&mut store);
    let left: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM rewards WHERE enterprise_id = ?1 AND kind = 'first_certification'",
            [&eid],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the payment undone");

    // A reward it is not due, a missing document, a zero amount: refused.
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    for (bad, why) in [
        (
            Edit::PayReward {
                enterprise_id: eid.clone(),
                kind: RewardKind::Recertification,
                year,
                amount: 100_000,
                paid_on: date!(2026 - 11 - 20),
                document: "x".into(),
            },
            "no re-certification reward",
        ),
        (pay(200_000, "  "), "document"),
        (pay(0, "x"), "more than 0"),
    ] {
        let err = apply(&mut store.conn, &ctx, &bad).expect_err(why);
        assert!(en(&err).contains(why), "{err:?}");
    }
}

const MEMBERSHIP: &str = "SELECT pool, status, status_on, status_reason, left_on
                          FROM pool_memberships WHERE enterprise_id = ?1
                          ORDER BY entered_on DESC, id DESC LIMIT 1";
const DERIVED: &str = "SELECT pool, pool_status FROM enterprises WHERE id = ?1";

#[test]
fn a_pool_status_is_set_with_a_day_and_reason_and_undone() {
    let (_dir, db) = demo_pool(40);
    let mut store = open(&db);
    let (eid, pool, batch, tier): (String, Pool, Batch, Tier) = store
        .conn
        .query_row(
            "SELECT e.id, m.pool, m.batch, e.tier FROM enterprises e
             JOIN pool_memberships m ON m.enterprise_id = e.id AND m.status = 'in'
             WHERE m.pool = 'hte' ORDER BY e.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("an enterprise in the HTE pool");
    let before = row(&store.conn, MEMBERSHIP, &eid);
    let set = |status, reason: &str| Edit::MovePool {
        enterprise_id: eid.clone(),
        pool,
        batch,
        tier,
        status: Some(StatusChange {
            status,
            on: date!(2026 - 11 - 10),
            reason: reason.into(),
        }),
    };

    save(&mut store, &set(PoolStatus::Frozen, "企业停产整顿"));
    assert_eq!(
        row(&store.conn, MEMBERSHIP, &eid),
        ["hte", "frozen", "2026-11-10", "企业停产整顿", "∅"]
    );
    assert_eq!(row(&store.conn, DERIVED, &eid), ["hte", "frozen"]);
    assert_eq!(
        last_group(&store.conn).1,
        [pair("pool_memberships", "update")]
    );

    // Out: it leaves the pool on that day; the Pool screen still says `out`.
    save(&mut store, &set(PoolStatus::Out, "迁出本区"));
    assert_eq!(
        row(&store.conn, MEMBERSHIP, &eid),
        ["hte", "out", "2026-11-10", "迁出本区", "2026-11-10"]
    );
    assert_eq!(row(&store.conn, DERIVED, &eid), ["∅", "out"]);
    // The `b` form saved again unchanged keeps it out (it does not slip back in).
    save(
        &mut store,
        &Edit::MovePool {
            enterprise_id: eid.clone(),
            pool,
            batch,
            tier,
            status: None,
        },
    );
    assert_eq!(row(&store.conn, DERIVED, &eid), ["∅", "out"]);

    undo(&mut store);
    undo(&mut store);
    assert_eq!(row(&store.conn, MEMBERSHIP, &eid), before);
    assert_eq!(row(&store.conn, DERIVED, &eid), ["hte", "in"]);

    // Leaving, frozen and out need a reason; in does not.
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let err = apply(&mut store.conn, &ctx, &set(PoolStatus::Leaving, " ")).expect_err("reason");
    assert!(
        matches!(
            err,
            StoreError::Ledger(LedgerError::ReasonRequired(PoolStatus::Leaving))
        ),
        "{err:?}"
    );
    assert_eq!(row(&store.conn, MEMBERSHIP, &eid), before);
}

#[test]
fn commissioners_are_added_and_renamed_logged_and_undone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("new.db");
    let mut store = Store::create(&db, false).expect("create");
    save(
        &mut store,
        &Edit::SaveCommissioner {
            id: None,
            name: " 王芳 ".into(),
            phone: Some("13800000000".into()),
        },
    );
    let (label, log) = last_group(&store.conn);
    assert_eq!(label, "add_commissioner 王芳");
    assert_eq!(log, [pair("commissioners", "insert")]);
    let id: String = store
        .conn
        .query_row(
            "SELECT id FROM commissioners WHERE name = '王芳'",
            [],
            |r| r.get(0),
        )
        .expect("王芳 added, name trimmed");
    save(
        &mut store,
        &Edit::SaveCommissioner {
            id: Some(id.clone()),
            name: "王芳芳".into(),
            phone: None,
        },
    );
    const WHO: &str = "SELECT name, phone FROM commissioners WHERE id = ?1";
    assert_eq!(row(&store.conn, WHO, &id), ["王芳芳", "∅"]);
    assert_eq!(last_group(&store.conn).1, [pair("commissioners", "update")]);
    undo(&mut store);
    assert_eq!(row(&store.conn, WHO, &id), ["王芳", "13800000000"]);
    // A second 王芳 is refused.
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let dup = Edit::SaveCommissioner {
        id: None,
        name: "王芳".into(),
        phone: None,
    };
    let err = apply(&mut store.conn, &ctx, &dup).expect_err("a second 王芳");
    assert!(en(&err).contains("already exists"), "{err:?}");
    undo(&mut store);
    let n: i64 = store
        .conn
        .query_row("SELECT count(*) FROM commissioners", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "the add undone");
}

// ── The command line ─────────────────────────────────────────────────────────────────────

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "stderr: {}", stderr(o));
    stdout(o)
}

#[test]
fn a_file_made_with_init_works_without_an_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pool.db");
    ok(&seedbed(&db, &["init"]));
    // Nobody yet: `me` says how to add someone.
    let o = seedbed(&db, &["me", "王芳"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("seedbed commissioner add 王芳"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        ok(&seedbed(
            &db,
            &["commissioner", "add", "王芳", "--phone", "13800000000"]
        ))
        .trim(),
        "Saved：New commissioner 王芳"
    );
    assert!(ok(&seedbed(&db, &["me", "王芳"])).contains("王芳"));
    assert!(ok(&seedbed(&db, &["me"])).starts_with("王芳 (from "));
    // Renaming yourself keeps you yourself.
    ok(&seedbed(
        &db,
        &["commissioner", "edit", "王芳", "--name", "王芳芳"],
    ));
    assert!(ok(&seedbed(&db, &["me"])).starts_with("王芳芳 (from "));
    let conn = Connection::open(&db).expect("open");
    assert_eq!(
        row(
            &conn,
            "SELECT name, phone FROM commissioners WHERE name = ?1",
            "王芳芳"
        ),
        ["王芳芳", "13800000000"]
    );
    // The rename was stamped with who made it, and is theirs to undo.
    let o = ok(&seedbed(&db, &["undo"]));
    assert!(o.starts_with("Undone：Edit commissioner 王芳芳"), "{o}");
    let o = seedbed(&db, &["commissioner", "edit", "王芳"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nothing to change"), "{}", stderr(&o));
    // The config the binary wrote is the test's own.
    assert!(home(&db).join("config/seedbed/config.toml").exists());
}

#[test]
fn support_actions_rewards_and_pool_status_from_the_command_line() {
    let (_dir, db) = demo_pool(40);
    let (eid, id, name, text) = {
        let conn = Connection::open(&db).expect("open");
        let (eid, id) = open_action(&conn);
        let (name, text): (String, String) = conn
            .query_row(
                "SELECT e.name, a.action FROM support_actions a JOIN enterprises e
                 ON e.id = a.enterprise_id WHERE a.id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        (eid, id, name, text)
    };
    let state = || {
        let conn = Connection::open(&db).expect("open");
        row(&conn, ACTION, &id)
    };
    let before = state();
    let o = ok(&seedbed(
        &db,
        &["action", "done", &eid, &text, "--date", "2026-11-20"],
    ));
    assert_eq!(o.trim(), format!("Saved：Support action updated {name}"));
    assert_eq!(state()[4..], ["done", "2026-11-20"]);
    ok(&seedbed(
        &db,
        &[
            "action",
            "edit",
            &eid,
            &id,
            "--status",
            "open",
            "--due",
            "2026-12-20",
        ],
    ));
    assert_eq!(state()[3..], ["2026-12-20", "open", "∅"]);
    ok(&seedbed(&db, &["action", "cancel", &eid, &id]));
    assert_eq!(state()[4..], ["dropped", "2026-11-21"]);
    for _ in 0..3 {
        ok(&seedbed(&db, &["undo"]));
    }
    assert_eq!(state(), before);
    // A fragment matching nothing is named in the error.
    let o = seedbed(&db, &["action", "done", &eid, "没有这条措施"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("没有这条措施"), "{}", stderr(&o));

    // Added, then the pool status: frozen needs a reason, then the list filters by it.
    ok(&seedbed(
        &db,
        &[
            "action",
            "add",
            &eid,
            "--text",
            "对接银行授信",
            "--due",
            "+14",
        ],
    ));
    let conn = Connection::open(&db).expect("open");
    assert_eq!(
        row(
            &conn,
            "SELECT due_on, status FROM support_actions WHERE action = ?1",
            "对接银行授信"
        ),
        ["2026-12-05", "open"]
    );
    let o = seedbed(&db, &["pool-status", &eid, "frozen"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--reason"), "{}", stderr(&o));
    ok(&seedbed(
        &db,
        &[
            "pool-status",
            &eid,
            "frozen",
            "--reason",
            "企业停产整顿",
            "--date=-3",
        ],
    ));
    assert_eq!(
        row(&conn, MEMBERSHIP, &eid)[1..4],
        ["frozen", "2026-11-18", "企业停产整顿"]
    );
    let listed = ok(&seedbed(
        &db,
        &["list", "--status", "frozen", "--format", "csv"],
    ));
    assert!(listed.contains(&name), "{listed}");
    ok(&seedbed(&db, &["undo"]));
    let listed = ok(&seedbed(
        &db,
        &["list", "--status", "frozen", "--format", "csv"],
    ));
    assert!(!listed.contains(&name), "{listed}");
}

#[test]
fn a_reward_is_paid_from_the_command_line() {
    let (_dir, db) = demo_pool(60);
    let (eid, name): (String, String) = {
        let conn = Connection::open(&db).expect("open");
        conn.query_row(
            "SELECT e.id, e.name FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
             WHERE c.kind = 'hte' AND c.issued_on >= '2026-01-01' AND c.issued_on <= '2026-11-21'
               AND NOT EXISTS (SELECT 1 FROM certificates p WHERE p.enterprise_id = c.enterprise_id
                               AND p.kind = 'hte' AND p.issued_on < c.issued_on)
               AND NOT EXISTS (SELECT 1 FROM rewards r WHERE r.enterprise_id = c.enterprise_id
                               AND r.kind = 'first_certification')
             ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an unpaid first certification in 2026")
    };
    let o = seedbed(
        &db,
        &[
            "reward",
            "pay",
            &eid,
            "--kind",
            "首次认定",
            "--document",
            "",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--document"), "{}", stderr(&o));
    let o = ok(&seedbed(
        &db,
        &[
            "reward",
            "pay",
            &eid,
            "--kind",
            "首次认定",
            "--document",
            "新科高〔2026〕12号",
            "--date",
            "2026-11-20",
        ],
    ));
    assert_eq!(o.trim(), format!("Saved：Reward paid {name}"));
    let conn = Connection::open(&db).expect("open");
    const PAID: &str = "SELECT amount, paid_on, document FROM rewards
                        WHERE enterprise_id = ?1 AND kind = 'first_certification'";
    // The amount due, as configured: 200,000 yuan for a first certification.
    assert_eq!(
        row(&conn, PAID, &eid),
        ["200000", "2026-11-20", "新科高〔2026〕12号"]
    );
    let rewards = ok(&seedbed(
        &db,
        &["rewards", "--year", "2026", "--format", "csv"],
    ));
    let line = rewards
        .lines()
        .find(|l| l.contains(&name) && l.contains("first"))
        .unwrap_or_else(|| panic!("{name} in {rewards}"));
    assert!(line.contains("2026-11-20"), "{line}");
    ok(&seedbed(&db, &["undo"]));
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM rewards WHERE enterprise_id = ?1 AND kind = 'first_certification'",
            [&eid],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

// ── The TUI ──────────────────────────────────────────────────────────────────────────────

/// The app on a demo pool, as `me` (None: nobody chosen), driven as the terminal loop does.
struct Screen120 {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    app: App,
    runner: Runner,
}

impl Screen120 {
    /// `as_first`: working as the first commissioner by name, else as nobody.
    fn new(as_first: bool) -> Screen120 {
        let (dir, db) = demo_pool(40);
        let store = open(&db);
        let id = as_first.then(|| {
            store
                .conn
                .query_row(
                    "SELECT id FROM commissioners ORDER BY name LIMIT 1",
                    [],
                    |r| r.get::<_, String>(0),
                )
                .expect("a commissioner")
        });
        let mut runner = Runner::new(store, Config::default(), NOW, Lang::Zh, id);
        // Choosing who you are is not written to anyone's config in a test.
        runner.keep_me = false;
        let mut app = App::new(Lang::Zh, NOW, Config::default(), 120, 30);
        let start = app.start();
        drain(&mut app, &mut runner, start);
        Screen120 {
            _dir: dir,
            db,
            app,
            runner,
        }
    }

    fn key(&mut self, code: KeyCode) {
        let fx = self
            .app
            .update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        drain(&mut self.app, &mut self.runner, fx);
    }

    fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn screen(&self) -> String {
        let mut t = Terminal::new(TestBackend::new(self.app.width, self.app.height)).unwrap();
        t.draw(|f| seedbed::ui::render(f, &self.app)).unwrap();
        let buf = t.backend().buffer().clone();
        let mut out = Vec::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut skip = 0usize;
            for x in 0..buf.area.width {
                let sym = buf[(x, y)].symbol();
                if skip == 0 {
                    line.push_str(sym);
                }
                skip = skip
                    .max(unicode_width::UnicodeWidthStr::width(sym))
                    .saturating_sub(1);
            }
            out.push(line.trim_end().to_string());
        }
        out.join("\n")
    }

    fn footer(&self) -> String {
        self.screen().lines().last().unwrap_or("").to_string()
    }

    fn conn(&self) -> Connection {
        Connection::open(&self.db).expect("open")
    }

    /// Selects an enterprise on the Pool screen by its name (a `:goto`).
    fn goto(&mut self, name: &str) {
        self.key(KeyCode::Char(':'));
        self.keys(&format!("goto {name}"));
        self.key(KeyCode::Enter);
        assert!(self.app.detail.is_some(), "{name} opened");
    }
}

fn zh(m: Msg) -> &'static str {
    m.text(Lang::Zh)
}

#[test]
fn the_who_are_you_prompt_filters_says_its_keys_and_decides_later() {
    let mut t = Screen120::new(false);
    let names: Vec<String> = {
        let conn = t.conn();
        conn.prepare("SELECT name FROM commissioners ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert!(names.len() > 2, "{names:?}");
    assert!(matches!(t.app.prompt, Some(Prompt::ChooseMe(_))));
    // The footer says the prompt's keys, not the screen's.
    let footer = t.footer();
    assert_eq!(
        footer.trim(),
        "输入筛选 · ↑↓ 选择 · Enter 确认 · Esc/q 稍后再选"
    );
    assert!(!footer.contains("记录走访"), "{footer}");
    insta::assert_snapshot!("ledgers_choose_me_zh_120x30", t.screen());

    // `v` is typed into the filter; it opens no visit form.
    t.key(KeyCode::Char('v'));
    assert!(t.app.form.is_none());
    let Some(Prompt::ChooseMe(p)) = &t.app.prompt else {
        panic!("the prompt stays");
    };
    assert_eq!(p.filter, "v");
    t.key(KeyCode::Backspace);
    // The last commissioner's full name leaves one to choose.
    let last = names.last().expect("a name").clone();
    t.keys(&last);
    let Some(Prompt::ChooseMe(p)) = &t.app.prompt else {
        panic!("the prompt stays");
    };
    assert_eq!(
        p.shown()
            .iter()
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>(),
        [last.as_str()]
    );
    // Esc: decide later. The header says changes are stamped unknown.
    t.key(KeyCode::Esc);
    assert!(t.app.prompt.is_none());
    let s = t.screen();
    assert!(
        s.lines()
            .nth(1)
            .is_some_and(|l| l.contains(zh(Msg::HdrMeUnknown))),
        "{s}"
    );
    // `:me` asks again; `q` with nothing typed decides later too.
    t.key(KeyCode::Char(':'));
    t.keys("me");
    t.key(KeyCode::Enter);
    assert!(matches!(t.app.prompt, Some(Prompt::ChooseMe(_))));
    t.key(KeyCode::Char('q'));
    assert!(t.app.prompt.is_none());
    assert!(!t.app.quit, "q in the prompt does not quit");
    // `:me NAME` chooses at once; the header says who.
    t.key(KeyCode::Char(':'));
    t.keys(&format!("me {last}"));
    t.key(KeyCode::Enter);
    assert!(t.app.prompt.is_none());
    let s = t.screen();
    let header = s.lines().nth(1).unwrap_or("");
    assert!(
        header.contains(&format!("{} {last}", zh(Msg::HdrMe))),
        "{header}"
    );
    // Enter in the prompt chooses the highlighted one.
    t.key(KeyCode::Char(':'));
    t.keys("me");
    t.key(KeyCode::Enter);
    t.key(KeyCode::Down);
    t.key(KeyCode::Enter);
    let s = t.screen();
    assert!(
        s.lines()
            .nth(1)
            .is_some_and(|l| l.contains(&format!("{} {}", zh(Msg::HdrMe), names[1]))),
        "{s}"
    );
}

#[test]
fn the_b_form_sets_the_pool_status_and_the_pool_screen_shows_and_filters_it() {
    let mut t = Screen120::new(true);
    let name = t
        .app
        .pool
        .as_ref()
        .and_then(|p| p.name_at(0))
        .unwrap()
        .to_string();
    t.key(KeyCode::Char('b'));
    let form = t.app.form.as_ref().expect("the b form");
    let keys: Vec<&str> = form.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        ["pool", "batch", "tier", "status", "status_on", "reason"]
    );
    // Status: in → leaving → out → frozen.
    t.key(KeyCode::Tab);
    t.key(KeyCode::Tab);
    t.key(KeyCode::Tab);
    for _ in 0..3 {
        t.key(KeyCode::Right);
    }
    t.key(KeyCode::Enter);
    let s = t.screen();
    assert!(s.contains(zh(Msg::FormStatusReasonRequired)), "{s}");
    insta::assert_snapshot!("ledgers_b_form_zh_120x30", s);
    t.keys("企业停产整顿");
    t.key(KeyCode::Enter);
    assert!(t.app.form.is_none(), "saved");
    let conn = t.conn();
    let eid = t
        .app
        .pool
        .as_ref()
        .and_then(|p| p.selected_row())
        .unwrap()
        .id
        .to_string();
    assert_eq!(
        row(&conn, MEMBERSHIP, &eid)[1..4],
        ["frozen", "2026-11-21", "企业停产整顿"]
    );
    // The row says 冻结 in the status column; the filter on 入库状态 finds it.
    let s = t.screen();
    let line = s.lines().find(|l| l.contains(&name)).expect("the row");
    assert!(line.contains("冻结"), "{line}");
    t.key(KeyCode::Char('f'));
    t.key(KeyCode::Char('k')); // the last dimension: 入库状态
    t.key(KeyCode::Enter);
    for _ in 0..4 {
        t.key(KeyCode::Char('j')); // all → in → leaving → out → frozen
    }
    t.key(KeyCode::Enter);
    let frozen: i64 = conn
        .query_row(
            "SELECT count(*) FROM enterprises WHERE pool_status = 'frozen' AND deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let p = t.app.pool.as_ref().unwrap();
    assert_eq!(p.view_len() as i64, frozen);
    assert!((0..p.view_len()).any(|i| p.name_at(i) == Some(name.as_str())));
    // `u` takes it back.
    t.key(KeyCode::Char('u'));
    assert_eq!(row(&conn, MEMBERSHIP, &eid)[1], "in");
}

#[test]
fn the_support_action_form_closes_an_action_and_the_reward_form_pays_one() {
    let mut t = Screen120::new(true);
    let (eid, id) = open_action(&t.conn());
    let name: String = t
        .conn()
        .query_row("SELECT name FROM enterprises WHERE id = ?1", [&eid], |r| {
            r.get(0)
        })
        .unwrap();
    t.goto(&name);
    t.key(KeyCode::Char('A'));
    let form = t.app.form.as_ref().expect("the support-action form");
    let FormChoice(options) = choice(form, "item");
    let at = options
        .iter()
        .position(|o| *o == id)
        .expect("the action offered");
    for _ in 0..at {
        t.key(KeyCode::Right);
    }
    let text = row(&t.conn(), ACTION, &id)[0].clone();
    let form = t.app.form.as_ref().unwrap();
    assert_eq!(value(form, "action"), text, "the chosen action's values");
    // Status: open → in progress → done.
    let status_now = value(form, "status").to_string();
    let steps = match status_now.as_str() {
        "open" => 2,
        _ => 1,
    };
    for _ in 0..5 {
        t.key(KeyCode::Tab);
    }
    for _ in 0..steps {
        t.key(KeyCode::Right);
    }
    assert_eq!(value(t.app.form.as_ref().unwrap(), "status"), "done");
    t.key(KeyCode::Enter);
    assert!(t.app.form.is_none(), "saved: {:?}", t.app.status);
    assert_eq!(row(&t.conn(), ACTION, &id)[4..], ["done", "2026-11-21"]);
    t.key(KeyCode::Char('u'));
    assert_eq!(row(&t.conn(), ACTION, &id)[4], status_now);

    // The reward form, on an enterprise due one.
    let (eid, rname): (String, String) = t
        .conn()
        .query_row(
            "SELECT e.id, e.name FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
             WHERE c.kind = 'hte' AND c.issued_on >= '2026-01-01' AND c.issued_on <= '2026-11-21'
             ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a certificate of 2026");
    t.key(KeyCode::Esc);
    t.goto(&rname);
    t.key(KeyCode::Char('P'));
    let form = t.app.form.as_ref().expect("the reward form");
    let keys: Vec<&str> = form.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["reward", "paid_on", "amount", "document"]);
    // Straight to the document (the reward, day and amount as offered).
    for _ in 0..3 {
        t.key(KeyCode::Tab);
    }
    let form = t.app.form.as_ref().unwrap();
    let (kind, year) = value(form, "reward").split_once(':').expect("kind:year");
    let (kind, year) = (kind.to_string(), year.to_string());
    let amount_wan = value(form, "amount").to_string();
    t.keys("新科高〔2026〕12号");
    t.key(KeyCode::Enter);
    assert!(
        t.app.form.is_none(),
        "saved: {:?}",
        t.app.form.as_ref().map(|f| &f.message)
    );
    let got: (i64, String, i32) = t
        .conn()
        .query_row(
            "SELECT amount, document, year FROM rewards WHERE enterprise_id = ?1 AND kind = ?2",
            params![eid, kind],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("the payment");
    let want_amount: i64 = match amount_wan.as_str() {
        "20" => 200_000,
        "10" => 100_000,
        "5" => 50_000,
        other => panic!("an amount of {other} 万元 was offered"),
    };
    assert_eq!(
        got,
        (
            want_amount,
            "新科高〔2026〕12号".to_string(),
            year.parse().unwrap()
        )
    );
}

/// A choice field's option codes.
struct FormChoice(Vec<String>);

fn choice(form: &seedbed::app::form::Form, key: &str) -> FormChoice {
    match &form
        .fields
        .iter()
        .find(|f| f.key == key)
        .expect("the field")
        .kind
    {
        seedbed::app::form::FieldKind::Choice(opts) => {
            FormChoice(opts.iter().map(|(c, _)| c.clone()).collect())
        }
        other => panic!("{key} is {other:?}"),
    }
}

fn value<'a>(form: &'a seedbed::app::form::Form, key: &str) -> &'a str {
    form.fields
        .iter()
        .find(|f| f.key == key)
        .map_or("", |f| f.value.as_str())
}

#[test]
fn commissioners_are_added_and_edited_on_screen_7() {
    let mut t = Screen120::new(true);
    t.key(KeyCode::Char('7'));
    assert!(
        t.footer().contains(zh(Msg::KeyNewCommissioner)),
        "{}",
        t.footer()
    );
    t.key(KeyCode::Char('a'));
    assert_eq!(
        t.app.form.as_ref().map(|f| f.title.as_str()),
        Some(zh(Msg::FormNewCommissioner))
    );
    t.keys("赵敏");
    t.key(KeyCode::Tab);
    t.keys("13900000001");
    t.key(KeyCode::Enter);
    assert!(t.app.form.is_none(), "saved");
    assert_eq!(
        row(
            &t.conn(),
            "SELECT name, phone FROM commissioners WHERE name = ?1",
            "赵敏"
        ),
        ["赵敏", "13900000001"]
    );
    // Listed on screen 7 (no enterprises yet), and offered by the enterprise form.
    let at = (0..t.app.commissioners.total)
        .position(|i| t.app.commissioners.get(i).is_some_and(|c| c.name == "赵敏"))
        .expect("赵敏 listed");
    t.app.commissioners.selected = at;
    t.key(KeyCode::Char('e'));
    let form = t.app.form.as_ref().expect("the edit form");
    assert_eq!(
        form.title,
        format!("{} · 赵敏", zh(Msg::FormEditCommissioner))
    );
    // Ctrl-U clears the name; the new one saved.
    let fx = t.app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    drain(&mut t.app, &mut t.runner, fx);
    t.keys("赵敏敏");
    t.key(KeyCode::Enter);
    assert!(t.app.form.is_none());
    assert_eq!(
        row(
            &t.conn(),
            "SELECT name, phone FROM commissioners WHERE phone = ?1",
            "13900000001"
        ),
        ["赵敏敏", "13900000001"]
    );
    // The pool's commissioner filter names the renamed one (the index was read again).
    t.key(KeyCode::Char('1'));
    assert!(
        t.app
            .pool
            .as_ref()
            .is_some_and(|p| p.index.commissioners.iter().any(|c| c == "赵敏敏"))
    );
    t.key(KeyCode::Char('u'));
    assert_eq!(
        row(
            &t.conn(),
            "SELECT name FROM commissioners WHERE phone = ?1",
            "13900000001"
        ),
        ["赵敏"]
    );
}

/// `seedbed --demo` (the README's run command) opens ready to use: no question, the header
/// names the demo commissioner it works as (the one looking after the most enterprises).
#[test]
fn the_demo_opens_as_one_of_its_commissioners() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.db");
    let mut tui = crate::crash::Tui::start_with(&db, dir.path(), &["--demo"]);
    tui.wait_for("the demo's pool with who is at the keyboard", |s| {
        s.contains(zh(Msg::AppName)) && s.contains(&format!("│ {} ", zh(Msg::HdrMe)))
    });
    let screen = tui.screen.clone();
    assert!(!screen.contains(zh(Msg::ChooseMe)), "{screen}");
    assert!(!screen.contains(zh(Msg::HdrMeUnknown)), "{screen}");
    let busiest: String = Connection::open(&db)
        .expect("the demo file")
        .query_row(
            "SELECT c.name FROM commissioners c JOIN enterprises e ON e.commissioner_id = c.id
             GROUP BY c.id ORDER BY count(*) DESC, c.name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a commissioner");
    assert!(
        screen.contains(&format!("{} {busiest}", zh(Msg::HdrMe))),
        "{busiest}: {screen}"
    );
    tui.send("q");
    assert!(tui.exit("q quits").success());
    // Nobody's config was written: the demo's people are nobody's.
    assert!(!dir.path().join("config/seedbed/config.toml").exists());
}

/// `P` on a reward of the Certificates screen opens the form on that reward, its values
/// filled in (not the first reward's).
#[test]
fn p_on_a_reward_row_opens_the_form_on_that_reward() {
    let mut t = Screen120::new(true);
    t.key(KeyCode::Char('5'));
    t.key(KeyCode::Char('G'));
    // A reward of an enterprise due another one, unpaid, that the form would offer first.
    let conn = t.conn();
    let config = Config::default();
    let r = loop {
        let Some(seedbed::app::CertItem::Reward(r)) = t.app.certs.selected_row().cloned() else {
            panic!("no reward of an enterprise due two in this year's rewards");
        };
        let all = seedbed::store::bureau::rewards_of(&conn, &r.enterprise_id, &config).unwrap();
        let first_unpaid = all.iter().find(|x| x.paid_on.is_none()).or(all.first());
        if first_unpaid.is_some_and(|x| (x.kind, x.year) != (r.kind, r.year)) {
            break r;
        }
        t.key(KeyCode::Char('k'));
    };
    t.key(KeyCode::Char('P'));
    let form = t.app.form.as_ref().expect("the reward form");
    assert_eq!(
        value(form, "reward"),
        format!("{}:{}", r.kind.code(), r.year)
    );
    let wan = |yuan: i64| match yuan {
        200_000 => "20",
        100_000 => "10",
        50_000 => "5",
        other => panic!("an amount of {other} yuan"),
    };
    assert_eq!(value(form, "amount"), wan(r.amount));
    let paid = r
        .paid_on
        .map_or("2026-11-21".to_string(), |d| d.to_string());
    assert_eq!(value(form, "paid_on"), paid);
    assert!(!form.dirty(), "opened, not changed");
}

// ledgers review fixes (E, F, G, strings)

#[test]
fn two_actions_of_the_same_text_are_ambiguous_and_listed_with_their_ids() {
    let (_dir, db) = demo_pool(40);
    let (eid, first, text, due) = {
        let conn = Connection::open(&db).expect("open");
        let (eid, id) = open_action(&conn);
        let (text, due): (String, String) = conn
            .query_row(
                "SELECT action, due_on FROM support_actions WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the action");
        (eid, id, text, due)
    };
    ok(&seedbed(
        &db,
        &[
            "action",
            "add",
            &eid,
            "--text",
            &text,
            "--due",
            "2026-12-31",
        ],
    ));
    let second: String = Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT id FROM support_actions WHERE enterprise_id = ?1 AND action = ?2
               AND id <> ?3",
            params![eid, text, first],
            |r| r.get(0),
        )
        .expect("the second action");
    let statuses = || {
        let conn = Connection::open(&db).expect("open");
        (
            row(
                &conn,
                "SELECT status FROM support_actions WHERE id = ?1",
                &first,
            ),
            row(
                &conn,
                "SELECT status FROM support_actions WHERE id = ?1",
                &second,
            ),
        )
    };
    let before = statuses();

    // The full text names both: nothing is closed, and the message gives each one's id.
    let o = seedbed(&db, &["action", "done", &eid, &text]);
    assert!(!o.status.success(), "closed one of two: {}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("2 support actions match"), "{err}");
    assert!(err.contains(&format!("{first} · {due} · ")), "{err}");
    assert!(
        err.contains(&format!("{second} · 2026-12-31 · open")),
        "{err}"
    );
    assert_eq!(statuses(), before);
    let o = seedbed_in(&db, "zh", &["action", "done", &eid, &text]);
    assert!(stderr(&o).contains("改用措施编号"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{second} · 2026-12-31 · ")),
        "{}",
        stderr(&o)
    );

    // The id the message gave closes that one only.
    ok(&seedbed(&db, &["action", "done", &eid, &second]));
    assert_eq!(statuses(), (before.0, vec!["done".to_string()]));
}

#[test]
fn pool_status_refuses_an_enterprise_never_in_a_pool() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pool.db");
    ok(&seedbed(&db, &["init"]));
    let code = seedbed::domain::credit_code::complete("91650203MA0000001").expect("code");
    let file = dir.path().join("e.csv");
    std::fs::write(
        &file,
        format!("统一社会信用代码,企业名称,所属区县\n{code},甲公司,克拉玛依区\n"),
    )
    .expect("write");
    ok(&seedbed(&db, &["import", file.to_str().expect("path")]));

    let o = seedbed(
        &db,
        &["pool-status", "甲公司", "frozen", "--reason", "停产"],
    );
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stderr(&o).contains("never in a pool"), "{}", stderr(&o));
    assert!(stderr(&o).contains("seedbed import"), "{}", stderr(&o));
    let o = seedbed_in(&db, "zh", &["pool-status", "甲公司", "in"]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stderr(&o).contains("该企业从未入库"), "{}", stderr(&o));
    let conn = Connection::open(&db).expect("open");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM pool_memberships", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0, "a membership was invented");
}

#[test]
fn a_move_dated_earlier_closes_the_old_membership_on_the_new_ones_entry_day() {
    let (_dir, db) = demo_pool(40);
    let mut store = open(&db);
    let (eid, old, tier): (String, String, Tier) = store
        .conn
        .query_row(
            "SELECT e.id, m.id, e.tier FROM enterprises e
             JOIN pool_memberships m ON m.enterprise_id = e.id AND m.status = 'in'
             WHERE m.pool = 'hte' AND m.entered_on < '2026-11-10' ORDER BY e.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("an enterprise in the HTE pool");
    save(
        &mut store,
        &Edit::MovePool {
            enterprise_id: eid.clone(),
            pool: Pool::Tsme,
            batch: Batch::Cultivating,
            tier,
            status: Some(StatusChange {
                status: PoolStatus::In,
                on: date!(2026 - 11 - 10),
                reason: String::new(),
            }),
        },
    );
    assert_eq!(
        row(
            &store.conn,
            "SELECT status, left_on, status_on FROM pool_memberships WHERE id = ?1",
            &old
        ),
        ["out", "2026-11-10", "2026-11-10"]
    );
    assert_eq!(
        row(
            &store.conn,
            "SELECT pool, status, entered_on FROM pool_memberships
             WHERE enterprise_id = ?1 AND id <> ?1 AND status = 'in'",
            &eid
        ),
        ["tsme", "in", "2026-11-10"]
    );
}

#[test]
fn a_status_dated_before_the_membership_began_is_refused() {
    let (_dir, db) = demo_pool(40);
    let mut store = open(&db);
    let (eid, entered, tier): (String, String, Tier) = store
        .conn
        .query_row(
            "SELECT e.id, m.entered_on, e.tier FROM enterprises e
             JOIN pool_memberships m ON m.enterprise_id = e.id AND m.status = 'in'
             WHERE m.pool = 'hte' AND m.entered_on > '2020-01-01' ORDER BY e.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("an enterprise in the HTE pool");
    let before = row(
        &store.conn,
        "SELECT group_concat(id || status || entered_on || coalesce(left_on, ''))
         FROM pool_memberships WHERE enterprise_id = ?1",
        &eid,
    );
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    // Frozen in its own pool, and moved to another, each a day before it entered.
    for pool in [Pool::Hte, Pool::Tsme] {
        let err = apply(
            &mut store.conn,
            &ctx,
            &Edit::MovePool {
                enterprise_id: eid.clone(),
                pool,
                batch: Batch::Cultivating,
                tier,
                status: Some(StatusChange {
                    status: PoolStatus::Frozen,
                    on: date!(2019 - 12 - 31),
                    reason: "停产整顿".into(),
                }),
            },
        )
        .expect_err("a day before the entry");
        assert!(
            matches!(
                &err,
                StoreError::Ledger(LedgerError::StatusBeforeEntry { on, entered: e })
                    if *on == date!(2019 - 12 - 31) && seedbed::store::format_date(*e) == entered
            ),
            "{err:?}"
        );
    }
    let after = row(
        &store.conn,
        "SELECT group_concat(id || status || entered_on || coalesce(left_on, ''))
         FROM pool_memberships WHERE enterprise_id = ?1",
        &eid,
    );
    assert_eq!(after, before, "nothing written");
}

#[test]
fn a_refused_payment_and_an_unknown_status_read_in_either_language() {
    let (_dir, db) = demo_pool(60);
    let eid: String = Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT c.enterprise_id FROM certificates c
             WHERE c.kind = 'hte' AND c.issued_on >= '2026-01-01' AND c.issued_on <= '2026-11-21'
               AND NOT EXISTS (SELECT 1 FROM certificates p WHERE p.enterprise_id = c.enterprise_id
                               AND p.kind = 'hte' AND p.issued_on < c.issued_on)
               AND NOT EXISTS (SELECT 1 FROM rewards r WHERE r.enterprise_id = c.enterprise_id
                               AND r.kind = 'first_certification')
             ORDER BY c.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an unpaid first certification in 2026");
    let pay = [
        "reward",
        "pay",
        &eid,
        "--kind",
        "first_certification",
        "--document",
        "X",
        "--amount",
        "0",
    ];
    let o = seedbed_in(&db, "zh", &pay);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("拨付金额须大于 0（填的是 0）"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("amount"), "{}", stderr(&o));
    let o = seedbed_in(&db, "en", &pay);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("the amount paid must be more than 0 (got 0)"),
        "{}",
        stderr(&o)
    );

    let o = seedbed_in(&db, "zh", &["pool-status", &eid, "bogus"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("不认识的库内状态「bogus」"),
        "{}",
        stderr(&o)
    );
    let o = seedbed_in(
        &db,
        "zh",
        &["reward", "pay", &eid, "--kind", "bogus", "--document", "X"],
    );
    assert!(
        stderr(&o).contains("不认识的奖励类别「bogus」"),
        "{}",
        stderr(&o)
    );
    let o = seedbed_in(
        &db,
        "zh",
        &["action", "edit", &eid, "x", "--status", "bogus"],
    );
    assert!(!o.status.success());
}
