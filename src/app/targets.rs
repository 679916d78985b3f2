//! The Targets screen: the district's targets of the year (loaded whole), set and edited here.

use super::cursor::PagedRow;
use super::{App, Effect, ListId, Screen};
use crate::store::bureau::TargetRow;

impl PagedRow for TargetRow {
    const LIST: ListId = ListId::Targets;
    const WHOLE: bool = true;

    /// A target is no enterprise's.
    fn enterprise_id(&self) -> Option<String> {
        None
    }
}

impl App {
    /// Asks for the form setting the selected target (Targets screen).
    pub(super) fn edit_target(&mut self, fx: &mut Vec<Effect>) {
        if self.screen != Screen::Targets || self.detail.is_some() {
            return;
        }
        match self.targets.selected_row() {
            // A roll-up is the districts' targets added up: set each district's.
            Some(r) if r.districts > 0 => {}
            Some(r) => fx.push(Effect::OpenTargetForm {
                district: r.district.clone(),
                metric: r.metric,
                year: r.year,
            }),
            // Nothing to edit yet: a new one.
            None => self.new_target(fx),
        }
    }

    /// Asks for the form setting a new target, for the year the Targets screen shows.
    pub(super) fn new_target(&mut self, fx: &mut Vec<Effect>) {
        if self.screen != Screen::Targets || self.detail.is_some() {
            return;
        }
        fx.push(Effect::OpenNewTargetForm {
            year: self.list_year(ListId::Targets),
        });
    }
}
