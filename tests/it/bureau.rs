//! The bureau's view: commissioners, targets, rewards and support plans on a demo pool.

use crate::common::{NOW, TODAY, demo_pool, seedbed, stderr, stdout};
use seedbed::config::Config;
use seedbed::domain::targets::Metric;
use seedbed::i18n::Label;
use seedbed::store::{OpenMode, Store, bureau};
use serde_json::Value;

fn json(args: &[&str], db: &std::path::Path) -> Value {
    let o = seedbed(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

#[test]
fn commissioner_figures_add_up_to_the_pool() {
    let (_dir, db) = demo_pool(120);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let rows = bureau::commissioner_figures(&store.conn, 2026, NOW, &Config::default()).unwrap();
    assert!(!rows.is_empty());
    let assigned: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM enterprises WHERE deleted_at IS NULL AND commissioner_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let sum: u32 = rows.iter().map(|r| r.enterprises).sum();
    assert_eq!(i64::from(sum), assigned);
    for r in &rows {
        assert_eq!(r.visits_expected, r.enterprises * 3);
        assert!(r.visits_overdue <= r.visits_planned);
        assert!(r.requests_handled <= r.requests);
        assert!(r.breaches <= r.requests);
        if let Some(s) = r.red_share {
            assert!((0.0..=1.0).contains(&s));
        }
    }
    assert!(rows.iter().any(|r| r.visits_done > 0));
}

#[test]
fn commissioners_command_in_every_format() {
    let (_dir, db) = demo_pool(60);
    let v = json(&["commissioners", "--format", "json"], &db);
    let rows = v.as_array().expect("array");
    assert!(!rows.is_empty());
    for key in [
        "name",
        "enterprises",
        "visits_expected",
        "visits_planned",
        "visits_done",
        "visits_overdue",
        "requests_handled",
        "median_response_hours",
        "breaches",
        "red_share",
    ] {
        assert!(rows[0].get(key).is_some(), "missing {key}");
    }
    let t = seedbed(&db, &["commissioners"]);
    assert!(t.status.success(), "{}", stderr(&t));
    assert!(stdout(&t).starts_with("Commissioner"), "{}", stdout(&t));
    let c = seedbed(&db, &["commissioners", "--year", "2025", "--format", "csv"]);
    assert!(c.status.success());
    assert_eq!(stdout(&c).lines().count(), rows.len() + 1);
    // Each district's team: its people's enterprises added up, one row per district.
    let teams = json(&["commissioners", "--by-district", "--format", "json"], &db);
    let teams = teams.as_array().expect("array");
    let districts: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["district"].as_str().expect("a district"))
        .collect();
    assert_eq!(teams.len(), districts.len());
    for team in teams {
        let d = team["district"].as_str().expect("a district");
        let sum: u64 = rows
            .iter()
            .filter(|r| r["district"] == d)
            .map(|r| r["enterprises"].as_u64().expect("a count"))
            .sum();
        assert_eq!(team["enterprises"].as_u64(), Some(sum), "{d}");
        assert_eq!(team["id"], "");
    }
}

#[test]
fn demo_targets_show_target_actual_last_year_and_a_bar() {
    let (_dir, db) = demo_pool(120);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    assert_eq!(bureau::target_years(&store.conn).unwrap(), vec![2026, 2025]);
    let rows = bureau::target_rows(&store.conn, 2026, TODAY).unwrap();
    let hte = rows
        .iter()
        .find(|r| r.metric == Metric::HteCount)
        .expect("an HTE target");
    assert!(hte.actual.is_some() && hte.last_year.is_some());
    // This year's revenue is not in yet; last year's is.
    if let Some(rev) = rows.iter().find(|r| r.metric == Metric::HteRevenue) {
        assert_eq!(rev.actual, None);
        assert!(rev.last_year.is_some());
    }

    let out = seedbed(&db, &["targets"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("HTEs") && text.contains('█') && text.contains('%'),
        "{text}"
    );
    let v = json(&["targets", "--year", "2025", "--format", "json"], &db);
    let rows = v.as_array().expect("array");
    assert!(
        rows.iter()
            .all(|r| r["year"] == 2025 && r["target"].is_number())
    );
    let none = json(&["targets", "--year", "2019", "--format", "json"], &db);
    assert_eq!(none.as_array().map(Vec::len), Some(0));
}

#[test]
fn setting_a_target_replaces_it() {
    let (_dir, db) = demo_pool(30);
    let mut store = Store::open(&db, OpenMode::Existing).unwrap();
    let config = seedbed::config::Config::default();
    let ctx = seedbed::store::edit::EditContext {
        commissioner: None,
        now: crate::common::NOW,
        config: &config,
    };
    for value in [3.0, 5.0] {
        let edit = seedbed::store::edit::Edit::SetTarget {
            district: String::new(),
            metric: Metric::NewHte,
            year: 2027,
            value,
        };
        seedbed::store::edit::apply(&mut store.conn, &ctx, &edit).unwrap();
    }
    let rows = bureau::target_rows(&store.conn, 2027, TODAY).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].target, 5.0);
}

