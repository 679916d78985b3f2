//! Reading one cell as a typed value: dates in the forms Chinese offices write them, money with
//! thousands separators or in 万元, counts, yes/no, and the closed sets by code or label.

use super::columns::EnumKind;
use super::words::Words;
use super::{Cell, Why};
use crate::domain::Honour;
use crate::lang::Lang;
use time::{Date, Month, PrimitiveDateTime, Time};

/// Whether a cell of a typed column counts as blank: empty, or a dash or slash used as "none".
fn blank_typed(cell: &Cell) -> Option<&str> {
    match cell {
        Cell::Empty => None,
        Cell::Text(s) => {
            let t = s.trim();
            if t.is_empty() || matches!(t, "-" | "—" | "－" | "/" | "——" | "–") {
                None
            } else {
                Some(t)
            }
        }
        _ => Some(""),
    }
}

/// A text value, trimmed; `None` when blank. Numbers are written without a spurious `.0`.
pub fn text(cell: &Cell) -> Option<String> {
    let s = match cell {
        Cell::Text(s) => s.trim().to_string(),
        Cell::Empty => String::new(),
        other => other.display(),
    };
    (!s.is_empty()).then_some(s)
}

// round trip
/// A record id: letters, digits and `-`, at most 64 characters (Seedbed writes ULIDs);
/// `None` when blank.
pub fn id(cell: &Cell) -> Result<Option<String>, Why> {
    let Some(s) = text(cell) else {
        return Ok(None);
    };
    if s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(Some(s))
    } else {
        Err(Why::BadId)
    }
}

/// The date of an Excel serial number (1900 date system, with its phantom 29 February 1900).
pub fn excel_serial(serial: f64) -> Option<PrimitiveDateTime> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i32;
    let mut secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs >= 86_400 {
        days += 1;
        secs -= 86_400;
    }
    if days < 60 {
        days += 1;
    }
    let base = Date::from_calendar_date(1899, Month::December, 30).ok()?;
    let date = Date::from_julian_day(base.to_julian_day() + days).ok()?;
    let time = Time::from_hms(
        (secs / 3600) as u8,
        ((secs / 60) % 60) as u8,
        (secs % 60) as u8,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// Splits `2026-11-21 09:30` into its date and time parts.
fn split_date_time(s: &str) -> (&str, Option<&str>) {
    let s = s.trim();
    if let Some(i) = s.find(['T', ' ', '\u{3000}']) {
        let (d, t) = s.split_at(i);
        let t = t[t.chars().next().map_or(0, char::len_utf8)..].trim();
        (d.trim(), (!t.is_empty()).then_some(t))
    } else {
        (s, None)
    }
}

/// A date written as `2026-11-21`, `2026/11/21`, `2026.11.21`, `2026年11月21日`, `20261121` or an
/// Excel serial number.
fn date_text(s: &str) -> Option<Date> {
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' | '－' => '-',
            '日' | '号' => ' ',
            c => c,
        })
        .collect();
    let t = t.trim();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = t[..4].parse().ok()?;
        let m: u8 = t[4..6].parse().ok()?;
        let d: u8 = t[6..].parse().ok()?;
        return Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok();
    }
    if (3..=7).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        // An Excel serial number written out as text.
        let x: f64 = t.parse().ok()?;
        return (x >= 10_000.0)
            .then(|| excel_serial(x))
            .flatten()
            .map(|d| d.date());
    }
    let mut parts = t.split('-');
    let y = parts.next()?.trim();
    let m = parts.next()?.trim();
    let d = parts.next()?.trim();
    if parts.next().is_some_and(|rest| !rest.trim().is_empty()) || y.len() != 4 {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    let d: u8 = d.parse().ok()?;
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// A time of day written as `9:30`, `09:30:15` or `9时30分`.
fn time_text(s: &str) -> Option<Time> {
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '：' | '时' | '点' | '分' => ':',
            '秒' => ' ',
            c => c,
        })
        .collect();
    let mut parts = t.trim().trim_end_matches(':').split(':');
    let h: u8 = parts.next()?.trim().parse().ok()?;
    let m: u8 = parts.next().map_or(Some(0), |p| p.trim().parse().ok())?;
    let sec: f64 = parts.next().map_or(Some(0.0), |p| p.trim().parse().ok())?;
    if parts.next().is_some() || !(0.0..60.0).contains(&sec) {
        return None;
    }
    Time::from_hms(h, m, sec.floor() as u8).ok()
}

