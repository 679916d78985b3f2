//! Tech SME evaluation (科技型中小企业评价): size gates and a 100-point score.
//!
//! Missing figures score 0 points but leave the outcome `Unknown` when the best case (every
//! missing part at its maximum) could still qualify.

use crate::config::TsmeConfig;
use crate::domain::hte::{Check, YearFigures, meets, ratio};
use serde::Serialize;

/// The outcome of a tech SME evaluation on one year's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TsmeEvaluation {
    /// Staff, sales and total assets within the limits.
    pub gates_ok: Check,
    /// Sci-tech staff share, 0–20.
    pub staff_points: u32,
    /// R&D ÷ sales, 0–50.
    pub rd_points: u32,
    /// IP, 0–30.
    pub ip_points: u32,
    pub total: u32,
    pub qualifies: Check,
    /// Qualifies directly through a valid HTE certificate.
    pub by_hte: bool,
}

/// Points scored and the most the part could score once its missing figures are known.
struct Score {
    points: u32,
    max: u32,
}

impl Score {
    fn known(points: u32) -> Score {
        Score {
            points,
            max: points,
        }
    }
    fn unknown(max: u32) -> Score {
        Score { points: 0, max }
    }
}

/// Points for a share from bands `(threshold, points)`, highest first.
fn band(share: f64, bands: &[(f64, u32)]) -> u32 {
    bands
        .iter()
        .find(|(t, _)| meets(share, *t))
        .map_or(0, |(_, p)| *p)
}

const STAFF_BANDS: [(f64, u32); 5] = [(0.30, 20), (0.25, 16), (0.20, 12), (0.15, 8), (0.10, 4)];
const RD_BANDS: [(f64, u32); 5] = [(0.06, 50), (0.05, 40), (0.04, 30), (0.03, 20), (0.02, 10)];

fn staff_score(f: &YearFigures) -> Score {
    match (f.scitech_staff, f.staff) {
        (Some(s), Some(all)) => match ratio(s, all) {
            Some(share) => Score::known(band(share, &STAFF_BANDS)),
            None => Score::unknown(20),
        },
        _ => Score::unknown(20),
    }
}

fn rd_score(f: &YearFigures) -> Score {
    match (f.rd_spend, f.sales) {
        (Some(rd), Some(sales)) => match ratio(rd, sales) {
            Some(share) => Score::known(band(share, &RD_BANDS)),
            // Zero sales: the ratio is undefined.
            None => Score::unknown(50),
        },
        _ => Score::unknown(50),
    }
}

/// Class II points: 4+ → 24, 3 → 18, 2 → 12, 1 → 6.
fn class2_points(n: i64) -> u32 {
    match n {
        i64::MIN..=0 => 0,
        1 => 6,
        2 => 12,
        3 => 18,
        _ => 24,
    }
}

fn ip_score(f: &YearFigures) -> Score {
    match (f.ip_class1, f.ip_class2) {
        (Some(c1), _) if c1 >= 1 => Score::known(30),
        (Some(_), Some(c2)) => Score::known(class2_points(c2)),
        (Some(_), None) => Score::unknown(24),
        (None, Some(c2)) => Score {
            points: class2_points(c2),
            max: 30,
        },
        (None, None) => Score::unknown(30),
    }
}

fn gate(value: Option<i64>, max: i64) -> Check {
    match value {
        None => Check::Unknown,
        Some(v) if v <= max => Check::Pass,
        Some(_) => Check::Fail,
    }
}