#[test]
fn rewards_follow_certificates_and_carry_payments() {
    let (_dir, db) = demo_pool(120);
    let v = json(&["rewards", "--year", "2025", "--format", "json"], &db);
    let rows = v.as_array().expect("array");
    assert!(!rows.is_empty());
    assert!(rows.iter().any(|r| r["paid_on"].is_string()));
    for r in rows {
        let amount = r["amount"].as_i64().unwrap();
        match r["kind"].as_str().unwrap() {
            "first_certification" => assert_eq!(amount, 200_000),
            "recertification" => assert_eq!(amount, 100_000),
            "provincial_pool_entry" => assert_eq!(amount, 50_000),
            other => panic!("kind {other}"),
        }
        assert!(r["on"].as_str().unwrap().starts_with("2025-"));
    }
    let t = seedbed(&db, &["rewards", "--year", "2025"]);
    let text = stdout(&t);
    assert!(text.contains("paid") && text.contains("200000"), "{text}");
}

#[test]
fn demo_support_plans_have_overdue_actions() {
    let (_dir, db) = demo_pool(120);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let overdue = bureau::overdue_actions(&store.conn, TODAY).unwrap();
    assert!(!overdue.is_empty());
    for a in &overdue {
        assert!(a.status.is_open());
        assert!(a.overdue_days(TODAY).unwrap_or(0) > 0);
    }
    let plan = bureau::actions_of(&store.conn, &overdue[0].enterprise_id).unwrap();
    assert!(plan.iter().any(|a| a.id == overdue[0].id));
}

