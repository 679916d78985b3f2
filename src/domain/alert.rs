//! The project alert colour (三色预警), computed from a project's milestones and dates as of a day.
//!
//! - **red**: an open milestone's planned date is before today, or the (extended) end date is
//!   before today and acceptance has not been passed. Applying for acceptance does not prevent
//!   red once the end date has passed: only a passed acceptance does (the project is late until
//!   it is accepted, whoever is holding it up).
//! - **yellow**: not red, and an open milestone is due within `milestone_due_days` (a milestone
//!   due today is yellow, not red); or the share of time elapsed exceeds the share of milestones
//!   done by more than `lag_points` (skipped for a project without milestones); or the end date is
//!   within `end_warning_days` and acceptance was not applied for; or a risk is flagged.
//! - **green**: otherwise; a project whose acceptance was passed is green and no longer active.
//!
//! Each alert carries every reason that applies at its colour, and the first later day on which
//! the colour or the set of reasons could change with the same data (`valid_until`), so stored
//! alerts only need recomputing once that day comes.

use crate::config::AlertConfig;
use crate::domain::model::Colour;
use serde::{Deserialize, Serialize};
use time::Date;

/// One dated step of a project plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneFacts {
    pub name: String,
    pub planned: Date,
    pub done: Option<Date>,
}

/// What the alert rules need to know about a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFacts {
    pub start: Date,
    pub planned_end: Date,
    pub extended_end: Option<Date>,
    pub acceptance_applied: Option<Date>,
    pub acceptance_passed: Option<Date>,
    /// The commissioner's risk note; an empty or blank note is no flag.
    pub risk_flag: Option<String>,
    pub milestones: Vec<MilestoneFacts>,
}

impl ProjectFacts {
    /// The end date in force: the extended end if there is one, else the planned end.
    pub fn end(&self) -> Date {
        self.extended_end.unwrap_or(self.planned_end)
    }

    /// Whether the project is still running (its acceptance has not been passed).
    pub fn is_active(&self) -> bool {
        self.acceptance_passed.is_none()
    }
}

/// Why a project has its colour. Day counts and percentages are as of the day computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertReason {
    /// Red: an open milestone's planned date has passed.
    MilestoneLate {
        name: String,
        due: Date,
        days_late: i64,
    },
    /// Red: the end date has passed without a passed acceptance.
    EndPassed { end: Date, days_late: i64 },
    /// Yellow: an open milestone is due within the warning window (0 = today).
    MilestoneSoon {
        name: String,
        due: Date,
        days_left: i64,
    },
    /// Yellow: the share of time elapsed is ahead of the share of milestones done (percent).
    Behind { elapsed_pct: f64, done_pct: f64 },
    /// Yellow: the end date is near and acceptance was not applied for (0 = today).
    EndNear { end: Date, days_left: i64 },
    /// Yellow: the commissioner flagged a risk.
    RiskFlagged { note: String },
    /// The commissioner overrode the computed colour.
    Overridden { colour: Colour, reason: String },
    /// Green: nothing to warn about; the next open milestone, if any.
    OnSchedule { next: Option<(String, Date)> },
    /// Green: acceptance passed on that day.
    Accepted { on: Date },
}

/// A project's colour with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub colour: Colour,
    /// Every reason that applies at `colour`, most important first; never empty.
    pub reasons: Vec<AlertReason>,
    /// The first day after the day computed on which, with the same data, the colour or the set
    /// of reasons (not their day counts) changes; `None` when only a change of data can change it.
    pub valid_until: Option<Date>,
}

/// The day `n` days after (or before, for negative `n`) `date`; `None` outside the calendar.
fn add_days(date: Date, n: i64) -> Option<Date> {
    let julian = i64::from(date.to_julian_day()).checked_add(n)?;
    Date::from_julian_day(i32::try_from(julian).ok()?).ok()
}

