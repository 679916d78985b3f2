//! Alert colours on several days in one pass over the projects: each day's enterprises by colour
//! (an enterprise takes its worst active project's colour), in groups the caller chooses, and its
//! projects by colour. Dates recorded after a day are undone on it (milestones done, acceptance
//! applied or passed), and projects not started by then are left out. The report's colour table
//! (today and the end of the previous period), its colours by district and its red/yellow by
//! month all come from here, so they agree with each other.

use crate::config::Config;
use crate::domain::Colour;
use crate::domain::alert::project_alert;
use crate::store::Result;
use crate::store::derived::{ProjectRow, Scope, for_each_project};
use rusqlite::Connection;
use std::collections::HashMap;
use time::Date;

/// Counts by colour, in `Colour::ALL` order (red, yellow, green).
pub type ByColour = [usize; 3];

/// One day's colour counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DayColours {
    /// Enterprises by colour, one entry per group.
    pub enterprises: Vec<ByColour>,
    /// Projects by colour.
    pub projects: ByColour,
}

/// The place of `c` in a [`ByColour`].
pub fn slot(c: Colour) -> usize {
    Colour::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// A project's colour on a day and the first later day it may change with the same facts
/// (`None`: it does not).
type Held = (Option<Colour>, Option<Date>);

/// A project's colour on `day`, with the dates recorded after it undone (`None` when it was not
/// active then: not started, or accepted), and until when it holds.
fn colour_on(p: &ProjectRow, day: Date, config: &Config) -> Held {
    let f = &p.facts;
    if f.start > day {
        return (None, None);
    }
    let after = |d: Option<Date>| d.is_some_and(|d| d > day);
    // Most projects have nothing recorded after most days: their facts are read as they are.
    let undone;
    let f = if f.milestones.iter().any(|m| after(m.done))
        || after(f.acceptance_passed)
        || after(f.acceptance_applied)
    {
        let mut g = f.clone();
        for m in &mut g.milestones {
            if after(m.done) {
                m.done = None;
            }
        }
        if after(g.acceptance_passed) {
            g.acceptance_passed = None;
        }
        if after(g.acceptance_applied) {
            g.acceptance_applied = None;
        }
        undone = g;
        &undone
    } else {
        f
    };
    if !f.is_active() {
        return (None, None);
    }
    match &p.override_ {
        Some((c, _)) => (Some(*c), None),
        None => {
            let alert = project_alert(f, day, &config.alert);
            (Some(alert.colour), alert.valid_until)
        }
    }
}

/// Whether a date the colour is computed from (start, milestone done, acceptance applied or
/// passed) falls after `from` and on or before `to`: the facts of the two days differ.
fn recorded_between(p: &ProjectRow, from: Date, to: Date) -> bool {
    let f = &p.facts;
    let within = |d: Option<Date>| d.is_some_and(|d| from < d && d <= to);
    within(Some(f.start))
        || within(f.acceptance_applied)
        || within(f.acceptance_passed)
        || f.milestones.iter().any(|m| within(m.done))
}

/// The colour counts of each of `days`, for the enterprises of `group_of` (enterprise id →
/// group, below `groups`); projects of other enterprises are left out.
pub fn colours_on(
    conn: &Connection,
    days: &[Date],
    group_of: &HashMap<String, usize>,
    groups: usize,
    config: &Config,
) -> Result<Vec<DayColours>> {
    // Enterprises are numbered so each day keeps one small value per enterprise, not a map.
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(group_of.len());
    let mut group: Vec<usize> = Vec::with_capacity(group_of.len());
    for (id, g) in group_of {
        index.insert(id.as_str(), group.len());
        group.push(*g);
    }
    let mut worst: Vec<Vec<Option<Colour>>> = vec![vec![None; index.len()]; days.len()];
    let mut projects = vec![ByColour::default(); days.len()];
    // Days in order, so a colour computed for one day is kept for the next while it holds:
    // most projects change colour a few times a year, not once a month.
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by_key(|&d| days[d]);
    for_each_project(conn, Scope::All, |p| {
        let Some(&i) = index.get(p.enterprise_id.as_str()) else {
            return Ok(());
        };
        let mut last: Option<(Date, Held)> = None;
        for &d in &order {
            let day = days[d];
            let held = match last {
                Some((before, held))
                    if held.1.is_none_or(|until| day < until)
                        && !recorded_between(&p, before, day) =>
                {
                    held
                }
                _ => colour_on(&p, day, config),
            };
            last = Some((day, held));
            let Some(colour) = held.0 else {
                continue;
            };
            projects[d][slot(colour)] += 1;
            let w = &mut worst[d][i];
            *w = Some(w.map_or(colour, |w| w.worst(colour)));
        }
        Ok(())
    })?;
    Ok(worst
        .iter()
        .zip(projects)
        .map(|(day, projects)| {
            let mut enterprises = vec![ByColour::default(); groups];
            for (i, colour) in day.iter().enumerate() {
                if let (Some(c), Some(g)) = (colour, group.get(i))
                    && let Some(by) = enterprises.get_mut(*g)
                {
                    by[slot(*c)] += 1;
                }
            }
            DayColours {
                enterprises,
                projects,
            }
        })
        .collect())
}
