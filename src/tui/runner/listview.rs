//! The lists shown sorted or filtered (`store::listview`): the ordered keys of the whole list
//! are read once per view and kept in the memo while the file does not change; each window
//! then reads its rows by key. The lists loaded whole are sorted and filtered as rows.

use super::Runner;
use crate::app::{ListId, Loaded, Rows};
use crate::domain::Pool;
use crate::store::listview::{self, Key, ListBase, ListQuery};
use crate::store::{
    Result, agenda, alerts, bureau, certs, commissioners, ranking, requests, targets,
};
use std::collections::HashMap;
use time::Duration;

/// Per list, the pool and year it was read for, the list read whole, and the view last shown
/// with its keys (a window of it reads those, not the list).
pub(super) type ViewKeys = HashMap<ListId, ((Pool, i32), ListBase, Option<(ListQuery, Vec<Key>)>)>;

impl Runner {
    /// Rows `start..start + len` of a list as `view` shows it (its own queries when the view is
    /// the list's own order). `pool` and `year`: the Ranking's pool, the list's year.
    pub(super) fn fetch_view(
        &mut self,
        list: ListId,
        view: &ListQuery,
        start: usize,
        len: usize,
        (pool, year): (Pool, i32),
    ) -> Result<Loaded> {
        // history: the log is never read whole; its views page by SQL.
        if list == ListId::History {
            return self.history_page(view, start, len);
        }
        if view.is_default() {
            return self.fetch(list, start, len, pool, year);
        }
        let rows = match list {
            ListId::Commissioners => {
                let year = self.commissioner_rows(year)?;
                let rows = if view.rolled_up {
                    year.districts
                } else {
                    year.people
                };
                let rows = listview::apply(rows, view);
                return Ok(whole(list, Rows::Commissioners(rows)));
            }
            ListId::Targets => {
                let rows = self.target_rows(year)?;
                let rows = if view.rolled_up {
                    bureau::target_totals(&rows)
                } else {
                    rows
                };
                return Ok(whole(list, Rows::Targets(listview::apply(rows, view))));
            }
            _ => self.view_window(list, view, (start, len), (pool, year))?,
        };
        Ok(rows)
    }

    /// A window of a paged list as `view` shows it, from its kept keys.
    fn view_window(
        &mut self,
        list: ListId,
        view: &ListQuery,
        (start, len): (usize, usize),
        (pool, year): (Pool, i32),
    ) -> Result<Loaded> {
        let today = self.now.date();
        // The memo is emptied first when the file changed.
        self.memo()?;
        let read = matches!(self.memo.views.get(&list), Some((at, _, _)) if *at == (pool, year));
        if !read {
            let conn = &self.store.conn;
            let base = match list {
                ListId::Agenda => {
                    let until = today.saturating_add(Duration::days(6));
                    agenda::agenda_base(conn, today, until)?
                }
                ListId::Alerts => alerts::alert_base(conn, today)?,
                ListId::Ranking => ranking::ranking_base(conn, pool, year)?,
                ListId::Certs => certs::cert_base(conn, today, &self.config)?,
                _ => requests::request_base(conn)?,
            };
            self.memo.views.insert(list, ((pool, year), base, None));
        }
        let Some((_, base, shown)) = self.memo.views.get_mut(&list) else {
            return Ok(Loaded::Page {
                list,
                start,
                total: 0,
                rows: Rows::Requests(Vec::new()),
            });
        };
        if shown.as_ref().is_none_or(|(v, _)| v != view) {
            *shown = Some((view.clone(), base.keys(view)));
        }
        let keys = shown.as_ref().map_or(&[][..], |(_, k)| k.as_slice());
        let total = keys.len();
        let window = &keys[start.min(total)..start.saturating_add(len).min(total)];
        let conn = &self.store.conn;
        let rows = match list {
            ListId::Agenda => Rows::Agenda(
                agenda::agenda_rows(conn, today, window)?
                    .into_iter()
                    .map(crate::store::itinerary::AgendaRow::Visit)
                    .collect(),
            ),
            ListId::Alerts => {
                Rows::Alerts(alerts::alert_lines_of(conn, today, &self.config, window)?)
            }
            ListId::Ranking => Rows::Ranking(ranking::ranking_rows(conn, window)?),
            ListId::Certs => Rows::Certs(certs::cert_lines_of(conn, today, &self.config, window)?),
            _ => Rows::Requests(requests::request_rows(conn, window)?),
        };
        Ok(Loaded::Page {
            list,
            start,
            total,
            rows,
        })
    }

    /// The years a list offers (Commissioners, Targets; others: this year).
    pub(super) fn list_years(&mut self, list: ListId) -> Result<Loaded> {
        let (conn, this_year) = (&self.store.conn, self.now.date().year());
        let years = match list {
            ListId::Commissioners => commissioners::years(conn, this_year)?,
            ListId::Targets => targets::years(conn, this_year)?,
            _ => vec![this_year],
        };
        Ok(Loaded::ListYears(list, years))
    }
}

/// A list loaded whole, as one page.
fn whole(list: ListId, rows: Rows) -> Loaded {
    let total = match &rows {
        Rows::Commissioners(r) => r.len(),
        Rows::Targets(r) => r.len(),
        _ => 0,
    };
    Loaded::Page {
        list,
        start: 0,
        total,
        rows,
    }
}
