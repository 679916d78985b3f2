//! The lists' windows: each screen's page, with the whole-list counts and figures kept in the
//! memo while the file does not change.

use super::Runner;
use crate::app::{ListId, Loaded, Rows};
use crate::domain::Pool;
use crate::domain::commissioners::CommissionerYear;
use crate::index::RowUpdate;
use crate::store::bureau::{self, TargetRow};
use crate::store::itinerary::AgendaRow;
use crate::store::listview::ListQuery;
use crate::store::{Result, alerts, certs, history, pool, queries};
use time::{Date, Duration};

impl Runner {
    /// Rows `start..start + len` of a list.
    pub(super) fn fetch(
        &mut self,
        list: ListId,
        start: usize,
        len: usize,
        pool: Pool,
        year: i32,
    ) -> Result<Loaded> {
        let today = self.now.date();
        let (total, rows) = match list {
            ListId::Pool => {
                let (total, rows) = self.rank_page(start, len)?;
                (total, Rows::Pool(rows))
            }
            ListId::Agenda => {
                let until = today.saturating_add(Duration::days(6));
                let known = self.memo()?.totals.get(&list).copied();
                let conn = &self.store.conn;
                let (total, rows) = queries::agenda_page(conn, today, until, known, start, len)?;
                self.memo.totals.insert(list, total);
                let rows = rows.into_iter().map(AgendaRow::Visit).collect();
                (total, Rows::Agenda(rows))
            }
            ListId::Alerts => {
                let (total, rows) = self.alert_page(start, len)?;
                (total, Rows::Alerts(rows))
            }
            ListId::Ranking => {
                let known = self.memo()?.rankings.get(&(pool, year)).copied();
                let conn = &self.store.conn;
                let (total, rows) = queries::ranking_page(conn, pool, year, known, start, len)?;
                self.memo.rankings.insert((pool, year), total);
                (total, Rows::Ranking(rows))
            }
            ListId::Certs => {
                self.memo()?;
                let conn = &self.store.conn;
                let kept = &mut self.memo.certs;
                let (total, rows) = certs::page(conn, today, &self.config, kept, start, len)?;
                (total, Rows::Certs(rows))
            }
            ListId::Requests => {
                let known = self.memo()?.totals.get(&list).copied();
                let conn = &self.store.conn;
                let (total, rows) = queries::request_page(conn, true, known, start, len)?;
                self.memo.totals.insert(list, total);
                (total, Rows::Requests(rows))
            }
            ListId::Commissioners => {
                let rows = self.commissioner_rows(year)?.people;
                (rows.len(), Rows::Commissioners(rows))
            }
            ListId::Targets => {
                let rows = self.target_rows(year)?;
                (rows.len(), Rows::Targets(rows))
            }
            ListId::Review => {
                let rows = self.review_rows()?;
                (rows.len(), Rows::Review(rows))
            }
            ListId::History => return self.history_page(&ListQuery::default(), start, len),
        };
        Ok(Loaded::Page {
            list,
            start,
            total,
            rows,
        })
    }

    /// A window of the History list as `view` shows it: the view's span (its length, the log's
    /// range it covers) is read once and kept in the memo while the file does not change, so a
    /// key reads only the rows it shows.
    pub(super) fn history_page(
        &mut self,
        view: &ListQuery,
        start: usize,
        len: usize,
    ) -> Result<Loaded> {
        let today = self.now.date();
        let known = self.memo()?.history.get(view).copied();
        let conn = &self.store.conn;
        let span = match known {
            Some(s) => s,
            None => history::span(conn, view, today)?,
        };
        self.memo.history.insert(view.clone(), span);
        let rows = history::page(&self.store.conn, view, today, span, start, len)?;
        Ok(Loaded::Page {
            list: ListId::History,
            start,
            total: span.total,
            rows: Rows::History(rows),
        })
    }

    /// A window of the Pool screen in rank order, read by SQL while its index loads: the live
    /// and ranked counts are kept in the memo.
    fn rank_page(&mut self, start: usize, len: usize) -> Result<(usize, Vec<RowUpdate>)> {
        let counts = match self.memo()?.pool_counts {
            Some(c) => c,
            None => pool::rank_counts(&self.store.conn)?,
        };
        self.memo.pool_counts = Some(counts);
        let (total, ranked) = counts;
        Ok((
            total,
            pool::rank_page(&self.store.conn, ranked, start, len)?,
        ))
    }

    /// A window of the Alerts list (`store::alerts::lines`), from the memo's counts and anchors.
    pub(super) fn alert_page(
        &mut self,
        start: usize,
        len: usize,
    ) -> Result<(usize, Vec<alerts::AlertLine>)> {
        self.memo()?;
        let (conn, today) = (&self.store.conn, self.now.date());
        let kept = &mut self.memo.alerts;
        alerts::lines(conn, today, &self.config, None, kept, start, len)
    }

    /// Planned visits per day of the month of `day` (the Agenda's calendar).
    pub(super) fn calendar(&mut self, day: Date) -> Result<Loaded> {
        let month = day.replace_day(1).unwrap_or(day);
        let known = match &self.memo()?.calendar {
            Some((m, days)) if *m == month => Some(days.clone()),
            _ => None,
        };
        let days = match known {
            Some(d) => d,
            None => queries::planned_per_day(&self.store.conn, month)?,
        };
        self.memo.calendar = Some((month, days.clone()));
        Ok(Loaded::Calendar(days))
    }

    /// The year's figures of each commissioner and each district's team.
    pub(super) fn commissioner_rows(&mut self, year: i32) -> Result<CommissionerYear> {
        if let Some((y, rows)) = &self.memo()?.commissioners
            && *y == year
        {
            return Ok(rows.clone());
        }
        let (_, rows) =
            bureau::commissioner_summary(&self.store.conn, year, self.now, &self.config)?;
        self.memo()?.commissioners = Some((year, rows.clone()));
        Ok(rows)
    }

    pub(super) fn target_rows(&mut self, year: i32) -> Result<Vec<TargetRow>> {
        if let Some((y, rows)) = &self.memo()?.targets
            && *y == year
        {
            return Ok(rows.clone());
        }
        let (_, rows) = bureau::target_summary(&self.store.conn, year, self.now.date())?;
        self.memo()?.targets = Some((year, rows.clone()));
        Ok(rows)
    }
}
