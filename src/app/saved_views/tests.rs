//! `App::update` without a database: saving, opening, deleting and restoring views.

use super::*;
use crate::app::tests::app;
use crate::app::{Action, Loaded};
use crate::index::tests::sample;
use crate::store::listview::{Facet, SortCol};
use crossterm::event::KeyEvent;

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    a.update(Action::Key(KeyEvent::from(code)))
}

/// Types `keys`, then Enter when `enter`: the effects on the way but the reads of the
/// screen's rows (which the loop would bring).
fn keys(a: &mut App, keys: &str, enter: bool) -> Vec<Effect> {
    let mut fx: Vec<Effect> = keys
        .chars()
        .flat_map(|c| press(a, KeyCode::Char(c)))
        .collect();
    if enter {
        fx.extend(press(a, KeyCode::Enter));
    }
    fx.into_iter()
        .filter(|e| !matches!(e, Effect::Fetch { .. } | Effect::LoadCalendar(_)))
        .collect()
}

fn command(a: &mut App, line: &str) -> Vec<Effect> {
    keys(a, &format!(":{line}"), true)
}

fn loaded(a: &mut App, l: ViewsLoaded) -> Vec<Effect> {
    a.update(Action::Loaded(Loaded::Views(l)))
}

fn indexed() -> App {
    let mut a = app();
    a.update(Action::Loaded(Loaded::Index(sample())));
    a
}

/// The sample pool by name descending, in 乌鲁木齐市天山区, searching 新疆.
fn focus() -> View {
    View {
        sort: Some((SortKey::Name, true)),
        filter: ListFilter {
            district: Some("乌鲁木齐市天山区".into()),
            ..ListFilter::default()
        },
        search: "新疆".into(),
        ..View::of(Screen::Pool)
    }
}

fn named(name: &str, view: View) -> NamedView {
    NamedView {
        name: name.into(),
        view,
    }
}

#[test]
fn a_view_saved_with_a_chinese_name_opens_with_its_screen_sort_filter_and_search() {
    let mut a = indexed();
    // By name (s), descending (S); the district (sixth dimension, its one value); a search.
    keys(&mut a, "sS", false);
    keys(&mut a, "fjjjjj", true);
    keys(&mut a, "j", true);
    keys(&mut a, "/新疆", true);
    let fx = command(&mut a, "view save 重点");
    let save = ViewsEffect::Save {
        name: "重点".into(),
        view: focus(),
    };
    assert_eq!(fx, [Effect::Views(save)]);
    loaded(
        &mut a,
        ViewsLoaded::Saved {
            name: "重点".into(),
            replaced: false,
            views: vec![named("重点", focus())],
        },
    );
    assert_eq!(a.status.as_deref(), Some("已保存视图「重点」"));
    // Everything undone, on another screen.
    keys(&mut a, "F", false);
    command(&mut a, "sort rank");
    press(&mut a, KeyCode::Esc);
    keys(&mut a, "3", false);
    assert_eq!(a.screen, Screen::Alerts);
    assert_eq!(command(&mut a, "view 重点"), []);
    assert_eq!(a.screen, Screen::Pool);
    let p = a.pool.as_ref().expect("the index");
    assert_eq!((p.sort, p.desc), (SortKey::Name, true));
    assert_eq!(p.filter.district.as_deref(), Some("乌鲁木齐市天山区"));
    assert_eq!(p.query.text, "新疆");
    assert_eq!(p.match_count(), 2);
    // By name descending D 新疆天山 comes first, and matches.
    assert_eq!(a.selected_enterprise().as_deref(), Some("D"));
    assert_eq!(a.status.as_deref(), Some("视图「重点」"));
    assert_eq!(a.current_view(), focus());
}

#[test]
fn an_unknown_name_is_refused_naming_the_views_there_are() {
    let mut a = indexed();
    assert_eq!(command(&mut a, "view 重点"), []);
    assert_eq!(
        a.status.as_deref(),
        Some("没有视图「重点」：还没有保存的视图（:view save 名称 保存当前视图）")
    );
    let views = vec![
        named("本周", View::of(Screen::Agenda)),
        named("重点", focus()),
    ];
    loaded(&mut a, ViewsLoaded::List(views));
    keys(&mut a, "2", false);
    assert_eq!(command(&mut a, "view 重 点"), []);
    assert_eq!(
        a.status.as_deref(),
        Some("没有视图「重 点」；已有：「本周」、「重点」")
    );
    assert_eq!(a.screen, Screen::Agenda);
    assert_eq!(command(&mut a, "view delete 没有"), []);
    assert_eq!(
        a.status.as_deref(),
        Some("没有视图「没有」；已有：「本周」、「重点」")
    );
    assert_eq!(a.saved_views.confirm, None);
    assert_eq!(command(&mut a, "view save"), []);
    assert!(a.status.as_deref().is_some_and(|s| s.starts_with("用法：")));
}