/// A date within `domain::dates::EARLIEST ..= LATEST`; `Ok(None)` when blank. A time after the
/// date is ignored.
pub fn date(cell: &Cell) -> Result<Option<Date>, Why> {
    match any_date(cell)? {
        Some(d) => in_range(d).map(Some),
        None => Ok(None),
    }
}

/// A date and time within `domain::dates::EARLIEST ..= LATEST` (a date alone is midnight);
/// `Ok(None)` when blank.
pub fn datetime(cell: &Cell) -> Result<Option<PrimitiveDateTime>, Why> {
    match any_datetime(cell)? {
        Some(t) => in_range(t.date()).map(|_| Some(t)),
        None => Ok(None),
    }
}

/// The date range rule of `domain::dates`, as an import problem.
fn in_range(d: Date) -> Result<Date, Why> {
    crate::domain::dates::check_range(d).map_err(|_| Why::DateOutOfRange)
}

/// Why a number cell in a date column is refused. The spreadsheet reader turns the cells the
/// workbook formats as dates into `Cell::Date`/`Cell::DateTime` (with the workbook's 1900 or 1904
/// system), so a number left here is a plain number: read as an Excel serial, `2015` would become
/// 1905-07-07. A whole number that looks like a year gets the hint to write the full date.
fn number_not_date(x: f64) -> Why {
    if x.fract() == 0.0 && (1900.0..=2100.0).contains(&x) {
        Why::YearNotDate
    } else {
        Why::NumberNotDate
    }
}

/// `YearNotDate` when the text is a bare year such as `2015`, else `otherwise`.
fn year_or(s: &str, otherwise: Why) -> Why {
    match s.trim().parse::<u16>() {
        Ok(y) if (1900..=2100).contains(&y) => Why::YearNotDate,
        _ => otherwise,
    }
}

/// A date of any year; `Ok(None)` when blank.
fn any_date(cell: &Cell) -> Result<Option<Date>, Why> {
    let Some(s) = blank_typed(cell) else {
        return Ok(None);
    };
    match cell {
        Cell::Date(d) => Ok(Some(*d)),
        Cell::DateTime(t) => Ok(Some(t.date())),
        Cell::Number(x) => Err(number_not_date(*x)),
        _ => {
            let (d, _) = split_date_time(s);
            date_text(d)
                .map(Some)
                .ok_or_else(|| year_or(d, Why::BadDate))
        }
    }
}

/// A date and time of any year; `Ok(None)` when blank.
fn any_datetime(cell: &Cell) -> Result<Option<PrimitiveDateTime>, Why> {
    let Some(s) = blank_typed(cell) else {
        return Ok(None);
    };
    match cell {
        Cell::Date(d) => Ok(Some(d.midnight())),
        Cell::DateTime(t) => Ok(Some(*t)),
        Cell::Number(x) => Err(number_not_date(*x)),
        _ => {
            let (d, t) = split_date_time(s);
            let date = date_text(d).ok_or_else(|| year_or(d, Why::BadDateTime))?;
            let time = match t {
                Some(t) => time_text(t).ok_or(Why::BadDateTime)?,
                None => Time::MIDNIGHT,
            };
            Ok(Some(PrimitiveDateTime::new(date, time)))
        }
    }
}

/// An amount of money in yuan, rounded to whole yuan. `scale` is 10,000 for a column in 万元;
/// a value that itself ends in 万 or 万元 is in 万元 whatever the header says.
pub fn amount(cell: &Cell, scale: i64) -> Result<Option<i64>, Why> {
    let Some(s) = blank_typed(cell) else {
        return Ok(None);
    };
    if let Cell::Number(x) = cell {
        let v = (x * scale as f64).round();
        return if v.is_finite() && v.abs() < 9.0e15 {
            Ok(Some(v as i64))
        } else {
            Err(Why::BadNumber)
        };
    }
    if !matches!(cell, Cell::Text(_)) {
        return Err(Why::BadNumber);
    }
    let mut t = s.trim_start_matches(['¥', '￥']).trim();
    let mut scale = scale;
    if let Some(x) = t.strip_suffix("万元").or_else(|| t.strip_suffix('万')) {
        t = x.trim();
        scale = 10_000;
    } else if let Some(x) = t.strip_suffix('元') {
        t = x.trim();
    }
    decimal(t, scale).map(Some)
}

