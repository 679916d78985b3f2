//! The Agenda screen: planned and overdue visits, a window at a time, and the month's calendar;
//! grouped by day, ISO week or district (`w`), narrowed to the commissioner at the keyboard
//! (`i`), and the day plan written from it (`D`).

use super::cursor::{PagedRow, Window};
use super::{App, Effect, ListId};
use crate::i18n::itinerary_text as words;
use crate::store::itinerary::{AgendaMode, AgendaRow, Grouping};
use time::Date;

impl PagedRow for AgendaRow {
    const LIST: ListId = ListId::Agenda;

    /// A group's header has no enterprise: Enter and the visit keys do nothing there.
    fn enterprise_id(&self) -> Option<String> {
        self.visit().map(|v| v.enterprise_id.clone())
    }

    /// A form asked for here starts on the visit.
    fn item_id(&self) -> Option<String> {
        self.visit().map(|v| v.visit_id.clone())
    }
}

/// How the Agenda is shown beyond its sort and filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Itinerary {
    pub grouping: Grouping,
    /// Only the visits of the commissioner at the keyboard.
    pub mine: bool,
}

impl App {
    /// The name "mine only" narrows to: the commissioner at the keyboard, once known.
    fn my_name(&self) -> Option<&str> {
        self.me.as_ref().and_then(|m| m.as_deref())
    }

    /// What the Agenda's fetches read: the grouping, and whose visits.
    pub fn agenda_mode(&self) -> AgendaMode {
        AgendaMode {
            grouping: self.itinerary.grouping,
            mine: self
                .itinerary
                .mine
                .then(|| self.my_name().map(String::from))
                .flatten(),
        }
    }

    /// The fetch of an Agenda window: the list's own (`Effect::Fetch`) when it shows as it
    /// always did, else the grouped one.
    pub(super) fn agenda_fetch(&self, w: Window, plain: Effect) -> Effect {
        let mode = self.agenda_mode();
        if mode.is_plain() {
            return plain;
        }
        Effect::FetchAgenda {
            start: w.start,
            len: w.len,
            view: self.views.get(ListId::Agenda),
            mode,
        }
    }

    /// `w`: the next grouping, read anew from the top.
    pub(super) fn cycle_grouping(&mut self) {
        self.itinerary.grouping = self.itinerary.grouping.next();
        self.reread_agenda();
    }

    /// `i`: only my visits, or everyone's again. With nobody chosen, it says so (the list
    /// would otherwise show nothing, or everything, without a word).
    pub(super) fn toggle_mine(&mut self) {
        if !self.itinerary.mine && self.my_name().is_none() {
            self.status = Some(words::mine_needs_me(self.lang).to_string());
            return;
        }
        self.itinerary.mine = !self.itinerary.mine;
        self.reread_agenda();
    }

    /// Forgets the Agenda's rows and puts its cursor on the first row.
    pub(super) fn reread_agenda(&mut self) {
        self.agenda.invalidate();
        self.agenda.selected = 0;
        self.agenda.scroll = 0;
        if self.failed == Some(ListId::Agenda) {
            self.failed = None;
        }
    }

    /// The day the day plan is for: the day of the visit under the cursor when it is today or
    /// later (an overdue visit is today's work), else today.
    pub fn plan_day(&self) -> Date {
        let today = self.today();
        self.agenda
            .selected_row()
            .and_then(AgendaRow::visit)
            .map(|v| v.planned_on)
            .filter(|d| *d >= today)
            .unwrap_or(today)
    }

