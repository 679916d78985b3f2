//! The Review screen's reads and its one write: keeping a conflict's chosen value.

use super::Runner;
use crate::app::{Loaded, Message};
use crate::store::review::{self, ReviewRow};
use crate::store::sync::Conflict;
use crate::store::{Result, pool};

impl Runner {
    /// The conflicts waiting (times in the local offset).
    pub(super) fn review_rows(&self) -> Result<Vec<ReviewRow>> {
        review::rows(&self.store.conn, crate::store::backup::local_offset())
    }

    /// Keeps the value of `conflict` written by `origin` at `seq`, as a change of whoever is at
    /// the keyboard; the enterprise's row comes back like any save's.
    pub(super) fn resolve(
        &mut self,
        conflict: &Conflict,
        origin: &str,
        seq: i64,
    ) -> Result<Loaded> {
        let (who, today) = (self.commissioner.clone(), self.now.date());
        let conn = &mut self.store.conn;
        let label = match review::pick(
            conn,
            conflict,
            origin,
            seq,
            who.as_deref(),
            today,
            &self.config,
        ) {
            Ok(label) => label,
            Err(e) => return Ok(Loaded::Error(Message::store(e))),
        };
        let ids: Vec<String> = conflict.enterprise_id.iter().cloned().collect();
        let rows = pool::load_rows(&self.store.conn, &ids)?;
        let removed = ids
            .into_iter()
            .filter(|id| !rows.iter().any(|r| &*r.row.id == id))
            .collect();
        Ok(Loaded::Saved {
            message: Message::Saved(label),
            rows,
            removed,
            agenda_position: None,
            reindex: conflict.table == "commissioners",
        })
    }
}
