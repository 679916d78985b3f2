//! `App::update` without a database: actions in, effects and state out. The index and pages the
//! loop would read are made here by hand (the sample pool of `index::tests`: B ranked 1, A 2,
//! D 3, C unranked; by name C 甘肃, B 兰州, A 新疆克拉玛依, D 新疆天山).

use super::*;
use crate::domain::{Colour, Pool, RequestCategory, RequestStatus};
use crate::index::tests::{TODAY, row, sample};
use crate::index::{ListFilter, PoolIndex, SortKey};
use crate::store::edit::Draft;
use crossterm::event::KeyEvent;
use time::macros::datetime;

/// 30 rows: the list shows 25 (`CHROME_ROWS` take 5).
pub(super) fn app() -> App {
    App::new(
        Lang::Zh,
        datetime!(2026 - 11 - 21 9:00),
        Config::default(),
        100,
        30,
    )
}

/// An app with an index loaded: the sample pool, or `n` rows ranked in order.
fn with_index(index: PoolIndex) -> App {
    let mut a = app();
    let fx = a.update(Action::Loaded(Loaded::Index(index)));
    assert_eq!(fx, []);
    a
}

fn ranked(n: usize) -> PoolIndex {
    PoolIndex {
        rows: (0..n)
            .map(|i| row(&format!("E{i:02}"), Some(i as u32 + 1), Some(Colour::Green)))
            .collect(),
        names: (0..n).map(|i| format!("企业{i:02}")).collect(),
        initials: (0..n).map(|i| format!("qy{i:02}")).collect(),
        districts: vec!["乌鲁木齐市天山区".into()],
        commissioners: vec!["王芳".into()],
    }
}

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    a.update(Action::Key(KeyEvent::from(code)))
}

fn typed(a: &mut App, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| press(a, KeyCode::Char(c)))
        .collect()
}

/// The id of the Pool row under the cursor.
fn on(a: &App) -> Option<String> {
    a.pool
        .as_ref()
        .and_then(|p| p.selected_row())
        .map(|r| r.id.to_string())
}

fn pool(a: &App) -> &PoolState {
    a.pool.as_ref().expect("index loaded")
}

#[test]
fn start_reads_the_index_overview_ranked_years_drafts_and_who_you_are() {
    assert_eq!(
        app().start(),
        [
            Effect::LoadIndex,
            Effect::Views(ViewsEffect::Start),
            Effect::LoadOverview,
            Effect::LoadRankYears(Pool::Hte),
            Effect::LoadDrafts,
            Effect::LoadMe,
        ]
    );
}

#[test]
fn j_and_k_move_the_pool_cursor_and_stop_at_the_ends() {
    let mut a = with_index(sample());
    assert_eq!(on(&a).as_deref(), Some("B"));
    assert_eq!(typed(&mut a, "j"), []);
    assert_eq!(on(&a).as_deref(), Some("A"));
    typed(&mut a, "jjjj");
    assert_eq!((pool(&a).selected, on(&a).as_deref()), (3, Some("C")));
    typed(&mut a, "k");
    assert_eq!(on(&a).as_deref(), Some("D"));
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Up);
    assert_eq!((pool(&a).selected, on(&a).as_deref()), (0, Some("B")));
}

#[test]
fn top_bottom_and_page_keys_jump_and_keep_the_cursor_on_screen() {
    let mut a = with_index(ranked(60));
    press(&mut a, KeyCode::PageDown);
    // 25 rows down: the 26th row, the list scrolled by one.
    assert_eq!((pool(&a).selected, pool(&a).scroll), (25, 1));
    assert_eq!(on(&a).as_deref(), Some("E25"));
    typed(&mut a, "G");
    assert_eq!((pool(&a).selected, pool(&a).scroll), (59, 35));
    press(&mut a, KeyCode::PageUp);
    assert_eq!((pool(&a).selected, pool(&a).scroll), (34, 34));
    typed(&mut a, "g");
    assert_eq!((pool(&a).selected, pool(&a).scroll), (0, 0));
}

#[test]
fn a_number_key_switches_screen_and_asks_for_its_first_rows() {
    let mut a = with_index(sample());
    let fx = typed(&mut a, "2");
    assert_eq!(a.screen, Screen::Agenda);
    // The calendar, and three screens of rows around the one shown.
    assert_eq!(
        fx,
        [
            Effect::LoadCalendar(TODAY),
            Effect::Fetch {
                list: ListId::Agenda,
                start: 0,
                len: 75,
                pool: Pool::Hte,
                year: 2026,
                view: Default::default(),
            }
        ]
    );
    // The bureau's lists are read whole, for this year.
    let fx = typed(&mut a, "8");
    assert_eq!(a.screen, Screen::Targets);
    assert_eq!(
        fx,
        [Effect::Fetch {
            list: ListId::Targets,
            start: 0,
            len: 0,
            pool: Pool::Hte,
            year: 2026,
            view: Default::default(),
        }]
    );
}

