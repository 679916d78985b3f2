//! The bureau's assessment of its commissioners (专员考核): per commissioner, over one year (the
//! visit cycle), the enterprises assigned, visits planned / done / overdue against the cadence,
//! requests handled, the median first-response time, 24-hour breaches and the share of red
//! enterprises.
//!
//! Everything is attributed through the enterprise's commissioner, so the figures read as "how
//! are this commissioner's enterprises looked after"; the store attributes each record to the
//! commissioner assigned on its own day (the assignment history), so a past year keeps its
//! figures whatever today's reassignments.

use crate::config::{CadenceConfig, RequestConfig};
use crate::domain::model::{Colour, RequestStatus};
use crate::domain::sla::request_sla;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::{Date, PrimitiveDateTime};

/// A live enterprise: who looks after it and its worst project colour.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseFacts {
    pub id: String,
    pub commissioner_id: Option<String>,
    pub colour: Option<Colour>,
}

/// A visit (planned, done or cancelled).
#[derive(Debug, Clone, PartialEq)]
pub struct VisitFacts {
    pub enterprise_id: String,
    pub planned_on: Option<Date>,
    pub done_on: Option<Date>,
    pub cancelled_on: Option<Date>,
}

/// A request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFacts {
    pub enterprise_id: String,
    pub raised_at: PrimitiveDateTime,
    pub first_response_at: Option<PrimitiveDateTime>,
    pub status: RequestStatus,
    pub closed_at: Option<PrimitiveDateTime>,
}

/// One commissioner's figures for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommissionerFigures {
    /// The commissioner's id; empty on a district's roll-up.
    pub id: String,
    /// The commissioner's name; the district's on its roll-up.
    pub name: String,
    /// The commissioner's district ('' when none is recorded).
    #[serde(default)]
    pub district: String,
    pub enterprises: u32,
    /// Visits the cadence asks for in the year: enterprises × visits per year.
    pub visits_expected: u32,
    /// Visits planned for a day of the year (done or not, not cancelled).
    pub visits_planned: u32,
    /// Visits done in the year.
    pub visits_done: u32,
    /// Planned visits of the year whose day passed (before `today`) without being done.
    pub visits_overdue: u32,
    /// Requests raised in the year.
    pub requests: u32,
    /// Requests raised in the year and closed (resolved or unresolvable).
    pub requests_handled: u32,
    /// Median hours to the first response, over the year's requests that got one.
    pub median_response_hours: Option<f64>,
    /// The year's requests whose first response came, or is still missing, after the SLA.
    pub breaches: u32,
    /// Share (0–1) of the commissioner's enterprises whose worst project is red.
    pub red_share: Option<f64>,
}

impl CommissionerFigures {
    /// Done visits as a share (0–1) of what the cadence asks for.
    pub fn cadence_share(&self) -> Option<f64> {
        (self.visits_expected > 0)
            .then(|| f64::from(self.visits_done) / f64::from(self.visits_expected))
    }
}

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Everything the commissioner figures are computed from.
#[derive(Debug, Clone, Default)]
pub struct CommissionerData {
    /// `(id, name)` of every commissioner, in the order of the result.
    pub commissioners: Vec<(String, String)>,
    /// The live enterprises.
    pub enterprises: Vec<EnterpriseFacts>,
    pub visits: Vec<VisitFacts>,
    pub requests: Vec<RequestFacts>,
}

