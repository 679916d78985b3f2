//! Dates as a commissioner types them: `2026-11-21`, `2026/11/21`, `2026年11月21日`, `11-21`
//! (this year), `+7` / `-3` (days from today), `今天` / `明天` / `昨天`, `today` / `tomorrow`.

use time::{Date, Duration, Month};

/// The first date a record may carry: the district's records start with the People's Republic.
pub const EARLIEST: Date = time::macros::date!(1949 - 01 - 01);

/// The last date a record may carry (plans, certificates and targets reach decades ahead, not
/// centuries; a later date is a typing error, and exports to spreadsheets need a sane year).
pub const LATEST: Date = time::macros::date!(2100 - 12 - 31);

/// Why a typed or imported date was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not in any form a date is written in (the text as given).
    NotADate(String),
    /// A real date outside [`EARLIEST`] ..= [`LATEST`].
    OutOfRange(Date),
}

/// The one rule every way a date comes in (import, command-line flags, forms) goes through.
pub fn check_range(d: Date) -> Result<Date, DateError> {
    if (EARLIEST..=LATEST).contains(&d) {
        Ok(d)
    } else {
        Err(DateError::OutOfRange(d))
    }
}

/// Parses `text` relative to `today` and checks it lies in [`EARLIEST`] ..= [`LATEST`].
pub fn parse_user_date(text: &str, today: Date) -> Result<Date, DateError> {
    parse_any_date(text, today).and_then(check_range)
}

/// Parses `text` relative to `today`, any year.
fn parse_any_date(text: &str, today: Date) -> Result<Date, DateError> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let rel = |days: i64| Ok(today.saturating_add(Duration::days(days)));
    match lower.as_str() {
        "今天" | "today" | "t" => return rel(0),
        "明天" | "tomorrow" => return rel(1),
        "后天" => return rel(2),
        "昨天" | "yesterday" => return rel(-1),
        _ => {}
    }
    if let Some(n) = t
        .strip_prefix('+')
        .or_else(|| t.strip_prefix('-').map(|_| t))
        && let Ok(days) = n.parse::<i64>()
        && days.abs() <= 36_500
    {
        return rel(if t.starts_with('-') {
            -days.abs()
        } else {
            days
        });
    }
    let cleaned: String = t
        .replace(['年', '月', '/', '.'], "-")
        .replace('日', "")
        .trim_end_matches('-')
        .to_string();
    let parts: Vec<&str> = cleaned.split('-').filter(|p| !p.is_empty()).collect();
    let num = |s: &str| s.trim().parse::<i32>().ok();
    let ymd = match parts.as_slice() {
        [y, m, d] => num(y).zip(num(m)).zip(num(d)).map(|((y, m), d)| (y, m, d)),
        [m, d] => num(m).zip(num(d)).map(|(m, d)| (today.year(), m, d)),
        _ => None,
    };
    ymd.and_then(|(y, m, d)| {
        let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
        Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
    })
    .ok_or_else(|| DateError::NotADate(t.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    #[test]
    fn accepts_every_documented_form() {
        for (input, want) in [
            ("2026-11-21", date!(2026 - 11 - 21)),
            ("2026/12/01", date!(2026 - 12 - 01)),
            ("2026年12月1日", date!(2026 - 12 - 01)),
            ("2026.1.5", date!(2026 - 01 - 05)),
            ("11-25", date!(2026 - 11 - 25)),
            ("+7", date!(2026 - 11 - 28)),
            ("-3", date!(2026 - 11 - 18)),
            ("今天", TODAY),
            ("明天", date!(2026 - 11 - 22)),
            ("昨天", date!(2026 - 11 - 20)),
            (" Tomorrow ", date!(2026 - 11 - 22)),
        ] {
            assert_eq!(parse_user_date(input, TODAY), Ok(want), "{input}");
        }
    }

    #[test]
    fn rejects_impossible_dates_with_the_forms_it_takes() {
        for bad in ["2026-02-30", "13-01", "soon", "", "+", "2026-11", "+999999"] {
            let e = parse_user_date(bad, TODAY).unwrap_err();
            assert_eq!(e, DateError::NotADate(bad.trim().to_string()), "{bad}");
        }
    }

    #[test]
    fn dates_outside_1949_to_2100_are_refused() {
        for (input, refused) in [
            ("0000-01-01", date!(0000 - 01 - 01)),
            ("1948-12-31", date!(1948 - 12 - 31)),
            ("2101-01-01", date!(2101 - 01 - 01)),
            ("9999-12-31", date!(9999 - 12 - 31)),
            // 80 years ahead, written relative to today (2100 is no leap year).
            ("+29220", date!(2106 - 11 - 22)),
        ] {
            assert_eq!(
                parse_user_date(input, TODAY),
                Err(DateError::OutOfRange(refused)),
                "{input}"
            );
        }
        for (input, kept) in [
            ("1949-01-01", date!(1949 - 01 - 01)),
            ("2100-12-31", date!(2100 - 12 - 31)),
        ] {
            assert_eq!(parse_user_date(input, TODAY), Ok(kept), "{input}");
        }
    }
}