#[test]
fn tab_and_backtab_cycle_through_the_screens() {
    let mut a = with_index(sample());
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.screen, Screen::Agenda);
    press(&mut a, KeyCode::BackTab);
    press(&mut a, KeyCode::BackTab);
    assert_eq!(a.screen, Screen::Review);
    press(&mut a, KeyCode::BackTab);
    assert_eq!(a.screen, Screen::History);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.screen, Screen::Pool);
}

fn request(id: &str, enterprise: &str) -> RequestRow {
    RequestRow {
        district: String::new(),
        id: id.into(),
        enterprise_id: enterprise.into(),
        enterprise: format!("{enterprise} 公司"),
        raised_at: datetime!(2026 - 11 - 20 10:00),
        category: RequestCategory::Funding,
        text: "资金".into(),
        first_response_at: None,
        status: RequestStatus::Open,
        closed_at: None,
        resolution: None,
    }
}

#[test]
fn a_page_fills_a_list_whose_cursor_then_moves_without_reading_again() {
    let mut a = with_index(sample());
    let fx = typed(&mut a, "6");
    assert!(matches!(
        fx.as_slice(),
        [Effect::Fetch {
            list: ListId::Requests,
            start: 0,
            len: 75,
            ..
        }]
    ));
    let fx = a.update(Action::Loaded(Loaded::Page {
        list: ListId::Requests,
        start: 0,
        total: 2,
        rows: Rows::Requests(vec![request("Q1", "A"), request("Q2", "D")]),
    }));
    assert_eq!(fx, []);
    assert_eq!(typed(&mut a, "jj"), []);
    assert_eq!(a.requests.selected, 1);
    // A form asked for here starts on the request under the cursor.
    assert_eq!(
        typed(&mut a, "r"),
        [Effect::OpenForm {
            request: FormRequest::Respond,
            enterprise_id: Some("D".into()),
            item_id: Some("Q2".into()),
        }]
    );
}

#[test]
fn s_cycles_the_sort_and_shift_s_reverses_it_keeping_the_enterprise() {
    let mut a = with_index(sample());
    assert_eq!(pool(&a).sort, SortKey::Rank);
    typed(&mut a, "s");
    assert_eq!((pool(&a).sort, pool(&a).desc), (SortKey::Name, false));
    // By name: C, B, A, D; B stays under the cursor.
    assert_eq!((pool(&a).selected, on(&a).as_deref()), (1, Some("B")));
    typed(&mut a, "S");
    assert_eq!((pool(&a).sort, pool(&a).desc), (SortKey::Name, true));
    assert_eq!((pool(&a).selected, on(&a).as_deref()), (2, Some("B")));
    typed(&mut a, "s");
    assert_eq!((pool(&a).sort, pool(&a).desc), (SortKey::Tier, false));
}

#[test]
fn the_sort_command_sets_the_column_and_shows_the_pool() {
    let mut a = with_index(sample());
    typed(&mut a, "3:");
    assert_eq!(a.overlay, Overlay::Command(LineInput::default()));
    typed(&mut a, "sort next-visit");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.screen, Screen::Pool);
    assert_eq!(pool(&a).sort, SortKey::NextVisit);
    typed(&mut a, ":sort nothing");
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.status.as_deref(),
        Some(
            "未知排序列，可用: rank, name, tier, batch, colour, last-visit, next-visit, commissioner, district"
        )
    );
}

#[test]
fn the_filter_menu_filters_by_a_colour_and_shift_f_clears_it() {
    let mut a = with_index(sample());
    typed(&mut a, "f");
    assert_eq!(
        a.overlay,
        Overlay::Filter(FilterMenu {
            dim: 0,
            values: None
        })
    );
    // Pool, batch, tier, colour.
    typed(&mut a, "jjj");
    press(&mut a, KeyCode::Enter);
    let Overlay::Filter(FilterMenu {
        dim: 3,
        values: Some((values, 0)),
    }) = &a.overlay
    else {
        panic!("the colour values: {:?}", a.overlay)
    };
    assert_eq!(values.len(), 4);
    assert_eq!(values[0], "全部");
    typed(&mut a, "jj");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(
        pool(&a).filter,
        ListFilter {
            colour: Some(Colour::Yellow),
            ..ListFilter::default()
        }
    );
    assert_eq!((pool(&a).view_len(), on(&a).as_deref()), (1, Some("C")));
    typed(&mut a, "F");
    assert_eq!(pool(&a).filter, ListFilter::default());
    assert_eq!(pool(&a).view_len(), 4);
    // The cursor stays on the enterprise it was on.
    assert_eq!(on(&a).as_deref(), Some("C"));
}