/// The day `n` days before `date`; `None` outside the calendar.
fn sub_days(date: Date, n: i64) -> Option<Date> {
    add_days(date, n.checked_neg()?)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> i64 {
    i64::from(to.to_julian_day()) - i64::from(from.to_julian_day())
}

/// The share of `[start, end]` elapsed on `day`, in percent (0–100).
fn elapsed_pct(start: Date, end: Date, day: Date) -> f64 {
    let span = days_between(start, end);
    if span <= 0 {
        return if day >= end { 100.0 } else { 0.0 };
    }
    let elapsed = days_between(start, day).clamp(0, span);
    elapsed as f64 * 100.0 / span as f64
}

/// The share of milestones done, in percent; `None` without milestones.
fn done_pct(milestones: &[MilestoneFacts]) -> Option<f64> {
    if milestones.is_empty() {
        return None;
    }
    let done = milestones.iter().filter(|m| m.done.is_some()).count();
    Some(done as f64 * 100.0 / milestones.len() as f64)
}

/// The lag rule on `day`: `Some((elapsed, done))` when time is ahead of the work done.
fn behind_on(p: &ProjectFacts, day: Date, cfg: &AlertConfig) -> Option<(f64, f64)> {
    let done = done_pct(&p.milestones)?;
    let elapsed = elapsed_pct(p.start, p.end(), day);
    (elapsed - done > cfg.lag_points).then_some((elapsed, done))
}

/// The non-blank risk note, if any.
fn risk_note(p: &ProjectFacts) -> Option<&str> {
    p.risk_flag
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

/// The project's colour as of `today`, with its reasons and how long it holds.
pub fn project_alert(p: &ProjectFacts, today: Date, cfg: &AlertConfig) -> Alert {
    if let Some(on) = p.acceptance_passed {
        return Alert {
            colour: Colour::Green,
            reasons: vec![AlertReason::Accepted { on }],
            valid_until: None,
        };
    }
    let end = p.end();
    let mut open: Vec<&MilestoneFacts> = p.milestones.iter().filter(|m| m.done.is_none()).collect();
    open.sort_by_key(|m| m.planned);

    let (colour, reasons) = colour_and_reasons(p, &open, end, today, cfg);
    let valid_until = next_change(p, &open, end, today, cfg, colour);
    Alert {
        colour,
        reasons,
        valid_until,
    }
}

/// The rules proper, for an active project. `open` is sorted by planned date.
fn colour_and_reasons(
    p: &ProjectFacts,
    open: &[&MilestoneFacts],
    end: Date,
    today: Date,
    cfg: &AlertConfig,
) -> (Colour, Vec<AlertReason>) {
    // Red: the end passed (the whole project is late), then late milestones, most late first.
    let mut red = Vec::new();
    if end < today {
        red.push(AlertReason::EndPassed {
            end,
            days_late: days_between(end, today),
        });
    }
    red.extend(
        open.iter()
            .filter(|m| m.planned < today)
            .map(|m| AlertReason::MilestoneLate {
                name: m.name.clone(),
                due: m.planned,
                days_late: days_between(m.planned, today),
            }),
    );
    if !red.is_empty() {
        return (Colour::Red, red);
    }

    // Yellow: milestones due soon (earliest first), the lag, the end near, a flagged risk.
    let mut yellow: Vec<AlertReason> = open
        .iter()
        .map(|m| (m, days_between(today, m.planned)))
        .filter(|(_, left)| *left <= cfg.milestone_due_days)
        .map(|(m, days_left)| AlertReason::MilestoneSoon {
            name: m.name.clone(),
            due: m.planned,
            days_left,
        })
        .collect();
    if let Some((elapsed_pct, done_pct)) = behind_on(p, today, cfg) {
        yellow.push(AlertReason::Behind {
            elapsed_pct,
            done_pct,
        });
    }
    let end_left = days_between(today, end);
    if p.acceptance_applied.is_none() && end_left <= cfg.end_warning_days {
        yellow.push(AlertReason::EndNear {
            end,
            days_left: end_left,
        });
    }
    if let Some(note) = risk_note(p) {
        yellow.push(AlertReason::RiskFlagged {
            note: note.to_string(),
        });
    }
    if !yellow.is_empty() {
        return (Colour::Yellow, yellow);
    }

    let next = open.first().map(|m| (m.name.clone(), m.planned));
    (Colour::Green, vec![AlertReason::OnSchedule { next }])
}

/// The first day after `today` on which the colour or the set of reasons changes.
fn next_change(
    p: &ProjectFacts,
    open: &[&MilestoneFacts],
    end: Date,
    today: Date,
    cfg: &AlertConfig,
    colour: Colour,
) -> Option<Date> {
    let mut changes: Vec<Option<Date>> = Vec::new();
    // Red reasons are added whatever the colour: a milestone turns late the day after it is due,
    // the project the day after its end.
    changes.extend(
        open.iter()
            .filter(|m| m.planned >= today)
            .map(|m| add_days(m.planned, 1)),
    );
    if end >= today {
        changes.push(add_days(end, 1));
    }
    // Red never turns back with the same data, and hides the yellow reasons.
    if colour != Colour::Red {
        changes.extend(
            open.iter()
                .map(|m| sub_days(m.planned, cfg.milestone_due_days)),
        );
        if p.acceptance_applied.is_none() {
            changes.push(sub_days(end, cfg.end_warning_days));
        }
        if behind_on(p, today, cfg).is_none() {
            changes.push(first_behind_day(p, today, end, cfg));
        }
    }
    changes.into_iter().flatten().filter(|d| *d > today).min()
}

/// The first day in `(today, end]` on which the lag rule holds, if any.
///
/// Time elapsed never decreases, so the rule, once true, stays true: binary search for the day.
fn first_behind_day(p: &ProjectFacts, today: Date, end: Date, cfg: &AlertConfig) -> Option<Date> {
    let behind =
        |offset: i64| add_days(today, offset).is_some_and(|d| behind_on(p, d, cfg).is_some());
    let last = days_between(today, end);
    if last < 1 || !behind(last) {
        return None;
    }
    // Invariant: not behind at `lo`, behind at `hi`.
    let (mut lo, mut hi) = (0, last);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if behind(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    add_days(today, hi)
}

/// The alert with the commissioner's colour: the override comes first, the computed reasons
/// follow, and it holds until the data changes.
pub fn with_override(alert: Alert, colour: Colour, reason: &str) -> Alert {
    let mut reasons = Vec::with_capacity(alert.reasons.len() + 1);
    reasons.push(AlertReason::Overridden {
        colour,
        reason: reason.to_string(),
    });
    reasons.extend(alert.reasons);
    Alert {
        colour,
        reasons,
        valid_until: None,
    }
}

/// An enterprise's colour: the worst of its active projects' colours; `None` without any.
pub fn enterprise_colour<I: IntoIterator<Item = Colour>>(colours: I) -> Option<Colour> {
    colours.into_iter().reduce(Colour::worst)
}

/// How many projects have each colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Lights {
    pub red: u32,
    pub yellow: u32,
    pub green: u32,
}

impl Lights {
    /// Counts the colours.
    pub fn count<I: IntoIterator<Item = Colour>>(colours: I) -> Lights {
        let mut lights = Lights::default();
        for colour in colours {
            let n = match colour {
                Colour::Red => &mut lights.red,
                Colour::Yellow => &mut lights.yellow,
                Colour::Green => &mut lights.green,
            };
            *n = n.saturating_add(1);
        }
        lights
    }

    /// The worst colour counted; `None` when nothing was counted.
    pub fn worst(&self) -> Option<Colour> {
        if self.red > 0 {
            Some(Colour::Red)
        } else if self.yellow > 0 {
            Some(Colour::Yellow)
        } else if self.green > 0 {
            Some(Colour::Green)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    fn cfg() -> AlertConfig {
        AlertConfig {
            milestone_due_days: 30,
            lag_points: 20.0,
            end_warning_days: 90,
        }
    }

    fn ms(name: &str, planned: Date, done: Option<Date>) -> MilestoneFacts {
        MilestoneFacts {
            name: name.to_string(),
            planned,
            done,
        }
    }

    /// A project running 2026-01-01 .. 2027-12-31 without milestones.
    fn project() -> ProjectFacts {
        ProjectFacts {
            start: date!(2026 - 01 - 01),
            planned_end: date!(2027 - 12 - 31),
            extended_end: None,
            acceptance_applied: None,
            acceptance_passed: None,
            risk_flag: None,
            milestones: Vec::new(),
        }
    }

    fn alert(p: &ProjectFacts, day: Date) -> Alert {
        project_alert(p, day, &cfg())
    }

    /// The colour and the reasons without their day counts: what `valid_until` promises to keep.
    fn signature(a: &Alert) -> (Colour, Vec<String>) {
        let keys = a
            .reasons
            .iter()
            .map(|r| match r {
                AlertReason::MilestoneLate { name, due, .. } => format!("late {name} {due}"),
                AlertReason::EndPassed { end, .. } => format!("end passed {end}"),
                AlertReason::MilestoneSoon { name, due, .. } => format!("soon {name} {due}"),
                AlertReason::Behind { .. } => "behind".to_string(),
                AlertReason::EndNear { end, .. } => format!("end near {end}"),
                AlertReason::RiskFlagged { note } => format!("risk {note}"),
                AlertReason::Overridden { colour, reason } => format!("override {colour} {reason}"),
                AlertReason::OnSchedule { next } => format!("on schedule {next:?}"),
                AlertReason::Accepted { on } => format!("accepted {on}"),
            })
            .collect();
        (a.colour, keys)
    }

    /// Checks the promise of `valid_until` on `day`: the signature holds until the day before and
    /// changes on it; without `valid_until`, it holds for the next two years.
    fn check_valid_until(p: &ProjectFacts, day: Date) {
        let a = alert(p, day);
        let sig = signature(&a);
        let horizon = a.valid_until.unwrap_or(add_days(day, 730).unwrap_or(day));
        assert!(horizon > day, "valid_until {horizon} not after {day}");
        let mut d = day;
        while d < horizon {
            assert_eq!(signature(&alert(p, d)), sig, "{day}: changed early on {d}");
            d = d.next_day().unwrap_or(horizon);
        }
        if let Some(v) = a.valid_until {
            assert_ne!(
                signature(&alert(p, v)),
                sig,
                "{day}: nothing changed on {v}"
            );
        }
    }

    #[test]
    fn end_is_extended_or_planned_and_active_until_accepted() {
        let mut p = project();
        assert_eq!(p.end(), date!(2027 - 12 - 31));
        assert!(p.is_active());
        p.extended_end = Some(date!(2028 - 06 - 30));
        assert_eq!(p.end(), date!(2028 - 06 - 30));
        p.acceptance_applied = Some(date!(2028 - 06 - 01));
        assert!(p.is_active());
        p.acceptance_passed = Some(date!(2028 - 07 - 15));
        assert!(!p.is_active());
    }

    #[test]
    fn accepted_project_is_green_whatever_else() {
        let mut p = project();
        p.planned_end = date!(2026 - 06 - 30);
        p.milestones = vec![ms("中期检查", date!(2026 - 03 - 01), None)];
        p.risk_flag = Some("资金未到位".into());
        p.acceptance_passed = Some(date!(2026 - 07 - 10));
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Green);
        assert_eq!(
            a.reasons,
            vec![AlertReason::Accepted {
                on: date!(2026 - 07 - 10)
            }]
        );
        assert_eq!(a.valid_until, None);
    }

    #[test]
    fn late_milestone_is_red_with_days_late() {
        let mut p = project();
        p.milestones = vec![
            ms("中期检查", date!(2026 - 10 - 01), None),
            ms("立项", date!(2026 - 02 - 01), Some(date!(2026 - 02 - 03))),
        ];
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Red);
        assert_eq!(
            a.reasons,
            vec![AlertReason::MilestoneLate {
                name: "中期检查".into(),
                due: date!(2026 - 10 - 01),
                days_late: 51
            }]
        );
        // No other open milestone and the end is far: red until the end passes.
        assert_eq!(a.valid_until, Some(date!(2028 - 01 - 01)));
    }

    #[test]
    fn several_red_reasons_put_the_end_first_then_most_late() {
        let mut p = project();
        p.planned_end = date!(2026 - 11 - 01);
        p.milestones = vec![
            ms("验收准备", date!(2026 - 10 - 15), None),
            ms("中期检查", date!(2026 - 06 - 01), None),
            ms("样机", date!(2026 - 12 - 01), None),
        ];
        p.risk_flag = Some("负责人离职".into());
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Red);
        assert_eq!(
            a.reasons,
            vec![
                AlertReason::EndPassed {
                    end: date!(2026 - 11 - 01),
                    days_late: 20
                },
                AlertReason::MilestoneLate {
                    name: "中期检查".into(),
                    due: date!(2026 - 06 - 01),
                    days_late: 173
                },
                AlertReason::MilestoneLate {
                    name: "验收准备".into(),
                    due: date!(2026 - 10 - 15),
                    days_late: 37
                },
            ]
        );
        // 样机 turns late on 2026-12-02: one more reason.
        assert_eq!(a.valid_until, Some(date!(2026 - 12 - 02)));
    }

    #[test]
    fn red_with_everything_past_holds_until_the_data_changes() {
        let mut p = project();
        p.planned_end = date!(2026 - 09 - 30);
        p.milestones = vec![ms("中期检查", date!(2026 - 06 - 01), None)];
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Red);
        assert_eq!(a.valid_until, None);
        check_valid_until(&p, TODAY);
    }

    #[test]
    fn milestone_due_today_is_yellow_and_red_tomorrow() {
        let mut p = project();
        p.milestones = vec![ms("中期检查", TODAY, None)];
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Yellow);
        assert_eq!(
            a.reasons[0],
            AlertReason::MilestoneSoon {
                name: "中期检查".into(),
                due: TODAY,
                days_left: 0
            }
        );
        assert_eq!(a.valid_until, Some(date!(2026 - 11 - 22)));
        assert_eq!(alert(&p, date!(2026 - 11 - 22)).colour, Colour::Red);
    }

    #[test]
    fn milestone_window_is_30_days_inclusive() {
        let mut p = project();
        p.start = date!(2026 - 11 - 01);
        p.milestones = vec![ms("中期检查", date!(2026 - 12 - 21), None)];
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Yellow);
        assert_eq!(
            a.reasons,
            vec![AlertReason::MilestoneSoon {
                name: "中期检查".into(),
                due: date!(2026 - 12 - 21),
                days_left: 30
            }]
        );

        p.milestones[0].planned = date!(2026 - 12 - 22);
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Green);
        assert_eq!(
            a.reasons,
            vec![AlertReason::OnSchedule {
                next: Some(("中期检查".into(), date!(2026 - 12 - 22)))
            }]
        );
        assert_eq!(a.valid_until, Some(date!(2026 - 11 - 22)));
        check_valid_until(&p, TODAY);
    }

    #[test]
    fn every_milestone_in_the_window_is_listed_earliest_first() {
        let mut p = project();
        p.start = date!(2026 - 11 - 01);
        p.milestones = vec![
            ms("B", date!(2026 - 12 - 10), None),
            ms("A", date!(2026 - 11 - 25), None),
            ms("C", date!(2027 - 03 - 01), None),
        ];
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Yellow);
        let names: Vec<_> = a
            .reasons
            .iter()
            .filter_map(|r| match r {
                AlertReason::MilestoneSoon { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["A", "B"]);
        // A turns red on 11-26.
        assert_eq!(a.valid_until, Some(date!(2026 - 11 - 26)));
    }

    #[test]
    fn end_passed_is_red_even_with_acceptance_applied() {
        let mut p = project();
        p.planned_end = date!(2026 - 11 - 20);
        p.acceptance_applied = Some(date!(2026 - 10 - 01));
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Red);
        assert_eq!(
            a.reasons,
            vec![AlertReason::EndPassed {
                end: date!(2026 - 11 - 20),
                days_late: 1
            }]
        );
        assert_eq!(a.valid_until, None);
    }

    #[test]
    fn end_today_is_not_passed() {
        let mut p = project();
        p.planned_end = TODAY;
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Yellow);
        assert_eq!(
            a.reasons,
            vec![AlertReason::EndNear {
                end: TODAY,
                days_left: 0
            }]
        );
        assert_eq!(a.valid_until, Some(date!(2026 - 11 - 22)));

        p.acceptance_applied = Some(date!(2026 - 11 - 01));
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Green);
        assert_eq!(a.reasons, vec![AlertReason::OnSchedule { next: None }]);
        assert_eq!(a.valid_until, Some(date!(2026 - 11 - 22)));
    }

    #[test]
    fn end_window_is_90_days_inclusive_and_uses_the_extended_end() {
        let mut p = project();
        p.planned_end = date!(2027 - 02 - 19); // 90 days after today
        assert_eq!(alert(&p, TODAY).colour, Colour::Yellow);
        p.planned_end = date!(2027 - 02 - 20); // 91 days
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Green);
        assert_eq!(a.valid_until, Some(date!(2026 - 11 - 22)));

        p.planned_end = date!(2026 - 11 - 01);
        p.extended_end = Some(date!(2027 - 06 - 30));
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Green);
        // Enters the window 90 days before the extended end.
        assert_eq!(a.valid_until, Some(date!(2027 - 04 - 01)));
        check_valid_until(&p, TODAY);
    }

    #[test]
    fn lag_over_the_threshold_is_yellow_and_exactly_the_threshold_is_not() {
        // 100-day project, 4 milestones (one done = 25 %), none due soon.
        let mut p = project();
        p.start = date!(2026 - 10 - 01);
        p.planned_end = date!(2027 - 01 - 09);
        p.acceptance_applied = Some(date!(2026 - 10 - 01));
        p.milestones = vec![
            ms("一", date!(2026 - 10 - 10), Some(date!(2026 - 10 - 10))),
            ms("二", date!(2027 - 01 - 09), None),
            ms("三", date!(2027 - 01 - 09), None),
            ms("四", date!(2027 - 01 - 09), None),
        ];
        // 45 days elapsed: 45 − 25 = 20 points, not more than 20.
        let day45 = date!(2026 - 11 - 15);
        let a = alert(&p, day45);
        assert_eq!(a.colour, Colour::Green);
        assert_eq!(a.valid_until, Some(date!(2026 - 11 - 16)));
        // 46 days: 21 points.
        let a = alert(&p, date!(2026 - 11 - 16));
        assert_eq!(a.colour, Colour::Yellow);
        assert_eq!(
            a.reasons,
            vec![AlertReason::Behind {
                elapsed_pct: 46.0,
                done_pct: 25.0
            }]
        );
        // Then the milestones come within 30 days (2026-12-10).
        assert_eq!(a.valid_until, Some(date!(2026 - 12 - 10)));
        check_valid_until(&p, date!(2026 - 10 - 20));
    }

    #[test]
    fn lag_is_skipped_without_milestones_and_counts_from_the_start() {
        let mut p = project();
        p.start = date!(2026 - 01 - 01);
        p.planned_end = date!(2027 - 06 - 30);
        p.acceptance_applied = Some(date!(2026 - 01 - 01));
        assert_eq!(alert(&p, TODAY).colour, Colour::Green);

        // Before the start nothing has elapsed: no lag even with nothing done.
        p.start = date!(2027 - 01 - 01);
        p.milestones = vec![ms("一", date!(2027 - 06 - 30), None)];
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Green);
        // 180-day span, nothing done: behind once more than 20 % elapsed, i.e. day 37.
        assert_eq!(a.valid_until, Some(date!(2027 - 02 - 07)));
        assert_eq!(alert(&p, date!(2027 - 02 - 06)).colour, Colour::Green);
        assert_eq!(alert(&p, date!(2027 - 02 - 07)).colour, Colour::Yellow);
        check_valid_until(&p, TODAY);
    }

    #[test]
    fn risk_flag_is_yellow_and_blank_notes_are_ignored() {
        let mut p = project();
        p.risk_flag = Some("  合作方退出 ".into());
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Yellow);
        assert_eq!(
            a.reasons,
            vec![AlertReason::RiskFlagged {
                note: "合作方退出".into()
            }]
        );
        p.risk_flag = Some("   ".into());
        assert_eq!(alert(&p, TODAY).colour, Colour::Green);
    }

    #[test]
    fn yellow_reasons_come_in_order() {
        let mut p = project();
        p.start = date!(2026 - 01 - 01);
        p.planned_end = date!(2027 - 01 - 31);
        p.risk_flag = Some("经费紧张".into());
        p.milestones = vec![
            ms("一", date!(2026 - 03 - 01), Some(date!(2026 - 03 - 01))),
            ms("二", date!(2026 - 12 - 01), None),
            ms("三", date!(2027 - 01 - 31), None),
            ms("四", date!(2027 - 01 - 31), None),
        ];
        let a = alert(&p, TODAY);
        assert_eq!(a.colour, Colour::Yellow);
        let kinds: Vec<_> = a
            .reasons
            .iter()
            .map(|r| match r {
                AlertReason::MilestoneSoon { .. } => "soon",
                AlertReason::Behind { .. } => "behind",
                AlertReason::EndNear { .. } => "end",
                AlertReason::RiskFlagged { .. } => "risk",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["soon", "behind", "end", "risk"]);
        assert_eq!(a.valid_until, Some(date!(2026 - 12 - 02)));
    }

    #[test]
    fn green_names_the_next_open_milestone() {
        let mut p = project();
        p.milestones = vec![
            ms("结题", date!(2027 - 12 - 01), None),
            ms("中期检查", date!(2027 - 03 - 01), None),
            ms("立项", date!(2026 - 01 - 10), Some(date!(2026 - 01 - 10))),
        ];
        let a = alert(&p, date!(2026 - 02 - 01));
        assert_eq!(a.colour, Colour::Green);
        assert_eq!(
            a.reasons,
            vec![AlertReason::OnSchedule {
                next: Some(("中期检查".into(), date!(2027 - 03 - 01)))
            }]
        );
    }

    #[test]
    fn valid_until_keeps_its_promise_on_every_day() {
        let cases = {
            let mut plain = project();
            plain.start = date!(2026 - 06 - 01);
            plain.planned_end = date!(2027 - 05 - 31);

            let mut milestones = plain.clone();
            milestones.milestones = vec![
                ms("立项", date!(2026 - 07 - 01), Some(date!(2026 - 07 - 03))),
                ms("中期检查", date!(2026 - 10 - 01), None),
                ms("样机", date!(2026 - 12 - 15), None),
                ms("结题", date!(2027 - 05 - 31), None),
            ];

            let mut applied = milestones.clone();
            applied.acceptance_applied = Some(date!(2027 - 04 - 01));
            applied.extended_end = Some(date!(2027 - 08 - 31));

            let mut on_time = milestones.clone();
            on_time.milestones[1].done = Some(date!(2026 - 09 - 20));
            on_time.milestones[2].done = Some(date!(2026 - 12 - 01));
            on_time.risk_flag = Some("风险".into());

            let mut short = project();
            short.start = date!(2026 - 11 - 20);
            short.planned_end = date!(2026 - 11 - 20);
            short.milestones = vec![ms("唯一", date!(2026 - 12 - 31), None)];

            let mut tight = ProjectFacts {
                start: date!(2026 - 01 - 01),
                planned_end: date!(2026 - 04 - 10),
                ..project()
            };
            tight.acceptance_applied = Some(date!(2026 - 01 - 01));
            tight.milestones = (1..=7)
                .map(|i| {
                    ms(
                        &format!("M{i}"),
                        date!(2026 - 04 - 10),
                        (i <= 3).then_some(date!(2026 - 01 - 02)),
                    )
                })
                .collect();
            vec![plain, milestones, applied, on_time, short, tight]
        };
        for p in &cases {
            let mut day = sub_days(p.start, 40).unwrap_or(p.start);
            let last = add_days(p.end(), 40).unwrap_or(p.start);
            while day <= last {
                check_valid_until(p, day);
                match day.next_day() {
                    Some(next) => day = next,
                    None => break,
                }
            }
        }
    }

    #[test]
    fn override_replaces_the_colour_and_keeps_the_reasons() {
        let mut p = project();
        p.risk_flag = Some("风险".into());
        let computed = alert(&p, TODAY);
        let a = with_override(computed.clone(), Colour::Green, "已核实无风险");
        assert_eq!(a.colour, Colour::Green);
        assert_eq!(
            a.reasons[0],
            AlertReason::Overridden {
                colour: Colour::Green,
                reason: "已核实无风险".into()
            }
        );
        assert_eq!(&a.reasons[1..], &computed.reasons[..]);
        assert_eq!(a.valid_until, None);
    }

    #[test]
    fn enterprise_takes_the_worst_colour() {
        assert_eq!(enterprise_colour([]), None);
        assert_eq!(enterprise_colour([Colour::Green]), Some(Colour::Green));
        assert_eq!(
            enterprise_colour([Colour::Green, Colour::Yellow, Colour::Green]),
            Some(Colour::Yellow)
        );
        assert_eq!(
            enterprise_colour(vec![Colour::Yellow, Colour::Red, Colour::Green]),
            Some(Colour::Red)
        );
    }

    #[test]
    fn lights_count_and_report_the_worst() {
        let l = Lights::count([Colour::Green, Colour::Red, Colour::Green, Colour::Yellow]);
        assert_eq!(
            l,
            Lights {
                red: 1,
                yellow: 1,
                green: 2
            }
        );
        assert_eq!(l.worst(), Some(Colour::Red));
        assert_eq!(
            Lights::count([Colour::Green, Colour::Yellow]).worst(),
            Some(Colour::Yellow)
        );
        assert_eq!(Lights::count([Colour::Green]).worst(), Some(Colour::Green));
        assert_eq!(Lights::count([]).worst(), None);
    }

    #[test]
    fn reasons_serialize_with_their_kind() {
        let r = AlertReason::MilestoneLate {
            name: "中期检查".into(),
            due: date!(2026 - 10 - 01),
            days_late: 51,
        };
        let json = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(json["kind"], "milestone_late");
        assert_eq!(json["days_late"], 51);
    }

    #[test]
    fn extreme_config_does_not_panic() {
        let mut p = project();
        p.milestones = vec![ms("中期检查", date!(2026 - 12 - 01), None)];
        let wild = AlertConfig {
            milestone_due_days: i64::MAX,
            lag_points: f64::NAN,
            end_warning_days: i64::MIN,
        };
        let a = project_alert(&p, TODAY, &wild);
        assert_eq!(a.colour, Colour::Yellow);
        let a = project_alert(&p, Date::MAX, &cfg());
        assert_eq!(a.colour, Colour::Red);
    }
}
