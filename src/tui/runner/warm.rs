//! Keeping the whole-pool summaries computed in the background, so that the screens that show
//! them open at once.

use super::Runner;
use crate::store::{Store, bureau, queries};

impl Runner {
    /// Starts computing this year's commissioner figures, target actuals and rewards in the
    /// background (on a connection of its own) when the file changed since they were last
    /// computed, so that screens 5, 7 and 8 open at once. Only with `warm`, one at a time; a
    /// failure there costs nothing but the wait when the screen is opened.
    pub fn warm_up(&mut self) {
        if !self.warm || !self.warm_due || self.warming.as_ref().is_some_and(|h| !h.is_finished()) {
            return;
        }
        // The as-of view keeps no summaries: they would be saved in the file.
        if self.store.path.as_os_str() == ":memory:"
            || self.store.read_only.is_some()
            || self.as_of()
        {
            return;
        }
        self.warm_due = false;
        let (path, config, now) = (self.store.path.clone(), self.config.clone(), self.now);
        self.warming = Some(std::thread::spawn(move || {
            let Ok(store) = Store::open(&path, crate::store::OpenMode::Existing) else {
                return;
            };
            let conn = &store.conn;
            if conn
                // It reads each page once: a small cache keeps the process small.
                .execute_batch("PRAGMA cache_size = -256; PRAGMA temp_store = FILE;")
                .is_err()
            {
                return;
            }
            let year = now.year();
            let _ = queries::overview_summary(conn, now, config.requests.sla_hours);
            let _ = bureau::commissioner_summary(conn, year, now, &config);
            let _ = bureau::target_summary(conn, year, now.date());
            let _ = bureau::reward_count(conn, year, now.date(), &config);
        }));
    }

    /// Waits for the background computation started by [`Runner::warm_up`], if any.
    pub fn wait_warm_up(&mut self) {
        if let Some(h) = self.warming.take() {
            let _ = h.join();
        }
    }
}
