//! The district's action-plan targets (行动方案目标) and the metrics they are measured by, computed
//! from the pool's data for a year as of a day.
//!
//! A year is measured as of its 31 December, or `today` while the year is still running.

use crate::domain::model::CertKind;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use time::{Date, Month};

crate::domain::model::closed_set! {
    /// What a target measures.
    Metric {
        HteCount => "hte_count";
        NewHte => "new_hte";
        TsmeCount => "tsme_count";
        HteRevenue => "hte_revenue";
        RdGrowth => "rd_growth";
        PoolEntries => "pool_entries";
        VisitCoverage => "visit_coverage";
    }
}

/// How a metric's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    /// Yuan (shown in 万 or 亿).
    Yuan,
    /// Percent points (5.0 = 5 %).
    Percent,
}

impl Metric {
    pub fn unit(self) -> Unit {
        match self {
            Metric::HteRevenue => Unit::Yuan,
            Metric::RdGrowth | Metric::VisitCoverage => Unit::Percent,
            _ => Unit::Count,
        }
    }
}

/// A certificate, as the metrics need it.
#[derive(Debug, Clone, PartialEq)]
pub struct CertFacts {
    pub enterprise_id: String,
    pub kind: CertKind,
    pub issued_on: Date,
    pub expires_on: Option<Date>,
}

/// One enterprise's yearly figures, as the metrics need them (yuan).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureFacts {
    pub enterprise_id: String,
    pub year: i32,
    /// Total income, or sales when the total is missing.
    pub revenue: Option<i64>,
    pub rd_spend: Option<i64>,
}

/// Everything the metrics are computed from: the live enterprises of the scope and their rows.
#[derive(Debug, Clone, Default)]
pub struct MetricData {
    pub enterprises: Vec<String>,
    pub certificates: Vec<CertFacts>,
    pub figures: Vec<FigureFacts>,
    /// `(enterprise, entered_on)` of every pool membership.
    pub entries: Vec<(String, Date)>,
    /// `(enterprise, done_on)` of every visit done.
    pub visits_done: Vec<(String, Date)>,
    /// When each enterprise was in the pool: `(enterprise, from, until)`, `until` the first day
    /// out (`None`: still in). A year's coverage counts the enterprises in the pool on its day,
    /// so today's entries and exits leave a past year alone.
    pub in_pool: Vec<(String, Date, Option<Date>)>,
}

/// Whether `e` was in the pool on `day`, by its spans in [`MetricData::in_pool`].
fn in_pool_on(d: &MetricData, day: Date) -> HashSet<&str> {
    d.in_pool
        .iter()
        .filter(|(_, from, until)| *from <= day && until.is_none_or(|u| u > day))
        .map(|(e, _, _)| e.as_str())
        .collect()
}

/// The day `year` is measured on: its last day, or `today` if that is earlier.
pub fn as_of(year: i32, today: Date) -> Date {
    Date::from_calendar_date(year, Month::December, 31)
        .map(|end| end.min(today))
        .unwrap_or(today)
}

fn valid_on(c: &CertFacts, day: Date) -> bool {
    c.issued_on <= day && c.expires_on.is_none_or(|e| e >= day)
}

/// The enterprises holding a valid certificate of `kind` on `day`.
fn holders(d: &MetricData, kind: CertKind, day: Date) -> HashSet<&str> {
    let live: HashSet<&str> = d.enterprises.iter().map(String::as_str).collect();
    d.certificates
        .iter()
        .filter(|c| c.kind == kind && valid_on(c, day) && live.contains(c.enterprise_id.as_str()))
        .map(|c| c.enterprise_id.as_str())
        .collect()
}

