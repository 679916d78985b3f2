//! Planned visits as an iCalendar file (RFC 5545) that phone and desktop calendars import: one
//! all-day event per visit, with a UID that stays the same across exports (the visit's id), so
//! importing a newer file updates the events instead of doubling them.

use super::columns::EnumKind;
use super::words::Words;
use crate::store::Result;
use rusqlite::{Connection, params};
use time::{Date, PrimitiveDateTime, Time};

/// A planned visit with what its event shows.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitEvent {
    pub visit_id: String,
    pub planned_on: Date,
    pub enterprise: String,
    pub credit_code: String,
    pub address: Option<String>,
    pub district: String,
    pub mode: crate::domain::VisitMode,
    pub commissioner: Option<String>,
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub updated_at: String,
}

/// Open planned visits (not done, not cancelled) from `from` through `until`, by date.
pub fn planned_visits(conn: &Connection, from: Date, until: Date) -> Result<Vec<VisitEvent>> {
    planned_visits_of(conn, from, until, None)
}

/// Open planned visits from `from` through `until`, by date; with `commissioner` (a name,
/// unique in a file), that commissioner's only.
pub fn planned_visits_of(
    conn: &Connection,
    from: Date,
    until: Date,
    commissioner: Option<&str>,
) -> Result<Vec<VisitEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.planned_on, e.name, e.credit_code, e.address, e.district, v.mode, c.name,
                e.contact_name, e.contact_phone, v.notes, v.updated_at
         FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
         LEFT JOIN commissioners c ON c.id = v.commissioner_id
         WHERE v.done_on IS NULL AND v.cancelled_on IS NULL AND e.deleted_at IS NULL
           AND v.planned_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR c.name = ?3)
         ORDER BY v.planned_on, e.name, v.id",
    )?;
    let rows = stmt.query_map(params![from, until, commissioner], |r| {
        Ok(VisitEvent {
            visit_id: r.get(0)?,
            planned_on: r.get(1)?,
            enterprise: r.get(2)?,
            credit_code: r.get(3)?,
            address: r.get(4)?,
            district: r.get(5)?,
            mode: r.get(6)?,
            commissioner: r.get(7)?,
            contact: r.get(8)?,
            phone: r.get(9)?,
            notes: r.get(10)?,
            updated_at: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many open planned visits are already overdue before `today` (not in the calendar).
pub fn overdue_count(conn: &Connection, today: Date) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
         WHERE v.done_on IS NULL AND v.cancelled_on IS NULL AND e.deleted_at IS NULL
           AND v.planned_on < ?1",
        [today],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as usize)
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (continuation lines start with a space) without
/// splitting a UTF-8 character, each line ending in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    let mut limit = 75;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if used + n > limit {
            out.push_str("\r\n ");
            used = 0;
            limit = 74;
        }
        out.push(ch);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

/// What the calendar and the day plan (`super::dayplan`) name, besides the closed sets' labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanLabel {
    /// The calendar's name in a calendar app.
    CalendarName,
    /// `ZH` or `EN` in the PRODID.
    ProductLanguage,
    CreditCode,
    Contact,
    Commissioner,
    Address,
    Time,
    /// A visit without a time agreed (the whole day).
    AnyTime,
    Purpose,
    Mode,
    /// A day plan with no visit.
    NoVisits,
    /// The title of the day plan (before the day).
    PlanTitle,
}

/// The words of the calendar and the day plan in one language (implemented for
/// `crate::lang::Lang` by `crate::i18n::itinerary_text`), so that no wording lives here.
pub trait PlanWords: Words {
    fn plan_label(self, label: PlanLabel) -> &'static str;
    /// An event's title: the visit to `enterprise`, by `mode`.
    fn visit_summary(self, enterprise: &str, mode: &str) -> String;
    /// A day as the plan heads it (`2026年12月3日 周四`).
    fn plan_day(self, day: Date) -> String;
    /// How many visits the plan holds, in how many districts.
    fn plan_counts(self, visits: usize, districts: usize) -> String;
    /// A district's heading in the plan, with its visits (`天山区（3）`).
    fn district_heading(self, district: &str, visits: usize) -> String;
    /// A labelled value (`联系人：王强`, `Contact: Wang Qiang`).
    fn field(self, label: PlanLabel, value: &str) -> String;
}

/// A planned time written at the start of a visit's notes (`09:30`, `9：30-11:00`,
/// `14:00～15:30 谈研发费用`): the visits table keeps a day only, and commissioners write the
/// hour agreed first in the plan's notes. The start, the end if written, and the notes after.
pub fn planned_time(notes: &str) -> Option<(Time, Option<Time>, &str)> {
    let s = notes.trim_start();
    let (start, rest) = clock(s)?;
    let after = rest.trim_start();
    let mut sep = after.chars();
    let (end, rest) = match sep.next() {
        Some('-' | '–' | '—' | '~' | '～' | '至' | '到') => {
            match clock(sep.as_str().trim_start()) {
                Some((end, r)) if end > start => (Some(end), r),
                _ => (None, rest),
            }
        }
        _ => (None, rest),
    };
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "，,、;；:：".contains(c));
    Some((start, end, rest))
}

