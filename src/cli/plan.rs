//! `seedbed plan`: the day plan — one day's planned visits by district, with addresses,
//! contacts, the time agreed and the purpose — as Markdown or as a calendar file. The TUI's `D`
//! on the Agenda writes both through [`texts`].

use super::Context;
use super::write::{Identity, named_commissioner, whoami};
use crate::i18n::Lang;
use crate::interchange::{FileFormat, dayplan, ics, write_atomically};
use anyhow::bail;
use clap::{Args, ValueEnum};
use rusqlite::Connection;
use std::io::Write;
use std::path::PathBuf;
use time::{Date, PrimitiveDateTime, UtcOffset};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// Markdown, to read or print.
    Md,
    /// An iCalendar file for phone and desktop calendars.
    Ics,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The day (YYYY-MM-DD; default: today).
    #[arg(long, value_parser = super::parse_today, value_name = "YYYY-MM-DD")]
    pub day: Option<Date>,
    /// Only your own visits (the commissioner chosen with `seedbed me`, or `--as`).
    #[arg(long, conflicts_with = "commissioner")]
    pub mine: bool,
    /// Only this commissioner's visits (name or id).
    #[arg(long, value_name = "NAME")]
    pub commissioner: Option<String>,
    /// md or ics (default: from the extension of --out, else md).
    #[arg(long, value_enum)]
    pub format: Option<PlanFormat>,
    /// The file to write (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// A day plan in both forms, and how many visits it holds.
pub struct PlanTexts {
    pub markdown: String,
    pub calendar: String,
    pub visits: usize,
}

/// The day plan of `day` (of `who`'s visits, a commissioner's name, or everyone's), made at
/// `now` (local time; the calendar's stamp is in UTC).
pub fn texts(
    conn: &Connection,
    day: Date,
    who: Option<&str>,
    now: PrimitiveDateTime,
    lang: Lang,
) -> crate::store::Result<PlanTexts> {
    let events = ics::planned_visits_of(conn, day, day, who)?;
    // The calendar lists the visits in the plan's order: by district, then by time.
    let ordered: Vec<ics::VisitEvent> = dayplan::by_district(&events)
        .into_iter()
        .flat_map(|(_, v)| v.into_iter().cloned())
        .collect();
    let offset = UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC);
    let utc = now.assume_offset(offset).to_offset(UtcOffset::UTC);
    let stamp = PrimitiveDateTime::new(utc.date(), utc.time());
    Ok(PlanTexts {
        markdown: dayplan::markdown(day, who, &events, lang),
        calendar: ics::calendar(&ordered, stamp, lang),
        visits: events.len(),
    })
}

pub fn run(ctx: &Context, as_name: Option<&str>, a: &PlanArgs) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let l = ctx.lang;
    let who = match (&a.commissioner, a.mine) {
        (Some(name), _) => Some(named_commissioner(&store, name, l)?.1),
        (None, true) => match whoami(&store, &ctx.config, as_name, l)? {
            Identity::Me(me) => Some(me.name),
            Identity::NotInFile(_) | Identity::Nobody => {
                bail!(crate::i18n::itinerary_text::plan_nobody(l))
            }
        },
        (None, false) => None,
    };
    if let Some(out) = &a.out {
        ctx.refuse_database_as_out(out)?;
    }
    let format = match (a.format, a.out.as_deref().and_then(FileFormat::from_path)) {
        (Some(f), _) => f,
        (None, Some(FileFormat::Ics)) => PlanFormat::Ics,
        (None, _) => PlanFormat::Md,
    };
    let day = a.day.unwrap_or(ctx.today);
    let plan = texts(&store.conn, day, who.as_deref(), ctx.now, l)?;
    let text = match format {
        PlanFormat::Md => plan.markdown,
        PlanFormat::Ics => plan.calendar,
    };
    match &a.out {
        // Contacts and phones: the file is the user's only (0600, as every file written).
        Some(p) => {
            write_atomically(p, text.as_bytes())?;
            eprintln!("{}", p.display());
        }
        None => {
            let mut o = std::io::stdout().lock();
            match o.write_all(text.as_bytes()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
        }
    }
    Ok(0)
}