/// The value of `metric` for `year` as of `today`; `None` when it cannot be computed (no base
/// year for a growth, no enterprise for a coverage).
pub fn metric_value(metric: Metric, d: &MetricData, year: i32, today: Date) -> Option<f64> {
    let day = as_of(year, today);
    let live: HashSet<&str> = d.enterprises.iter().map(String::as_str).collect();
    let count = |n: usize| Some(n as f64);
    match metric {
        Metric::HteCount => count(holders(d, CertKind::Hte, day).len()),
        Metric::TsmeCount => count(holders(d, CertKind::Tsme, day).len()),
        Metric::NewHte => {
            let mut first: HashMap<&str, Date> = HashMap::new();
            for c in d.certificates.iter().filter(|c| c.kind == CertKind::Hte) {
                let e = first.entry(c.enterprise_id.as_str()).or_insert(c.issued_on);
                *e = (*e).min(c.issued_on);
            }
            count(
                first
                    .iter()
                    .filter(|(e, on)| live.contains(*e) && on.year() == year && **on <= day)
                    .count(),
            )
        }
        Metric::HteRevenue => {
            let htes = holders(d, CertKind::Hte, day);
            // `None` until some HTE's figures of the year are in (the running year's come later).
            let known: Vec<i64> = d
                .figures
                .iter()
                .filter(|f| f.year == year && htes.contains(f.enterprise_id.as_str()))
                .filter_map(|f| f.revenue)
                .collect();
            (!known.is_empty()).then(|| known.iter().sum::<i64>() as f64)
        }
        Metric::RdGrowth => {
            let by: HashMap<(&str, i32), i64> = d
                .figures
                .iter()
                .filter(|f| live.contains(f.enterprise_id.as_str()))
                .filter_map(|f| f.rd_spend.map(|r| ((f.enterprise_id.as_str(), f.year), r)))
                .collect();
            let (mut now, mut before) = (0i64, 0i64);
            for ((e, y), r) in &by {
                if *y == year
                    && let Some(b) = by.get(&(*e, year - 1))
                {
                    now += r;
                    before += b;
                }
            }
            (before > 0).then(|| (now as f64 / before as f64 - 1.0) * 100.0)
        }
        Metric::PoolEntries => count(
            d.entries
                .iter()
                .filter(|(e, on)| live.contains(e.as_str()) && on.year() == year && *on <= day)
                .map(|(e, _)| e.as_str())
                .collect::<HashSet<_>>()
                .len(),
        ),
        Metric::VisitCoverage => {
            let members = in_pool_on(d, day);
            let live: HashSet<&str> = live.intersection(&members).copied().collect();
            if live.is_empty() {
                return None;
            }
            let visited: HashSet<&str> = d
                .visits_done
                .iter()
                .filter(|(e, on)| live.contains(e.as_str()) && on.year() == year && *on <= day)
                .map(|(e, _)| e.as_str())
                .collect();
            Some(visited.len() as f64 / live.len() as f64 * 100.0)
        }
    }
}

/// How far `actual` has come towards `target`, in percent (0 when the target is not positive and
/// not met, capped at 999).
pub fn progress(actual: Option<f64>, target: f64) -> Option<f64> {
    let a = actual?;
    if target <= 0.0 {
        return Some(if a >= target { 100.0 } else { 0.0 });
    }
    Some((a / target * 100.0).clamp(0.0, 999.0))
}

