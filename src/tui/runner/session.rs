//! The session around the data: who else has the file open, whether another program changed
//! it, who you are, and the day the view is for.

use super::Runner;
use crate::app::{Loaded, Message};
use crate::store::changes::last_group;
use crate::store::presence::{self, Presence, Session};
use crate::store::{Result, commissioners, derived};
use time::{Date, PrimitiveDateTime};

impl Runner {
    /// Announces this session (as `who`, started at `now`) beside the file and starts watching
    /// for others; returns what to tell the user about those already there. A folder that
    /// cannot be written only means that the others are not told about this one.
    pub fn join_presence(&mut self, who: &str, now: PrimitiveDateTime) -> Option<Message> {
        let path = self.store.path.clone();
        let joined = Presence::join(&path, Session::this(who, now));
        let others = match &joined {
            Ok(p) => p.others(),
            Err(_) => presence::sessions(&path),
        };
        self.presence = joined.ok();
        let notice = others_notice(&others);
        self.others_seen = Some(others);
        notice
    }

    /// The other sessions open on the file now that were not there at the last look.
    fn newcomers(&mut self) -> Option<Message> {
        let seen = self.others_seen.as_ref()?;
        let others = match &self.presence {
            Some(p) => p.others(),
            None => presence::sessions(&self.store.path),
        };
        let new: Vec<Session> = others
            .iter()
            .filter(|s| {
                !seen
                    .iter()
                    .any(|o| o.pid == s.pid && o.host == s.host && o.since == s.since)
            })
            .cloned()
            .collect();
        self.others_seen = Some(others);
        others_notice(&new)
    }

    /// Whether another program changed the file since the last check, or else who opened it.
    pub(super) fn check_file(&mut self) -> Result<Loaded> {
        // Every logged write begins a change group; the runner's own are noted as they are
        // made, so a newer group is another program's.
        let last = last_group(&self.store.conn)?;
        let changed = self.seen_group.is_some_and(|g| g != last);
        self.seen_group = Some(last);
        if changed {
            self.warm_due = true;
            if self.as_of() {
                // Another program's change dated on or before the day shows in the view.
                crate::store::asof::enter(&self.store.conn, self.now.date(), &self.config)?;
            }
        }
        // Someone else opening the file is told at the next quiet check (a change has its own
        // message; the newcomers wait for the next second).
        let newcomers = if changed { None } else { self.newcomers() };
        Ok(match newcomers {
            Some(notice) => Loaded::Notice(notice),
            None => Loaded::FileChanged(changed),
        })
    }

    /// Who you are, and the commissioners to choose from when the file does not say yet.
    pub(super) fn load_me(&mut self) -> Result<Loaded> {
        // Who you are was settled at start (`--as`, your config, the file's default).
        let me = self.me()?;
        let commissioners = if me.is_some() {
            Vec::new()
        } else {
            commissioners::names(&self.store.conn)?
        };
        Ok(Loaded::Me {
            me,
            commissioners,
            ask: None,
            notice: None,
        })
    }

    /// `:me`: the commissioners to choose from, the prompt starting on `filter`.
    pub(super) fn choose_me(&mut self, filter: &str) -> Result<Loaded> {
        Ok(Loaded::Me {
            me: self.me()?,
            commissioners: commissioners::names(&self.store.conn)?,
            ask: Some(filter.to_string()),
            notice: None,
        })
    }

    /// You are commissioner `id` from now on: kept in the user's config, not in the file (who
    /// you are is the person's).
    pub(super) fn set_me(&mut self, id: &str) -> Result<Loaded> {
        let name = commissioners::name(&self.store.conn, id)?;
        self.commissioner = Some(id.to_string());
        if let Some(p) = &mut self.presence {
            let _ = p.set_who(&name);
        }
        let notice = match (&self.user_config, self.keep_me) {
            (_, false) => Some(Message::MeSessionOnly),
            (Some(path), true) => crate::config::set_user_me(path, &name)
                .err()
                .map(|e| Message::MeNotSaved(Some(e.to_string()))),
            (None, true) => Some(Message::MeNotSaved(None)),
        };
        Ok(Loaded::Me {
            me: Some((id.to_string(), name)),
            commissioners: Vec::new(),
            ask: None,
            notice,
        })
    }

    /// Who changes are stamped with: (id, name); a commissioner since removed shows its id.
    fn me(&self) -> Result<Option<(String, String)>> {
        let Some(id) = &self.commissioner else {
            return Ok(None);
        };
        let name = commissioners::name_of(&self.store.conn, id)?;
        Ok(Some((id.clone(), name.unwrap_or_else(|| id.clone()))))
    }

    /// `:today`: the view moves to day `d` (the real today: the file's own values).
    pub(super) fn set_today(&mut self, d: Date) -> Result<Loaded> {
        if d == self.real_today {
            // Back to the file's own tables, brought up to the real today.
            crate::store::asof::leave(&self.store.conn)?;
            if self.store.read_only.is_none() {
                derived::refresh(&mut self.store.conn, d, &self.config)?;
            }
        } else {
            // Computed on this connection only: the file and other sessions see nothing.
            crate::store::asof::enter(&self.store.conn, d, &self.config)?;
        }
        self.now = PrimitiveDateTime::new(d, self.now.time());
        Ok(Loaded::Today(self.now))
    }
}

/// Other sessions on the file, to tell about (none: nothing to tell).
fn others_notice(others: &[Session]) -> Option<Message> {
    if others.is_empty() {
        return None;
    }
    Some(Message::OthersOpen {
        sessions: others.to_vec(),
        // Sessions stamp their start with the real clock (not `--today`).
        today: crate::store::format_date(crate::cli::local_now().date()),
        host: presence::host_name(),
    })
}
