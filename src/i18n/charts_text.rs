//! The words of the report workbook's charts: sheet names, chart titles, axis and series names.

use super::Lang;
use crate::domain::Colour;

/// A fixed word of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// The sheet holding the charts.
    ChartSheet,
    /// The sheet holding the cells the charts read.
    DataSheet,
    /// The value axis of the colour charts.
    Enterprises,
    /// The value axis of the visits chart.
    Visits,
    /// The value axis of the target chart.
    ShareOfTarget,
    /// The category axis of the monthly chart.
    Month,
    /// The district of enterprises whose district is not filled in.
    NoDistrict,
    /// In a chart's place when it has nothing to draw.
    NoData,
}

impl Word {
    pub fn text(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Word::ChartSheet, Lang::Zh) => "图表",
            (Word::ChartSheet, Lang::En) => "Charts",
            (Word::DataSheet, Lang::Zh) => "图表数据",
            (Word::DataSheet, Lang::En) => "Chart data",
            (Word::Enterprises, Lang::Zh) => "企业数",
            (Word::Enterprises, Lang::En) => "Enterprises",
            (Word::Visits, Lang::Zh) => "走访次数",
            (Word::Visits, Lang::En) => "Visits",
            (Word::ShareOfTarget, Lang::Zh) => "完成比例（目标 = 100%）",
            (Word::ShareOfTarget, Lang::En) => "Share of target (target = 100%)",
            (Word::Month, Lang::Zh) => "月份",
            (Word::Month, Lang::En) => "Month",
            (Word::NoDistrict, Lang::Zh) => "未填区县",
            (Word::NoDistrict, Lang::En) => "No district",
            (Word::NoData, Lang::Zh) => "（无数据，未绘图）",
            (Word::NoData, Lang::En) => "(no data, no chart)",
        }
    }
}

/// A series of enterprises of one alert colour: `红色` / `Red`.
pub fn colour_series(c: Colour, lang: Lang) -> &'static str {
    match (c, lang) {
        (Colour::Red, Lang::Zh) => "红色",
        (Colour::Yellow, Lang::Zh) => "黄色",
        (Colour::Green, Lang::Zh) => "绿色",
        (Colour::Red, Lang::En) => "Red",
        (Colour::Yellow, Lang::En) => "Yellow",
        (Colour::Green, Lang::En) => "Green",
    }
}

/// The title of the colours-by-district chart, as of `date`.
pub fn districts_title(date: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("各区县预警企业（截至 {date}）"),
        Lang::En => format!("Enterprises by alert colour and district (as of {date})"),
    }
}

/// The title of the visits chart.
pub fn visits_title(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{year} 年各专员走访：已走访与应走访"),
        Lang::En => format!("Visits done against due by commissioner, {year}"),
    }
}

/// The title of the target chart.
pub fn targets_title(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{year} 年目标进度：实际与目标"),
        Lang::En => format!("Target progress {year}: actual against target"),
    }
}

/// The title of the monthly chart, the last month counted up to `date`.
pub fn months_title(year: i32, date: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{year} 年每月红黄预警企业（月末，本月截至 {date}）"),
        Lang::En => {
            format!(
                "Red and yellow enterprises by month, {year} (month ends; this month to {date})"
            )
        }
    }
}

/// A month's category label: `3月` / `Mar`.
pub fn month(m: time::Month, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}月", u8::from(m)),
        Lang::En => {
            let name = m.to_string();
            name.chars().take(3).collect()
        }
    }
}

/// `甲区 · 高企数量`: a target's scope and metric as one category of the target chart.
pub fn target_category(district: &str, metric: &str) -> String {
    format!("{district} · {metric}")
}
