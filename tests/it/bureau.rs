//! The bureau's view: commissioners, targets, rewards and support plans on a demo pool.

use crate::common::{NOW, TODAY, demo_pool, seedbed, stderr, stdout};
use seedbed::config::Config;
use seedbed::domain::targets::Metric;
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
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    bureau::set_target(&store.conn, "", Metric::NewHte, 2027, 3.0).unwrap();
    bureau::set_target(&store.conn, "", Metric::NewHte, 2027, 5.0).unwrap();
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