#[test]
fn a_name_that_exists_is_written_over_only_after_yes() {
    let mut a = indexed();
    loaded(&mut a, ViewsLoaded::List(vec![named("重点", focus())]));
    keys(&mut a, "3", false);
    assert_eq!(command(&mut a, "view save 重点"), []);
    let asked = Confirm::Overwrite {
        name: "重点".into(),
        view: View::of(Screen::Alerts),
    };
    assert_eq!(a.saved_views.confirm, Some(asked.clone()));
    // No (and Enter, which loses nothing) leaves it; the screen's keys wait meanwhile.
    assert_eq!(keys(&mut a, "n", false), []);
    assert_eq!(a.saved_views.confirm, None);
    command(&mut a, "view save 重点");
    assert_eq!(keys(&mut a, "2", true), []);
    assert_eq!(a.screen, Screen::Alerts);
    command(&mut a, "view save 重点");
    let save = ViewsEffect::Save {
        name: "重点".into(),
        view: View::of(Screen::Alerts),
    };
    assert_eq!(keys(&mut a, "y", false), [Effect::Views(save)]);
    loaded(
        &mut a,
        ViewsLoaded::Saved {
            name: "重点".into(),
            replaced: true,
            views: vec![named("重点", View::of(Screen::Alerts))],
        },
    );
    assert_eq!(a.status.as_deref(), Some("已更新视图「重点」"));
}

#[test]
fn delete_asks_then_deletes_and_rm_is_the_same() {
    let mut a = indexed();
    let views = vec![
        named("本周", View::of(Screen::Agenda)),
        named("重点", focus()),
    ];
    loaded(&mut a, ViewsLoaded::List(views));
    command(&mut a, "view delete 重点");
    assert_eq!(a.saved_views.confirm, Some(Confirm::Delete("重点".into())));
    let delete = Effect::Views(ViewsEffect::Delete("重点".into()));
    assert_eq!(keys(&mut a, "y", false), [delete]);
    loaded(
        &mut a,
        ViewsLoaded::Deleted {
            name: "重点".into(),
            views: vec![named("本周", View::of(Screen::Agenda))],
        },
    );
    assert_eq!(a.status.as_deref(), Some("已删除视图「重点」"));
    command(&mut a, "view rm 本周");
    assert_eq!(a.saved_views.confirm, Some(Confirm::Delete("本周".into())));
}

#[test]
fn a_read_only_file_says_why_a_view_cannot_be_saved() {
    let mut a = indexed();
    a.read_only = Some(crate::store::ReadOnly::Asked);
    assert_eq!(command(&mut a, "view save 重点"), []);
    let s = a.status.clone().unwrap_or_default();
    assert_eq!(s, "只读：此文件不能修改（以 --read-only 打开）");
    assert_eq!(a.saved_views.confirm, None);
}

#[test]
fn the_picker_lists_opens_and_deletes() {
    let mut a = indexed();
    assert_eq!(keys(&mut a, "V", false), [Effect::Views(ViewsEffect::List)]);
    assert_eq!(a.saved_views.picker, Some(0));
    let alerts = View {
        list: ListQuery {
            sort: Some(SortCol::Name),
            reverse: false,
            filter: vec![(Facet::AlertKind, "red".into())],
            ..ListQuery::default()
        },
        ..View::of(Screen::Alerts)
    };
    let views = vec![named("红色预警", alerts.clone()), named("重点", focus())];
    loaded(&mut a, ViewsLoaded::List(views));
    // j moves (and wraps), k back; the screen does not move meanwhile.
    keys(&mut a, "jjk", false);
    assert_eq!(a.saved_views.picker, Some(1));
    assert_eq!(a.screen, Screen::Pool);
    keys(&mut a, "k", true);
    assert_eq!(a.saved_views.picker, None);
    assert_eq!(a.screen, Screen::Alerts);
    assert_eq!(a.views.get(ListId::Alerts), alerts.list);
    assert_eq!(a.current_view(), alerts);
    // d asks; Esc (no) keeps it and the picker stays.
    keys(&mut a, "Vjd", false);
    assert_eq!(a.saved_views.confirm, Some(Confirm::Delete("重点".into())));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.saved_views.confirm, None);
    assert_eq!(a.saved_views.picker, Some(1));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.saved_views.picker, None);
}