/// The figures of each commissioner for `year`, as of `now`, in the order of `d.commissioners`.
pub fn commissioner_figures(
    d: &CommissionerData,
    year: i32,
    now: PrimitiveDateTime,
    cadence: &CadenceConfig,
    sla: &RequestConfig,
) -> Vec<CommissionerFigures> {
    let mut tally = Tally::new(&d.commissioners, year, now, cadence, sla);
    let owner: HashMap<&str, usize> = d
        .enterprises
        .iter()
        .filter_map(|e| {
            let slot = tally.slot(e.commissioner_id.as_deref()?)?;
            Some((e.id.as_str(), slot))
        })
        .collect();
    for e in &d.enterprises {
        if let Some(&slot) = owner.get(e.id.as_str()) {
            tally.enterprise(slot, e.colour);
        }
    }
    for v in &d.visits {
        if let Some(&slot) = owner.get(v.enterprise_id.as_str()) {
            tally.visit(slot, v.planned_on, v.done_on, v.cancelled_on);
        }
    }
    for q in &d.requests {
        if let Some(&slot) = owner.get(q.enterprise_id.as_str()) {
            tally.request(slot, q.raised_at, q.first_response_at, q.status);
        }
    }
    tally.finish()
}

/// The commissioner figures counted one record at a time, so that a store can stream its rows
/// into them (each record already attributed to its commissioner's slot) instead of loading them.
pub struct Tally<'a> {
    year: i32,
    now: PrimitiveDateTime,
    sla: &'a RequestConfig,
    visits_per_year: u32,
    index: HashMap<&'a str, usize>,
    out: Vec<CommissionerFigures>,
    red: Vec<u32>,
    hours: Vec<Vec<f64>>,
}

impl<'a> Tally<'a> {
    /// An empty tally for `commissioners` (`(id, name)`, in the order of the result).
    pub fn new(
        commissioners: &'a [(String, String)],
        year: i32,
        now: PrimitiveDateTime,
        cadence: &CadenceConfig,
        sla: &'a RequestConfig,
    ) -> Tally<'a> {
        Tally {
            year,
            now,
            sla,
            visits_per_year: cadence.visits_per_year,
            index: commissioners
                .iter()
                .enumerate()
                .map(|(i, (id, _))| (id.as_str(), i))
                .collect(),
            out: commissioners
                .iter()
                .map(|(id, name)| CommissionerFigures {
                    name: name.clone(),
                    ..empty(id)
                })
                .collect(),
            red: vec![0; commissioners.len()],
            hours: vec![Vec::new(); commissioners.len()],
        }
    }

    /// The slot of a commissioner by id.
    pub fn slot(&self, commissioner_id: &str) -> Option<usize> {
        self.index.get(commissioner_id).copied()
    }

    /// One live enterprise of the commissioner in `slot`.
    pub fn enterprise(&mut self, slot: usize, colour: Option<Colour>) {
        if let Some(f) = self.out.get_mut(slot) {
            f.enterprises += 1;
            if colour == Some(Colour::Red) {
                self.red[slot] += 1;
            }
        }
    }

    /// One visit to an enterprise of the commissioner in `slot`.
    pub fn visit(
        &mut self,
        slot: usize,
        planned_on: Option<Date>,
        done_on: Option<Date>,
        cancelled_on: Option<Date>,
    ) {
        let (year, today) = (self.year, self.now.date());
        let Some(f) = self.out.get_mut(slot) else {
            return;
        };
        if done_on.is_some_and(|d| d.year() == year) {
            f.visits_done += 1;
        }
        if cancelled_on.is_none()
            && let Some(p) = planned_on.filter(|p| p.year() == year)
        {
            f.visits_planned += 1;
            if done_on.is_none() && p < today {
                f.visits_overdue += 1;
            }
        }
    }

    /// One request of an enterprise of the commissioner in `slot`.
    pub fn request(
        &mut self,
        slot: usize,
        raised_at: PrimitiveDateTime,
        first_response_at: Option<PrimitiveDateTime>,
        status: RequestStatus,
    ) {
        if raised_at.year() != self.year {
            return;
        }
        let Some(f) = self.out.get_mut(slot) else {
            return;
        };
        f.requests += 1;
        if !status.is_open() {
            f.requests_handled += 1;
        }
        if let Some(r) = first_response_at {
            self.hours[slot].push(((r - raised_at).as_seconds_f64() / 3600.0).max(0.0));
        }
        if request_sla(raised_at, first_response_at, self.now, self.sla).is_breach() {
            f.breaches += 1;
        }
    }

    /// The figures of each commissioner and of each district's team: `districts[slot]` is the
    /// district of the commissioner in `slot`. A district's figures are its commissioners'
    /// counts added up, with its median over all their responses (not a median of medians).
    pub fn finish_with_districts(mut self, districts: &[String]) -> CommissionerYear {
        let mut order: Vec<&str> = districts.iter().map(String::as_str).collect();
        order.sort_by_cached_key(|d| (crate::text::pinyin_key(d), d.to_string()));
        order.dedup();
        let at: HashMap<&str, usize> = order.iter().enumerate().map(|(i, d)| (*d, i)).collect();
        let mut teams: Vec<(CommissionerFigures, u32, Vec<f64>)> = order
            .iter()
            .map(|d| {
                let team = CommissionerFigures {
                    name: d.to_string(),
                    district: d.to_string(),
                    ..empty("")
                };
                (team, 0, Vec::new())
            })
            .collect();
        for (slot, f) in self.out.iter_mut().enumerate() {
            let district = districts.get(slot).map_or("", String::as_str);
            f.district = district.to_string();
            let Some(team) = at.get(district).and_then(|&i| teams.get_mut(i)) else {
                continue;
            };
            let t = &mut team.0;
            t.enterprises += f.enterprises;
            t.visits_planned += f.visits_planned;
            t.visits_done += f.visits_done;
            t.visits_overdue += f.visits_overdue;
            t.requests += f.requests;
            t.requests_handled += f.requests_handled;
            t.breaches += f.breaches;
            team.1 += self.red[slot];
            team.2.extend_from_slice(&self.hours[slot]);
        }
        let visits_per_year = self.visits_per_year;
        let people = self.finish();
        let districts = teams
            .into_iter()
            .map(|(mut t, red, mut hours)| {
                settle(&mut t, visits_per_year, red, &mut hours);
                t
            })
            .collect();
        CommissionerYear { people, districts }
    }

    /// The figures, in the order of the commissioners given to [`Tally::new`].
    pub fn finish(mut self) -> Vec<CommissionerFigures> {
        for (i, f) in self.out.iter_mut().enumerate() {
            settle(f, self.visits_per_year, self.red[i], &mut self.hours[i]);
        }
        self.out
    }
}