/// An exact decimal (with separators, sign or accounting brackets) times `scale`, rounded half
/// away from zero.
fn decimal(s: &str, scale: i64) -> Result<i64, Why> {
    let mut t = s.trim();
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    if let Some(rest) = t.strip_prefix(['-', '−', '－']) {
        negative = !negative;
        t = rest.trim();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim();
    }
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}' | '\'' | '_'))
        .collect();
    if digits.contains(['e', 'E']) {
        let x: f64 = digits.parse().map_err(|_| Why::BadNumber)?;
        let v = (x * scale as f64).round();
        if !v.is_finite() || v.abs() >= 9.0e15 {
            return Err(Why::BadNumber);
        }
        return Ok(if negative { -(v as i64) } else { v as i64 });
    }
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() > 16
        || frac.len() > 12
    {
        return Err(Why::BadNumber);
    }
    let int: i128 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| Why::BadNumber)?
    };
    let frac_v: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| Why::BadNumber)?
    };
    let den = 10i128.pow(frac.len() as u32);
    let num = (int * den + frac_v) * i128::from(scale);
    let v = (num * 2 + den) / (den * 2);
    let v = i64::try_from(v).map_err(|_| Why::BadNumber)?;
    Ok(if negative { -v } else { v })
}

/// A count: a whole number, not negative.
pub fn count(cell: &Cell) -> Result<Option<i64>, Why> {
    let Some(s) = blank_typed(cell) else {
        return Ok(None);
    };
    let v = match cell {
        Cell::Number(x) => {
            if x.fract() != 0.0 {
                return Err(Why::NotWhole);
            }
            *x
        }
        Cell::Text(_) => {
            let t = s.trim_end_matches(['人', '个', '项', '件']).trim();
            let digits: String = t
                .chars()
                .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}'))
                .collect();
            let x: f64 = digits.parse().map_err(|_| Why::BadNumber)?;
            if x.fract() != 0.0 {
                return Err(Why::NotWhole);
            }
            x
        }
        _ => return Err(Why::BadNumber),
    };
    if v < 0.0 {
        return Err(Why::Negative);
    }
    if v >= 9.0e15 {
        return Err(Why::BadNumber);
    }
    Ok(Some(v as i64))
}

/// A year between 1949 and 2200 (`2025` or `2025年`).
pub fn year(cell: &Cell) -> Result<Option<i32>, Why> {
    let Some(s) = blank_typed(cell) else {
        return Ok(None);
    };
    let y: f64 = match cell {
        Cell::Number(x) => *x,
        Cell::Text(_) => s
            .trim_end_matches(['年', '度'])
            .trim()
            .parse()
            .map_err(|_| Why::BadYear)?,
        _ => return Err(Why::BadYear),
    };
    if y.fract() != 0.0 || !(1949.0..=2200.0).contains(&y) {
        return Err(Why::BadYear);
    }
    Ok(Some(y as i32))
}

/// A decimal number.
pub fn real(cell: &Cell) -> Result<Option<f64>, Why> {
    let Some(s) = blank_typed(cell) else {
        return Ok(None);
    };
    match cell {
        Cell::Number(x) => Ok(Some(*x)),
        Cell::Text(_) => {
            let t: String = s.chars().filter(|c| !matches!(c, ',' | '，')).collect();
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or(Why::BadNumber)
        }
        _ => Err(Why::BadNumber),
    }
}

/// Yes or no: 是/否, 有/无, yes/no, true/false, 1/0, √/×.
pub fn boolean(cell: &Cell) -> Result<Option<bool>, Why> {
    let Some(s) = blank_typed(cell) else {
        return Ok(None);
    };
    match cell {
        Cell::Bool(b) => Ok(Some(*b)),
        Cell::Number(x) if *x == 1.0 => Ok(Some(true)),
        Cell::Number(x) if *x == 0.0 => Ok(Some(false)),
        Cell::Text(_) => match s.to_lowercase().as_str() {
            "是" | "有" | "yes" | "y" | "true" | "1" | "√" | "✓" | "发生" => Ok(Some(true)),
            "否" | "无" | "没有" | "no" | "n" | "false" | "0" | "×" | "✗" | "x" | "未发生" => {
                Ok(Some(false))
            }
            _ => Err(Why::BadBool),
        },
        _ => Err(Why::BadBool),
    }
}