#[test]
fn the_years_of_commissioners_and_the_ranking_are_part_of_a_view() {
    let mut a = indexed();
    keys(&mut a, "7", false);
    let fx = keys(&mut a, "[", false);
    assert!(fx.contains(&Effect::LoadListYears(ListId::Commissioners)));
    a.update(Action::Loaded(Loaded::ListYears(
        ListId::Commissioners,
        vec![2024, 2025, 2026],
    )));
    let v = a.current_view();
    assert_eq!((v.screen, v.year), (Screen::Commissioners, Some(2025)));
    // The Ranking: the latest ranked year is the one it opens on, not kept.
    a.update(Action::Loaded(Loaded::RankYears(
        Pool::Hte,
        vec![2024, 2025],
    )));
    keys(&mut a, "4", false);
    assert_eq!(a.current_view().year, None);
    keys(&mut a, "[", false);
    let ranking = a.current_view();
    assert_eq!(
        (ranking.year, ranking.rank_pool),
        (Some(2024), Some(Pool::Hte))
    );
    // Another pool's view reads that pool's years, then shows its year.
    let tsme = View {
        rank_pool: Some(Pool::Tsme),
        year: Some(2023),
        ..View::of(Screen::Ranking)
    };
    loaded(&mut a, ViewsLoaded::List(vec![named("科小", tsme)]));
    let fx = command(&mut a, "view 科小");
    assert_eq!(fx, [Effect::LoadRankYears(Pool::Tsme)]);
    a.update(Action::Loaded(Loaded::RankYears(
        Pool::Tsme,
        vec![2023, 2024],
    )));
    assert_eq!((a.ranking.pool, a.ranking.year), (Pool::Tsme, 2023));
}

#[test]
fn the_last_view_before_the_index_waits_for_it_and_the_first_page_stays_sql() {
    let mut a = app();
    let last = View {
        sort: Some((SortKey::Name, true)),
        ..View::of(Screen::Pool)
    };
    let views = Vec::new();
    let fx = loaded(
        &mut a,
        ViewsLoaded::Start {
            views,
            last: Some(last),
        },
    );
    // The first page is still read by SQL in rank order.
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::Fetch {
                list: ListId::Pool,
                start: 0,
                ..
            }]
        ),
        "{fx:?}"
    );
    assert_eq!(a.pool_start.sort, Some((SortKey::Name, true)));
    // The header says what waits (tests/it/views.rs); a status would outlive the wait.
    assert_eq!(a.status, None);
    a.update(Action::Loaded(Loaded::Index(sample())));
    let p = a.pool.as_ref().expect("the index");
    assert_eq!((p.sort, p.desc), (SortKey::Name, true));
}

#[test]
fn the_last_view_of_a_list_screen_opens_that_screen_first() {
    let mut a = app();
    let agenda = View::of(Screen::Agenda);
    let fx = loaded(
        &mut a,
        ViewsLoaded::Start {
            views: Vec::new(),
            last: Some(agenda),
        },
    );
    assert_eq!(a.screen, Screen::Agenda);
    assert!(fx.contains(&Effect::LoadCalendar(a.today())), "{fx:?}");
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::Fetch {
                list: ListId::Agenda,
                ..
            }
        )),
        "{fx:?}"
    );
}

#[test]
fn the_last_view_is_kept_at_the_tick_after_a_change_and_on_quit() {
    let mut a = indexed();
    let last = |fx: &[Effect]| {
        fx.iter()
            .filter(|e| matches!(e, Effect::Views(ViewsEffect::Last(_))))
            .count()
    };
    // Nothing before the start read (it would write over the view it brings).
    keys(&mut a, "3", false);
    assert_eq!(last(&a.update(Action::Tick)), 0);
    loaded(
        &mut a,
        ViewsLoaded::Start {
            views: Vec::new(),
            last: None,
        },
    );
    assert_eq!(a.screen, Screen::Alerts);
    let fx = a.update(Action::Tick);
    let alerts = Effect::Views(ViewsEffect::Last(View::of(Screen::Alerts)));
    assert!(fx.contains(&alerts), "{fx:?}");
    // Unchanged: nothing to write.
    assert_eq!(last(&a.update(Action::Tick)), 0);
    keys(&mut a, "1s", false);
    let fx = keys(&mut a, "q", false);
    let by_name = View {
        sort: Some((SortKey::Name, false)),
        ..View::of(Screen::Pool)
    };
    assert!(a.quit);
    assert!(
        fx.contains(&Effect::Views(ViewsEffect::Last(by_name))),
        "{fx:?}"
    );
}

