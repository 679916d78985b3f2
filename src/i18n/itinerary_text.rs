//! itinerary: the words of the Agenda's groupings (week and district headers), "mine only", and
//! the day plan (Markdown and calendar) in both languages.

use super::Lang;
use crate::interchange::ics::{PlanLabel, PlanWords};
use crate::store::itinerary::{Group, GroupHead, Grouping};
use std::path::Path;
use time::{Date, Weekday};

/// A weekday, short (`周四`, `Thu`).
fn weekday(d: Weekday, l: Lang) -> &'static str {
    let i = d.number_days_from_monday() as usize;
    match l {
        Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

/// A month and day (`12月3日`, `Dec 3`).
fn month_day(d: Date, l: Lang) -> String {
    match l {
        Lang::Zh => format!("{}月{}日", u8::from(d.month()), d.day()),
        Lang::En => {
            let m = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ][usize::from(u8::from(d.month())) - 1];
            format!("{m} {}", d.day())
        }
    }
}

/// A grouping's name, as the header names it.
pub fn grouping_name(g: Grouping, l: Lang) -> &'static str {
    match (g, l) {
        (Grouping::Day, Lang::Zh) => "按日",
        (Grouping::Day, Lang::En) => "by day",
        (Grouping::Week, Lang::Zh) => "按周",
        (Grouping::Week, Lang::En) => "by week",
        (Grouping::District, Lang::Zh) => "按区县",
        (Grouping::District, Lang::En) => "by district",
    }
}

/// The header's word before the grouping (`分组`).
pub fn grouping_word(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "分组",
        Lang::En => "grouped",
    }
}

/// The header's "mine only" with whose visits.
pub fn mine_only(name: &str, l: Lang) -> String {
    match l {
        Lang::Zh => format!("只看我的：{name}"),
        Lang::En => format!("mine only: {name}"),
    }
}

/// "Mine only" asked for while nobody is chosen.
pub fn mine_needs_me(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "“只看我的”需要先选定你是哪位专员（:me 选择）",
        Lang::En => "“mine only” needs to know which commissioner you are (:me chooses)",
    }
}

/// A group's header row: `第49周 12月1日–12月7日 · 5 次（逾期 1）`, `天山区 · 5 次`.
pub fn group_head(h: &GroupHead, l: Lang) -> String {
    let (head, overdue) = group_head_parts(h, l);
    format!("{head}{overdue}")
}

/// A group's header in two parts: the group and its count, and the overdue (empty if none),
/// which the screen draws in the overdue colour.
pub fn group_head_parts(h: &GroupHead, l: Lang) -> (String, String) {
    let name = match &h.group {
        Group::Week { week, monday, .. } => {
            let sunday = monday.saturating_add(time::Duration::days(6));
            match l {
                Lang::Zh => format!(
                    "第{week}周 {}–{}",
                    month_day(*monday, l),
                    month_day(sunday, l)
                ),
                Lang::En => format!(
                    "Week {week} · {}–{}",
                    month_day(*monday, l),
                    month_day(sunday, l)
                ),
            }
        }
        Group::District(d) if d.trim().is_empty() => match l {
            Lang::Zh => "（未填区县）".to_string(),
            Lang::En => "(no district)".to_string(),
        },
        Group::District(d) => d.clone(),
        Group::All => String::new(),
    };
    let count = match l {
        Lang::Zh => format!("{} 次", h.count),
        Lang::En if h.count == 1 => "1 visit".to_string(),
        Lang::En => format!("{} visits", h.count),
    };
    let overdue = match (h.overdue, l) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("（逾期 {n}）"),
        (n, Lang::En) => format!(" ({n} overdue)"),
    };
    (format!("{name} · {count}"), overdue)
}

/// The status line after `D`: where the day plan went.
pub fn plan_written(md: &Path, ics: &Path, visits: usize, l: Lang) -> String {
    let ics = ics
        .file_name()
        .map_or_else(|| ics.display().to_string(), |n| n.to_string_lossy().into());
    match l {
        Lang::Zh => format!(
            "当日计划（{visits} 次走访）已写出：{} 及 {ics}",
            md.display()
        ),
        Lang::En => format!(
            "Day plan ({visits} visits) written: {} and {ics}",
            md.display()
        ),
    }
}

