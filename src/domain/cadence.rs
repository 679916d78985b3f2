//! The visit cadence (走访频次): every enterprise is visited about every `interval_days`.
//!
//! - **overdue**: a planned visit's date passed without the visit being done;
//! - **due**: no visit is planned and the interval since the last visit has run out, counting the
//!   day it runs out; an enterprise never visited is due from the day it entered the pool (its
//!   first visit is owed at once, not one interval later);
//! - **ok**: otherwise (a visit planned for today is still ok).

use crate::config::CadenceConfig;
use crate::domain::model::VisitState;
use serde::Serialize;
use time::Date;

/// What the cadence rule needs to know about an enterprise's visits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitFacts {
    /// The last visit done.
    pub last_done: Option<Date>,
    /// The earliest planned visit not yet done.
    pub next_planned: Option<Date>,
    /// The day the enterprise entered the pool: its first visit is due from that day.
    pub since: Date,
}

/// Where an enterprise stands on the cadence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cadence {
    pub state: VisitState,
    pub last_visit: Option<Date>,
    /// The planned visit if there is one, else `due_on`.
    pub next_visit: Date,
    /// The day the next visit is due: the last visit plus the interval, or `since` when never
    /// visited.
    pub due_on: Date,
}

/// `date` plus `days`, saturating at the ends of the calendar.
fn add_days(date: Date, days: i64) -> Date {
    let julian = i64::from(date.to_julian_day()).saturating_add(days);
    let clamped = julian.clamp(
        i64::from(Date::MIN.to_julian_day()),
        i64::from(Date::MAX.to_julian_day()),
    );
    i32::try_from(clamped)
        .ok()
        .and_then(|j| Date::from_julian_day(j).ok())
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// The visit state as of `today` from the stored visit dates: `planned`, the earliest open
/// planned visit, and `next_visit`, that visit or else the due day (`None`: not known). The one
/// state rule: [`visit_cadence`], the pool index and the store's SQL translation
/// (`store::cadence::VISIT_STATE_SQL`) all follow it.
pub fn visit_state(planned: Option<Date>, next_visit: Option<Date>, today: Date) -> VisitState {
    match (planned, next_visit) {
        (Some(p), _) if p < today => VisitState::Overdue,
        (None, Some(n)) if n <= today => VisitState::Due,
        _ => VisitState::Ok,
    }
}

/// The enterprise's visit state as of `today`.
pub fn visit_cadence(f: &VisitFacts, today: Date, cfg: &CadenceConfig) -> Cadence {
    // The one rule for the due day: the stored `next_visit` (and so `store::cadence::VISIT_STATE_SQL`, the
    // header's 待安排走访 count and every list) is this value.
    let due_on = match f.last_done {
        Some(last) => add_days(last, cfg.interval_days),
        None => f.since,
    };
    Cadence {
        state: visit_state(f.next_planned, Some(due_on), today),
        last_visit: f.last_done,
        next_visit: f.next_planned.unwrap_or(due_on),
        due_on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    fn cfg() -> CadenceConfig {
        CadenceConfig {
            visits_per_year: 3,
            interval_days: 120,
        }
    }

    fn facts(last_done: Option<Date>, next_planned: Option<Date>) -> VisitFacts {
        VisitFacts {
            last_done,
            next_planned,
            since: date!(2026 - 01 - 15),
        }
    }

    fn state(last_done: Option<Date>, next_planned: Option<Date>) -> VisitState {
        visit_cadence(&facts(last_done, next_planned), TODAY, &cfg()).state
    }

    #[test]
    fn due_day_is_last_visit_plus_interval() {
        // 2026-07-24 + 120 days = 2026-11-21.
        let c = visit_cadence(&facts(Some(date!(2026 - 07 - 24)), None), TODAY, &cfg());
        assert_eq!(
            c,
            Cadence {
                state: VisitState::Due,
                last_visit: Some(date!(2026 - 07 - 24)),
                next_visit: TODAY,
                due_on: TODAY,
            }
        );
    }

    #[test]
    fn due_counts_the_day_the_interval_runs_out() {
        assert_eq!(state(Some(date!(2026 - 07 - 24)), None), VisitState::Due);
        assert_eq!(state(Some(date!(2026 - 07 - 25)), None), VisitState::Ok);
        assert_eq!(state(Some(date!(2026 - 01 - 01)), None), VisitState::Due);
    }

    #[test]
    fn never_visited_is_due_from_entering_the_pool() {
        // Entered 2026-09-01, never visited, nothing planned: due since 2026-09-01.
        let mut f = facts(None, None);
        f.since = date!(2026 - 09 - 01);
        let c = visit_cadence(&f, TODAY, &cfg());
        assert_eq!(c.state, VisitState::Due);
        assert_eq!(c.last_visit, None);
        assert_eq!(c.due_on, date!(2026 - 09 - 01));
        assert_eq!(c.next_visit, date!(2026 - 09 - 01));

        // Entering today: due today (the due day counts).
        f.since = TODAY;
        let c = visit_cadence(&f, TODAY, &cfg());
        assert_eq!((c.state, c.due_on), (VisitState::Due, TODAY));

        // Entering tomorrow (an as-of view before the entry): not yet due.
        f.since = date!(2026 - 11 - 22);
        assert_eq!(visit_cadence(&f, TODAY, &cfg()).state, VisitState::Ok);

        // A first visit planned keeps it ok until the planned day passes.
        f.since = date!(2026 - 09 - 01);
        f.next_planned = Some(date!(2026 - 11 - 30));
        let c = visit_cadence(&f, TODAY, &cfg());
        assert_eq!(
            (c.state, c.next_visit),
            (VisitState::Ok, date!(2026 - 11 - 30))
        );

        // Once visited, the interval runs from the visit: 2026-10-05 + 120 days = 2027-02-02.
        f.next_planned = None;
        f.last_done = Some(date!(2026 - 10 - 05));
        let c = visit_cadence(&f, TODAY, &cfg());
        assert_eq!((c.state, c.due_on), (VisitState::Ok, date!(2027 - 02 - 02)));
    }

    #[test]
    fn a_planned_visit_keeps_the_enterprise_ok_until_its_day_passes() {
        let last = Some(date!(2026 - 01 - 01)); // long past due
        assert_eq!(state(last, Some(date!(2026 - 12 - 05))), VisitState::Ok);
        assert_eq!(state(last, Some(TODAY)), VisitState::Ok);
        assert_eq!(
            state(last, Some(date!(2026 - 11 - 20))),
            VisitState::Overdue
        );
        let c = visit_cadence(&facts(last, Some(date!(2026 - 12 - 05))), TODAY, &cfg());
        assert_eq!(c.next_visit, date!(2026 - 12 - 05));
        assert_eq!(c.due_on, date!(2026 - 05 - 01));
    }

    #[test]
    fn a_missed_planned_visit_is_overdue_even_within_the_interval() {
        assert_eq!(
            state(Some(date!(2026 - 11 - 01)), Some(date!(2026 - 11 - 10))),
            VisitState::Overdue
        );
    }

    #[test]
    fn extreme_intervals_do_not_panic() {
        let f = facts(Some(date!(2026 - 11 - 01)), None);
        let huge = CadenceConfig {
            visits_per_year: 0,
            interval_days: i64::MAX,
        };
        let c = visit_cadence(&f, TODAY, &huge);
        assert_eq!((c.state, c.due_on), (VisitState::Ok, Date::MAX));
        let negative = CadenceConfig {
            visits_per_year: 0,
            interval_days: i64::MIN,
        };
        let c = visit_cadence(&f, TODAY, &negative);
        assert_eq!((c.state, c.due_on), (VisitState::Due, Date::MIN));
    }
}
