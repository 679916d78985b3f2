//! The bureau's figures in words: metric values, progress bars, the scope of a target.

use super::{Lang, Msg};
use crate::domain::targets::{Metric, bar};
use crate::i18n::MetricValue;

/// A metric's value as shown, `—` when it cannot be computed.
pub fn metric_text(metric: Metric, value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(|| "—".into(), |v| metric.format(v, lang))
}

/// `████░░ 67%`: the bar and the number, so colour is never needed.
pub fn progress_text(progress: Option<f64>, width: usize) -> String {
    match progress {
        Some(p) => format!("{} {:.0}%", bar(p, width), p),
        None => "—".into(),
    }
}

pub fn district_text(district: &str, lang: Lang) -> String {
    if district.is_empty() {
        Msg::LblWholePool.text(lang).into()
    } else {
        district.into()
    }
}

/// A target's scope: its district, the whole pool, or the districts a roll-up adds up.
pub fn target_scope(district: &str, districts: u32, lang: Lang) -> String {
    match (districts, lang) {
        (0, _) => district_text(district, lang),
        (n, Lang::Zh) => format!("合计({n}个区县)"),
        (1, Lang::En) => "total (1 district)".into(),
        (n, Lang::En) => format!("total ({n} districts)"),
    }
}

/// A commissioner's district, or `未填区县` when none is recorded.
pub fn team_district(district: &str, lang: Lang) -> String {
    match (district.is_empty(), lang) {
        (false, _) => district.into(),
        (true, Lang::Zh) => "未填区县".into(),
        (true, Lang::En) => "no district".into(),
    }
}

/// `逾期 51 天` / `51 days overdue`.
pub fn overdue_days(days: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("逾期 {days} 天"),
        Lang::En => format!("{days} days overdue"),
    }
}

/// `★ 前10名为激励候选` / `★ top 10: incentive candidates`.
pub fn incentive_legend(top: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("★ 前{top}名为激励候选"),
        Lang::En => format!("★ top {top}: incentive candidates"),
    }
}
