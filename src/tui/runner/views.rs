//! views: the person's saved views and last view, read and written for the one at the keyboard
//! (the commissioner changes are stamped with; nobody chosen has views of their own).

use super::Runner;
use crate::app::Loaded;
use crate::app::saved_views::{NamedView, View, ViewsEffect, ViewsLoaded};
use crate::store::{Result, saved_views};

impl Runner {
    pub(super) fn views(&mut self, effect: &ViewsEffect) -> Result<Loaded> {
        let owner = self.commissioner.clone();
        let owner = owner.as_deref();
        let conn = &self.store.conn;
        let loaded = match effect {
            ViewsEffect::Start => ViewsLoaded::Start {
                views: self.named_views(owner)?,
                last: saved_views::last(conn, owner)?
                    .as_deref()
                    .and_then(View::decode),
            },
            ViewsEffect::List => ViewsLoaded::List(self.named_views(owner)?),
            ViewsEffect::Save { name, view } => {
                self.store.writable()?;
                let replaced = saved_views::save(conn, owner, name, &view.encode())?;
                ViewsLoaded::Saved {
                    name: name.clone(),
                    replaced,
                    views: self.named_views(owner)?,
                }
            }
            ViewsEffect::Delete(name) => {
                self.store.writable()?;
                saved_views::delete(conn, owner, name)?;
                ViewsLoaded::Deleted {
                    name: name.clone(),
                    views: self.named_views(owner)?,
                }
            }
            ViewsEffect::Last(view) => {
                self.store.writable()?;
                match saved_views::set_last(conn, owner, &view.encode()) {
                    Ok(()) => ViewsLoaded::Kept,
                    // Another program is writing: kept at a later tick, without a word (the
                    // person asked for nothing).
                    Err(e) if e.is_busy() => ViewsLoaded::NotKept,
                    Err(e) => return Err(e),
                }
            }
        };
        Ok(Loaded::Views(loaded))
    }

    /// The person's views that this version can show (one written by a newer version with a
    /// screen this one lacks is left out, and kept in the file).
    fn named_views(&self, owner: Option<&str>) -> Result<Vec<NamedView>> {
        Ok(saved_views::list(&self.store.conn, owner)?
            .into_iter()
            .filter_map(|s| {
                Some(NamedView {
                    view: View::decode(&s.body)?,
                    name: s.name,
                })
            })
            .collect())
    }
}
