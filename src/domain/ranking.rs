//! The yearly ranking (动态监测排名) of one pool: percentiles, components, score, rank, short board
//! and movement against last year.
//!
//! Runs in O(n log n): one sort per metric plus binary searches, and one final sort.

use crate::config::RankingWeights;
use crate::domain::model::Component;
use serde::Serialize;

/// One enterprise's metrics for the year. `None` (or NaN) means the figure is missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankInput {
    pub id: String,
    pub name: String,
    pub rd_intensity: Option<f64>,
    pub scitech_share: Option<f64>,
    pub ip_class1: Option<f64>,
    pub ip_class2: Option<f64>,
    pub sales_growth: Option<f64>,
    pub net_asset_growth: Option<f64>,
    pub visits_hosted: f64,
    pub activities_attended: f64,
    pub requests_followed: f64,
}

/// One enterprise's place in the ranking. Components and score are 0–100.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankResult {
    pub id: String,
    /// 1-based and unique within the pool.
    pub rank: u32,
    pub score: f64,
    pub innovation: f64,
    pub growth: f64,
    pub participation: f64,
    /// The lowest component (ties: innovation, then growth, then participation).
    pub short_board: Component,
    /// Whether every figure behind innovation is known; when not, the component is shown as
    /// unknown (its missing metrics count as the pool's lowest, so the order stays defined).
    pub innovation_known: bool,
    /// Whether both growth rates are known.
    pub growth_known: bool,
}

/// The percentile (0–100) of every value within the pool.
///
/// 100 × (count strictly below + ½ × (count equal − 1)) / (n − 1), and 100 when n == 1. A missing
/// value counts as below every present value and gets percentile 0 itself.
fn percentiles(values: &[Option<f64>]) -> Vec<f64> {
    let n = values.len();
    let present_of = |v: &Option<f64>| v.filter(|x| !x.is_nan());
    let mut present: Vec<f64> = values.iter().filter_map(present_of).collect();
    present.sort_unstable_by(f64::total_cmp);
    let missing = n - present.len();
    let denominator = n.saturating_sub(1) as f64;
    values
        .iter()
        .map(|v| match present_of(v) {
            None => 0.0,
            Some(_) if n == 1 => 100.0,
            Some(x) => {
                let lo = present.partition_point(|p| *p < x);
                let hi = present.partition_point(|p| *p <= x);
                let below = (lo + missing) as f64;
                let equal = (hi - lo) as f64;
                100.0 * (below + 0.5 * (equal - 1.0)) / denominator
            }
        })
        .collect()
}

/// The mean of several metrics' percentiles, per enterprise.
fn component(inputs: &[RankInput], metrics: &[fn(&RankInput) -> Option<f64>]) -> Vec<f64> {
    let mut sum = vec![0.0; inputs.len()];
    for metric in metrics {
        let values: Vec<Option<f64>> = inputs.iter().map(metric).collect();
        for (s, p) in sum.iter_mut().zip(percentiles(&values)) {
            *s += p;
        }
    }
    let k = metrics.len().max(1) as f64;
    sum.into_iter().map(|s| s / k).collect()
}

/// The weights normalised to sum to 1; equal weights when they cannot be (zero sum, NaN).
fn normalised(w: &RankingWeights) -> [f64; 3] {
    let raw = [w.innovation, w.growth, w.participation];
    let sum: f64 = raw.iter().sum();
    if raw.iter().all(|x| x.is_finite()) && sum > 0.0 {
        raw.map(|x| x / sum)
    } else {
        [1.0 / 3.0; 3]
    }
}

/// The lowest component; ties go to innovation, then growth, then participation.
fn short_board(innovation: f64, growth: f64, participation: f64) -> Component {
    let mut best = (Component::Innovation, innovation);
    for (c, v) in [
        (Component::Growth, growth),
        (Component::Participation, participation),
    ] {
        if v < best.1 {
            best = (c, v);
        }
    }
    best.0
}

type Metric = fn(&RankInput) -> Option<f64>;

/// The metrics of the innovation component.
const INNOVATION: [Metric; 4] = [
    |r| r.rd_intensity,
    |r| r.scitech_share,
    |r| r.ip_class1,
    |r| r.ip_class2,
];

/// The metrics of the growth component.
const GROWTH: [Metric; 2] = [|r| r.sales_growth, |r| r.net_asset_growth];

/// Whether every metric is present (not missing, not NaN).
fn known(input: &RankInput, metrics: &[Metric]) -> bool {
    metrics
        .iter()
        .all(|m| m(input).is_some_and(|v| !v.is_nan()))
}