#[test]
fn esc_in_the_filter_menu_goes_back_a_level_then_closes() {
    let mut a = with_index(sample());
    typed(&mut a, "f");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Esc);
    assert_eq!(
        a.overlay,
        Overlay::Filter(FilterMenu {
            dim: 0,
            values: None
        })
    );
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(pool(&a).filter, ListFilter::default());
}

#[test]
fn typing_a_search_goes_to_the_first_match_and_n_and_shift_n_cycle() {
    let mut a = with_index(sample());
    typed(&mut a, "/");
    assert_eq!(a.overlay, Overlay::Search(LineInput::default()));
    // 新疆: A and D, at positions 1 and 2 of the rank order B, A, D, C.
    typed(&mut a, "新疆");
    assert_eq!(pool(&a).query.text, "新疆");
    assert_eq!(pool(&a).match_count(), 2);
    assert_eq!(on(&a).as_deref(), Some("A"));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, Overlay::None);
    typed(&mut a, "n");
    assert_eq!(on(&a).as_deref(), Some("D"));
    typed(&mut a, "n");
    assert_eq!(on(&a).as_deref(), Some("A"));
    typed(&mut a, "N");
    assert_eq!(on(&a).as_deref(), Some("D"));
    // Esc on the Pool drops the search.
    press(&mut a, KeyCode::Esc);
    assert!(pool(&a).query.is_empty());
}

#[test]
fn esc_in_the_search_line_drops_the_search_and_backspace_widens_it() {
    let mut a = with_index(sample());
    typed(&mut a, "/xjt");
    // xjt: the initials of 新疆天山 only.
    assert_eq!((pool(&a).match_count(), on(&a).as_deref()), (1, Some("D")));
    // xj: also A's initials (xjkl…) and C's (gstszlxxjs…).
    press(&mut a, KeyCode::Backspace);
    assert_eq!(pool(&a).match_count(), 3);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay, Overlay::None);
    assert!(pool(&a).query.is_empty());
    assert_eq!(pool(&a).match_count(), 0);
}

#[test]
fn a_search_typed_before_the_index_arrives_applies_when_it_does() {
    let mut a = app();
    typed(&mut a, "/");
    assert_eq!(a.overlay, Overlay::Search(LineInput::default()));
    typed(&mut a, "天山");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.pending_query, Some(Query::new("天山")));
    a.update(Action::Loaded(Loaded::Index(sample())));
    assert_eq!(a.pending_query, None);
    assert_eq!(pool(&a).query.text, "天山");
    assert_eq!(pool(&a).match_count(), 1);
}

#[test]
fn enter_opens_the_detail_esc_closes_it_and_write_keys_ask_for_forms() {
    let mut a = with_index(sample());
    typed(&mut a, "j");
    assert_eq!(
        press(&mut a, KeyCode::Enter),
        [Effect::LoadDetail("A".into())]
    );
    assert_eq!(a.detail.as_ref().map(|d| d.id.as_str()), Some("A"));
    // On the detail, a form is about its enterprise.
    assert_eq!(
        typed(&mut a, "v"),
        [Effect::OpenForm {
            request: FormRequest::LogVisit,
            enterprise_id: Some("A".into()),
            item_id: None,
        }]
    );
    assert_eq!(press(&mut a, KeyCode::Esc), []);
    assert_eq!(a.detail, None);
    assert_eq!(
        typed(&mut a, "a"),
        [Effect::OpenForm {
            request: FormRequest::NewEnterprise,
            enterprise_id: None,
            item_id: None,
        }]
    );
}

#[test]
fn a_read_only_file_refuses_write_keys_and_says_why() {
    let mut a = with_index(sample());
    a.read_only = Some(crate::store::ReadOnly::Asked);
    assert_eq!(typed(&mut a, "v"), []);
    assert!(a.status.as_deref().is_some_and(|s| s.starts_with("只读")));
    // Moving still works.
    typed(&mut a, "j");
    assert_eq!(on(&a).as_deref(), Some("A"));
}