#[test]
fn a_support_action_is_added_then_undone() {
    use seedbed::domain::support::ActionStatus;
    use seedbed::store::changes;
    use seedbed::store::edit::{Edit, EditContext, apply};
    let (_dir, db) = demo_pool(30);
    let mut store = Store::open(&db, OpenMode::Existing).unwrap();
    let id: String = store
        .conn
        .query_row("SELECT id FROM enterprises ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let before = bureau::actions_of(&store.conn, &id).unwrap().len();
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    // An empty action is refused and writes nothing.
    let empty = Edit::AddSupportAction {
        enterprise_id: id.clone(),
        action: "  ".into(),
        unit: String::new(),
        person: String::new(),
        due: None,
        status: ActionStatus::Open,
    };
    assert!(apply(&mut store.conn, &ctx, &empty).is_err());
    let edit = Edit::AddSupportAction {
        enterprise_id: id.clone(),
        action: "协助申报发明专利".into(),
        unit: "区科技局".into(),
        person: "王芳".into(),
        due: Some(time::macros::date!(2026 - 11 - 01)),
        status: ActionStatus::InProgress,
    };
    apply(&mut store.conn, &ctx, &edit).unwrap();
    let plan = bureau::actions_of(&store.conn, &id).unwrap();
    assert_eq!(plan.len(), before + 1);
    let added = plan
        .iter()
        .find(|a| a.action == "协助申报发明专利")
        .expect("the new action");
    assert_eq!(added.overdue_days(TODAY), Some(20));
    assert!(
        bureau::overdue_actions(&store.conn, TODAY)
            .unwrap()
            .iter()
            .any(|a| a.id == added.id)
    );
    changes::undo(&mut store.conn, None, TODAY, &config).unwrap();
    assert_eq!(bureau::actions_of(&store.conn, &id).unwrap().len(), before);
}

#[test]
fn targets_are_set_from_the_command_line() {
    let (_dir, db) = demo_pool(30);
    let o = seedbed(
        &db,
        &[
            "targets",
            "--year",
            "2027",
            "--set",
            "new_hte=4",
            "--set",
            "研发投入增长率=5%",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .any(|r| r["metric"] == "new_hte" && r["target"] == 4.0)
    );
    assert!(
        rows.iter()
            .any(|r| r["metric"] == "rd_growth" && r["target"] == 5.0)
    );
    let bad = seedbed(&db, &["targets", "--set", "happiness=9"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("unknown metric"), "{}", stderr(&bad));
}

#[test]
fn the_detail_lists_rewards_and_the_support_plan() {
    let (_dir, db) = demo_pool(120);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let config = Config::default();
    let rows = bureau::reward_rows(&store.conn, 2025, &config).unwrap();
    let first = rows.first().expect("a 2025 reward");
    let d = seedbed::store::detail::load(&store.conn, &first.enterprise_id, NOW, &config)
        .unwrap()
        .expect("detail");
    assert!(
        d.rewards
            .iter()
            .any(|r| r.year == 2025 && r.kind == first.kind)
    );
    let text = seedbed::ui::detail::text(&d, seedbed::i18n::Lang::Zh);
    assert!(text.contains("■ 奖励") && text.contains(first.kind.label(seedbed::i18n::Lang::Zh)));
    assert!(text.contains("■ 帮扶台账"));
}

#[test]
fn alerts_limit_keeps_the_first_rows_of_the_whole_report() {
    let (_dir, db) = demo_pool(80);
    let whole = json(&["alerts", "--format", "json"], &db);
    let whole = whole.as_array().expect("array");
    // A limit that ends inside the overdue actions, one inside the red projects, and one
    // past the end: each keeps the report's first rows, no more.
    let first_action = whole
        .iter()
        .position(|e| e["kind"] == "support_action")
        .expect("an overdue action");
    for n in [
        first_action + 1,
        first_action.saturating_sub(1).max(1),
        whole.len() + 5,
    ] {
        let v = json(
            &["alerts", "--format", "json", "--limit", &n.to_string()],
            &db,
        );
        let v = v.as_array().expect("array");
        assert_eq!(v.len(), n.min(whole.len()), "--limit {n}");
        assert_eq!(v[..], whole[..n.min(whole.len())], "--limit {n}");
    }
}

#[test]
fn alerts_list_overdue_support_actions_after_the_red_projects() {
    let (_dir, db) = demo_pool(80);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let overdue = bureau::overdue_actions(&store.conn, TODAY).unwrap();
    assert!(!overdue.is_empty());
    let v = json(&["alerts", "--format", "json"], &db);
    let kinds: Vec<(&str, &str)> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            let colour = e["colour"].as_str().unwrap_or("");
            (e["kind"].as_str().unwrap_or(""), colour)
        })
        .collect();
    // Red projects, then every overdue action (oldest first), then yellow projects.
    let first = kinds.iter().position(|k| k.0 == "support_action").unwrap();
    let n = kinds.iter().filter(|k| k.0 == "support_action").count();
    assert_eq!(n, overdue.len());
    assert!(kinds[..first].iter().all(|k| k == &("project", "red")));
    assert!(
        kinds[first..first + n]
            .iter()
            .all(|k| k.0 == "support_action")
    );
    assert!(
        kinds[first + n..]
            .iter()
            .all(|k| k == &("project", "yellow"))
    );
    let a = &v[first];
    assert_eq!(a["action_id"], overdue[0].id.as_str());
    assert_eq!(a["enterprise"], overdue[0].enterprise.as_str());
    let days = overdue[0].overdue_days(TODAY).unwrap();
    assert_eq!(a["overdue_days"], days);
    assert!(
        a["reason"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{days} days overdue"))
    );
    // The table and the CSV carry the same lines, the actions marked ✗ and 'support'.
    let t = stdout(&seedbed(&db, &["alerts"]));
    assert_eq!(t.lines().count(), kinds.len() + 1);
    let line = t.lines().nth(first + 1).unwrap();
    assert!(
        line.starts_with('✗') && line.contains(&overdue[0].action),
        "{line}"
    );
    assert!(line.contains("support"), "{line}");
    let c = stdout(&seedbed(&db, &["alerts", "--format", "csv"]));
    assert_eq!(c.lines().count(), kinds.len() + 1);
    assert!(c.contains(&overdue[0].action));
    // A colour filter lists projects only.
    let red = json(&["alerts", "--colour", "red", "--format", "json"], &db);
    assert!(
        red.as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "project")
    );
}

fn target_value(store: &Store, metric: Metric, year: i32) -> Option<f64> {
    use rusqlite::OptionalExtension;
    store
        .conn
        .query_row(
            "SELECT value FROM targets WHERE district = '' AND metric = ?1 AND year = ?2",
            rusqlite::params![metric, year],
            |r| r.get(0),
        )
        .optional()
        .unwrap()
}

#[test]
fn set_target_is_one_logged_change_undone_and_redone() {
    use seedbed::store::changes;
    use seedbed::store::edit::{Edit, EditContext, apply};
    let (_dir, db) = demo_pool(30);
    let mut store = Store::open(&db, OpenMode::Existing).unwrap();
    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let set = |value: f64, year: i32| Edit::SetTarget {
        district: String::new(),
        metric: Metric::NewHte,
        year,
        value,
    };
    // A new (district, metric, year) inserts a row; the same key again updates it.
    assert_eq!(target_value(&store, Metric::NewHte, 2030), None);
    let a = apply(&mut store.conn, &ctx, &set(3.0, 2030)).unwrap();
    assert_eq!(a.rows, 1);
    assert!(a.label.starts_with("set_target"), "{}", a.label);
    apply(&mut store.conn, &ctx, &set(5.5, 2030)).unwrap();
    assert_eq!(target_value(&store, Metric::NewHte, 2030), Some(5.5));
    let rows: i64 = store
        .conn
        .query_row("SELECT count(*) FROM targets WHERE year = 2030", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(rows, 1);
    // Saving the same value again changes nothing and leaves nothing to undo.
    assert_eq!(
        apply(&mut store.conn, &ctx, &set(5.5, 2030)).unwrap().rows,
        0
    );
    // Not a number, or a year out of range: refused, nothing written.
    assert!(apply(&mut store.conn, &ctx, &set(f64::NAN, 2030)).is_err());
    assert!(apply(&mut store.conn, &ctx, &set(1.0, 20300)).is_err());
    changes::undo(&mut store.conn, None, TODAY, &config).unwrap();
    assert_eq!(target_value(&store, Metric::NewHte, 2030), Some(3.0));
    changes::undo(&mut store.conn, None, TODAY, &config).unwrap();
    assert_eq!(target_value(&store, Metric::NewHte, 2030), None);
    changes::redo(&mut store.conn, None, TODAY, &config).unwrap();
    assert_eq!(target_value(&store, Metric::NewHte, 2030), Some(3.0));
    let logged: Option<String> = store
        .conn
        .query_row(
            "SELECT enterprise_id FROM change_log WHERE entity = 'targets' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, None, "a target belongs to no enterprise");
}

#[test]
fn targets_set_from_the_command_line_are_logged_and_undoable() {
    let (_dir, db) = demo_pool(30);
    let o = seedbed(&db, &["targets", "--year", "2031", "--set", "hte_count=9"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    assert_eq!(target_value(&store, Metric::HteCount, 2031), Some(9.0));
    let label: String = store
        .conn
        .query_row(
            "SELECT label FROM change_groups ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(label.starts_with("set_target"), "{label}");
    drop(store);
    let u = seedbed(&db, &["undo"]);
    assert!(u.status.success(), "{}", stderr(&u));
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    assert_eq!(target_value(&store, Metric::HteCount, 2031), None);
}

#[test]
fn e_on_the_targets_screen_edits_the_selected_target_and_u_undoes_it() {
    use crate::fieldwork::{press, press_mod, start, typed};
    use crossterm::event::{KeyCode, KeyModifiers};
    use seedbed::domain::targets::Unit;
    let (_dir, db) = demo_pool(60);
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc); // skip the identity prompt
    press(&mut app, &mut r, KeyCode::Char('8'));
    assert!(app.targets.loaded && app.targets.total > 0, "demo targets");
    // The first count metric (its value is typed as is).
    let pos = app
        .targets
        .rows
        .iter()
        .position(|t| t.metric.unit() == Unit::Count)
        .expect("a count target");
    for _ in 0..pos {
        press(&mut app, &mut r, KeyCode::Char('j'));
    }
    let row = app.targets.selected_row().cloned().expect("selected");
    press(&mut app, &mut r, KeyCode::Char('e'));
    let form = app.form.as_ref().expect("e opens the target form");
    assert_eq!(form.fields[0].key, "value");
    assert_eq!(form.fields[0].value, format!("{}", row.target));
    assert_eq!(form.fields[1].value, TODAY.year().to_string());
    assert!(
        form.title
            .contains(row.metric.label(seedbed::i18n::Lang::Zh)),
        "{}",
        form.title
    );
    // A bad value is flagged beside the field and not saved.
    press_mod(&mut app, &mut r, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typed(&mut app, &mut r, "x");
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(
        app.form
            .as_ref()
            .is_some_and(|f| f.fields[0].error.is_some())
    );
    press(&mut app, &mut r, KeyCode::Backspace);
    typed(&mut app, &mut r, "42");
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(
        app.form.is_none(),
        "saved: {:?}",
        app.form.as_ref().map(|f| &f.message)
    );
    assert!(
        app.status.as_deref().unwrap_or("").contains("设定目标"),
        "{:?}",
        app.status
    );
    assert_eq!(target_value(&r.store, row.metric, TODAY.year()), Some(42.0));
    let shown = app
        .targets
        .rows
        .iter()
        .find(|t| t.metric == row.metric)
        .expect("row");
    assert_eq!(shown.target, 42.0, "the screen reloads");
    press(&mut app, &mut r, KeyCode::Char('u'));
    assert!(
        app.status.as_deref().unwrap_or("").contains("设定目标"),
        "{:?}",
        app.status
    );
    assert_eq!(
        target_value(&r.store, row.metric, TODAY.year()),
        Some(row.target)
    );
    let shown = app
        .targets
        .rows
        .iter()
        .find(|t| t.metric == row.metric)
        .expect("row");
    assert_eq!(shown.target, row.target);
    // Another year: the value follows the year chosen, and saving sets that year's target.
    press(&mut app, &mut r, KeyCode::Char('e'));
    press(&mut app, &mut r, KeyCode::Tab);
    press(&mut app, &mut r, KeyCode::Right);
    let next = (TODAY.year() + 1).to_string();
    let form = app.form.as_ref().expect("form");
    assert_eq!(form.fields[1].value, next);
    assert_eq!(form.fields[0].value, "", "no target for next year yet");
    press(&mut app, &mut r, KeyCode::BackTab);
    typed(&mut app, &mut r, "7");
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(app.form.is_none());
    assert_eq!(
        target_value(&r.store, row.metric, TODAY.year() + 1),
        Some(7.0)
    );
    assert_eq!(
        target_value(&r.store, row.metric, TODAY.year()),
        Some(row.target)
    );
    // Elsewhere `e` still edits the enterprise.
    press(&mut app, &mut r, KeyCode::Char('1'));
    press(&mut app, &mut r, KeyCode::Char('e'));
    assert!(
        app.form
            .as_ref()
            .is_some_and(|f| matches!(f.kind, seedbed::app::form::FormKind::Enterprise { .. }))
    );
}

#[test]
fn targets_and_commissioner_figures_are_kept_until_the_file_changes_even_from_another_program() {
    use crate::fieldwork::{press, start};
    use crossterm::event::KeyCode;
    use seedbed::app::{Effect, ListId, Loaded, Rows};
    let (_dir, db) = demo_pool(40);
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc); // skip the identity prompt
    press(&mut app, &mut r, KeyCode::Char('8'));
    assert!(!app.targets.rows.is_empty());
    // Kept in the file, so that the next start reads it back without recomputing.
    let kept = |r: &seedbed::tui::runner::Runner| -> i64 {
        r.store
            .conn
            .query_row(
                "SELECT count(*) FROM summaries WHERE kind = 'targets'",
                [],
                |x| x.get(0),
            )
            .unwrap()
    };
    assert_eq!(kept(&r), 1);
    // Another program sets a target: the summary is gone and the next fetch shows it.
    let o = seedbed(
        &db,
        &["targets", "--year", "2026", "--set", "pool_entries=4321"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(kept(&r), 0);
    let fetch = |r: &mut seedbed::tui::runner::Runner, list| {
        r.run(&Effect::Fetch {
            list,
            start: 0,
            len: 50,
            pool: seedbed::domain::Pool::Hte,
            year: 2026,
            view: Default::default(),
        })
    };
    let Loaded::Page {
        rows: Rows::Targets(rows),
        ..
    } = fetch(&mut r, ListId::Targets)
    else {
        panic!("targets page");
    };
    let entries = rows
        .iter()
        .find(|t| t.metric == Metric::PoolEntries && t.district.is_empty())
        .expect("the new target");
    assert_eq!(entries.target, 4321.0);
    // The commissioners screen reads the same figures as the command.
    let Loaded::Page {
        rows: Rows::Commissioners(rows),
        ..
    } = fetch(&mut r, ListId::Commissioners)
    else {
        panic!("commissioners page");
    };
    let want = bureau::commissioner_figures(&r.store.conn, 2026, NOW, &Config::default()).unwrap();
    assert_eq!(rows, want);
}

#[test]
fn a_on_the_targets_screen_sets_a_new_target_and_e_does_so_when_there_is_none() {
    use crate::fieldwork::{press, start, typed};
    use crossterm::event::KeyCode;
    use seedbed::app::form::FormKind;
    let (_dir, db) = demo_pool(30);
    {
        let store = Store::open(&db, OpenMode::Existing).unwrap();
        store.conn.execute("DELETE FROM targets", []).unwrap();
    }
    let (mut app, mut r) = start(&db);
    press(&mut app, &mut r, KeyCode::Esc); // skip the identity prompt
    press(&mut app, &mut r, KeyCode::Char('8'));
    assert_eq!(app.targets.total, 0);
    // `e` with nothing to edit opens the new-target form.
    press(&mut app, &mut r, KeyCode::Char('e'));
    let form = app.form.as_ref().expect("a form");
    assert_eq!(form.kind, FormKind::NewTarget);
    let keys: Vec<&str> = form.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["metric", "district", "year", "value"]);
    press(&mut app, &mut r, KeyCode::Esc);
    assert!(
        app.form.is_none(),
        "an untouched form closes without asking"
    );
    // `a`: the HTE revenue (in 万元) of the whole pool.
    press(&mut app, &mut r, KeyCode::Char('a'));
    for _ in 0..3 {
        press(&mut app, &mut r, KeyCode::Right); // hte_count → new_hte → tsme → hte_revenue
    }
    for _ in 0..3 {
        press(&mut app, &mut r, KeyCode::Tab);
    }
    typed(&mut app, &mut r, "1,500");
    press(&mut app, &mut r, KeyCode::Enter);
    assert!(app.form.is_none(), "saved: {:?}", app.status);
    assert_eq!(
        target_value(&r.store, Metric::HteRevenue, 2026),
        Some(15_000_000.0)
    );
    assert_eq!(app.targets.total, 1, "the screen shows it");
    assert_eq!(app.targets.rows[0].metric, Metric::HteRevenue);
}

#[test]
fn metrics_counted_in_sql_equal_the_rules_on_the_demo_pool() {
    use seedbed::domain::targets;
    let (_dir, db) = demo_pool(300);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let district: String = store
        .conn
        .query_row("SELECT district FROM enterprises LIMIT 1", [], |r| r.get(0))
        .unwrap();
    // One enterprise deleted: it counts nowhere.
    store
        .conn
        .execute(
            "UPDATE enterprises SET deleted_at = '2026-11-01' WHERE id =
             (SELECT enterprise_id FROM certificates WHERE kind = 'hte' LIMIT 1)",
            [],
        )
        .unwrap();
    let mut nonzero = 0;
    for scope in ["", district.as_str(), "无此区县"] {
        for year in [2024, 2025, 2026] {
            let data = bureau::metric_data(&store.conn, scope, year..=year).unwrap();
            for &metric in Metric::ALL {
                let want = targets::metric_value(metric, &data, year, TODAY);
                let got = bureau::metric_value(&store.conn, metric, scope, year, TODAY).unwrap();
                match (want, got) {
                    (Some(w), Some(g)) => {
                        assert!(
                            (w - g).abs() < 1e-6,
                            "{metric:?} {scope:?} {year}: {w} vs {g}"
                        );
                        nonzero += usize::from(w != 0.0);
                    }
                    (w, g) => assert_eq!(w, g, "{metric:?} {scope:?} {year}"),
                }
            }
        }
    }
    assert!(
        nonzero > 20,
        "the demo pool exercises every metric ({nonzero})"
    );
}

#[test]
fn the_years_rewards_are_those_of_each_enterprise() {
    let (_dir, db) = demo_pool(200);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let config = Config::default();
    let ids: Vec<String> = store
        .conn
        .prepare("SELECT id FROM enterprises WHERE deleted_at IS NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut each = Vec::new();
    for id in &ids {
        each.extend(bureau::rewards_of(&store.conn, id, &config).unwrap());
    }
    for year in [2024, 2025, 2026] {
        let key = |r: &bureau::RewardRow| (r.enterprise_id.clone(), r.kind, r.on, r.paid_on);
        let mut pool: Vec<_> = bureau::reward_rows(&store.conn, year, &config)
            .unwrap()
            .iter()
            .map(key)
            .collect();
        let mut want: Vec<_> = each.iter().filter(|r| r.year == year).map(key).collect();
        pool.sort();
        want.sort();
        assert!(!want.is_empty(), "{year}");
        assert_eq!(pool, want, "{year}");
    }
}

#[test]
fn the_summaries_are_computed_in_the_background_at_start_and_after_a_write() {
    use crate::fieldwork::start;
    let (_dir, db) = demo_pool(40);
    let (_app, mut r) = start(&db);
    let kept = |r: &seedbed::tui::runner::Runner| -> Vec<String> {
        r.store
            .conn
            .prepare("SELECT kind FROM summaries WHERE kind <> 'overview' ORDER BY kind")
            .unwrap()
            .query_map([], |x| x.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // trends: the Alerts' and the Agenda's series are kept too.
    const ALL: [&str; 5] = [
        "colour_trend",
        "commissioners",
        "rewards",
        "targets",
        "visit_trend",
    ];
    // Off unless asked for (the terminal asks).
    r.warm_up();
    r.wait_warm_up();
    assert!(kept(&r).is_empty());
    r.warm = true;
    r.warm_up();
    r.wait_warm_up();
    assert_eq!(kept(&r), ALL);
    let rewards: i64 = r
        .store
        .conn
        .query_row("SELECT count(*) FROM reward_summary", [], |x| x.get(0))
        .unwrap();
    assert!(rewards > 0);
    // Nothing changed: nothing to do.
    r.warm_up();
    assert!(kept(&r).len() == 5);
    // A write forgets them; the next warm-up computes them again.
    let o = seedbed(&db, &["targets", "--year", "2026", "--set", "hte_count=7"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(kept(&r).is_empty());
    let changed = r.run(&seedbed::app::Effect::CheckFile);
    assert_eq!(changed, seedbed::app::Loaded::FileChanged(true));
    r.warm_up();
    r.wait_warm_up();
    assert_eq!(kept(&r), ALL);
    // The background's own writes are not "another program's change".
    assert_eq!(
        r.run(&seedbed::app::Effect::CheckFile),
        seedbed::app::Loaded::FileChanged(false)
    );
}