#[test]
fn a_last_view_not_kept_while_another_program_writes_is_tried_again_without_a_word() {
    let mut a = indexed();
    loaded(
        &mut a,
        ViewsLoaded::Start {
            views: Vec::new(),
            last: None,
        },
    );
    keys(&mut a, "3", false);
    let alerts = Effect::Views(ViewsEffect::Last(View::of(Screen::Alerts)));
    assert!(a.update(Action::Tick).contains(&alerts));
    let status = a.status.clone();
    loaded(&mut a, ViewsLoaded::NotKept);
    assert_eq!(a.status, status, "nothing said");
    // The next tick tries again; once kept, the ticks after it write nothing.
    assert!(a.update(Action::Tick).contains(&alerts));
    loaded(&mut a, ViewsLoaded::Kept);
    assert!(!a.update(Action::Tick).contains(&alerts));
}

#[test]
fn nothing_is_kept_on_a_read_only_file() {
    let mut a = indexed();
    a.read_only = Some(crate::store::ReadOnly::Asked);
    loaded(
        &mut a,
        ViewsLoaded::Start {
            views: Vec::new(),
            last: None,
        },
    );
    keys(&mut a, "3", false);
    let fx = a.update(Action::Tick);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Views(_))), "{fx:?}");
}

#[test]
fn views_are_kept_as_codes_and_read_back() {
    let alerts = View {
        list: ListQuery {
            sort: Some(SortCol::Name),
            reverse: true,
            filter: vec![(Facet::AlertKind, "red".into())],
            ..ListQuery::default()
        },
        ..View::of(Screen::Alerts)
    };
    let text = r#"{"screen":"alerts","sort":"name","reverse":true,"filter":[["kind","red"]]}"#;
    assert_eq!(alerts.encode(), text);
    assert_eq!(View::decode(text), Some(alerts));
    // Each district's team, sorted by cadence.
    let teams = View {
        list: ListQuery {
            sort: Some(SortCol::Cadence),
            rolled_up: true,
            ..ListQuery::default()
        },
        ..View::of(Screen::Commissioners)
    };
    let text = r#"{"screen":"commissioners","sort":"cadence","rolled_up":true}"#;
    assert_eq!(teams.encode(), text);
    assert_eq!(View::decode(text), Some(teams));
    let pool = r#"{"screen":"pool","sort":"name","reverse":true,"filter":[["district","乌鲁木齐市天山区"]],"search":"新疆"}"#;
    assert_eq!(focus().encode(), pool);
    assert_eq!(View::decode(pool), Some(focus()));
    // Codes this version does not know are dropped; a screen it does not know is no view.
    let odd = r#"{"screen":"alerts","sort":"nope","filter":[["nope","x"]],"later":1}"#;
    assert_eq!(View::decode(odd), Some(View::of(Screen::Alerts)));
    assert_eq!(View::decode(r#"{"screen":"ledger"}"#), None);
    assert_eq!(View::decode("not json"), None);
}

#[test]
fn another_person_at_the_keyboard_reads_their_views() {
    let mut a = indexed();
    let me = |who: Option<(&str, &str)>| {
        Action::Loaded(Loaded::Me {
            me: who.map(|(id, name)| (id.to_string(), name.to_string())),
            commissioners: vec![("c1".into(), "王芳".into()), ("c2".into(), "李强".into())],
            ask: None,
            notice: None,
        })
    };
    let views = |fx: &[Effect]| -> Vec<ViewsEffect> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Views(v) => Some(v.clone()),
                _ => None,
            })
            .collect()
    };
    // At start nobody is chosen: the start read was nobody's.
    assert_eq!(views(&a.update(me(None))), []);
    // Chosen at the question: their views and last view, as at start.
    assert_eq!(
        views(&a.update(me(Some(("c1", "王芳"))))),
        [ViewsEffect::Start]
    );
    // The same person said again: nothing to read.
    assert_eq!(views(&a.update(me(Some(("c1", "王芳"))))), []);
    // `:me` to another: their views (the screen stays).
    assert_eq!(
        views(&a.update(me(Some(("c2", "李强"))))),
        [ViewsEffect::List]
    );
}