fn log_visit_form() -> Form {
    let kind = form::FormKind::LogVisit {
        enterprise_id: "B".into(),
        planned_visit_id: None,
    };
    let mut f = Form::open(kind, &form::FormData::default(), TODAY, 90, Lang::Zh);
    f.draft_id = "D1".into();
    f
}

#[test]
fn a_form_opens_over_the_screen_and_esc_on_it_unchanged_discards_it() {
    let mut a = with_index(sample());
    typed(&mut a, "/");
    a.update(Action::Loaded(Loaded::Form(Box::new(log_visit_form()))));
    assert_eq!(a.overlay, Overlay::None);
    assert!(a.form.is_some());
    // Keys go to the form: j is typed, not a move.
    typed(&mut a, "j");
    assert_eq!(on(&a).as_deref(), Some("B"));
    let mut b = with_index(sample());
    b.update(Action::Loaded(Loaded::Form(Box::new(log_visit_form()))));
    assert_eq!(
        press(&mut b, KeyCode::Esc),
        [Effect::DeleteDraft("D1".into())]
    );
    assert_eq!(b.form, None);
}

fn draft(id: &str) -> Draft {
    Draft {
        id: id.into(),
        kind: "走访".into(),
        target_id: None,
        data: serde_json::to_string(&log_visit_form()).unwrap_or_default(),
        updated_at: "2026-11-20T10:00:00".into(),
    }
}

#[test]
fn prompts_take_the_keys_answer_to_y_and_n_and_wait_in_turn() {
    let mut a = with_index(sample());
    a.update(Action::Loaded(Loaded::Drafts(vec![draft("D1")])));
    a.update(Action::Loaded(Loaded::UndoNotYours {
        group: 7,
        question: Message::Plain("撤销王芳的修改？".into()),
    }));
    assert!(matches!(a.prompt, Some(Prompt::Draft(_))));
    assert_eq!(a.prompts.len(), 1);
    // n: the draft goes, and the next prompt shows.
    assert_eq!(typed(&mut a, "n"), [Effect::DeleteDraft("D1".into())]);
    assert!(matches!(
        a.prompt,
        Some(Prompt::UndoOthers { group: 7, .. })
    ));
    // A list key does nothing while a prompt shows.
    assert_eq!(typed(&mut a, "j"), []);
    assert_eq!(on(&a).as_deref(), Some("B"));
    assert_eq!(typed(&mut a, "y"), [Effect::UndoOthers(7)]);
    assert_eq!(a.prompt, None);
}

#[test]
fn y_on_a_draft_prompt_restores_the_form_and_esc_on_undo_declines() {
    let mut a = with_index(sample());
    a.update(Action::Loaded(Loaded::Drafts(vec![draft("D2")])));
    assert_eq!(typed(&mut a, "y"), []);
    assert_eq!(a.prompt, None);
    assert_eq!(a.form.as_ref().map(|f| f.draft_id.as_str()), Some("D2"));
    let mut b = with_index(sample());
    b.update(Action::Loaded(Loaded::UndoNotYours {
        group: 3,
        question: Message::Plain("撤销？".into()),
    }));
    assert_eq!(press(&mut b, KeyCode::Esc), []);
    assert_eq!(b.prompt, None);
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::CONTROL)
}

#[test]
fn the_command_line_opens_over_a_form_and_lang_rewords_it_keeping_what_was_typed() {
    let mut a = with_index(sample());
    a.update(Action::Loaded(Loaded::Form(Box::new(log_visit_form()))));
    // Tab to the attendees (date, mode, attendees) and type there.
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "张总:");
    a.update(Action::Key(ctrl('o')));
    assert_eq!(a.overlay, Overlay::Command(LineInput::default()));
    typed(&mut a, "lang en");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.lang, Lang::En);
    let f = a.form.as_ref().expect("the form stays open");
    assert!(f.title.starts_with("Log visit"), "{}", f.title);
    assert_eq!(f.label(2, Lang::En), "Attendees");
    assert_eq!(f.fields[2].value, "张总:");
    assert_eq!(f.focus, 2);
    // Other commands wait for the form: `:q` does not quit and says why.
    a.update(Action::Key(ctrl('o')));
    typed(&mut a, "q");
    assert_eq!(press(&mut a, KeyCode::Enter), []);
    assert!(!a.quit);
    let f = a.form.as_ref().expect("the form stays open");
    assert_eq!(
        f.message.as_deref(),
        Some("Only :lang works over a form; save or close it for other commands")
    );
}
