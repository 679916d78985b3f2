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

/// A project's colour on `day`, with the dates recorded after it undone; `None` when it was not
/// active then (not started, or accepted).
fn colour_on(p: &ProjectRow, day: Date, config: &Config) -> Option<Colour> {
    if p.facts.start > day {
        return None;
    }
    let mut f = p.facts.clone();
    for m in &mut f.milestones {
        if m.done.is_some_and(|d| d > day) {
            m.done = None;
        }
    }
    if f.acceptance_passed.is_some_and(|d| d > day) {
        f.acceptance_passed = None;
    }
    if f.acceptance_applied.is_some_and(|d| d > day) {
        f.acceptance_applied = None;
    }
    if !f.is_active() {
        return None;
    }
    Some(match &p.override_ {
        Some((c, _)) => *c,
        None => project_alert(&f, day, &config.alert).colour,
    })
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
    for_each_project(conn, Scope::All, |p| {
        let Some(&i) = index.get(p.enterprise_id.as_str()) else {
            return Ok(());
        };
        for (d, day) in days.iter().enumerate() {
            let Some(colour) = colour_on(&p, *day, config) else {
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
