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
