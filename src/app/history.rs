//! The History screen (变更记录): every logged change, newest first, paged by SQL with the list
//! views' sort and filter (who, what kind of record, when). Enter goes to the record: the
//! enterprise's detail for a change to an enterprise or its records, the Targets or Commissioners
//! screen for theirs.

use super::cursor::PagedRow;
use super::{App, Effect, ListId, Screen};
use crate::store::history::HistoryRow;

impl PagedRow for HistoryRow {
    const LIST: ListId = ListId::History;

    fn enterprise_id(&self) -> Option<String> {
        self.enterprise_id.clone()
    }
}

impl App {
    /// Enter on the History screen: the selected change's record.
    pub(super) fn history_enter(&mut self, fx: &mut Vec<Effect>) {
        let Some(row) = self.history.selected_row() else {
            return;
        };
        if let Some(id) = row.enterprise_id.clone() {
            return self.open_detail(id, fx);
        }
        match row.entity.as_str() {
            "targets" => self.switch(Screen::Targets, fx),
            "commissioners" => self.switch(Screen::Commissioners, fx),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Loaded, Rows};
    use crate::config::Config;
    use crate::i18n::Lang;
    use crate::store::history::ChangeKind;
    use crate::store::listview::{Facet, ListQuery, SortCol};
    use crossterm::event::{KeyCode, KeyEvent};
    use time::macros::datetime;

    fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
        a.update(Action::Key(KeyEvent::from(code)))
    }

    fn change(seq: i64, entity: &str, enterprise: Option<&str>) -> HistoryRow {
        HistoryRow {
            seq,
            at: datetime!(2026-11-21 08:30),
            commissioner_id: Some("c1".into()),
            commissioner: Some("王芳".into()),
            label: None,
            undone: false,
            entity: entity.into(),
            entity_id: format!("r{seq}"),
            enterprise_id: enterprise.map(str::to_string),
            enterprise: enterprise.map(|_| "甲科技".to_string()),
            item: None,
            kind: ChangeKind::Changed,
            fields: Vec::new(),
        }
    }

    /// The History fetches among `fx`: their start and view.
    fn fetches(fx: &[Effect]) -> Vec<(usize, ListQuery)> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Fetch {
                    list: ListId::History,
                    start,
                    view,
                    ..
                } => Some((*start, view.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn nine_opens_history_which_sorts_filters_and_opens_the_record() {
        let mut a = App::new(
            Lang::Zh,
            datetime!(2026 - 11 - 21 9:00),
            Config::default(),
            100,
            30,
        );
        let fx = press(&mut a, KeyCode::Char('9'));
        assert_eq!(a.screen, Screen::History);
        assert_eq!(fetches(&fx), [(0, ListQuery::default())]);
        let rows = vec![change(9, "visits", Some("e1")), change(8, "targets", None)];
        a.update(Action::Loaded(Loaded::Page {
            list: ListId::History,
            start: 0,
            total: 2,
            rows: Rows::History(rows.clone()),
        }));
        assert_eq!(a.history.total, 2);
        // s: by kind; the list is read again from its top.
        let fx = press(&mut a, KeyCode::Char('s'));
        let sorted = ListQuery {
            sort: Some(SortCol::Record),
            ..ListQuery::default()
        };
        assert_eq!(fetches(&fx), [(0, sorted.clone())]);
        // f ↓ Enter ↓ Enter: the kind facet's first kind (enterprises).
        press(&mut a, KeyCode::Char('f'));
        press(&mut a, KeyCode::Down);
        press(&mut a, KeyCode::Enter);
        press(&mut a, KeyCode::Down);
        let fx = press(&mut a, KeyCode::Enter);
        let filtered = ListQuery {
            filter: vec![(Facet::Record, "enterprises".to_string())],
            ..sorted
        };
        assert_eq!(fetches(&fx), [(0, filtered)]);
        a.update(Action::Loaded(Loaded::Page {
            list: ListId::History,
            start: 0,
            total: 2,
            rows: Rows::History(rows),
        }));
        // Enter on a change to an enterprise's visit: that enterprise's detail.
        let fx = press(&mut a, KeyCode::Enter);
        assert_eq!(fx, [Effect::LoadDetail("e1".into())]);
        assert_eq!(a.detail.as_ref().map(|d| d.id.as_str()), Some("e1"));
        press(&mut a, KeyCode::Esc);
        assert!(a.detail.is_none());
        // A target's change goes to the Targets screen; `v` does nothing on History.
        press(&mut a, KeyCode::Down);
        assert!(press(&mut a, KeyCode::Char('v')).is_empty());
        press(&mut a, KeyCode::Enter);
        assert_eq!(a.screen, Screen::Targets);
    }
}
