//! The words of the trends: the detail's score and rank sparkline lines (in the text `seedbed
//! show` prints too), and the labels of the Alerts and Agenda headers' sparklines.

use super::{Label, Lang};
use crate::domain::Pool;
use crate::domain::trends::{SCORE_SCALE, by_year, ends, rank_sparkline, sparkline};
use crate::store::queries::RankRow;

/// The detail's trend lines of the ranking history: one per pool ranked in two years or more,
/// `  趋势 2023–2026 得分 ▁▅█ 61.0→78.5 · 排名（越高越靠前） ▁▆█ #12→#3`. Score and rank are
/// drawn over their span (small changes small: `SCORE_SCALE`, `RANK_SCALE`); the rank upside
/// down (up is better, as for the score), which the label says. A year without one is a gap. The pool is named when the
/// enterprise was ranked in more than one.
pub fn rank_trends(rows: &[RankRow], l: Lang) -> Vec<String> {
    let mut pools: Vec<Pool> = Vec::new();
    for r in rows {
        if !pools.contains(&r.pool) {
            pools.push(r.pool);
        }
    }
    let several = pools.len() > 1;
    let mut out = Vec::new();
    for pool in pools {
        let points: Vec<(i32, (f64, u32))> = rows
            .iter()
            .filter(|r| r.pool == pool)
            .map(|r| (r.year, (r.score, r.rank)))
            .collect();
        let years = by_year(&points);
        let (Some(first), Some(last)) = (years.first(), years.last()) else {
            continue;
        };
        if first.0 == last.0 {
            // One year is a point, not a trend.
            continue;
        }
        let scores: Vec<Option<f64>> = years.iter().map(|p| p.1.map(|v| v.0)).collect();
        let ranks: Vec<Option<u32>> = years.iter().map(|p| p.1.map(|v| v.1)).collect();
        let (Some((s0, s1)), Some((r0, r1))) = (ends(&scores), ends(&ranks)) else {
            continue;
        };
        let pool_name = if several {
            format!("{} ", pool.label(l))
        } else {
            String::new()
        };
        let (trend, score, rank) = match l {
            Lang::Zh => ("趋势", "得分", "排名（越高越靠前）"),
            Lang::En => ("Trend", "score", "rank (higher = better)"),
        };
        out.push(format!(
            "  {trend} {pool_name}{}–{} {score} {} {s0:.1}→{s1:.1} · {rank} {} #{r0}→#{r1}",
            first.0,
            last.0,
            sparkline(&scores, SCORE_SCALE),
            rank_sparkline(&ranks),
        ));
    }
    out
}

/// A word of the screens' trend headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// Before the Alerts screen's red and yellow sparklines (projects, as the screen lists,
    /// not enterprises, as the header's lights count).
    Months,
    /// Before the Agenda's visits-done sparkline.
    VisitsDone,
    /// The same, where the full label does not fit.
    VisitsShort,
}

impl Word {
    /// The word, with the number of months or weeks the series covers.
    pub fn text(self, n: usize, l: Lang) -> String {
        match (self, l) {
            (Word::Months, Lang::Zh) => format!("近{n}个月预警项目"),
            (Word::Months, Lang::En) => format!("alert projects, last {n} months"),
            (Word::VisitsDone, Lang::Zh) => format!("近{n}周完成走访"),
            (Word::VisitsDone, Lang::En) => format!("visits done, last {n} weeks"),
            (Word::VisitsShort, Lang::Zh) => "走访".to_string(),
            (Word::VisitsShort, Lang::En) => "visits".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Component;

    fn row(pool: Pool, year: i32, rank: u32, score: f64) -> RankRow {
        RankRow {
            enterprise_id: "e1".into(),
            enterprise: "天山科技".into(),
            pool,
            year,
            rank,
            previous_rank: None,
            score,
            innovation: 0.0,
            growth: 0.0,
            participation: 0.0,
            short_board: Component::Innovation,
            figures_year: None,
            innovation_known: None,
            growth_known: None,
            district: "新市区".into(),
        }
    }

    #[test]
    fn score_and_rank_by_year_with_a_gap() {
        // As the detail reads them: newest first.
        let rows = [
            row(Pool::Hte, 2026, 3, 78.5),
            row(Pool::Hte, 2024, 5, 70.0),
            row(Pool::Hte, 2023, 12, 61.0),
        ];
        assert_eq!(
            rank_trends(&rows, Lang::Zh),
            vec!["  趋势 2023–2026 得分 ▁▅ █ 61.0→78.5 · 排名（越高越靠前） ▁▆ █ #12→#3"]
        );
        assert_eq!(
            rank_trends(&rows, Lang::En),
            vec!["  Trend 2023–2026 score ▁▅ █ 61.0→78.5 · rank (higher = better) ▁▆ █ #12→#3"]
        );
    }

    #[test]
    fn one_year_is_no_trend_and_each_pool_has_its_own() {
        assert!(rank_trends(&[row(Pool::Hte, 2026, 3, 78.5)], Lang::Zh).is_empty());
        assert!(rank_trends(&[], Lang::Zh).is_empty());
        let rows = [
            row(Pool::Hte, 2026, 2, 80.0),
            row(Pool::Tsme, 2026, 9, 50.0),
            row(Pool::Tsme, 2025, 4, 60.0),
            row(Pool::Hte, 2025, 7, 70.0),
        ];
        let lines = rank_trends(&rows, Lang::En);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with(&format!(
                "  Trend {} 2025–2026 score ▃▆ 70.0→80.0",
                Pool::Hte.label(Lang::En)
            )),
            "{lines:?}"
        );
        // Worse in the second year: falling.
        assert!(lines[1].ends_with("▆▃ #4→#9"), "{lines:?}");
    }
}
