//! Projects and their milestones, shaped so that the computed alert colours come out about
//! 70% green, 20% yellow and 10% red among active projects.
//!
//! Each project gets a target colour; its dates are drawn for that colour and checked with
//! [`Plan::colour`], a copy of the default rules of `domain::alert` (30 days, 20 points, 90
//! days), redrawing a few times when they do not give the target.

use super::enterprise::Ent;
use super::words::HTE_FIELDS;
use super::{Gen, Stmts};
use crate::domain::{Colour, ProjectLevel};
use crate::store::StoreError;
use rusqlite::params;

/// Milestone due within this many days: yellow (`alert.milestone_due_days`).
const DUE_DAYS: i32 = 30;
/// Time elapsed ahead of milestones done by more than this: yellow (`alert.lag_points`).
const LAG_POINTS: i32 = 20;
/// End within this many days without an acceptance application: yellow (`alert.end_warning_days`).
const END_WARNING_DAYS: i32 = 90;

const PLANS_3: [[&str; 3]; 1] = [["立项", "中期检查", "结题验收"]];
const PLANS_4: [[&str; 4]; 3] = [
    ["立项", "方案设计", "中期检查", "结题验收"],
    ["立项", "关键技术攻关", "中期检查", "结题验收"],
    ["立项", "中期检查", "样机试制", "结题验收"],
];
const PLANS_5: [[&str; 5]; 2] = [
    ["立项", "方案设计", "中期检查", "中试验证", "结题验收"],
    ["立项", "方案设计", "样机试制", "中期检查", "结题验收"],
];
const PLANS_6: [[&str; 6]; 2] = [
    [
        "立项",
        "方案设计",
        "关键技术攻关",
        "中期检查",
        "样机试制",
        "结题验收",
    ],
    [
        "立项",
        "方案设计",
        "中期检查",
        "样机试制",
        "中试验证",
        "结题验收",
    ],
];

/// One milestone; days are relative to today.
#[derive(Debug, Clone, Copy, Default)]
struct Ms {
    name: &'static str,
    planned: i32,
    done: Option<i32>,
}

/// A project's dates, relative to today.
#[derive(Debug, Clone, Copy, Default)]
struct Plan {
    start: i32,
    planned_end: i32,
    extended_end: Option<i32>,
    applied: Option<i32>,
    passed: Option<i32>,
    risk: Option<&'static str>,
    ms: [Ms; 6],
    m: usize,
}

/// What a project is drawn to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Finished and accepted (no longer active).
    Accepted,
    Active(Colour),
}

impl Plan {
    fn end(&self) -> i32 {
        self.extended_end.unwrap_or(self.planned_end)
    }

    fn milestones(&self) -> &[Ms] {
        &self.ms[..self.m]
    }

    /// The colour as of today under the default rules of `domain::alert`.
    fn colour(&self) -> Colour {
        if self.passed.is_some() {
            return Colour::Green;
        }
        let end = self.end();
        let ms = self.milestones();
        if end < 0 || ms.iter().any(|m| m.done.is_none() && m.planned < 0) {
            return Colour::Red;
        }
        if ms.iter().any(|m| m.done.is_none() && m.planned <= DUE_DAYS) {
            return Colour::Yellow;
        }
        if !ms.is_empty() {
            let span = i64::from(end - self.start);
            let elapsed = if span <= 0 {
                100
            } else {
                i64::from(-self.start).clamp(0, span) * 100 / span
            };
            let done =
                ms.iter().filter(|m| m.done.is_some()).count() as i64 * 100 / ms.len() as i64;
            // Integer percentages: a lag just over the limit may round down; stay clear of it.
            if elapsed - done >= i64::from(LAG_POINTS) {
                return Colour::Yellow;
            }
        }
        if self.applied.is_none() && end <= END_WARNING_DAYS {
            return Colour::Yellow;
        }
        if self.risk.is_some() {
            return Colour::Yellow;
        }
        Colour::Green
    }

    fn shift(&mut self, days: i32) {
        self.start += days;
        self.planned_end += days;
        if let Some(e) = &mut self.extended_end {
            *e += days;
        }
        for m in &mut self.ms[..self.m] {
            m.planned += days;
        }
    }
}

