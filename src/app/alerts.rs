//! The Alerts screen: red and yellow projects, worst first, and overdue support-plan actions.

use super::cursor::PagedRow;
use super::{AlertLine, ListId};

impl PagedRow for AlertLine {
    const LIST: ListId = ListId::Alerts;

    fn enterprise_id(&self) -> Option<String> {
        Some(AlertLine::enterprise_id(self).to_string())
    }

    /// A form asked for here starts on the project (or the support-plan action).
    fn item_id(&self) -> Option<String> {
        Some(match self {
            AlertLine::Project(a) => a.row.project_id.clone(),
            AlertLine::OverdueAction(a) => a.id.clone(),
        })
    }
}
