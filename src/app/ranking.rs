//! The Ranking screen: one pool's ranking of one year, a window at a time.

use super::cursor::{At, ListCursor, PagedRow, Window};
use super::paged::Paged;
use super::{App, Effect, ListId};
use crate::domain::Pool;
use crate::store::queries::RankRow;
use time::Date;

/// The Ranking screen: which pool and year, and the list.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingState {
    pub pool: Pool,
    pub year: i32,
    pub years: Vec<i32>,
    pub list: Paged<RankRow>,
}

impl RankingState {
    /// The Hte pool's ranking, of this year until the ranked years are known.
    pub fn new(today: Date) -> RankingState {
        RankingState {
            pool: Pool::Hte,
            year: today.year(),
            years: Vec::new(),
            list: Paged::default(),
        }
    }

    /// The next pool (its ranked years are read again).
    pub fn next_pool(&mut self, fx: &mut Vec<Effect>) {
        let i = Pool::ALL.iter().position(|p| *p == self.pool).unwrap_or(0);
        self.pool = Pool::ALL[(i + 1) % Pool::ALL.len()];
        self.list = Paged::default();
        fx.push(Effect::LoadRankYears(self.pool));
    }

    /// The next (or previous) ranked year; from an unranked year, the latest.
    pub fn step_year(&mut self, forward: bool) {
        let years = &self.years;
        let i = years.iter().position(|y| *y == self.year);
        let next = match (i, forward) {
            (Some(i), true) => years.get(i + 1),
            (Some(i), false) => i.checked_sub(1).and_then(|j| years.get(j)),
            (None, _) => years.last(),
        };
        if let Some(&y) = next {
            self.year = y;
            self.list = Paged::default();
        }
    }
}

impl PagedRow for RankRow {
    const LIST: ListId = ListId::Ranking;

    fn enterprise_id(&self) -> Option<String> {
        Some(self.enterprise_id.clone())
    }
}

impl ListCursor for RankingState {
    fn at(&self) -> At {
        self.list.at()
    }

    fn set_at(&mut self, selected: usize, scroll: usize) {
        self.list.set_at(selected, scroll)
    }

    /// Nothing is read before the ranked years are known.
    fn fetch(&self, rows: usize) -> Option<Window> {
        if self.years.is_empty() {
            return None;
        }
        self.list.fetch(rows)
    }

    fn enterprise_id(&self) -> Option<String> {
        self.list.enterprise_id()
    }
}

impl App {
    /// The ranked years of a pool arrived: the latest is shown.
    pub(super) fn loaded_rank_years(&mut self, pool: Pool, years: Vec<i32>) {
        if pool == self.ranking.pool {
            self.ranking.year = years.last().copied().unwrap_or(self.today().year());
            self.ranking.years = years;
            self.ranking.list = Paged::default();
        }
    }
}