impl Gen<'_> {
    /// 0–6 projects (about 3 on average; at most 1 for an enterprise younger than a year, none
    /// for one younger than three months).
    pub(super) fn projects(&mut self, st: &mut Stmts<'_>, e: &Ent) -> Result<(), StoreError> {
        let count = self.weighted(&[6, 12, 18, 24, 18, 12, 10]);
        let count = match e.founded {
            -90.. => 0,
            -364..=-91 => count.min(1),
            _ => count,
        };
        for _ in 0..count {
            self.project(st, e)?;
        }
        Ok(())
    }

    fn project(&mut self, st: &mut Stmts<'_>, e: &Ent) -> Result<(), StoreError> {
        let w = self.w;
        let d = &w.districts[e.district];
        let level = ProjectLevel::ALL[self.weighted(&[4, 30, 30, 36])];
        let programme = match level {
            ProjectLevel::City => d.city_programme,
            ProjectLevel::District => d.district_programme,
            ProjectLevel::National | ProjectLevel::Provincial => {
                let fits = |p: &&(&str, &str, &str)| {
                    p.0 == level.code() && (p.1 == "*" || p.1 == d.province)
                };
                let n = w.programmes.iter().filter(fits).count();
                let k = if n == 0 { 0 } else { self.rng.usize(..n) };
                w.programmes
                    .iter()
                    .filter(fits)
                    .nth(k)
                    .map_or(d.city_programme, |p| p.2)
            }
        };
        let budget = i64::from(match level {
            ProjectLevel::National => self.between(200, 2000),
            ProjectLevel::Provincial => self.between(50, 500),
            ProjectLevel::City => self.between(20, 100),
            ProjectLevel::District => self.between(5, 50),
        }) * 10_000;
        let name = self.project_name(e.field);
        let target = match self.weighted(&[22, 55, 15, 8]) {
            0 => Target::Accepted,
            1 => Target::Active(Colour::Green),
            2 => Target::Active(Colour::Yellow),
            _ => Target::Active(Colour::Red),
        };
        let plan = self.shape(target, e.founded);

        let mut pid = [0u8; 26];
        let pid = &*self.id().array_to_str(&mut pid);
        st.project.execute(params![
            pid,
            e.id(),
            name,
            level.code(),
            programme,
            budget,
            self.days.get(plan.start),
            self.days.get(plan.planned_end),
            self.days.opt(plan.extended_end),
            self.days.opt(plan.applied),
            self.days.opt(plan.passed),
            plan.risk,
            self.stamp,
        ])?;
        self.summary.projects += 1;
        for (seq, m) in plan.milestones().iter().enumerate() {
            let mut id = [0u8; 26];
            let id = self.id().array_to_str(&mut id);
            st.milestone.execute(params![
                &*id,
                pid,
                i64::try_from(seq).unwrap_or(0) + 1,
                m.name,
                self.days.get(m.planned),
                self.days.opt(m.done),
                self.stamp,
            ])?;
        }
        self.summary.milestones += plan.m;

        // A few commissioners' overrides: a better colour with an explanation for some late
        // projects, a worse one for a very few on schedule.
        if plan.passed.is_none() {
            let colour = plan.colour();
            let over = match colour {
                Colour::Red | Colour::Yellow if self.overrides < 3 || self.permille(10) => {
                    let better = if colour == Colour::Red {
                        Colour::Yellow
                    } else {
                        Colour::Green
                    };
                    Some((better, self.pick(&w.override_down)))
                }
                Colour::Green if self.permille(2) => {
                    let worse = if self.pct(50) {
                        Colour::Red
                    } else {
                        Colour::Yellow
                    };
                    Some((worse, self.pick(&w.override_up)))
                }
                _ => None,
            };
            if let Some((colour, reason)) = over {
                self.overrides += 1;
                let active = i64::from(self.pct(90));
                let mut id = [0u8; 26];
                let id = self.id().array_to_str(&mut id);
                st.colour_override.execute(params![
                    &*id,
                    pid,
                    colour.code(),
                    reason,
                    self.commissioners
                        .get(e.commissioner)
                        .map(|c| super::id_str(&c.id)),
                    active,
                    self.stamp,
                ])?;
            }
        }
        Ok(())
    }

    /// A project name in the enterprise's field: `基于{technique}的{object}{action}` or
    /// `{object}{action}`.
    fn project_name(&mut self, field: Option<usize>) -> String {
        let w = self.w;
        let f = field.unwrap_or(HTE_FIELDS.len()).min(HTE_FIELDS.len());
        let objects = &self.objects_by_field[f];
        let object = match objects.len() {
            0 => "",
            n => w.objects[objects[self.rng.usize(..n)]].text,
        };
        let action = self.pick(&w.actions);
        if self.pct(55) {
            let techs = &self.techs_by_field[f];
            let tech = match techs.len() {
                0 => "",
                n => w.techs[techs[self.rng.usize(..n)]].text,
            };
            if !tech.is_empty() {
                return ["基于", tech, "的", object, action].concat();
            }
        }
        [object, action].concat()
    }

    /// A plan for `target`, starting at least 30 days after the founding; when `target` cannot
    /// start that late (a young enterprise), a green plan that can, if one comes up.
    fn shape(&mut self, target: Target, founded: i32) -> Plan {
        let earliest = founded + 30;
        let max_back = (-earliest).max(15);
        let mut plan = Plan::default();
        for target in [target, Target::Active(Colour::Green)] {
            for _ in 0..12 {
                plan = match target {
                    Target::Accepted => self.accepted(),
                    Target::Active(Colour::Green) => self.green(max_back),
                    Target::Active(Colour::Yellow) => self.yellow(max_back),
                    Target::Active(Colour::Red) => self.red(),
                };
                let colour_ok = match target {
                    Target::Accepted => true,
                    Target::Active(c) => plan.colour() == c,
                };
                if colour_ok && plan.start >= earliest {
                    return plan;
                }
            }
        }
        plan
    }

    /// Milestone names for a new plan (3–6 of them, mostly 3).
    fn milestone_names(&mut self) -> &'static [&'static str] {
        match self.weighted(&[62, 24, 9, 5]) {
            0 => &PLANS_3[0],
            1 => &PLANS_4[self.rng.usize(..PLANS_4.len())],
            2 => &PLANS_5[self.rng.usize(..PLANS_5.len())],
            _ => &PLANS_6[self.rng.usize(..PLANS_6.len())],
        }
    }

    /// A plan from `start` to `end` with its milestones spread evenly (the first on the start,
    /// the last on the end), none done yet.
    fn layout(&mut self, start: i32, end: i32) -> Plan {
        let names = self.milestone_names();
        let m = names.len();
        let mut plan = Plan {
            start,
            planned_end: end,
            m,
            ..Plan::default()
        };
        let span = i64::from(end - start);
        let last = (m - 1) as i64;
        for (k, name) in names.iter().enumerate() {
            let base = start + i32::try_from(span * k as i64 / last).unwrap_or(0);
            let jitter = if k == 0 || k == m - 1 {
                0
            } else {
                self.between(-10, 10)
            };
            plan.ms[k] = Ms {
                name,
                planned: base + jitter,
                done: None,
            };
        }
        plan
    }

    /// Marks done every milestone planned on or before `cutoff` (relative to today) whose index
    /// is below `below`, on about its planned day and never after today.
    fn mark_done(&mut self, plan: &mut Plan, cutoff: i32, below: usize) {
        for k in 0..plan.m.min(below) {
            let planned = plan.ms[k].planned;
            if planned <= cutoff {
                let done = (planned + self.between(-7, 5)).clamp(plan.start, 0);
                plan.ms[k].done = Some(done);
            }
        }
    }

    fn duration(&mut self) -> i32 {
        self.between(365, 1095)
    }

    /// Finished and accepted some time ago.
    fn accepted(&mut self) -> Plan {
        let dur = self.duration();
        let end = -self.between(30, 1000);
        let mut plan = self.layout(end - dur, end);
        let m = plan.m;
        self.mark_done(&mut plan, 0, m);
        let applied = (end - self.between(0, 30)).max(plan.start);
        let passed = (applied + self.between(15, 90)).min(-1);
        plan.applied = Some(applied);
        plan.passed = Some(passed);
        if let Some(last) = plan.ms[..m].last_mut() {
            last.done = Some(passed);
        }
        plan
    }

    /// On schedule: everything due is done, the next milestone and the end are not close (or
    /// acceptance was applied for). Some run on an extended end. Plans that do not start more
    /// than `max_back` days ago are preferred.
    fn green(&mut self, max_back: i32) -> Plan {
        let dur = self.duration();
        let variant = self.rng.u32(..100);
        let mut plan = match variant {
            0..10 => {
                // Near the end, acceptance applied for.
                let end = self.between(35, 89);
                let mut plan = self.layout(end - dur, end);
                plan.applied = Some(-self.between(1, 30));
                plan
            }
            10..22 => {
                // Extended: the planned end was earlier, maybe already passed.
                let end = self.between(120, 500);
                let start = end - dur;
                let mut plan = self.layout(start, end);
                plan.planned_end = (end - self.between(90, 365)).max(start + 180);
                plan.extended_end = Some(end);
                plan
            }
            _ => {
                let elapsed = self.between(15, (dur - 100).min(max_back));
                self.layout(-elapsed, dur - elapsed)
            }
        };
        let m = plan.m;
        self.mark_done(&mut plan, 0, m);
        plan
    }

    /// May slip: a milestone due within 30 days, the end within 90 days without an acceptance
    /// application, or a flagged risk.
    fn yellow(&mut self, max_back: i32) -> Plan {
        match self.rng.u32(..100) {
            0..45 => {
                let dur = self.duration();
                let mut plan = self.layout(0, dur);
                let k = 1 + self.rng.usize(..plan.m - 1);
                let due = self.between(0, DUE_DAYS);
                let shift = due - plan.ms[k].planned;
                plan.shift(shift);
                let m = plan.m;
                self.mark_done(&mut plan, -1, m);
                plan
            }
            45..75 => {
                let dur = self.duration();
                let end = self.between(1, END_WARNING_DAYS);
                let mut plan = self.layout(end - dur, end);
                let m = plan.m;
                self.mark_done(&mut plan, -1, m);
                plan
            }
            _ => {
                let mut plan = self.green(max_back);
                plan.risk = Some(self.pick(&self.w.risks));
                plan
            }
        }
    }

    /// Already late: a milestone past its date and not done, or the end passed without
    /// acceptance (some applied for it, some on an extended end).
    fn red(&mut self) -> Plan {
        let dur = self.duration();
        let mut plan = if self.pct(55) {
            let mut plan = self.layout(0, dur);
            let k = 1 + self.rng.usize(..(plan.m - 2).max(1));
            let late = self.between(1, 120);
            let shift = -late - plan.ms[k].planned;
            plan.shift(shift);
            self.mark_done(&mut plan, -1, k);
            plan
        } else {
            let end = -self.between(1, 240);
            let start = end - dur;
            let mut plan = self.layout(start, end);
            let last = plan.m - 1;
            self.mark_done(&mut plan, -1, last);
            if self.pct(40) {
                plan.applied = Some(self.between(end - 30, (end + 30).min(-1)));
            }
            if self.pct(25) {
                plan.planned_end = (end - self.between(60, 300)).max(start + 180);
                plan.extended_end = Some(end);
            }
            plan
        };
        if self.pct(15) {
            plan.risk = Some(self.pick(&self.w.risks));
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(planned: i32, done: Option<i32>) -> Ms {
        Ms {
            name: "节点",
            planned,
            done,
        }
    }

    #[test]
    fn colour_rules_follow_the_alert_defaults() {
        let mut p = Plan {
            start: -100,
            planned_end: 265,
            m: 3,
            ..Plan::default()
        };
        p.ms[0] = ms(-100, Some(-100));
        p.ms[1] = ms(80, None);
        p.ms[2] = ms(265, None);
        assert_eq!(p.colour(), Colour::Green);
        p.ms[1].planned = 30;
        assert_eq!(p.colour(), Colour::Yellow);
        p.ms[1].planned = -1;
        assert_eq!(p.colour(), Colour::Red);
        p.ms[1].planned = 80;
        p.risk = Some("风险");
        assert_eq!(p.colour(), Colour::Yellow);
        p.risk = None;
        p.planned_end = -1;
        assert_eq!(p.colour(), Colour::Red);
        p.passed = Some(-2);
        assert_eq!(p.colour(), Colour::Green);
    }
}
