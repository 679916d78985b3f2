//! The day plan: one day's planned visits grouped by district (the day's route), each with the
//! enterprise's address, contact person and phone, the time agreed and the purpose, as
//! Markdown. The same visits go to a calendar file through `super::ics::calendar`.

use super::ics::{PlanLabel, PlanWords, VisitEvent, contact_line, planned_time};
use super::markdown::cell;
use crate::text::pinyin_key;
use time::{Date, Time};

/// A day's visits by district: districts by pinyin, within each the visits with a time agreed
/// first, by time, then the others by name.
pub fn by_district(events: &[VisitEvent]) -> Vec<(&str, Vec<&VisitEvent>)> {
    let mut sorted: Vec<&VisitEvent> = events.iter().collect();
    let start = |e: &VisitEvent| planned_time(&e.notes).map(|(t, _, _)| t);
    sorted.sort_by_cached_key(|e| {
        (
            pinyin_key(&e.district),
            e.district.clone(),
            start(e).is_none(),
            start(e),
            pinyin_key(&e.enterprise),
            e.visit_id.clone(),
        )
    });
    let mut out: Vec<(&str, Vec<&VisitEvent>)> = Vec::new();
    for e in sorted {
        match out.last_mut() {
            Some((d, list)) if *d == e.district => list.push(e),
            _ => out.push((&e.district, vec![e])),
        }
    }
    out
}

fn clock(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The time of a visit as the plan writes it (`09:30–11:00`, `09:30`, or the words for any
/// time), and the notes after it (the purpose).
pub fn time_and_purpose<W: PlanWords>(e: &VisitEvent, w: W) -> (String, String) {
    match planned_time(&e.notes) {
        Some((start, Some(end), rest)) => (
            format!("{}–{}", clock(start), clock(end)),
            rest.trim().into(),
        ),
        Some((start, None, rest)) => (clock(start), rest.trim().into()),
        None => (
            w.plan_label(PlanLabel::AnyTime).into(),
            e.notes.trim().into(),
        ),
    }
}

/// The day plan of `day` as Markdown: `who` is the commissioner it is for (`None`: everyone's
/// visits, each then naming its commissioner).
pub fn markdown<W: PlanWords>(day: Date, who: Option<&str>, events: &[VisitEvent], w: W) -> String {
    let mut s = format!(
        "# {} · {}\n\n",
        w.plan_label(PlanLabel::PlanTitle),
        w.plan_day(day)
    );
    let groups = by_district(events);
    let mut summary = Vec::new();
    if let Some(name) = who {
        summary.push(w.field(PlanLabel::Commissioner, &cell(name)));
    }
    summary.push(w.plan_counts(events.len(), groups.len()));
    s.push_str(&summary.join(" · "));
    s.push_str("\n\n");
    if events.is_empty() {
        s.push_str(&format!("_{}_\n", w.plan_label(PlanLabel::NoVisits)));
        return s;
    }
    let mut n = 0;
    for (district, visits) in groups {
        s.push_str(&format!("## {}（{}）\n\n", cell(district), visits.len()));
        for e in visits {
            n += 1;
            let (time, purpose) = time_and_purpose(e, w);
            let mode = w.choice_label(
                crate::interchange::columns::EnumKind::VisitMode,
                e.mode.code(),
            );
            let or_dash = |v: &str| {
                if v.trim().is_empty() {
                    "—".to_string()
                } else {
                    cell(v.trim())
                }
            };
            s.push_str(&format!("### {n}. {}\n\n", cell(&e.enterprise)));
            let mut item = |label: PlanLabel, value: String| {
                s.push_str(&format!("- {}\n", w.field(label, &value)));
            };
            item(PlanLabel::Time, time);
            item(PlanLabel::Mode, mode);
            item(
                PlanLabel::Address,
                or_dash(e.address.as_deref().unwrap_or("")),
            );
            item(PlanLabel::Contact, or_dash(&contact_line(e)));
            if who.is_none() {
                item(
                    PlanLabel::Commissioner,
                    or_dash(e.commissioner.as_deref().unwrap_or("")),
                );
            }
            if !purpose.is_empty() {
                item(PlanLabel::Purpose, cell(&purpose));
            }
            s.push('\n');
        }
    }
    s
}
