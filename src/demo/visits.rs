//! Visits on the ~120-day cadence over three years, and the enterprise's requests of the past
//! year with their 24-hour first-response clock.

use super::enterprise::Ent;
use super::{Gen, Stmts};
use crate::domain::{RequestCategory, RequestStatus, VisitMode};
use crate::store::StoreError;
use rusqlite::params;

/// Today 09:00, in minutes from today 00:00: the moment the demo pool is "looked at".
const NOW: i64 = 9 * 60;
const DAY: i64 = 24 * 60;

/// Where an enterprise stands on the cadence today.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cadence {
    /// Visited recently, next visit planned.
    Planned,
    /// Visited recently, nothing planned yet.
    Recent,
    /// Last visit more than 120 days ago, nothing planned.
    Due,
    /// A planned visit's day passed without the visit.
    Overdue,
}

impl Gen<'_> {
    pub(super) fn visits(&mut self, st: &mut Stmts<'_>, e: &Ent) -> Result<(), StoreError> {
        let w = self.w;
        self.recent_visits.clear();
        let cadence = match self.rng.u32(..100) {
            0..68 => Cadence::Planned,
            68..80 => Cadence::Recent,
            80..90 => Cadence::Due,
            _ => Cadence::Overdue,
        };
        let last_done = match cadence {
            Cadence::Planned => -self.between(5, 115),
            Cadence::Recent => -self.between(0, 100),
            Cadence::Due => -self.between(121, 240),
            Cadence::Overdue => -self.between(60, 200),
        };
        let earliest = (e.founded + 20).max(-1095 - self.between(0, 60));
        // The done visits, newest first.
        let mut done_days = [0i32; 16];
        let mut n = 0;
        let mut t = last_done;
        while t >= earliest && n < done_days.len() {
            done_days[n] = t;
            n += 1;
            t -= self.between(100, 140);
        }
        let cancel_at = if n > 1 && self.pct(4) {
            Some(self.rng.usize(1..n))
        } else {
            None
        };
        let commissioner = self.commissioners.get(e.commissioner).map(|c| c.id);
        let commissioner = commissioner.as_ref().map(super::id_str);
        for k in (0..n).rev() {
            let day = done_days[k];
            if cancel_at == Some(k) {
                // A visit planned some weeks before this one, then cancelled.
                let planned = day - self.between(20, 50);
                let cancelled = planned - self.between(0, 5);
                let mode = self.mode().code();
                let mut id = [0u8; 26];
                let id = self.id().array_to_str(&mut id);
                st.visit.execute(params![
                    &*id,
                    e.id(),
                    self.days.get(planned),
                    None::<&str>,
                    self.days.get(cancelled),
                    mode,
                    commissioner,
                    "",
                    "",
                    self.stamp,
                ])?;
                self.summary.visits += 1;
            }
            let planned = if self.pct(55) {
                Some(day + self.between(-7, 3))
            } else {
                None
            };
            let visit = self.id();
            let mut id = [0u8; 26];
            let id = visit.array_to_str(&mut id);
            let attendees = self.pick(&w.attendees);
            let notes = self.pick(&w.visit_notes);
            let mode = self.mode().code();
            st.visit.execute(params![
                &*id,
                e.id(),
                self.days.opt(planned),
                self.days.get(day),
                None::<&str>,
                mode,
                commissioner,
                attendees,
                notes,
                self.stamp,
            ])?;
            self.summary.visits += 1;
            if day >= -364 {
                self.recent_visits.push((visit, day));
            }
        }
        let open_plan = match cadence {
            Cadence::Planned => Some(self.between(0, 60)),
            Cadence::Overdue => Some(-self.between(1, 45)),
            Cadence::Recent | Cadence::Due => None,
        };
        if let Some(planned) = open_plan {
            let mut id = [0u8; 26];
            let id = self.id().array_to_str(&mut id);
            let mode = self.mode().code();
            st.visit.execute(params![
                &*id,
                e.id(),
                self.days.get(planned),
                None::<&str>,
                None::<&str>,
                mode,
                commissioner,
                "",
                "",
                self.stamp,
            ])?;
            self.summary.visits += 1;
        }
        Ok(())
    }

    fn mode(&mut self) -> VisitMode {
        VisitMode::ALL[self.weighted(&[60, 25, 15])]
    }

    /// 1–3 requests raised in the past year, some during a visit.
    pub(super) fn requests(&mut self, st: &mut Stmts<'_>, e: &Ent) -> Result<(), StoreError> {
        let w = self.w;
        let count = 1 + self.weighted(&[45, 35, 20]);
        for r in 0..count {
            let category = RequestCategory::ALL[self.weighted(&[25, 20, 10, 12, 13, 12, 8])];
            let texts = &w.requests[category as usize];
            let text = self.pick(texts);
            let mut visit = None;
            let mut raised = if !self.recent_visits.is_empty() && self.pct(35) {
                let (id, day) = self.recent_visits[self.rng.usize(..self.recent_visits.len())];
                visit = Some(id);
                i64::from(day) * DAY + i64::from(self.between(10 * 60, 16 * 60))
            } else {
                i64::from(-self.between(0, 364)) * DAY + i64::from(self.between(8 * 60, 19 * 60))
            };
            if raised > NOW {
                raised -= DAY;
            }
            // Small pools still show a request within its 24 hours and one past them.
            let forced_open = match (e.index, r) {
                (1, 0) => {
                    raised = -DAY + 15 * 60 + 30;
                    visit = None;
                    true
                }
                (2, 0) => {
                    raised = -5 * DAY + 10 * 60;
                    visit = None;
                    true
                }
                _ => false,
            };
            let unanswered = forced_open || self.pct(4);
            if unanswered && !forced_open && visit.is_none() && self.pct(70) {
                // Most requests still waiting for an answer are recent.
                raised = i64::from(-self.between(0, 20)) * DAY
                    + i64::from(self.between(8 * 60, 19 * 60));
                if raised > NOW {
                    raised -= DAY;
                }
            }
            let mut response = None;
            let mut closed = None;
            let mut status = RequestStatus::Open;
            if !unanswered {
                let delay = if self.pct(88) {
                    self.between_i64(5, DAY)
                } else {
                    self.between_i64(DAY + 1, 6 * DAY)
                };
                let mut at = raised + delay;
                // Nobody answers at night: a reply due before 07:00 comes after 08:00.
                let minute = at.rem_euclid(DAY);
                if minute < 7 * 60 {
                    at += 8 * 60 - minute + self.between_i64(0, 59);
                }
                if at <= NOW {
                    response = Some(at);
                    status = RequestStatus::InProgress;
                    // Most are closed within a month; requests older than two months all are.
                    if raised < NOW - 60 * DAY || self.pct(70) {
                        let done = at + self.between_i64(60, 30 * DAY);
                        if done <= NOW {
                            closed = Some(done);
                            status = if self.pct(85) {
                                RequestStatus::Resolved
                            } else {
                                RequestStatus::Unresolvable
                            };
                        }
                    }
                }
            }
            let resolution = match status {
                RequestStatus::Resolved => Some(self.pick(&w.resolved)),
                RequestStatus::Unresolvable => Some(self.pick(&w.unresolvable)),
                RequestStatus::Open | RequestStatus::InProgress => None,
            };
            let mut id = [0u8; 26];
            let id = self.id().array_to_str(&mut id);
            let mut vid = [0u8; 26];
            let vid = visit.map(|v| &*v.array_to_str(&mut vid));
            st.request.execute(params![
                &*id,
                e.id(),
                vid,
                self.datetime(raised),
                category.code(),
                text,
                response.map(|t| self.datetime(t)),
                status.code(),
                closed.map(|t| self.datetime(t)),
                resolution,
                self.stamp,
            ])?;
            self.summary.requests += 1;
        }
        Ok(())
    }
}
