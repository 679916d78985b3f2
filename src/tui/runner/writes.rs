//! Writing: saving an edit, undo and redo, and the pre-visit brief's file.

use super::Runner;
use crate::app::{Loaded, Message};
use crate::store::changes::{self, Group, Undo};
use crate::store::edit::{self, Edit, EditContext};
use crate::store::{Result, pool, queries};
use time::Duration;

impl Runner {
    /// Saves an edit (and clears its draft); the rows it changed come back.
    pub(super) fn save(&mut self, edit: &Edit, draft_id: &str) -> Result<Loaded> {
        let ctx = EditContext {
            commissioner: self.commissioner.as_deref(),
            now: self.now,
            config: &self.config,
        };
        let applied = match edit::apply_from_draft(&mut self.store.conn, &ctx, edit, Some(draft_id))
        {
            Ok(applied) => applied,
            // Another program is writing: the app tries again at its next tick.
            Err(e) if e.is_busy() => return Ok(Loaded::SaveBusy),
            Err(e) => return Ok(Loaded::SaveFailed(Message::store(e))),
        };
        // Who you are is kept by name: renaming yourself keeps you yourself.
        if let Edit::SaveCommissioner {
            id: Some(id), name, ..
        } = edit
            && self.keep_me
            && self.commissioner.as_deref() == Some(id.as_str())
            && let Some(path) = &self.user_config
        {
            let _ = crate::config::set_user_me(path, name.trim());
        }
        let conn = &self.store.conn;
        let rows = pool::load_rows(conn, std::slice::from_ref(&applied.enterprise_id))?;
        let agenda_position = match edit {
            Edit::MoveVisit { visit_id, .. } => {
                let until = self.now.date().saturating_add(Duration::days(6));
                queries::agenda_position(conn, visit_id, until)?
            }
            _ => None,
        };
        Ok(Loaded::Saved {
            message: Message::Saved(applied.label),
            rows,
            removed: Vec::new(),
            agenda_position,
            reindex: matches!(edit, Edit::SaveCommissioner { .. }),
        })
    }

    /// Undoes your latest change (`confirmed`: someone else's group the user agreed to undo).
    pub(super) fn undo(&mut self, confirmed: Option<i64>) -> Result<Loaded> {
        let (who, today) = (self.commissioner.clone(), self.now.date());
        let conn = &mut self.store.conn;
        match changes::undo_own(conn, who.as_deref(), confirmed, today, &self.config)? {
            Undo::Done(g) => self.undone(g, Message::Undone),
            Undo::Nothing => Ok(Loaded::Error(Message::NothingToUndo)),
            // Someone else's: nothing done, ask first (naming whose it is).
            Undo::NotYours(g) => Ok(Loaded::UndoNotYours {
                group: g.id,
                question: Message::UndoOthers {
                    commissioner: g.commissioner,
                    commissioner_id: g.commissioner_id,
                    label: g.label,
                },
            }),
        }
    }

    /// Redoes the latest change undone.
    pub(super) fn redo(&mut self) -> Result<Loaded> {
        let (who, today) = (self.commissioner.clone(), self.now.date());
        let conn = &mut self.store.conn;
        match changes::redo(conn, who.as_deref(), today, &self.config)? {
            Some(g) => self.undone(g, Message::Redone),
            None => Ok(Loaded::Error(Message::NothingToRedo)),
        }
    }

    /// The rows an undone (or redone) change group touched, read again.
    fn undone(&self, g: Group, said: fn(String) -> Message) -> Result<Loaded> {
        let conn = &self.store.conn;
        let ids = changes::group_enterprises(conn, g.id)?;
        let rows = pool::load_rows(conn, &ids)?;
        let removed = ids
            .into_iter()
            .filter(|id| !rows.iter().any(|r| &*r.row.id == id))
            .collect();
        Ok(Loaded::Saved {
            message: said(g.label),
            rows,
            removed,
            agenda_position: None,
            reindex: changes::group_touches_commissioners(conn, g.id)?,
        })
    }

    /// Writes the enterprise's pre-visit brief to its default file.
    pub(super) fn write_brief(&self, id: &str) -> Result<Loaded> {
        let conn = &self.store.conn;
        let text = crate::cli::brief::text(conn, id, self.now, &self.config, self.lang);
        let name = pool::name_of(conn, id)?;
        Ok(match (text, name) {
            (Ok(md), Some(name)) => {
                let today = self.now.date();
                let path = crate::cli::brief::default_path(&name, today, &self.config, self.lang);
                match crate::interchange::write_atomically(&path, md.as_bytes()) {
                    Ok(()) => Loaded::Notice(Message::BriefWritten(path)),
                    Err(e) => Loaded::Error(Message::Plain(e.to_string())),
                }
            }
            (Err(e), _) => Loaded::Error(Message::Plain(format!("{e:#}"))),
            (_, None) => Loaded::Error(Message::EnterpriseNotFound(id.to_string())),
        })
    }
}
