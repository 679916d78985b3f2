//! The Review screen (待核对): the conflicts the linkage left for a person (loaded whole: they
//! are few). Enter opens a chooser of a conflict's values; the movement keys move in it, Enter
//! keeps the value under the cursor (a write, refused like every write on a read-only file or
//! in the as-of view), Esc goes back to the list.

use super::cursor::{At, ListCursor, PagedRow, Window};
use super::paged::Paged;
use super::{App, Effect, ListId, Screen};
use crate::store::review::ReviewRow;

impl PagedRow for ReviewRow {
    const LIST: ListId = ListId::Review;
    const WHOLE: bool = true;

    /// A conflict is acted on here, not in an enterprise's detail.
    fn enterprise_id(&self) -> Option<String> {
        None
    }
}

/// The chooser open over the list: which conflict (by its key, so a reload that drops it
/// closes the chooser instead of pointing at another) and the choice under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Chooser {
    pub table: String,
    pub row_id: String,
    pub column: String,
    /// Position among the row's [`ReviewRow::choices`].
    pub selected: usize,
}

/// The Review screen: the conflicts, and the chooser when one is open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewState {
    pub list: Paged<ReviewRow>,
    pub chooser: Option<Chooser>,
}

impl ReviewState {
    /// The conflict the chooser is open on, while it is still in the list.
    pub fn chosen(&self) -> Option<(&Chooser, &ReviewRow)> {
        let c = self.chooser.as_ref()?;
        let row = self
            .list
            .rows
            .iter()
            .find(|r| r.key() == (c.table.as_str(), c.row_id.as_str(), c.column.as_str()))?;
        Some((c, row))
    }

    /// Opens the chooser on the selected conflict, on its first choice (the value shown now).
    fn open(&mut self) {
        if let Some(r) = self.list.selected_row() {
            let (table, row_id, column) = r.key();
            self.chooser = Some(Chooser {
                table: table.into(),
                row_id: row_id.into(),
                column: column.into(),
                selected: 0,
            });
        }
    }
}

/// The list's cursor, or the chooser's while it is open (so every movement key moves in it).
impl ListCursor for ReviewState {
    fn at(&self) -> At {
        match self.chosen() {
            Some((c, row)) => At {
                selected: c.selected,
                scroll: 0,
                total: row.choices().len(),
            },
            None => self.list.at(),
        }
    }

    fn set_at(&mut self, selected: usize, scroll: usize) {
        if self.chosen().is_some() {
            if let Some(c) = &mut self.chooser {
                c.selected = selected;
            }
            return;
        }
        self.list.set_at(selected, scroll)
    }

    fn fetch(&self, rows: usize) -> Option<Window> {
        self.list.fetch(rows)
    }

    /// The chooser's box is not where the list's rows are: a click leaves it as it is.
    fn click(&mut self, offset: usize) {
        if self.chosen().is_none() {
            self.list.click(offset);
        }
    }
}

impl App {
    /// Enter on the Review screen: opens the chooser, or keeps the value under its cursor.
    pub(super) fn review_enter(&mut self, fx: &mut Vec<Effect>) {
        let Some((c, row)) = self.review.chosen() else {
            return self.review.open();
        };
        let Some(&pick) = row.choices().get(c.selected) else {
            return;
        };
        if let Some(why) = self.write_refusal() {
            self.status = Some(why);
            return;
        }
        let candidate = &row.conflict.candidates[pick];
        fx.push(Effect::Resolve {
            conflict: Box::new(row.conflict.clone()),
            origin: candidate.origin.clone(),
            seq: candidate.seq,
        });
        self.review.chooser = None;
    }

    /// Esc: closes the chooser on the Review screen, else leaves the detail.
    pub(super) fn back(&mut self) {
        if self.screen == Screen::Review && self.detail.is_none() && self.review.chooser.is_some() {
            self.review.chooser = None;
        } else {
            self.detail = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Loaded, Rows};
    use crate::config::Config;
    use crate::i18n::Lang;
    use crate::store::review::Beside;
    use crate::store::sync::{Candidate, Conflict};
    use crossterm::event::{KeyCode, KeyEvent};
    use time::macros::datetime;

    fn candidate(value: &str, origin: &str, seq: i64, shown: bool) -> Candidate {
        Candidate {
            value: Some(value.into()),
            who: None,
            at_ms: 0,
            origin: origin.into(),
            origin_label: String::new(),
            origin_level: "laptop".into(),
            seq,
            shown,
        }
    }

    /// A conflict of `column` of enterprise E1 between origin A (shown) and origin B.
    fn row(table: &str, column: &str, values: [&str; 2], restorable: bool) -> ReviewRow {
        let at = datetime!(2026 - 11 - 20 10:00);
        let beside = Beside {
            who_name: None,
            value_name: None,
            at,
            here: false,
        };
        ReviewRow {
            conflict: Conflict {
                table: table.into(),
                row_id: "E1".into(),
                column: column.into(),
                enterprise_id: Some("E1".into()),
                record: "新疆天山科技".into(),
                candidates: vec![
                    candidate(values[0], "A", 4, true),
                    candidate(values[1], "B", 9, false),
                ],
            },
            item: None,
            beside: vec![beside.clone(), beside],
            restorable,
        }
    }

    fn app(rows: Vec<ReviewRow>) -> App {
        let now = datetime!(2026 - 11 - 21 9:00);
        let mut a = App::new(Lang::Zh, now, Config::default(), 100, 30);
        press(&mut a, KeyCode::Char('0'));
        let total = rows.len();
        a.update(Action::Loaded(Loaded::Page {
            list: ListId::Review,
            start: 0,
            total,
            rows: Rows::Review(rows),
        }));
        a
    }

    fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
        a.update(Action::Key(KeyEvent::from(code)))
    }

