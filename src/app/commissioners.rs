//! The Commissioners screen: each commissioner's year (loaded whole); Enter lists their
//! enterprises on the Pool screen.

use super::cursor::PagedRow;
use super::{App, Effect, FormRequest, ListId};
use crate::domain::commissioners::CommissionerFigures;
use crate::index::ListFilter;

impl PagedRow for CommissionerFigures {
    const LIST: ListId = ListId::Commissioners;
    const WHOLE: bool = true;

    /// A commissioner is no enterprise.
    fn enterprise_id(&self) -> Option<String> {
        None
    }
}

impl App {
    /// The Pool screen, filtered to the selected commissioner's enterprises.
    /// A district's team (the list rolled up): the district's enterprises.
    pub(super) fn list_commissioner_enterprises(&mut self) {
        let Some(c) = self.commissioners.selected_row() else {
            return;
        };
        let filter = if c.id.is_empty() {
            ListFilter {
                district: Some(c.district.clone()),
                ..ListFilter::default()
            }
        } else {
            ListFilter {
                commissioner: Some(c.name.clone()),
                ..ListFilter::default()
            }
        };
        self.filter_pool(filter);
    }

    /// Asks for the form editing the selected commissioner.
    pub(super) fn edit_commissioner(&mut self, fx: &mut Vec<Effect>) {
        // A district's team is no one to edit.
        if let Some(c) = self
            .commissioners
            .selected_row()
            .filter(|c| !c.id.is_empty())
        {
            fx.push(Effect::OpenForm {
                request: FormRequest::EditCommissioner,
                enterprise_id: None,
                item_id: Some(c.id.clone()),
            });
        }
    }
}