/// The word written for a yes/no value.
pub fn bool_label(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// Parses a value of a closed set to its code (a code, a label or short label in either
/// language, or an office word: see [`Words::choice`]); `Err` lists the codes and labels.
pub fn choice(kind: EnumKind, cell: &Cell, lang: Lang) -> Result<Option<&'static str>, Why> {
    match text(cell) {
        Some(s) => lang.choice(kind, &s).map(Some),
        None => Ok(None),
    }
}

/// The label written for a stored code of a closed set (the code itself if unknown).
pub fn choice_label(kind: EnumKind, code: &str, lang: Lang) -> String {
    lang.choice_label(kind, code)
}

/// Side honours, separated by 、 , ; or ／: stored as comma-separated codes in a fixed order.
pub fn honours(cell: &Cell, lang: Lang) -> Result<Option<String>, Why> {
    let Some(s) = text(cell) else {
        return Ok(None);
    };
    let mut found = Vec::new();
    for part in s.split(['、', ',', '，', ';', '；', '/', '／', '|']) {
        let p = part.trim();
        if p.is_empty() || p == "无" || p == "—" {
            continue;
        }
        found.push(lang.honour(p)?);
    }
    // In the set's order (of the values, not of the codes).
    let mut found: Vec<Honour> = found.into_iter().filter_map(Honour::from_code).collect();
    found.sort();
    found.dedup();
    Ok(Some(
        found.iter().map(|h| h.code()).collect::<Vec<_>>().join(","),
    ))
}

/// The honours codes `specialized,little_giant` as labels joined for a cell.
pub fn honours_label(codes: &str, lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => "; ",
    };
    codes
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| lang.honour_label(c).unwrap_or(c))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The code of one of the eight supported high-tech fields written as its code or its label in
/// either language.
pub fn hte_field_code(s: &str) -> Option<&'static str> {
    <Lang as Words>::hte_field_code(s)
}

