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
    pub(super) fn list_commissioner_enterprises(&mut self) {
        let Some(name) = self.commissioners.selected_row().map(|c| c.name.clone()) else {
            return;
        };
        self.filter_pool(ListFilter {
            commissioner: Some(name),
            ..ListFilter::default()
        });
    }

    /// Asks for the form editing the selected commissioner.
    pub(super) fn edit_commissioner(&mut self, fx: &mut Vec<Effect>) {
        if let Some(c) = self.commissioners.selected_row() {
            fx.push(Effect::OpenForm {
                request: FormRequest::EditCommissioner,
                enterprise_id: None,
                item_id: Some(c.id.clone()),
            });
        }
    }
}