/// Ranks one pool. The result is sorted by rank; ties are broken by higher score, then higher
/// innovation, then name, then id.
pub fn rank_pool(inputs: &[RankInput], weights: &RankingWeights) -> Vec<RankResult> {
    let innovation = component(inputs, &INNOVATION);
    let growth = component(inputs, &GROWTH);
    let participation = component(
        inputs,
        &[
            |r| Some(r.visits_hosted),
            |r| Some(r.activities_attended),
            |r| Some(r.requests_followed),
        ],
    );
    let [wi, wg, wp] = normalised(weights);
    let score: Vec<f64> = (0..inputs.len())
        .map(|i| wi * innovation[i] + wg * growth[i] + wp * participation[i])
        .collect();

    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        score[b]
            .total_cmp(&score[a])
            .then(innovation[b].total_cmp(&innovation[a]))
            .then_with(|| inputs[a].name.cmp(&inputs[b].name))
            .then_with(|| inputs[a].id.cmp(&inputs[b].id))
            .then(a.cmp(&b))
    });
    order
        .into_iter()
        .enumerate()
        .map(|(pos, i)| RankResult {
            id: inputs[i].id.clone(),
            rank: u32::try_from(pos + 1).unwrap_or(u32::MAX),
            score: score[i],
            innovation: innovation[i],
            growth: growth[i],
            participation: participation[i],
            short_board: short_board(innovation[i], growth[i], participation[i]),
            innovation_known: known(&inputs[i], &INNOVATION),
            growth_known: known(&inputs[i], &GROWTH),
        })
        .collect()
}

/// How an enterprise's rank moved since last year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// Moved up this many places (the rank number fell).
    Up(u32),
    /// Moved down this many places.
    Down(u32),
    Same,
    /// Not ranked last year.
    New,
}

