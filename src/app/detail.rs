//! The enterprise detail, opened from any list's row (Enter) and closed with Esc.

use super::{App, Effect};
use crate::store::detail::Detail;

/// The enterprise detail, opened from a list.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailState {
    pub id: String,
    pub detail: Option<Box<Detail>>,
    pub scroll: usize,
}

impl App {
    /// Opens the detail of an enterprise (read by the loop).
    pub(super) fn open_detail(&mut self, id: String, fx: &mut Vec<Effect>) {
        fx.push(Effect::LoadDetail(id.clone()));
        self.detail = Some(DetailState {
            id,
            detail: None,
            scroll: 0,
        });
    }

    /// The detail arrived: shown if it is still the one asked for.
    pub(super) fn loaded_detail(&mut self, d: Box<Detail>) {
        if let Some(state) = &mut self.detail
            && state.id == d.row.id
        {
            state.detail = Some(d);
        }
    }

    /// The enterprise of the detail showing, else of the selected row.
    pub(super) fn detail_or_selected(&self) -> Option<String> {
        match &self.detail {
            Some(d) => Some(d.id.clone()),
            None => self.selected_enterprise(),
        }
    }
}
