//! The Agenda screen: planned and overdue visits, a window at a time, and the month's calendar.

use super::ListId;
use super::cursor::PagedRow;
use crate::store::queries::AgendaItem;

impl PagedRow for AgendaItem {
    const LIST: ListId = ListId::Agenda;

    fn enterprise_id(&self) -> Option<String> {
        Some(self.enterprise_id.clone())
    }

    /// A form asked for here starts on the visit.
    fn item_id(&self) -> Option<String> {
        Some(self.visit_id.clone())
    }
}
