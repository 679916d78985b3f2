//! Trends: numbers that have a history, bucketed into periods and scaled to the eight heights of
//! a one-line sparkline (`▁▂▃▄▅▆▇█`). Pure: the periods are computed from `today`, the counts
//! come from the store.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

/// How many months the Alerts screen's red/yellow trend covers.
pub const MONTHS: usize = 12;
/// How many weeks the Agenda's visits-done trend covers.
pub const WEEKS: usize = 12;

/// The whole-pool series, kept as summaries and computed in the background.
#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    /// The day the series end on: a series of another day (the as-of view) is not shown.
    pub day: Date,
    /// Red and yellow projects at each month's end, oldest first.
    pub colours: Option<MonthColours>,
    /// Visits done in each week, oldest first.
    pub visits: Option<Vec<u32>>,
}

/// Red and yellow projects at the end of each of the last [`MONTHS`] months (the current
/// month's end being today), oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MonthColours {
    pub red: Vec<u32>,
    pub yellow: Vec<u32>,
}

/// The last day of each of the `n` months up to `today`'s, oldest first; the current month's
/// is `today` itself (its end has not come yet).
pub fn month_ends(today: Date, n: usize) -> Vec<Date> {
    let mut out = Vec::with_capacity(n);
    let (mut year, mut month) = (today.year(), today.month());
    for i in 0..n {
        let day = if i == 0 {
            today
        } else {
            let last = time::util::days_in_month(month, year);
            Date::from_calendar_date(year, month, last).unwrap_or(today)
        };
        out.push(day);
        if month == Month::January {
            year -= 1;
        }
        month = month.previous();
    }
    out.reverse();
    out
}

/// The `n` weeks (Monday to Sunday) up to `today`'s, oldest first, each as its first and last
/// day; the current week ends on `today` (later days have nothing done yet).
pub fn weeks(today: Date, n: usize) -> Vec<(Date, Date)> {
    let monday = today.saturating_sub(Duration::days(
        today.weekday().number_days_from_monday().into(),
    ));
    let mut out: Vec<(Date, Date)> = (0..n)
        .map(|i| {
            let start = monday.saturating_sub(Duration::weeks(i as i64));
            let end = if i == 0 {
                today
            } else {
                start.saturating_add(Duration::days(6))
            };
            (start, end)
        })
        .collect();
    out.reverse();
    out
}

/// How many of `days` (each day with its count) fall in each of `periods` (first and last day,
/// both within); days outside every period are left out.
pub fn count_by_period(days: &[(Date, u32)], periods: &[(Date, Date)]) -> Vec<u32> {
    let mut out = vec![0; periods.len()];
    for (day, n) in days {
        if let Some(i) = periods
            .iter()
            .position(|(from, to)| from <= day && day <= to)
        {
            out[i] += n;
        }
    }
    out
}

/// Values of consecutive years from the first to the last year given, with `None` for the
/// years between that have none (a gap in the sparkline). The input need not be sorted; a
/// year given twice keeps its last value.
pub fn by_year<T: Copy>(points: &[(i32, T)]) -> Vec<(i32, Option<T>)> {
    let (Some(first), Some(last)) = (
        points.iter().map(|p| p.0).min(),
        points.iter().map(|p| p.0).max(),
    ) else {
        return Vec::new();
    };
    (first..=last)
        .map(|y| (y, points.iter().rev().find(|p| p.0 == y).map(|p| p.1)))
        .collect()
}

/// How a series is scaled to the sparkline's heights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Counts: from zero to the largest, so that twice the bar is twice the number; any count
    /// above zero is drawn above the lowest height (a week with one visit is not a week with
    /// none).
    FromZero,
    /// Scores and ranks: over the values' own span, so the shape shows, but never a window
    /// narrower than the given width (centred on the values): a change smaller than that looks
    /// small instead of filling the height. Equal values are drawn at mid-height.
    Span(f64),
}

/// The ranking's scores (0 to 100): changes within 20 points are drawn in proportion.
pub const SCORE_SCALE: Scale = Scale::Span(20.0);
/// Ranks: changes within 10 places are drawn in proportion.
pub const RANK_SCALE: Scale = Scale::Span(10.0);