    fn two() -> Vec<ReviewRow> {
        vec![
            row(
                "enterprises",
                "contact_phone",
                ["13800000001", "13900000002"],
                true,
            ),
            row(
                "projects",
                "planned_end",
                ["2027-03-31", "2027-06-30"],
                true,
            ),
        ]
    }

    #[test]
    fn zero_opens_the_screen_which_asks_for_its_list_once() {
        let now = datetime!(2026 - 11 - 21 9:00);
        let mut a = App::new(Lang::Zh, now, Config::default(), 100, 30);
        let fx = press(&mut a, KeyCode::Char('0'));
        assert_eq!(a.screen, Screen::Review);
        assert!(
            fx.iter().any(|f| matches!(
                f,
                Effect::Fetch {
                    list: ListId::Review,
                    ..
                }
            )),
            "{fx:?}"
        );
        let a = app(two());
        assert_eq!(a.review.list.total, 2);
    }

    #[test]
    fn enter_opens_the_chooser_on_the_selected_conflict_and_esc_closes_it() {
        let mut a = app(two());
        press(&mut a, KeyCode::Char('j'));
        assert_eq!(press(&mut a, KeyCode::Enter), []);
        let c = a.review.chooser.clone().expect("the chooser");
        assert_eq!(
            (c.table.as_str(), c.column.as_str()),
            ("projects", "planned_end")
        );
        assert_eq!(c.selected, 0, "it starts on the value shown now");
        // Movement keys move in the chooser, not the list, and stop at its ends.
        press(&mut a, KeyCode::Char('j'));
        press(&mut a, KeyCode::Char('j'));
        assert_eq!(a.review.chooser.as_ref().map(|c| c.selected), Some(1));
        assert_eq!(a.review.list.selected, 1);
        press(&mut a, KeyCode::Esc);
        assert_eq!(a.review.chooser, None);
        assert_eq!(a.screen, Screen::Review);
        // Now the movement keys move the list again.
        press(&mut a, KeyCode::Char('k'));
        assert_eq!(a.review.list.selected, 0);
    }

    #[test]
    fn enter_in_the_chooser_asks_to_keep_that_value() {
        let mut a = app(two());
        press(&mut a, KeyCode::Enter);
        press(&mut a, KeyCode::Down);
        let fx = press(&mut a, KeyCode::Enter);
        let [
            Effect::Resolve {
                conflict,
                origin,
                seq,
            },
        ] = fx.as_slice()
        else {
            panic!("{fx:?}");
        };
        assert_eq!((origin.as_str(), *seq), ("B", 9));
        assert_eq!(conflict.column, "contact_phone");
        assert_eq!(a.review.chooser, None, "the chooser closes");
        // Keeping the value shown now is a choice too (it ends the conflict).
        press(&mut a, KeyCode::Enter);
        let fx = press(&mut a, KeyCode::Enter);
        assert!(
            matches!(fx.as_slice(), [Effect::Resolve { origin, seq: 4, .. }] if origin == "A"),
            "{fx:?}"
        );
    }

    #[test]
    fn a_record_that_cannot_come_back_offers_only_its_deletion() {
        let gone = row("visits", "_deleted", ["1", "0"], false);
        assert_eq!(gone.choices(), [0]);
        let mut a = app(vec![gone]);
        press(&mut a, KeyCode::Enter);
        press(&mut a, KeyCode::Down);
        assert_eq!(a.review.chooser.as_ref().map(|c| c.selected), Some(0));
        let fx = press(&mut a, KeyCode::Enter);
        assert!(
            matches!(fx.as_slice(), [Effect::Resolve { seq: 4, .. }]),
            "{fx:?}"
        );
        // A softly deleted record can be restored.
        assert_eq!(
            row("projects", "_deleted", ["1", "0"], true).choices(),
            [0, 1]
        );
    }

    #[test]
    fn a_read_only_file_or_the_as_of_view_refuses_the_pick() {
        let mut a = app(two());
        a.read_only = Some(crate::store::ReadOnly::Asked);
        press(&mut a, KeyCode::Enter);
        assert_eq!(press(&mut a, KeyCode::Enter), []);
        assert!(
            a.status.as_deref().is_some_and(|s| s.contains("只读")),
            "{:?}",
            a.status
        );
        let mut a = app(two());
        a.real_today = Some(datetime!(2026 - 11 - 25 9:00).date());
        press(&mut a, KeyCode::Enter);
        assert_eq!(press(&mut a, KeyCode::Enter), []);
    }

    #[test]
    fn a_reload_without_the_conflict_closes_the_chooser() {
        let mut a = app(two());
        press(&mut a, KeyCode::Enter);
        let rest = vec![two().remove(1)];
        a.update(Action::Loaded(Loaded::Page {
            list: ListId::Review,
            start: 0,
            total: 1,
            rows: Rows::Review(rest),
        }));
        assert!(a.review.chosen().is_none());
        // Enter opens the chooser on what is there now.
        press(&mut a, KeyCode::Enter);
        let (c, _) = a.review.chosen().expect("open");
        assert_eq!(c.column, "planned_end");
    }
}