/// The movement from last year's rank (`None`: not ranked) to this year's.
pub fn movement(previous: Option<u32>, current: u32) -> Movement {
    match previous {
        None => Movement::New,
        Some(p) if p > current => Movement::Up(p - current),
        Some(p) if p < current => Movement::Down(current - p),
        Some(_) => Movement::Same,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn weights() -> RankingWeights {
        Config::default().ranking
    }

    fn input(id: &str, name: &str, v: f64) -> RankInput {
        RankInput {
            id: id.into(),
            name: name.into(),
            rd_intensity: Some(v),
            scitech_share: Some(v),
            ip_class1: Some(v),
            ip_class2: Some(v),
            sales_growth: Some(v),
            net_asset_growth: Some(v),
            visits_hosted: v,
            activities_attended: v,
            requests_followed: v,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn percentile_formula_with_ties_and_missing() {
        let p = percentiles(&[Some(1.0), Some(2.0), Some(2.0), Some(3.0), None]);
        // n = 5: 1.0 has the missing one below: (1 + 0) / 4; 2.0: (2 + 0.5) / 4; 3.0: 4 / 4.
        assert!(close(p[0], 25.0), "{p:?}");
        assert!(close(p[1], 62.5) && close(p[2], 62.5), "{p:?}");
        assert!(close(p[3], 100.0), "{p:?}");
        assert!(close(p[4], 0.0), "{p:?}");
        assert_eq!(percentiles(&[Some(7.0)]), vec![100.0]);
        assert_eq!(percentiles(&[None]), vec![0.0]);
        assert_eq!(percentiles(&[]), Vec::<f64>::new());
        // All equal: everyone in the middle.
        assert_eq!(
            percentiles(&[Some(0.0), Some(0.0), Some(0.0)]),
            vec![50.0; 3]
        );
        // NaN counts as missing.
        let p = percentiles(&[Some(f64::NAN), Some(1.0)]);
        assert_eq!(p, vec![0.0, 100.0]);
    }

    #[test]
    fn ranks_by_weighted_score() {
        let pool = vec![
            input("a", "甲", 1.0),
            input("b", "乙", 3.0),
            input("c", "丙", 2.0),
        ];
        let r = rank_pool(&pool, &weights());
        let ids: Vec<&str> = r.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, vec!["b", "c", "a"]);
        assert_eq!(r.iter().map(|x| x.rank).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert!(close(r[0].score, 100.0) && close(r[1].score, 50.0) && close(r[2].score, 0.0));
    }

    #[test]
    fn components_and_short_board() {
        let mut a = input("a", "A", 1.0);
        a.sales_growth = None;
        a.net_asset_growth = None;
        let b = input("b", "B", 0.0);
        let r = rank_pool(&[a, b], &weights());
        let a = r.iter().find(|x| x.id == "a");
        assert!(a.is_some_and(|a| close(a.innovation, 100.0)
            && close(a.growth, 0.0)
            && close(a.participation, 100.0)
            && a.short_board == Component::Growth
            && close(a.score, 70.0)));
        // b: innovation 0, growth 100 (a's are missing), participation 0: ties → innovation.
        let b = r.iter().find(|x| x.id == "b");
        assert!(
            b.is_some_and(|b| b.short_board == Component::Innovation && close(b.growth, 100.0))
        );
        // a's growth figures are missing: said as unknown, not hidden behind a 0.
        let a = r.iter().find(|x| x.id == "a");
        assert!(a.is_some_and(|a| a.innovation_known && !a.growth_known));
        let b = r.iter().find(|x| x.id == "b");
        assert!(b.is_some_and(|b| b.innovation_known && b.growth_known));
        assert_eq!(short_board(50.0, 50.0, 50.0), Component::Innovation);
        assert_eq!(short_board(60.0, 50.0, 50.0), Component::Growth);
        assert_eq!(short_board(60.0, 55.0, 50.0), Component::Participation);
    }

    #[test]
    fn ties_broken_by_innovation_then_name_then_id() {
        // Same score (50) but different innovation.
        let mut x = input("x", "Zeta", 0.0);
        x.rd_intensity = Some(1.0);
        x.scitech_share = Some(1.0);
        x.ip_class1 = Some(1.0);
        x.ip_class2 = Some(1.0);
        let mut y = input("y", "Alpha", 0.0);
        y.sales_growth = Some(1.0);
        y.net_asset_growth = Some(1.0);
        y.visits_hosted = 1.0;
        y.activities_attended = 1.0;
        y.requests_followed = 1.0;
        // Weighted half and half, x scores 0.5 × 100 (innovation) and y 0.5 × 100 (growth).
        let w = RankingWeights {
            innovation: 0.5,
            growth: 0.5,
            participation: 0.0,
            incentive_top: 10,
        };
        let r = rank_pool(&[y.clone(), x.clone()], &w);
        assert!(close(r[0].score, r[1].score));
        assert_eq!(r[0].id, "x", "higher innovation wins");

        // Identical metrics: name decides, then id.
        let pool = vec![
            input("2", "Beta", 1.0),
            input("3", "Alpha", 1.0),
            input("1", "Alpha", 1.0),
        ];
        let r = rank_pool(&pool, &weights());
        let ids: Vec<&str> = r.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, vec!["1", "3", "2"]);
    }

    #[test]
    fn zero_weights_fall_back_to_equal_weights() {
        let w = RankingWeights {
            innovation: 0.0,
            growth: 0.0,
            participation: 0.0,
            incentive_top: 10,
        };
        let r = rank_pool(&[input("a", "A", 1.0), input("b", "B", 0.0)], &w);
        assert!(close(r[0].score, 100.0) && r[0].score.is_finite());
        assert!(close(r[1].score, 0.0));
    }

    #[test]
    fn a_single_enterprise_and_an_empty_pool() {
        let r = rank_pool(&[input("a", "A", 0.0)], &weights());
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].rank, 1);
        assert!(close(r[0].score, 100.0));
        assert!(rank_pool(&[], &weights()).is_empty());
    }

    #[test]
    fn hundred_thousand_enterprises_get_a_permutation_of_ranks() {
        let n = 100_000usize;
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 1000) as f64
        };
        let inputs: Vec<RankInput> = (0..n)
            .map(|i| RankInput {
                id: format!("{i:06}"),
                name: format!("企业{}", i % 5000),
                rd_intensity: Some(next()),
                scitech_share: Some(next()),
                ip_class1: if i % 7 == 0 {
                    None
                } else {
                    Some(next() % 10.0)
                },
                ip_class2: Some(next() % 20.0),
                sales_growth: Some(next() - 500.0),
                net_asset_growth: if i % 11 == 0 {
                    None
                } else {
                    Some(next() - 500.0)
                },
                visits_hosted: next() % 4.0,
                activities_attended: next() % 6.0,
                requests_followed: next() % 5.0,
            })
            .collect();
        let r = rank_pool(&inputs, &weights());
        assert_eq!(r.len(), n);
        let mut seen = vec![false; n];
        for (pos, x) in r.iter().enumerate() {
            assert_eq!(x.rank as usize, pos + 1);
            let i = x.id.parse::<usize>().unwrap_or(usize::MAX);
            assert!(i < n && !seen[i]);
            seen[i] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn movement_against_last_year() {
        assert_eq!(movement(Some(5), 2), Movement::Up(3));
        assert_eq!(movement(Some(2), 3), Movement::Down(1));
        assert_eq!(movement(Some(4), 4), Movement::Same);
        assert_eq!(movement(None, 1), Movement::New);
    }
}