/// The heights of the sparkline (`LEVELS` of them): the lowest is 0.
pub const LEVELS: u8 = 8;

/// Each value's height, 0 to `LEVELS - 1`; `None` stays `None` (a gap).
pub fn levels(values: &[Option<f64>], scale: Scale) -> Vec<Option<u8>> {
    let known = values.iter().flatten().copied();
    let (lo, hi) = match scale {
        Scale::FromZero => (0.0, known.fold(f64::NEG_INFINITY, f64::max)),
        Scale::Span(width) => {
            let lo = known.clone().fold(f64::INFINITY, f64::min);
            let hi = known.fold(f64::NEG_INFINITY, f64::max);
            let widen = (width - (hi - lo)).max(0.0) / 2.0;
            (lo - widen, hi + widen)
        }
    };
    let top = f64::from(LEVELS - 1);
    values
        .iter()
        .map(|v| {
            let v = (*v)?;
            if hi <= lo {
                // Every value the same: a flat line (at the bottom for counts of nothing).
                return Some(match scale {
                    Scale::FromZero if v <= 0.0 => 0,
                    Scale::FromZero => LEVELS - 1,
                    Scale::Span(_) => LEVELS / 2,
                });
            }
            let level = ((v - lo) / (hi - lo) * top).round().clamp(0.0, top) as u8;
            Some(match scale {
                Scale::FromZero if v > 0.0 => level.max(1),
                _ => level,
            })
        })
        .collect()
}

/// The glyphs of the heights, lowest first.
const GLYPHS: [char; LEVELS as usize] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Whether `c` is one of the sparkline's glyphs (the screens colour them).
pub fn is_glyph(c: char) -> bool {
    GLYPHS.contains(&c)
}

/// The sparkline of `values`: one glyph per value, a space for a gap.
pub fn sparkline(values: &[Option<f64>], scale: Scale) -> String {
    levels(values, scale)
        .into_iter()
        .map(|l| l.map_or(' ', |l| GLYPHS[usize::from(l.min(LEVELS - 1))]))
        .collect()
}

/// The sparkline of counts, from zero.
pub fn count_sparkline(counts: &[u32]) -> String {
    let values: Vec<Option<f64>> = counts.iter().map(|n| Some(f64::from(*n))).collect();
    sparkline(&values, Scale::FromZero)
}

/// The sparkline of ranks, drawn upside down: a lower rank is better and stands higher, so
/// that up means better as in every other sparkline.
pub fn rank_sparkline(ranks: &[Option<u32>]) -> String {
    let values: Vec<Option<f64>> = ranks.iter().map(|r| r.map(|r| -f64::from(r))).collect();
    sparkline(&values, RANK_SCALE)
}