/// A text progress bar `width` cells wide: `████░░` (full cells for the share done, capped at 100).
pub fn bar(percent: f64, width: usize) -> String {
    let share = (percent / 100.0).clamp(0.0, 1.0);
    let full = ((share * width as f64).round() as usize).min(width);
    let mut s = "█".repeat(full);
    s.push_str(&"░".repeat(width - full));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn cert(e: &str, kind: CertKind, issued: Date, expires: Option<Date>) -> CertFacts {
        CertFacts {
            enterprise_id: e.into(),
            kind,
            issued_on: issued,
            expires_on: expires,
        }
    }

    fn fig(e: &str, year: i32, revenue: Option<i64>, rd: Option<i64>) -> FigureFacts {
        FigureFacts {
            enterprise_id: e.into(),
            year,
            revenue,
            rd_spend: rd,
        }
    }

    /// Five live enterprises a–e, and z (deleted: not in `enterprises`).
    fn data() -> MetricData {
        MetricData {
            enterprises: ["a", "b", "c", "d", "e"].map(String::from).to_vec(),
            certificates: vec![
                // a: HTE since 2023 (first), valid through 2026
                cert(
                    "a",
                    CertKind::Hte,
                    date!(2023 - 10 - 01),
                    Some(date!(2026 - 09 - 30)),
                ),
                // a: re-certified in 2026
                cert(
                    "a",
                    CertKind::Hte,
                    date!(2026 - 09 - 20),
                    Some(date!(2029 - 09 - 19)),
                ),
                // b: first HTE in 2026
                cert(
                    "b",
                    CertKind::Hte,
                    date!(2026 - 03 - 15),
                    Some(date!(2029 - 03 - 14)),
                ),
                // c: HTE expired in 2025
                cert(
                    "c",
                    CertKind::Hte,
                    date!(2022 - 06 - 01),
                    Some(date!(2025 - 05 - 31)),
                ),
                // d: tech SME for 2026; e: tech SME for 2025 only
                cert(
                    "d",
                    CertKind::Tsme,
                    date!(2026 - 04 - 01),
                    Some(date!(2026 - 12 - 31)),
                ),
                cert(
                    "e",
                    CertKind::Tsme,
                    date!(2025 - 04 - 01),
                    Some(date!(2025 - 12 - 31)),
                ),
                // z is deleted: never counted
                cert("z", CertKind::Hte, date!(2026 - 01 - 10), None),
            ],
            figures: vec![
                fig("a", 2026, Some(300_000_000), Some(12_000_000)),
                fig("a", 2025, Some(250_000_000), Some(10_000_000)),
                fig("b", 2026, Some(80_000_000), Some(4_000_000)),
                fig("b", 2025, Some(70_000_000), None),
                fig("c", 2026, Some(50_000_000), Some(3_300_000)),
                fig("c", 2025, Some(40_000_000), Some(3_000_000)),
                fig("d", 2026, None, Some(500_000)),
            ],
            entries: vec![
                ("a".into(), date!(2024 - 03 - 01)),
                ("d".into(), date!(2026 - 02 - 01)),
                ("e".into(), date!(2026 - 05 - 01)),
                // e enters a second pool the same year: one enterprise
                ("e".into(), date!(2026 - 07 - 01)),
                ("z".into(), date!(2026 - 02 - 01)),
            ],
            visits_done: vec![
                ("a".into(), date!(2026 - 02 - 01)),
                ("a".into(), date!(2026 - 06 - 01)),
                ("c".into(), date!(2026 - 10 - 01)),
                ("d".into(), date!(2025 - 10 - 01)),
            ],
            in_pool: vec![
                ("a".into(), date!(2024 - 03 - 01), None),
                ("b".into(), date!(2021 - 05 - 01), None),
                ("c".into(), date!(2021 - 05 - 01), None),
                ("d".into(), date!(2026 - 02 - 01), None),
                ("e".into(), date!(2026 - 05 - 01), None),
            ],
        }
    }

    const TODAY: Date = date!(2026 - 11 - 21);

    #[test]
    fn metrics_of_the_running_year() {
        let d = data();
        let m = |metric| metric_value(metric, &d, 2026, TODAY);
        // a (re-certified) and b are HTEs on 2026-11-21; c expired.
        assert_eq!(m(Metric::HteCount), Some(2.0));
        // b's first certificate is of 2026; a's first is of 2023.
        assert_eq!(m(Metric::NewHte), Some(1.0));
        assert_eq!(m(Metric::TsmeCount), Some(1.0));
        // a 300 million + b 80 million
        assert_eq!(m(Metric::HteRevenue), Some(380_000_000.0));
        // only a and c have R&D in both years: (12 + 3.3) / (10 + 3) − 1 = 17.69…%
        let g = m(Metric::RdGrowth).unwrap();
        assert!((g - (15.3 / 13.0 - 1.0) * 100.0).abs() < 1e-9, "{g}");
        // d and e entered in 2026
        assert_eq!(m(Metric::PoolEntries), Some(2.0));
        // a and c visited in 2026, of 5
        assert_eq!(m(Metric::VisitCoverage), Some(40.0));
    }

    #[test]
    fn metrics_of_last_year() {
        let d = data();
        let m = |metric| metric_value(metric, &d, 2025, TODAY);
        // on 2025-12-31: a only (c expired in May)
        assert_eq!(m(Metric::HteCount), Some(1.0));
        assert_eq!(m(Metric::NewHte), Some(0.0));
        assert_eq!(m(Metric::TsmeCount), Some(1.0));
        assert_eq!(m(Metric::HteRevenue), Some(250_000_000.0));
        // no 2024 figures: no growth
        assert_eq!(m(Metric::RdGrowth), None);
        // no figures of 2027 yet
        assert_eq!(
            metric_value(Metric::HteRevenue, &d, 2027, date!(2027 - 03 - 01)),
            None
        );
        assert_eq!(m(Metric::PoolEntries), Some(0.0));
        // In the pool on 2025-12-31: a, b, c; none visited in 2025 (d's visit of 2025-10-01 came
        // before it entered the pool in 2026).
        assert_eq!(m(Metric::VisitCoverage), Some(0.0));
    }

    #[test]
    fn a_past_years_coverage_counts_the_pool_of_its_day() {
        let mut d = data();
        let m = |d: &MetricData| metric_value(Metric::VisitCoverage, d, 2025, TODAY);
        // b visited in 2025: 1 of a, b, c.
        d.visits_done.push(("b".into(), date!(2025 - 07 - 01)));
        let before = m(&d).unwrap();
        assert!((before - 100.0 / 3.0).abs() < 1e-9, "{before}");
        // Today: two enterprises enter, c leaves. 2025 does not move.
        d.enterprises.extend(["n1".to_string(), "n2".to_string()]);
        d.in_pool.push(("n1".into(), TODAY, None));
        d.in_pool.push(("n2".into(), TODAY, None));
        d.in_pool[2].2 = Some(TODAY);
        assert_eq!(m(&d), Some(before));
        // 2026 on TODAY: a, b, d, e, n1, n2 (c left today); a visited (c no longer counts).
        let now = metric_value(Metric::VisitCoverage, &d, 2026, TODAY).unwrap();
        assert!((now - 100.0 / 6.0).abs() < 1e-9, "{now}");
        // A visit dated in 2025 recorded late does move 2025: a and b of three.
        d.visits_done.push(("a".into(), date!(2025 - 12 - 30)));
        let after = m(&d).unwrap();
        assert!((after - 200.0 / 3.0).abs() < 1e-9, "{after}");
        // Left on 2025-12-31 (the day itself is out): 2025 counts a, b of two, both visited.
        d.in_pool[2].2 = Some(date!(2025 - 12 - 31));
        assert_eq!(m(&d), Some(100.0));
    }

    #[test]
    fn progress_and_bar() {
        assert_eq!(progress(Some(4.0), 6.0).map(|p| p.round()), Some(67.0));
        assert_eq!(progress(None, 6.0), None);
        assert_eq!(progress(Some(9.0), 6.0), Some(150.0));
        assert_eq!(progress(Some(0.0), 0.0), Some(100.0));
        assert_eq!(bar(67.0, 6), "████░░");
        assert_eq!(bar(150.0, 4), "████");
        assert_eq!(bar(0.0, 3), "░░░");
        assert_eq!(as_of(2025, TODAY), date!(2025 - 12 - 31));
        assert_eq!(as_of(2026, TODAY), TODAY);
    }
}
