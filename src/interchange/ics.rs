//! Planned visits as an iCalendar file (RFC 5545) that phone and desktop calendars import: one
//! all-day event per visit, with a UID that stays the same across exports (the visit's id), so
//! importing a newer file updates the events instead of doubling them.

use super::columns::EnumKind;
use super::words::Words;
use crate::lang::Lang;
use crate::store::Result;
use rusqlite::{Connection, params};
use time::{Date, PrimitiveDateTime};

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
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.planned_on, e.name, e.credit_code, e.address, e.district, v.mode, c.name,
                e.contact_name, e.contact_phone, v.notes, v.updated_at
         FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
         LEFT JOIN commissioners c ON c.id = v.commissioner_id
         WHERE v.done_on IS NULL AND v.cancelled_on IS NULL AND e.deleted_at IS NULL
           AND v.planned_on BETWEEN ?1 AND ?2
         ORDER BY v.planned_on, e.name, v.id",
    )?;
    let rows = stmt.query_map(params![from, until], |r| {
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

/// The calendar text. `stamp_utc` is the moment the file is made (DTSTAMP, in UTC).
pub fn calendar(events: &[VisitEvent], stamp_utc: PrimitiveDateTime, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let stamp = format!(
        "{}T{:02}{:02}{:02}Z",
        ymd(stamp_utc.date()),
        stamp_utc.hour(),
        stamp_utc.minute(),
        stamp_utc.second()
    );
    let mut s = String::new();
    let mut line = |l: String| s.push_str(&fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//Seedbed//Seedbed {}//{}",
        env!("CARGO_PKG_VERSION"),
        if zh { "ZH" } else { "EN" }
    ));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!(
        "X-WR-CALNAME:{}",
        escape(if zh {
            "苗圃 · 走访计划"
        } else {
            "Seedbed visits"
        })
    ));
    for e in events {
        let mode = lang.choice_label(EnumKind::VisitMode, e.mode.code());
        let summary = if zh {
            format!("走访：{}（{mode}）", e.enterprise)
        } else {
            format!("Visit: {} ({mode})", e.enterprise)
        };
        let location = e
            .address
            .clone()
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| e.district.clone());
        let mut desc: Vec<String> = Vec::new();
        if !e.notes.trim().is_empty() {
            desc.push(e.notes.trim().to_string());
        }
        let contact = [e.contact.as_deref(), e.phone.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if zh {
            desc.push(format!("统一社会信用代码：{}", e.credit_code));
            if !contact.is_empty() {
                desc.push(format!("联系人：{contact}"));
            }
            if let Some(c) = &e.commissioner {
                desc.push(format!("科技专员：{c}"));
            }
        } else {
            desc.push(format!("Credit code: {}", e.credit_code));
            if !contact.is_empty() {
                desc.push(format!("Contact: {contact}"));
            }
            if let Some(c) = &e.commissioner {
                desc.push(format!("Commissioner: {c}"));
            }
        }
        let next = e.planned_on.next_day().unwrap_or(e.planned_on);
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}@seedbed", e.visit_id));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", ymd(e.planned_on)));
        line(format!("DTEND;VALUE=DATE:{}", ymd(next)));
        line(format!("SUMMARY:{}", escape(&summary)));
        line(format!("LOCATION:{}", escape(&location)));
        line(format!("DESCRIPTION:{}", escape(&desc.join("\n"))));
        line("STATUS:CONFIRMED".into());
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