/// The first and the last known value of a series (drawn beside the sparkline as `a→b`).
pub fn ends<T: Copy>(values: &[Option<T>]) -> Option<(T, T)> {
    let first = values.iter().flatten().next()?;
    let last = values.iter().flatten().next_back()?;
    Some((*first, *last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn month_ends_run_back_over_the_year_end() {
        assert_eq!(
            month_ends(date!(2026 - 02 - 10), 4),
            vec![
                date!(2025 - 11 - 30),
                date!(2025 - 12 - 31),
                date!(2026 - 01 - 31),
                date!(2026 - 02 - 10),
            ]
        );
        // A leap February ends on the 29th.
        assert_eq!(
            month_ends(date!(2024 - 03 - 01), 2),
            vec![date!(2024 - 02 - 29), date!(2024 - 03 - 01)]
        );
        assert_eq!(month_ends(date!(2026 - 11 - 21), 12).len(), 12);
        assert_eq!(
            month_ends(date!(2026 - 11 - 21), 12)[0],
            date!(2025 - 12 - 31)
        );
    }

    #[test]
    fn weeks_run_monday_to_sunday_and_the_last_ends_today() {
        // 2026-11-21 is a Saturday.
        assert_eq!(
            weeks(date!(2026 - 11 - 21), 3),
            vec![
                (date!(2026 - 11 - 02), date!(2026 - 11 - 08)),
                (date!(2026 - 11 - 09), date!(2026 - 11 - 15)),
                (date!(2026 - 11 - 16), date!(2026 - 11 - 21)),
            ]
        );
        // On a Monday the current week is that one day.
        assert_eq!(
            weeks(date!(2026 - 11 - 23), 1),
            vec![(date!(2026 - 11 - 23), date!(2026 - 11 - 23))]
        );
    }

    #[test]
    fn counts_fall_in_their_week() {
        let periods = weeks(date!(2026 - 11 - 21), 3);
        let days = [
            (date!(2026 - 11 - 01), 5), // the Sunday before: left out
            (date!(2026 - 11 - 02), 1), // first Monday
            (date!(2026 - 11 - 08), 2), // first Sunday
            (date!(2026 - 11 - 09), 3),
            (date!(2026 - 11 - 21), 4), // today
            (date!(2026 - 11 - 22), 9), // after today: left out
        ];
        assert_eq!(count_by_period(&days, &periods), vec![3, 3, 4]);
    }

    #[test]
    fn years_without_a_value_are_gaps() {
        assert_eq!(
            by_year(&[(2025, 3u32), (2022, 12), (2024, 5)]),
            vec![
                (2022, Some(12)),
                (2023, None),
                (2024, Some(5)),
                (2025, Some(3))
            ]
        );
        assert!(by_year::<u32>(&[]).is_empty());
    }

    #[test]
    fn counts_scale_from_zero_to_eight_heights() {
        assert_eq!(count_sparkline(&[0, 1, 7, 14]), "▁▂▅█");
        // Every height once: 0..=7 of 7.
        assert_eq!(count_sparkline(&[0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█");
        // One visit among many still stands above none.
        assert_eq!(count_sparkline(&[0, 1, 100]), "▁▂█");
        // All alike: nothing is flat at the bottom, something is flat at the top.
        assert_eq!(count_sparkline(&[0, 0, 0]), "▁▁▁");
        assert_eq!(count_sparkline(&[4, 4]), "██");
        assert_eq!(count_sparkline(&[]), "");
    }

    #[test]
    fn the_span_scale_shows_the_shape_with_gaps() {
        let s = sparkline(
            &[Some(61.0), None, Some(78.0), Some(69.5)],
            Scale::Span(0.0),
        );
        assert_eq!(s, "▁ █▅");
        assert_eq!(sparkline(&[Some(50.0), Some(50.0)], Scale::Span(0.0)), "▅▅");
        assert_eq!(sparkline(&[Some(50.0), Some(50.0)], SCORE_SCALE), "▅▅");
    }

    #[test]
    fn small_changes_look_small() {
        // 79.0 → 76.7 in a 20-point window centred on 77.85: 3.9 and 3.1 of 7.
        assert_eq!(sparkline(&[Some(79.0), Some(76.7)], SCORE_SCALE), "▅▄");
        // 65.5 → 73.6: 2.1 and 4.9 of 7.
        assert_eq!(sparkline(&[Some(65.5), Some(73.6)], SCORE_SCALE), "▃▆");
        // Wider than the window: the values' own span.
        assert_eq!(
            sparkline(&[Some(40.0), Some(50.0), None, Some(75.0)], SCORE_SCALE),
            "▁▃ █"
        );
    }

    #[test]
    fn ranks_are_drawn_upside_down() {
        // From 12th to 3rd (a span of 9, widened to 10 around 7.5): better, so rising.
        assert_eq!(rank_sparkline(&[Some(12), Some(5), Some(3)]), "▁▆█");
        // 1st, then 8th: falling (a window of 10 around 4.5: 6.0 and 1.1 of 7).
        assert_eq!(rank_sparkline(&[Some(1), None, Some(8)]), "▇ ▂");
        // 40th to 2nd: the span itself.
        assert_eq!(rank_sparkline(&[Some(40), Some(2)]), "▁█");
        // The same rank each year: level, at mid-height.
        assert_eq!(rank_sparkline(&[Some(1), Some(1)]), "▅▅");
    }

    #[test]
    fn ends_skip_gaps() {
        assert_eq!(ends(&[None, Some(3), None, Some(7), None]), Some((3, 7)));
        assert_eq!(ends::<u32>(&[None]), None);
    }
}