/// The day plan's file name, without extension (`走访计划-2026-12-03`, with `-王芳` for one
/// commissioner's).
pub fn plan_file_stem(day: Date, who: Option<&str>, l: Lang) -> String {
    let base = match l {
        Lang::Zh => "走访计划",
        Lang::En => "day-plan",
    };
    match who {
        Some(name) => format!("{base}-{day}-{name}"),
        None => format!("{base}-{day}"),
    }
}

/// `seedbed plan --mine` while nobody is chosen.
pub fn plan_nobody(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "--mine 需要先选定你是哪位专员（seedbed me 姓名），或用 --commissioner 姓名",
        Lang::En => {
            "--mine needs to know who you are (seedbed me NAME), or pass --commissioner NAME"
        }
    }
}

impl PlanWords for Lang {
    fn plan_label(self, label: PlanLabel) -> &'static str {
        use PlanLabel as P;
        let zh = self == Lang::Zh;
        let pick = |z: &'static str, e: &'static str| if zh { z } else { e };
        match label {
            P::CalendarName => pick("苗圃 · 走访计划", "Seedbed visits"),
            P::ProductLanguage => pick("ZH", "EN"),
            P::CreditCode => pick("统一社会信用代码", "Credit code"),
            P::Contact => pick("联系人", "Contact"),
            P::Commissioner => pick("科技专员", "Commissioner"),
            P::Address => pick("地址", "Address"),
            P::Time => pick("时间", "Time"),
            P::AnyTime => pick("时间未约定", "no time agreed"),
            P::Purpose => pick("事项", "Purpose"),
            P::Mode => pick("方式", "Mode"),
            P::NoVisits => pick("当日没有安排走访。", "No visit is planned for the day."),
            P::PlanTitle => pick("走访计划", "Day plan"),
        }
    }

    fn visit_summary(self, enterprise: &str, mode: &str) -> String {
        match self {
            Lang::Zh => format!("走访：{enterprise}（{mode}）"),
            Lang::En => format!("Visit: {enterprise} ({mode})"),
        }
    }

    fn plan_day(self, day: Date) -> String {
        match self {
            Lang::Zh => format!(
                "{}年{} {}",
                day.year(),
                month_day(day, self),
                weekday(day.weekday(), self)
            ),
            Lang::En => format!(
                "{} {}, {}",
                weekday(day.weekday(), self),
                month_day(day, self),
                day.year()
            ),
        }
    }

    fn plan_counts(self, visits: usize, districts: usize) -> String {
        match self {
            Lang::Zh => format!("走访 {visits} 家 · {districts} 个区县"),
            Lang::En => {
                let v = if visits == 1 { "visit" } else { "visits" };
                let d = if districts == 1 {
                    "district"
                } else {
                    "districts"
                };
                format!("{visits} {v} · {districts} {d}")
            }
        }
    }

    fn district_heading(self, district: &str, visits: usize) -> String {
        match self {
            Lang::Zh => format!("{district}（{visits}）"),
            Lang::En => format!("{district} ({visits})"),
        }
    }

    fn field(self, label: PlanLabel, value: &str) -> String {
        match self {
            Lang::Zh => format!("{}：{value}", self.plan_label(label)),
            Lang::En => format!("{}: {value}", self.plan_label(label)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn week_and_district_headers_read_in_both_languages() {
        let week = GroupHead {
            group: crate::store::itinerary::week_of(date!(2026 - 12 - 03)),
            count: 5,
            overdue: 1,
        };
        assert_eq!(
            group_head(&week, Lang::Zh),
            "第49周 11月30日–12月6日 · 5 次（逾期 1）"
        );
        assert_eq!(
            group_head(&week, Lang::En),
            "Week 49 · Nov 30–Dec 6 · 5 visits (1 overdue)"
        );
        let d = GroupHead {
            group: Group::District("天山区".into()),
            count: 1,
            overdue: 0,
        };
        assert_eq!(group_head(&d, Lang::Zh), "天山区 · 1 次");
        assert_eq!(group_head(&d, Lang::En), "天山区 · 1 visit");
    }

    #[test]
    fn the_plans_day_reads_in_both_languages() {
        assert_eq!(
            Lang::Zh.plan_day(date!(2026 - 12 - 03)),
            "2026年12月3日 周四"
        );
        assert_eq!(Lang::En.plan_day(date!(2026 - 12 - 03)), "Thu Dec 3, 2026");
    }
}