/// Evaluates one year's figures (usually last year's). Without figures everything is unknown.
pub fn evaluate(
    fig: Option<&YearFigures>,
    has_valid_hte: bool,
    cfg: &TsmeConfig,
) -> TsmeEvaluation {
    let direct = |c: Check| if has_valid_hte { Check::Pass } else { c };
    let Some(f) = fig else {
        return TsmeEvaluation {
            gates_ok: Check::Unknown,
            staff_points: 0,
            rd_points: 0,
            ip_points: 0,
            total: 0,
            qualifies: direct(Check::Unknown),
            by_hte: has_valid_hte,
        };
    };
    let gates_ok = gate(f.staff, cfg.max_staff)
        .and(gate(f.sales, cfg.max_sales))
        .and(gate(f.total_assets, cfg.max_assets));
    let (staff, rd, ip) = (staff_score(f), rd_score(f), ip_score(f));
    let total = staff.points + rd.points + ip.points;
    let best = staff.max + rd.max + ip.max;
    let score = if total >= cfg.pass_score && staff.points > 0 {
        Check::Pass
    } else if best < cfg.pass_score || staff.max == 0 {
        Check::Fail
    } else {
        Check::Unknown
    };
    TsmeEvaluation {
        gates_ok,
        staff_points: staff.points,
        rd_points: rd.points,
        ip_points: ip.points,
        total,
        qualifies: direct(gates_ok.and(score)),
        by_hte: has_valid_hte,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn cfg() -> TsmeConfig {
        Config::default().tsme
    }

    /// 100 staff, sales 10 M, assets 20 M.
    fn fig(scitech: i64, rd: i64, c1: i64, c2: i64) -> YearFigures {
        YearFigures {
            year: 2025,
            staff: Some(100),
            scitech_staff: Some(scitech),
            sales: Some(10_000_000),
            total_assets: Some(20_000_000),
            rd_spend: Some(rd),
            ip_class1: Some(c1),
            ip_class2: Some(c2),
            ..Default::default()
        }
    }

    #[test]
    fn staff_bands_at_their_exact_thresholds() {
        for (scitech, points) in [
            (30, 20),
            (29, 16),
            (25, 16),
            (20, 12),
            (15, 8),
            (10, 4),
            (9, 0),
        ] {
            let e = evaluate(Some(&fig(scitech, 0, 0, 0)), false, &cfg());
            assert_eq!(e.staff_points, points, "{scitech} of 100");
        }
    }

    #[test]
    fn rd_bands_at_their_exact_thresholds() {
        for (rd, points) in [
            (600_000, 50),
            (599_999, 40),
            (500_000, 40),
            (400_000, 30),
            (300_000, 20),
            (200_000, 10),
            (199_999, 0),
        ] {
            let e = evaluate(Some(&fig(0, rd, 0, 0)), false, &cfg());
            assert_eq!(e.rd_points, points, "R&D {rd}");
        }
    }

    #[test]
    fn ip_class1_scores_30_else_class2_bands() {
        for (c1, c2, points) in [
            (1, 0, 30),
            (0, 5, 24),
            (0, 4, 24),
            (0, 3, 18),
            (0, 2, 12),
            (0, 1, 6),
            (0, 0, 0),
        ] {
            let e = evaluate(Some(&fig(0, 0, c1, c2)), false, &cfg());
            assert_eq!(e.ip_points, points, "{c1}/{c2}");
        }
    }

    #[test]
    fn qualifies_with_exactly_60_points() {
        // 4 + 50 + 6 = 60.
        let e = evaluate(Some(&fig(10, 600_000, 0, 1)), false, &cfg());
        assert_eq!(e.total, 60);
        assert_eq!(e.gates_ok, Check::Pass);
        assert_eq!(e.qualifies, Check::Pass);
        assert!(!e.by_hte);
        // 4 + 40 + 12 = 56 fails.
        let e = evaluate(Some(&fig(10, 500_000, 0, 2)), false, &cfg());
        assert_eq!(e.total, 56);
        assert_eq!(e.qualifies, Check::Fail);
    }

    #[test]
    fn staff_score_zero_fails_even_with_80_points() {
        let e = evaluate(Some(&fig(5, 1_000_000, 1, 0)), false, &cfg());
        assert_eq!(e.total, 80);
        assert_eq!(e.staff_points, 0);
        assert_eq!(e.qualifies, Check::Fail);
    }

    #[test]
    fn gates_at_the_limits_pass_and_above_fail() {
        let mut f = fig(30, 600_000, 1, 0);
        f.staff = Some(500);
        f.scitech_staff = Some(150);
        f.sales = Some(200_000_000);
        f.rd_spend = Some(12_000_000);
        f.total_assets = Some(200_000_000);
        let e = evaluate(Some(&f), false, &cfg());
        assert_eq!(e.gates_ok, Check::Pass);
        assert_eq!(e.qualifies, Check::Pass);
        f.staff = Some(501);
        let e = evaluate(Some(&f), false, &cfg());
        assert_eq!(e.gates_ok, Check::Fail);
        assert_eq!(e.qualifies, Check::Fail);
        f.staff = Some(500);
        f.total_assets = None;
        let e = evaluate(Some(&f), false, &cfg());
        assert_eq!(e.gates_ok, Check::Unknown);
        assert_eq!(e.qualifies, Check::Unknown);
    }

    #[test]
    fn zero_sales_leave_rd_unknown() {
        let mut f = fig(30, 100_000, 0, 0);
        f.sales = Some(0);
        let e = evaluate(Some(&f), false, &cfg());
        assert_eq!(e.rd_points, 0);
        // 20 known, up to 50 more from R&D: could still qualify.
        assert_eq!(e.qualifies, Check::Unknown);
        // Zero staff: the share is undefined.
        let mut f = fig(0, 600_000, 1, 0);
        f.staff = Some(0);
        let e = evaluate(Some(&f), false, &cfg());
        assert_eq!(e.staff_points, 0);
        assert_eq!(e.qualifies, Check::Unknown);
    }

    #[test]
    fn missing_figures_are_unknown_unless_decided() {
        let e = evaluate(None, false, &cfg());
        assert_eq!(e.qualifies, Check::Unknown);
        assert_eq!(e.total, 0);

        let mut f = fig(30, 600_000, 0, 0);
        f.ip_class1 = None;
        f.ip_class2 = None;
        // 70 known already.
        assert_eq!(evaluate(Some(&f), false, &cfg()).qualifies, Check::Pass);

        // 4 + 0 + at most 30 from IP: cannot reach 60.
        let mut f = fig(10, 0, 0, 0);
        f.ip_class1 = None;
        assert_eq!(evaluate(Some(&f), false, &cfg()).qualifies, Check::Fail);
        // Class II known, class I unknown: 12 counted, up to 30.
        f.ip_class2 = Some(2);
        let e = evaluate(Some(&f), false, &cfg());
        assert_eq!(e.ip_points, 12);
        assert_eq!(e.qualifies, Check::Fail);
    }

    #[test]
    fn a_valid_hte_certificate_qualifies_directly() {
        let e = evaluate(Some(&fig(0, 0, 0, 0)), true, &cfg());
        assert_eq!(e.qualifies, Check::Pass);
        assert!(e.by_hte);
        let e = evaluate(None, true, &cfg());
        assert_eq!(e.qualifies, Check::Pass);
    }
}