/// `H:MM` or `HH:MM` (a full-width colon too) at the start of `s`, and what follows.
fn clock(s: &str) -> Option<(Time, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let hour: u8 = s[..digits].parse().ok()?;
    let rest = &s[digits..];
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    let mm = rest
        .get(..2)
        .filter(|m| m.bytes().all(|b| b.is_ascii_digit()))?;
    let minute: u8 = mm.parse().ok()?;
    let rest = &rest[2..];
    // `09:305` is not a time.
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((Time::from_hms(hour, minute, 0).ok()?, rest))
}

fn hms(t: Time) -> String {
    format!("{:02}{:02}{:02}", t.hour(), t.minute(), t.second())
}

/// The calendar text. `stamp_utc` is the moment the file is made (DTSTAMP, in UTC). A visit
/// with a time in its notes ([`planned_time`]) is an event at that time (floating: the
/// phone's own time zone), ending when the notes say or an hour later; others take the day.
pub fn calendar<W: PlanWords>(
    events: &[VisitEvent],
    stamp_utc: PrimitiveDateTime,
    words: W,
) -> String {
    let stamp = format!("{}T{}Z", ymd(stamp_utc.date()), hms(stamp_utc.time()));
    let label = |l| words.plan_label(l);
    let mut s = String::new();
    let mut line = |l: String| s.push_str(&fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//Seedbed//Seedbed {}//{}",
        env!("CARGO_PKG_VERSION"),
        label(PlanLabel::ProductLanguage)
    ));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!(
        "X-WR-CALNAME:{}",
        escape(label(PlanLabel::CalendarName))
    ));
    for e in events {
        let mode = words.choice_label(EnumKind::VisitMode, e.mode.code());
        let summary = words.visit_summary(&e.enterprise, &mode);
        let location = e
            .address
            .clone()
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| e.district.clone());
        let mut desc: Vec<String> = Vec::new();
        if !e.notes.trim().is_empty() {
            desc.push(e.notes.trim().to_string());
        }
        let contact = contact_line(e);
        desc.push(words.field(PlanLabel::CreditCode, &e.credit_code));
        if !contact.is_empty() {
            desc.push(words.field(PlanLabel::Contact, &contact));
        }
        if let Some(c) = &e.commissioner {
            desc.push(words.field(PlanLabel::Commissioner, c));
        }
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}@seedbed", e.visit_id));
        line(format!("DTSTAMP:{stamp}"));
        let timed = planned_time(&e.notes);
        match timed {
            Some((start, end, _)) => {
                let end = end.unwrap_or_else(|| start + time::Duration::hours(1));
                // An hour past 23:00 ends at midnight, on the next day.
                let end_day = if end < start {
                    e.planned_on.next_day().unwrap_or(e.planned_on)
                } else {
                    e.planned_on
                };
                line(format!("DTSTART:{}T{}", ymd(e.planned_on), hms(start)));
                line(format!("DTEND:{}T{}", ymd(end_day), hms(end)));
            }
            None => {
                let next = e.planned_on.next_day().unwrap_or(e.planned_on);
                line(format!("DTSTART;VALUE=DATE:{}", ymd(e.planned_on)));
                line(format!("DTEND;VALUE=DATE:{}", ymd(next)));
            }
        }
        line(format!("SUMMARY:{}", escape(&summary)));
        line(format!("LOCATION:{}", escape(&location)));
        line(format!("DESCRIPTION:{}", escape(&desc.join("\n"))));
        line("STATUS:CONFIRMED".into());
        // A visit at an hour takes the commissioner's time; a day's visit does not block it.
        line(
            if timed.is_some() {
                "TRANSP:OPAQUE"
            } else {
                "TRANSP:TRANSPARENT"
            }
            .into(),
        );
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    s
}