/// A year's figures of each commissioner and of each district's team of commissioners.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CommissionerYear {
    pub people: Vec<CommissionerFigures>,
    /// One roll-up per district, in pinyin order (id empty, name the district's).
    pub districts: Vec<CommissionerFigures>,
}

/// Figures with nothing counted yet.
fn empty(id: &str) -> CommissionerFigures {
    CommissionerFigures {
        id: id.into(),
        name: String::new(),
        district: String::new(),
        enterprises: 0,
        visits_expected: 0,
        visits_planned: 0,
        visits_done: 0,
        visits_overdue: 0,
        requests: 0,
        requests_handled: 0,
        median_response_hours: None,
        breaches: 0,
        red_share: None,
    }
}

/// The figures that follow from the counts: visits expected, the median response, red share.
fn settle(f: &mut CommissionerFigures, visits_per_year: u32, red: u32, hours: &mut [f64]) {
    f.visits_expected = f.enterprises.saturating_mul(visits_per_year);
    f.median_response_hours = median(hours);
    f.red_share = (f.enterprises > 0).then(|| f64::from(red) / f64::from(f.enterprises));
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn e(id: &str, c: Option<&str>, colour: Option<Colour>) -> EnterpriseFacts {
        EnterpriseFacts {
            id: id.into(),
            commissioner_id: c.map(Into::into),
            colour,
        }
    }

    fn v(
        e: &str,
        planned: Option<Date>,
        done: Option<Date>,
        cancelled: Option<Date>,
    ) -> VisitFacts {
        VisitFacts {
            enterprise_id: e.into(),
            planned_on: planned,
            done_on: done,
            cancelled_on: cancelled,
        }
    }

    fn q(
        e: &str,
        raised: PrimitiveDateTime,
        response: Option<PrimitiveDateTime>,
        status: RequestStatus,
    ) -> RequestFacts {
        RequestFacts {
            enterprise_id: e.into(),
            raised_at: raised,
            first_response_at: response,
            status,
            closed_at: None,
        }
    }

    #[test]
    fn figures_on_a_small_pool() {
        let commissioners = vec![
            ("c1".to_string(), "王芳".to_string()),
            ("c2".to_string(), "李强".to_string()),
            ("c3".to_string(), "赵敏".to_string()),
        ];
        // c1 looks after a (red), b (green), c (none); c2 after d (red); c3 after nobody;
        // x has no commissioner.
        let enterprises = vec![
            e("a", Some("c1"), Some(Colour::Red)),
            e("b", Some("c1"), Some(Colour::Green)),
            e("c", Some("c1"), None),
            e("d", Some("c2"), Some(Colour::Red)),
            e("x", None, Some(Colour::Red)),
        ];
        let visits = vec![
            // planned and done in 2026: planned 1, done 1
            v(
                "a",
                Some(date!(2026 - 03 - 01)),
                Some(date!(2026 - 03 - 02)),
                None,
            ),
            // done without a plan: done 1
            v("a", None, Some(date!(2026 - 07 - 10)), None),
            // planned, passed, not done: planned 1, overdue 1
            v("b", Some(date!(2026 - 11 - 01)), None, None),
            // planned for later: planned 1, not overdue
            v("c", Some(date!(2026 - 12 - 05)), None, None),
            // cancelled: nothing
            v(
                "c",
                Some(date!(2026 - 10 - 01)),
                None,
                Some(date!(2026 - 09 - 20)),
            ),
            // last year: nothing for 2026
            v(
                "b",
                Some(date!(2025 - 12 - 01)),
                Some(date!(2025 - 12 - 01)),
                None,
            ),
            // c2: done 1
            v("d", None, Some(date!(2026 - 05 - 05)), None),
            // nobody's enterprise: ignored
            v("x", None, Some(date!(2026 - 05 - 05)), None),
        ];
        let requests = vec![
            // answered after 2 h, resolved
            q(
                "a",
                datetime!(2026-02-01 09:00),
                Some(datetime!(2026-02-01 11:00)),
                RequestStatus::Resolved,
            ),
            // answered after 30 h (breach), in progress
            q(
                "b",
                datetime!(2026-04-01 09:00),
                Some(datetime!(2026-04-02 15:00)),
                RequestStatus::InProgress,
            ),
            // answered after 10 h, unresolvable
            q(
                "c",
                datetime!(2026-06-01 08:00),
                Some(datetime!(2026-06-01 18:00)),
                RequestStatus::Unresolvable,
            ),
            // open since 2 days before now, no answer: breach
            q("a", datetime!(2026-11-19 09:00), None, RequestStatus::Open),
            // last year's: ignored
            q(
                "a",
                datetime!(2025-06-01 09:00),
                Some(datetime!(2025-06-05 09:00)),
                RequestStatus::Resolved,
            ),
            // c2: raised 2 hours ago, still within the SLA
            q("d", datetime!(2026-11-21 07:00), None, RequestStatus::Open),
        ];
        let data = CommissionerData {
            commissioners,
            enterprises,
            visits,
            requests,
        };
        let f = commissioner_figures(
            &data,
            2026,
            datetime!(2026-11-21 09:00),
            &CadenceConfig {
                visits_per_year: 3,
                interval_days: 120,
            },
            &RequestConfig { sla_hours: 24 },
        );
        let c1 = &f[0];
        assert_eq!(c1.enterprises, 3);
        assert_eq!(c1.visits_expected, 9);
        assert_eq!(c1.visits_planned, 3);
        assert_eq!(c1.visits_done, 2);
        assert_eq!(c1.visits_overdue, 1);
        assert_eq!(c1.requests, 4);
        assert_eq!(c1.requests_handled, 2);
        // responses after 2, 30 and 10 hours: median 10
        assert_eq!(c1.median_response_hours, Some(10.0));
        assert_eq!(c1.breaches, 2);
        assert_eq!(c1.red_share, Some(1.0 / 3.0));
        assert_eq!(c1.cadence_share(), Some(2.0 / 9.0));

        let c2 = &f[1];
        assert_eq!(
            (
                c2.enterprises,
                c2.visits_done,
                c2.visits_planned,
                c2.requests
            ),
            (1, 1, 0, 1)
        );
        assert_eq!(c2.median_response_hours, None);
        assert_eq!(c2.breaches, 0);
        assert_eq!(c2.red_share, Some(1.0));

        let c3 = &f[2];
        assert_eq!(c3.enterprises, 0);
        assert_eq!(c3.red_share, None);
        assert_eq!(c3.cadence_share(), None);
    }

    #[test]
    fn a_districts_team_adds_up_its_commissioners_and_takes_the_median_of_all_responses() {
        let people = vec![
            ("c1".to_string(), "王芳".to_string()),
            ("c2".to_string(), "李强".to_string()),
            ("c3".to_string(), "赵敏".to_string()),
        ];
        let cadence = CadenceConfig {
            visits_per_year: 3,
            interval_days: 120,
        };
        let sla = RequestConfig { sla_hours: 24 };
        let now = datetime!(2026-11-21 10:00);
        let mut t = Tally::new(&people, 2026, now, &cadence, &sla);
        // 天山区: c1 (2 enterprises, one red) and c3 (1); 沙依巴克区: c2 (1, red).
        t.enterprise(0, Some(Colour::Red));
        t.enterprise(0, Some(Colour::Green));
        t.enterprise(2, None);
        t.enterprise(1, Some(Colour::Red));
        t.visit(0, None, Some(date!(2026 - 03 - 02)), None);
        t.visit(2, Some(date!(2026 - 11 - 01)), None, None);
        t.visit(2, None, Some(date!(2026 - 06 - 01)), None);
        // Responses after 2 h and 4 h (c1) and 30 h (c3): c1's median is 3, c3's 30, the
        // team's 4 (the middle of 2, 4, 30), not the 16.5 a median of medians would give.
        let at = |h: i64| now - time::Duration::days(30) + time::Duration::hours(h);
        let done = RequestStatus::Resolved;
        t.request(0, at(0), Some(at(2)), done);
        t.request(0, at(0), Some(at(4)), done);
        t.request(2, at(0), Some(at(30)), RequestStatus::Open);
        let districts = [
            "天山区".to_string(),
            "沙依巴克区".to_string(),
            "天山区".into(),
        ];
        let year = t.finish_with_districts(&districts);
        assert_eq!(year.people[0].median_response_hours, Some(3.0));
        assert_eq!(year.people[0].district, "天山区");
        assert_eq!(year.people[1].district, "沙依巴克区");
        // Pinyin order: sha before tian.
        let names: Vec<&str> = year.districts.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["沙依巴克区", "天山区"]);
        let tian = &year.districts[1];
        assert_eq!(tian.id, "");
        assert_eq!(tian.district, "天山区");
        assert_eq!(tian.enterprises, 3);
        assert_eq!(tian.visits_expected, 9);
        assert_eq!(tian.visits_done, 2);
        assert_eq!(tian.visits_planned, 1);
        assert_eq!(tian.visits_overdue, 1);
        assert_eq!(tian.requests, 3);
        assert_eq!(tian.requests_handled, 2);
        assert_eq!(tian.breaches, 1);
        assert_eq!(tian.median_response_hours, Some(4.0));
        assert_eq!(tian.red_share, Some(1.0 / 3.0));
        let sha = &year.districts[0];
        assert_eq!((sha.enterprises, sha.red_share), (1, Some(1.0)));
        assert_eq!(sha.median_response_hours, None);
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }
}