    /// `D`: writes the day plan of [`App::plan_day`], of my visits when "mine only" is on.
    pub(super) fn write_day_plan(&mut self, fx: &mut Vec<Effect>) {
        fx.push(Effect::WriteDayPlan {
            day: self.plan_day(),
            commissioner: self.agenda_mode().mine,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Loaded, Rows};
    use crate::config::Config;
    use crate::domain::VisitMode;
    use crate::i18n::Lang;
    use crate::keymap::Screen;
    use crate::store::itinerary::{Group, GroupHead};
    use crate::store::queries::AgendaItem;
    use crossterm::event::{KeyCode, KeyEvent};
    use time::macros::{date, datetime};

    fn app() -> App {
        let mut a = App::new(
            Lang::Zh,
            datetime!(2026-12-03 09:00),
            Config::default(),
            100,
            30,
        );
        a.screen = Screen::Agenda;
        a
    }

    fn key(a: &mut App, c: char) -> Vec<Effect> {
        a.update(Action::Key(KeyEvent::from(KeyCode::Char(c))))
    }

    fn visit(id: &str, on: Date) -> AgendaRow {
        AgendaRow::Visit(AgendaItem {
            visit_id: id.into(),
            enterprise_id: format!("e-{id}"),
            enterprise: "天山科技".into(),
            district: "天山区".into(),
            planned_on: on,
            mode: VisitMode::OnSite,
            commissioner: Some("王芳".into()),
            overdue: on < date!(2026 - 12 - 03),
            notes: String::new(),
        })
    }

    fn fetched(fx: &[Effect]) -> Option<&Effect> {
        fx.iter()
            .find(|e| matches!(e, Effect::Fetch { .. } | Effect::FetchAgenda { .. }))
    }

    #[test]
    fn w_cycles_day_week_district_and_reads_grouped_rows_from_the_top() {
        let mut a = app();
        let fx = a.update(Action::Resize(100, 30));
        assert!(matches!(
            fetched(&fx),
            Some(Effect::Fetch {
                list: ListId::Agenda,
                ..
            })
        ));
        a.agenda.selected = 7;
        let fx = key(&mut a, 'w');
        assert_eq!(a.itinerary.grouping, Grouping::Week);
        assert_eq!(a.agenda.selected, 0, "a new grouping starts at the top");
        match fetched(&fx) {
            Some(Effect::FetchAgenda { start, mode, .. }) => {
                assert_eq!(*start, 0);
                assert_eq!(mode.grouping, Grouping::Week);
                assert_eq!(mode.mine, None);
            }
            other => panic!("expected the grouped fetch, got {other:?}"),
        }
        key(&mut a, 'w');
        assert_eq!(a.itinerary.grouping, Grouping::District);
        // Back to by day: the Agenda's own fetch again.
        let fx = key(&mut a, 'w');
        assert_eq!(a.itinerary.grouping, Grouping::Day);
        assert!(matches!(
            fetched(&fx),
            Some(Effect::Fetch {
                list: ListId::Agenda,
                ..
            })
        ));
    }

    #[test]
    fn mine_only_needs_someone_chosen_and_then_narrows_to_them() {
        let mut a = app();
        // The runner has not said who is at the keyboard, then says nobody.
        for me in [None, Some(None)] {
            a.me = me;
            let fx = key(&mut a, 'i');
            assert!(!a.itinerary.mine);
            assert_eq!(
                a.status.as_deref(),
                Some("“只看我的”需要先选定你是哪位专员（:me 选择）")
            );
            assert!(fetched(&fx).is_none_or(|e| matches!(e, Effect::Fetch { .. })));
        }
        a.me = Some(Some("王芳".into()));
        let fx = key(&mut a, 'i');
        assert!(a.itinerary.mine);
        match fetched(&fx) {
            Some(Effect::FetchAgenda { mode, .. }) => {
                assert_eq!(mode.mine.as_deref(), Some("王芳"));
                assert_eq!(mode.grouping, Grouping::Day);
            }
            other => panic!("expected mine only, got {other:?}"),
        }
        // `:me` chooses another: the list follows.
        a.agenda.loaded = true;
        a.agenda.selected = 3;
        a.update(Action::Loaded(Loaded::Me {
            me: Some(("c2".into(), "李强".into())),
            commissioners: Vec::new(),
            ask: None,
            notice: None,
        }));
        assert_eq!(a.agenda_mode().mine.as_deref(), Some("李强"));
        assert_eq!(a.agenda.selected, 0);
        key(&mut a, 'i');
        assert!(!a.itinerary.mine);
        assert_eq!(a.agenda_mode(), AgendaMode::default());
    }

    #[test]
    fn the_day_plan_is_for_the_day_under_the_cursor_or_today() {
        let mut a = app();
        a.me = Some(Some("王芳".into()));
        let head = AgendaRow::Head(GroupHead {
            group: Group::District("天山区".into()),
            count: 3,
            overdue: 1,
        });
        let rows = vec![
            head,
            visit("v1", date!(2026 - 11 - 25)),
            visit("v2", date!(2026 - 12 - 05)),
        ];
        a.update(Action::Loaded(Loaded::Page {
            list: ListId::Agenda,
            start: 0,
            total: 3,
            rows: Rows::Agenda(rows),
        }));
        let plan = |a: &mut App| {
            key(a, 'D')
                .into_iter()
                .find(|e| matches!(e, Effect::WriteDayPlan { .. }))
        };
        // On a header: today.
        assert_eq!(
            plan(&mut a),
            Some(Effect::WriteDayPlan {
                day: date!(2026 - 12 - 03),
                commissioner: None
            })
        );
        // On an overdue visit: today (that is when it is to be done).
        a.agenda.selected = 1;
        assert_eq!(a.plan_day(), date!(2026 - 12 - 03));
        // On a later visit: its day, mine when "mine only" is on.
        a.agenda.selected = 2;
        a.itinerary.mine = true;
        assert_eq!(
            plan(&mut a),
            Some(Effect::WriteDayPlan {
                day: date!(2026 - 12 - 05),
                commissioner: Some("王芳".into())
            })
        );
        // Enter on the header opens nothing.
        a.agenda.selected = 0;
        let fx = a.update(Action::Key(KeyEvent::from(KeyCode::Enter)));
        assert!(!fx.iter().any(|e| matches!(e, Effect::LoadDetail(_))));
    }
}