/// The contact person and phone of a visit's enterprise, as one line (empty if neither).
pub fn contact_line(e: &VisitEvent) -> String {
    [e.contact.as_deref(), e.phone.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::VisitMode;
    use crate::lang::Lang;
    use time::macros::{date, datetime, time};

    /// A visit planned on 2026-12-03 at `天山区`, with `notes`.
    pub(crate) fn event(id: &str, name: &str, district: &str, notes: &str) -> VisitEvent {
        VisitEvent {
            visit_id: id.into(),
            planned_on: date!(2026 - 12 - 03),
            enterprise: name.into(),
            credit_code: "91650102000000001A".into(),
            address: Some("乌鲁木齐市天山区光明路1号, 3楼; 东门".into()),
            district: district.into(),
            mode: VisitMode::OnSite,
            commissioner: Some("王芳".into()),
            contact: Some("马明".into()),
            phone: Some("13899990000".into()),
            notes: notes.into(),
            updated_at: "x".into(),
        }
    }

    #[test]
    fn a_time_at_the_start_of_the_notes_is_the_visits_hour() {
        assert_eq!(
            planned_time("09:30 谈研发费用"),
            Some((time!(09:30), None, "谈研发费用"))
        );
        assert_eq!(
            planned_time(" 9：30-11:00，看车间"),
            Some((time!(09:30), Some(time!(11:00)), "看车间"))
        );
        assert_eq!(
            planned_time("14:00～15:30"),
            Some((time!(14:00), Some(time!(15:30)), ""))
        );
        // An end before the start is no end; not a time: none.
        assert_eq!(
            planned_time("14:00-13:00 复核"),
            Some((time!(14:00), None, "-13:00 复核"))
        );
        for not in [
            "谈 09:30",
            "930 会",
            "25:00",
            "09:3",
            "09:305",
            "2026-12-03",
            "",
        ] {
            assert_eq!(planned_time(not), None, "{not}");
        }
    }

    #[test]
    fn the_calendar_is_written_by_hand_as_expected() {
        let events = [
            event(
                "v1",
                "天山科技,有限;公司",
                "天山区",
                "09:30-11:00 谈研发费用",
            ),
            VisitEvent {
                address: None,
                contact: None,
                phone: None,
                commissioner: None,
                ..event("v2", "昆仑生物", "沙依巴克区", "")
            },
        ];
        let text = calendar(&events, datetime!(2026-12-02 01:02:03), Lang::Zh);
        let version = env!("CARGO_PKG_VERSION");
        let want = [
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".into(),
            format!("PRODID:-//Seedbed//Seedbed {version}//ZH"),
            "CALSCALE:GREGORIAN".into(),
            "METHOD:PUBLISH".into(),
            "X-WR-CALNAME:苗圃 · 走访计划".into(),
            "BEGIN:VEVENT".into(),
            "UID:v1@seedbed".into(),
            "DTSTAMP:20261202T010203Z".into(),
            "DTSTART:20261203T093000".into(),
            "DTEND:20261203T110000".into(),
            "SUMMARY:走访：天山科技\\,有限\\;公司（实地）".into(),
            "LOCATION:乌鲁木齐市天山区光明路1号\\, 3楼\\; 东门".into(),
            // 75 octets a line: the description folds on a character's boundary.
            // 12 + 12 + 15 + 2 + 24 + 3 octets, then 7 digits make 75.
            "DESCRIPTION:09:30-11:00 谈研发费用\\n统一社会信用代码：9165010".into(),
            " 2000000001A\\n联系人：马明 13899990000\\n科技专员：王芳".into(),
            "STATUS:CONFIRMED".into(),
            "TRANSP:OPAQUE".into(),
            "END:VEVENT".into(),
            "BEGIN:VEVENT".into(),
            "UID:v2@seedbed".into(),
            "DTSTAMP:20261202T010203Z".into(),
            "DTSTART;VALUE=DATE:20261203".into(),
            "DTEND;VALUE=DATE:20261204".into(),
            "SUMMARY:走访：昆仑生物（实地）".into(),
            "LOCATION:沙依巴克区".into(),
            "DESCRIPTION:统一社会信用代码：91650102000000001A".into(),
            "STATUS:CONFIRMED".into(),
            "TRANSP:TRANSPARENT".into(),
            "END:VEVENT".into(),
            "END:VCALENDAR".into(),
        ];
        let want: String = want.iter().map(|l| format!("{l}\r\n")).collect();
        assert_eq!(text, want);
        // A time with no end takes an hour; in English the labels are English.
        let late = [event("v3", "Kunlun", "天山区", "23:30 late call")];
        let en = calendar(&late, datetime!(2026-12-02 01:02:03), Lang::En);
        assert!(
            en.contains("\r\nDTSTART:20261203T233000\r\nDTEND:20261204T003000\r\n"),
            "{en}"
        );
        assert!(
            en.contains("\r\nSUMMARY:Visit: Kunlun (on-site)\r\n"),
            "{en}"
        );
        assert!(en.contains("Credit code: 91650102000000001A"), "{en}");
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let long = format!("DESCRIPTION:{}", "新疆克拉玛依".repeat(20));
        let folded = fold(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
        assert_eq!(fold("SHORT"), "SHORT\r\n");
    }
}
