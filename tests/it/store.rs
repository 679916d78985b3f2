//! The store: derived values stay equal to a full recomputation as time passes and data changes.

use crate::common::{TODAY, demo_pool};
use seedbed::config::Config;
use seedbed::store::check::{self, ProblemKind};
use seedbed::store::derived;
use seedbed::store::{OpenMode, Store};
use time::Duration;

fn stale(store: &Store, on: time::Date) -> Vec<String> {
    check::run(&store.conn, on, &Config::default(), 50)
        .unwrap()
        .into_iter()
        .filter(|p| p.kind == ProblemKind::StaleDerived)
        .map(|p| format!("{}: {}", p.subject, p.detail))
        .collect()
}

#[test]
fn refreshing_only_expired_rows_matches_a_full_recompute_as_days_pass() {
    let (_dir, db) = demo_pool(80);
    let mut store = Store::open(&db, OpenMode::Existing).unwrap();
    let config = Config::default();
    assert!(stale(&store, TODAY).is_empty());
    let mut previous = TODAY;
    for days in [1, 7, 31, 45, 200] {
        let on = TODAY + Duration::days(days);
        let redone = derived::refresh(&mut store.conn, on, &config).unwrap();
        if on.year() == previous.year() {
            assert!(
                redone < 80,
                "day +{days}: only expiring rows are redone ({redone})"
            );
        } else {
            assert_eq!(redone, 80, "a new year recomputes readiness for all");
        }
        previous = on;
        let problems = stale(&store, on);
        assert!(problems.is_empty(), "day +{days}: {problems:#?}");
    }
    // Going back in time recomputes everything.
    let redone = derived::refresh(&mut store.conn, TODAY, &config).unwrap();
    assert_eq!(redone, 80);
    assert!(stale(&store, TODAY).is_empty());
}

#[test]
fn a_milestone_done_by_hand_is_reported_stale_until_recomputed() {
    let (_dir, db) = demo_pool(40);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    assert!(stale(&store, TODAY).is_empty());
    let (eid, mid, project): (String, String, String) = store
        .conn
        .query_row(
            "SELECT p.enterprise_id, m.id, p.name FROM milestones m JOIN projects p ON p.id = m.project_id
             WHERE p.colour = 'red' AND m.done_on IS NULL AND m.planned_on < '2026-11-21' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    store
        .conn
        .execute(
            "UPDATE milestones SET done_on = '2026-11-20' WHERE id = ?1",
            [&mid],
        )
        .unwrap();
    // Its project stays red (other milestones are late) but the facts on its alert line change:
    // the kept line is reported, under the project's name, until recomputed.
    let problems = stale(&store, TODAY);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(&format!("{project}: alerts list: kept red ")),
        "{problems:#?}"
    );
    derived::recompute(
        &store.conn,
        derived::Scope::One(&eid),
        TODAY,
        &Config::default(),
    )
    .unwrap();
    assert!(stale(&store, TODAY).is_empty());
}

#[test]
fn the_header_counts_are_kept_for_the_day_but_the_24_hour_clock_is_read_live() {
    use seedbed::store::queries;
    let (_dir, db) = demo_pool(60);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let now = TODAY.with_hms(9, 0, 0).unwrap();
    let sla = Config::default().requests.sla_hours;
    let fresh = queries::overview(&store.conn, now, sla).unwrap();
    assert_eq!(
        queries::overview_summary(&store.conn, now, sla).unwrap(),
        fresh
    );
    // Read back from the summary (a red enterprise written behind its back does not show)...
    store
        .conn
        .execute(
            "UPDATE enterprises SET colour = 'red' WHERE id =
               (SELECT id FROM enterprises WHERE colour = 'green' LIMIT 1)",
            [],
        )
        .unwrap();
    let kept = queries::overview_summary(&store.conn, now, sla).unwrap();
    assert_eq!(kept.red, fresh.red);
    // ...but a request passing its 24 hours counts at once, by the clock: later the same day
    // (the kept summary) and days later.
    let evening = now + Duration::hours(14);
    assert_eq!(
        queries::overview_summary(&store.conn, evening, sla)
            .unwrap()
            .requests_breached,
        queries::breached_count(&store.conn, evening, sla).unwrap()
    );
    let later = now + Duration::days(3);
    let at_later = queries::overview_summary(&store.conn, later, sla).unwrap();
    assert_eq!(
        at_later.requests_breached,
        queries::breached_count(&store.conn, later, sla).unwrap()
    );
    assert!(at_later.requests_breached >= fresh.requests_breached);
    // A logged change forgets the summary.
    seedbed::store::changes::ChangeSet::begin(&store.conn, None, "test").unwrap();
    assert_eq!(
        queries::overview_summary(&store.conn, now, sla)
            .unwrap()
            .red,
        fresh.red + 1
    );
}

#[test]
fn alert_windows_read_from_anchors_equal_the_list_read_whole() {
    use seedbed::domain::Colour;
    use seedbed::store::queries::{self, Anchor};
    let (_dir, db) = demo_pool(300);
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let conn = &store.conn;
    // The kept list holds the projects the rule puts on it.
    let listed: i64 = conn
        .query_row(
            "SELECT count(*) FROM projects p JOIN enterprises e ON e.id = p.enterprise_id
             WHERE p.colour != 'green' AND p.deleted_at IS NULL AND p.acceptance_passed IS NULL
               AND e.deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let kept = queries::alert_count(conn, Colour::Red).unwrap()
        + queries::alert_count(conn, Colour::Yellow).unwrap();
    assert_eq!(kept as i64, listed);
    for colour in [Colour::Red, Colour::Yellow] {
        let total = queries::alert_count(conn, colour).unwrap();
        assert!(total > 20, "{colour:?}: {total}");
        let whole = queries::alert_rows(conn, colour, total, 0, total, &[]).unwrap();
        assert_eq!(whole.len(), total);
        // Rows without a date sort first, under the empty key.
        assert!(whole.iter().any(|r| r.key.is_empty()) || colour == Colour::Red);
        let ids = |rows: &[queries::AlertRow]| -> Vec<String> {
            rows.iter().map(|r| r.project_id.clone()).collect()
        };
        let anchor = |pos: usize| Anchor {
            pos,
            key: whole[pos].key.clone(),
            id: whole[pos].project_id.clone(),
        };
        // Every window, read after an anchor before it and before one after it.
        for (start, len) in [(0, 7), (5, 7), (11, 9), (total / 2, 7), (total - 7, 7)] {
            let want = ids(&whole[start..(start + len).min(total)]);
            for a in [0, start.saturating_sub(1), start.saturating_sub(4)] {
                if a < start {
                    let got = queries::alert_rows(conn, colour, total, start, len, &[anchor(a)]);
                    assert_eq!(ids(&got.unwrap()), want, "{colour:?} {start} after {a}");
                }
            }
            for a in [start + len, start + len + 3, total - 1] {
                if a >= start + len && a < total {
                    let got = queries::alert_rows(conn, colour, total, start, len, &[anchor(a)]);
                    assert_eq!(ids(&got.unwrap()), want, "{colour:?} {start} before {a}");
                }
            }
        }
    }
}