/// One of the eight supported high-tech fields, by code or by label in either language.
pub fn hte_field(cell: &Cell, lang: Lang) -> Result<Option<&'static str>, Why> {
    let Some(s) = text(cell) else {
        return Ok(None);
    };
    hte_field_code(&s)
        .map(Some)
        .ok_or_else(|| Why::BadChoice(lang.hte_field_names()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn dates_in_every_office_form() {
        for s in [
            "2026-11-21",
            "2026/11/21",
            "2026年11月21日",
            "2026.11.21",
            "2026-11-21 00:00:00",
            "20261121",
            " 2026/11/21 ",
            "46347",
        ] {
            assert_eq!(date(&t(s)), Ok(Some(date!(2026 - 11 - 21))), "{s}");
        }
        assert_eq!(date(&t("2026-1-5")), Ok(Some(date!(2026 - 01 - 05))));
        // A number cell is a number, not a serial date: only cells the workbook formats as dates
        // (read by calamine into `Cell::Date`) are dates.
        assert_eq!(date(&Cell::Number(46347.0)), Err(Why::NumberNotDate));
        assert_eq!(date(&Cell::Number(2015.0)), Err(Why::YearNotDate));
        assert_eq!(date(&Cell::Number(2015.5)), Err(Why::NumberNotDate));
        assert_eq!(datetime(&Cell::Number(2015.0)), Err(Why::YearNotDate));
        assert_eq!(date(&t("2015")), Err(Why::YearNotDate));
        assert_eq!(date(&t("2015年")), Err(Why::BadDate));
        assert_eq!(date(&t("")), Ok(None));
        assert_eq!(date(&t("—")), Ok(None));
        for bad in ["2026-13-01", "2026-02-30", "明天", "21/11/2026", "2026-11"] {
            assert_eq!(date(&t(bad)), Err(Why::BadDate), "{bad}");
        }
    }

    #[test]
    fn excel_serials_follow_the_1900_system() {
        assert_eq!(
            excel_serial(1.0).map(|d| d.date()),
            Some(date!(1900 - 01 - 01))
        );
        assert_eq!(
            excel_serial(61.0).map(|d| d.date()),
            Some(date!(1900 - 03 - 01))
        );
        assert_eq!(excel_serial(46347.5), Some(datetime!(2026-11-21 12:00)));
        assert_eq!(excel_serial(0.0), None);
    }

    #[test]
    fn datetimes_with_and_without_time() {
        assert_eq!(
            datetime(&t("2026-11-21 09:30")),
            Ok(Some(datetime!(2026-11-21 09:30)))
        );
        assert_eq!(
            datetime(&t("2026/11/21 9:30:15")),
            Ok(Some(datetime!(2026-11-21 09:30:15)))
        );
        assert_eq!(
            datetime(&t("2026-11-21T09:30:00")),
            Ok(Some(datetime!(2026-11-21 09:30)))
        );
        assert_eq!(
            datetime(&t("2026年11月21日 9时30分")),
            Ok(Some(datetime!(2026-11-21 09:30)))
        );
        assert_eq!(
            datetime(&t("2026-11-21")),
            Ok(Some(datetime!(2026-11-21 00:00)))
        );
        assert_eq!(datetime(&t("2026-11-21 25:00")), Err(Why::BadDateTime));
    }

    #[test]
    fn amounts_with_separators_and_wan() {
        assert_eq!(amount(&t("1,234,567"), 1), Ok(Some(1_234_567)));
        assert_eq!(amount(&t("1,234.56"), 10_000), Ok(Some(12_345_600)));
        assert_eq!(amount(&t("0.00005"), 10_000), Ok(Some(1)));
        assert_eq!(amount(&t("120万元"), 1), Ok(Some(1_200_000)));
        assert_eq!(amount(&t("120万"), 10_000), Ok(Some(1_200_000)));
        assert_eq!(amount(&t("¥3,000元"), 1), Ok(Some(3_000)));
        assert_eq!(amount(&t("-12.5"), 10_000), Ok(Some(-125_000)));
        assert_eq!(amount(&t("(1,000)"), 1), Ok(Some(-1_000)));
        assert_eq!(amount(&t("1.2E+07"), 1), Ok(Some(12_000_000)));
        assert_eq!(
            amount(&Cell::Number(1234.5678), 10_000),
            Ok(Some(12_345_678))
        );
        assert_eq!(amount(&t("十万"), 1), Err(Why::BadNumber));
        assert_eq!(amount(&t("1.2.3"), 1), Err(Why::BadNumber));
        assert_eq!(amount(&t("-"), 1), Ok(None));
    }

    #[test]
    fn counts_years_reals_and_booleans() {
        assert_eq!(count(&t("1,200")), Ok(Some(1200)));
        assert_eq!(count(&t("12人")), Ok(Some(12)));
        assert_eq!(count(&Cell::Number(12.0)), Ok(Some(12)));
        assert_eq!(count(&t("12.5")), Err(Why::NotWhole));
        assert_eq!(count(&t("-3")), Err(Why::Negative));
        assert_eq!(year(&t("2025年")), Ok(Some(2025)));
        assert_eq!(year(&t("25")), Err(Why::BadYear));
        assert_eq!(real(&t("15.5")), Ok(Some(15.5)));
        assert_eq!(boolean(&t("否")), Ok(Some(false)));
        assert_eq!(boolean(&t("Yes")), Ok(Some(true)));
        assert_eq!(boolean(&t("也许")), Err(Why::BadBool));
    }

    #[test]
    fn choices_by_code_label_or_synonym() {
        assert_eq!(
            choice(EnumKind::Batch, &t("优选批"), Lang::Zh),
            Ok(Some("preferred"))
        );
        assert_eq!(
            choice(EnumKind::ProjectLevel, &t("自治区级"), Lang::Zh),
            Ok(Some("provincial"))
        );
        assert_eq!(
            choice(EnumKind::VisitMode, &t("on-site"), Lang::En),
            Ok(Some("on_site"))
        );
        assert!(matches!(
            choice(EnumKind::Tier, &t("独角兽"), Lang::Zh),
            Err(Why::BadChoice(v)) if v.contains(&"hte（高新技术企业／高企）".to_string())
        ));
        assert_eq!(
            honours(&t("小巨人、专精特新"), Lang::Zh),
            Ok(Some("specialized,little_giant".into()))
        );
        assert_eq!(
            honours_label("specialized,little_giant", Lang::Zh),
            "专精特新、小巨人"
        );
        assert_eq!(hte_field(&t("新材料"), Lang::Zh), Ok(Some("new_materials")));
    }
}
