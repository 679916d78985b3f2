//! Records named by their ids: the id a row carries (every export writes it) names its record
//! here or in another file; rows without one fall back to their natural key. Also the rows of
//! the two ledgers, support actions and rewards.

use super::{Apply, Checker, Kind, Rec, Value, Why, db, get, get_text};
use rusqlite::OptionalExtension;

/// Whether a kind's natural key names at most one record (so that a row whose id is not stored
/// here still finds the record of the same key, as the schema allows only one): pool
/// memberships (one current per pool), figures, certificates, targets and rewards. Projects,
/// milestones, visits, requests and support actions may repeat a name or a day.
pub(super) fn natural_key_unique(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Enterprises
            | Kind::Pool
            | Kind::Figures
            | Kind::Certificates
            | Kind::Targets
            | Kind::Rewards
    )
}

impl Checker<'_> {
    /// Resolves a milestone's project by its id (live, and of the row's enterprise `eid` when
    /// a credit code is given).
    pub(super) fn project_by_id(
        &mut self,
        conn: &rusqlite::Connection,
        rec: &mut Rec,
        eid: Option<&str>,
    ) -> anyhow::Result<()> {
        let kind = self.kind;
        let Some(pid) = get_text(kind, rec, "project_id") else {
            return Ok(());
        };
        let live = conn
            .prepare_cached(
                "SELECT enterprise_id FROM projects WHERE id = ?1 AND deleted_at IS NULL",
            )?
            .query_row([&pid], |r| r.get::<_, String>(0))
            .optional()?;
        match live {
            None => self.problem(rec.line, "project_id", Some(pid), Why::UnknownId),
            Some(e) if eid.is_some_and(|id| id != e) => {
                self.problem(rec.line, "project_id", Some(pid), Why::IdOfAnother)
            }
            Some(e) => {
                rec.project = Some(pid);
                rec.enterprise = Some(e);
            }
        }
        Ok(())
    }

    /// The membership id of an enterprise row is not a membership of another enterprise
    /// (`eid`: the row's enterprise, if stored).
    pub(super) fn pool_id(
        &mut self,
        conn: &rusqlite::Connection,
        rec: &Rec,
        eid: Option<&str>,
    ) -> anyhow::Result<()> {
        if let Some(id) = get_text(self.kind, rec, "pool_id")
            && db::owner_of(conn, "pool_memberships", "enterprise_id", &id)?
                .is_some_and(|o| Some(o.as_str()) != eid)
        {
            self.problem(rec.line, "pool_id", Some(id), Why::IdOfAnother);
        }
        Ok(())
    }

    /// Checks the ids a row names: the visit a request was raised on is a visit of the same
    /// enterprise, and a stored record named by the row's id belongs to the row's enterprise
    /// (a milestone's, to its project).
    pub(super) fn ids(&mut self, conn: &rusqlite::Connection, rec: &Rec) -> anyhow::Result<()> {
        let kind = self.kind;
        // A request raised on a visit names it: a visit of the same enterprise.
        if let Some(vid) = get_text(kind, rec, "visit_id") {
            match db::owner_of(conn, "visits", "enterprise_id", &vid)? {
                None => self.problem(rec.line, "visit_id", Some(vid), Why::UnknownId),
                Some(e) if Some(&e) != rec.enterprise.as_ref() => {
                    self.problem(rec.line, "visit_id", Some(vid), Why::IdOfAnother)
                }
                Some(_) => {}
            }
        }
        // A stored record named by its id belongs to the row's enterprise (or project); a
        // target belongs to no one.
        if let Some(id) = get_text(kind, rec, "id")
            && kind != Kind::Targets
        {
            let (owner, mine) = match kind {
                Kind::Milestones => ("project_id", rec.project.as_ref()),
                _ => ("enterprise_id", rec.enterprise.as_ref()),
            };
            if db::owner_of(conn, kind.table(), owner, &id)?.is_some_and(|o| Some(&o) != mine) {
                self.problem(rec.line, "id", Some(id), Why::IdOfAnother);
            }
        }
        Ok(())
    }
}

impl Apply<'_, '_> {
    /// The id an enterprise row gives its current membership, when no membership has it yet
    /// (`Checker::pool_id` refused one of another enterprise).
    pub(super) fn free_pool_id(&self, rec: &Rec) -> anyhow::Result<Option<String>> {
        match get_text(self.kind, rec, "pool_id") {
            Some(id) if !db::has_id(self.conn, "pool_memberships", &id)? => Ok(Some(id)),
            _ => Ok(None),
        }
    }

    /// The stored record a row means, or the id a new record gets: the row's id when it is
    /// stored; else the record of the natural key (for rows without an id, and for kinds whose
    /// natural key names one record); else a new record, with the row's id if it has one.
    pub(super) fn matched(
        &self,
        rec: &Rec,
        natural: impl FnOnce() -> crate::store::Result<Option<String>>,
    ) -> anyhow::Result<(Option<String>, Option<String>)> {
        let id = get_text(self.kind, rec, "id");
        if let Some(id) = &id
            && db::has_id(self.conn, self.kind.table(), id)?
        {
            return Ok((Some(id.clone()), None));
        }
        if (id.is_none() || natural_key_unique(self.kind))
            && let Some(found) = natural()?
        {
            return Ok((Some(found), None));
        }
        Ok((None, id))
    }

    /// A support action, matched by its id, else by enterprise, text and due day.
    pub(super) fn support_action(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let action = get_text(self.kind, rec, "action").unwrap_or_default();
        let due = get_text(self.kind, rec, "due_on");
        let existing = self.matched(rec, || {
            db::find_support_action(self.conn, &eid, &action, due.as_deref())
        })?;
        let mut f = self.same_named(
            rec,
            &["action", "unit", "person", "due_on", "status", "done_on"],
        );
        if existing.0.is_some() {
            f.push(("deleted_at", Some(Value::Null)));
        }
        let status = if get(self.kind, rec, "done_on").is_some() {
            "done"
        } else {
            "open"
        };
        let defaults = [
            ("unit", Value::Text(String::new())),
            ("person", Value::Text(String::new())),
            ("status", Value::Text(status.into())),
        ];
        self.child(rec, "support_actions", existing, f, &defaults, "action")
    }

    /// A reward, matched by its id, else by enterprise, kind and year (one at most).
    pub(super) fn reward(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let kind = get_text(self.kind, rec, "kind").unwrap_or_default();
        let year = match get(self.kind, rec, "year") {
            Some(Value::Integer(y)) => *y,
            _ => 0,
        };
        let existing = self.matched(rec, || db::find_reward(self.conn, &eid, &kind, year))?;
        let f = self.same_named(rec, &["kind", "year", "amount", "paid_on", "document"]);
        self.child(rec, "rewards", existing, f, &[], "kind")
    }
}
