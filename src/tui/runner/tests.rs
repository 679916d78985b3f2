use super::*;
use crate::app::AlertLine;
use crate::demo::{DemoOptions, generate};
use crate::domain::Colour;
use crate::domain::alert::Alert;
use crate::store::derived::{self, Scope};
use time::Duration;
use time::macros::datetime;

/// A demo pool of `n` enterprises in memory, derived values and rankings computed.
pub(crate) fn demo_runner(n: usize) -> Runner {
    let now = datetime!(2026-11-21 09:00);
    let config = Config::default();
    let mut store = Store::in_memory().expect("store");
    let opts = DemoOptions {
        enterprises: n,
        seed: 7,
    };
    generate(&mut store.conn, &opts, now.date()).expect("demo");
    derived::recompute_all(&mut store.conn, now.date(), &config).expect("derived");
    crate::store::ranking::rank_all(&mut store.conn, 2026, &config).expect("ranking");
    Runner::new(store, config, now, Lang::Zh, None)
}

#[test]
fn paging_the_alerts_forward_and_back_reads_the_list_read_whole() {
    let mut runner = demo_runner(150);
    let key = |l: &AlertLine| match l {
        AlertLine::Project(p) => p.row.project_id.clone(),
        AlertLine::OverdueAction(a) => a.id.clone(),
    };
    let (total, whole) = runner.alert_page(0, usize::MAX >> 1).unwrap();
    let whole: Vec<String> = whole.iter().map(key).collect();
    assert_eq!(whole.len(), total);
    // Windows of 7, as the TUI asks for them: each next to the one before (read from its
    // anchors), across the red, action and yellow parts, then back up.
    let starts: Vec<usize> = (0..total).step_by(7).collect();
    for &start in starts.iter().chain(starts.iter().rev()) {
        let (_, rows) = runner.alert_page(start, 7).unwrap();
        let got: Vec<String> = rows.iter().map(key).collect();
        assert_eq!(
            got,
            whole[start..(start + 7).min(total)],
            "window at {start}"
        );
    }
}

#[test]
fn alerts_from_the_kept_list_equal_those_computed_from_the_projects() {
    let runner = demo_runner(150);
    let conn = &runner.store.conn;
    for colour in [Colour::Red, Colour::Yellow] {
        let n = queries::alert_count(conn, colour).unwrap();
        assert!(n > 0, "{colour:?}");
        let rows = queries::alert_rows(conn, colour, n, 0, n, &[]).unwrap();
        let one_by_one: Vec<Alert> = rows
            .iter()
            .map(|r| {
                let mut found = None;
                derived::for_each_project(conn, Scope::Project(&r.project_id), |p| {
                    found = Some(p.alert(runner.now.date(), &runner.config));
                    Ok(())
                })
                .unwrap();
                found.expect("the project")
            })
            .collect();
        let at_once: Vec<Alert> =
            crate::store::alerts::items(rows, runner.now.date(), &runner.config)
                .into_iter()
                .map(|a| a.alert)
                .collect();
        assert_eq!(at_once, one_by_one, "{colour:?}");
    }
}

#[test]
fn windows_read_from_either_end_are_slices_of_the_whole_list() {
    let runner = demo_runner(150);
    let conn = &runner.store.conn;
    let today = runner.now.date();
    let until = today.saturating_add(Duration::days(6));
    let (total, all) = queries::agenda_page(conn, today, until, None, 0, usize::MAX >> 1).unwrap();
    assert_eq!(all.len(), total);
    let (rtotal, ranks) =
        queries::ranking_page(conn, Pool::Hte, 2026, None, 0, usize::MAX >> 1).unwrap();
    let (qtotal, requests) = queries::request_page(conn, true, None, 0, usize::MAX >> 1).unwrap();
    let n = queries::alert_count(conn, Colour::Yellow).unwrap();
    let yellow = queries::alert_rows(conn, Colour::Yellow, n, 0, n, &[]).unwrap();
    for (start, len) in [
        (0, 7),
        (3, 5),
        (total / 2, 9),
        (total.saturating_sub(4), 10),
        (total + 3, 5),
    ] {
        let (_, w) = queries::agenda_page(conn, today, until, None, start, len).unwrap();
        let want = &all[start.min(total)..(start + len).min(total)];
        let ids =
            |v: &[queries::AgendaItem]| v.iter().map(|a| a.visit_id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&w), ids(want), "agenda {start}+{len}");
        let (_, w) = queries::ranking_page(conn, Pool::Hte, 2026, None, start, len).unwrap();
        let want = &ranks[start.min(rtotal)..(start + len).min(rtotal)];
        assert_eq!(w, want, "ranking {start}+{len}");
        let (_, w) = queries::request_page(conn, true, None, start, len).unwrap();
        let want = &requests[start.min(qtotal)..(start + len).min(qtotal)];
        assert_eq!(w, want, "requests {start}+{len}");
        let w = queries::alert_rows(conn, Colour::Yellow, n, start, len, &[]).unwrap();
        let want = &yellow[start.min(n)..(start + len).min(n)];
        assert_eq!(w, want, "alerts {start}+{len}");
    }
}
