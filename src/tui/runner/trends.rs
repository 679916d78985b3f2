//! trends: the whole-pool series (the Alerts' red/yellow by month, the Agenda's visits by
//! week) handed to the app when the background has kept them. Reading them is one row each;
//! they are read only at start and after each background computation, never on a key.

use super::Runner;
use crate::app::Loaded;
use crate::store::trends;

impl Runner {
    /// The trends kept for today, when the background computation has ended since they were
    /// last given (or at start: those kept by an earlier session of the day); `None` otherwise,
    /// while it runs, when none is kept, and in the as-of view (the series end on the real
    /// today; the app shows none there).
    pub fn trends_arrived(&mut self) -> Option<Loaded> {
        if self.warming.as_ref().is_some_and(|h| h.is_finished()) {
            self.wait_warm_up();
        }
        if !self.trends_due || self.as_of() {
            return None;
        }
        self.trends_due = false;
        let kept = trends::kept(&self.store.conn, self.now.date()).ok()?;
        (kept.colours.is_some() || kept.visits.is_some()).then_some(Loaded::Trends(kept))
    }
}
