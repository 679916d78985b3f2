//! The day plan: one day's planned visits grouped by district (the day's route), each with the
//! enterprise's address, contact person and phone, the time agreed and the purpose, as
//! Markdown. The same visits go to a calendar file through `super::ics::calendar`.

use super::ics::{PlanLabel, PlanWords, VisitEvent, contact_line, planned_time};
use super::markdown::cell;
use crate::text::pinyin_key;
use time::{Date, Time};

/// A day's visits by district: districts by pinyin, within each the visits with a time agreed
/// first, by time, then the others by name.
pub fn by_district(events: &[VisitEvent]) -> Vec<(&str, Vec<&VisitEvent>)> {
    let mut sorted: Vec<&VisitEvent> = events.iter().collect();
    let start = |e: &VisitEvent| planned_time(&e.notes).map(|(t, _, _)| t);
    sorted.sort_by_cached_key(|e| {
        (
            pinyin_key(&e.district),
            e.district.clone(),
            start(e).is_none(),
            start(e),
            pinyin_key(&e.enterprise),
            e.visit_id.clone(),
        )
    });
    let mut out: Vec<(&str, Vec<&VisitEvent>)> = Vec::new();
    for e in sorted {
        match out.last_mut() {
            Some((d, list)) if *d == e.district => list.push(e),
            _ => out.push((&e.district, vec![e])),
        }
    }
    out
}

fn clock(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The time of a visit as the plan writes it (`09:30–11:00`, `09:30`, or the words for any
/// time), and the notes after it (the purpose).
pub fn time_and_purpose<W: PlanWords>(e: &VisitEvent, w: W) -> (String, String) {
    match planned_time(&e.notes) {
        Some((start, Some(end), rest)) => (
            format!("{}–{}", clock(start), clock(end)),
            rest.trim().into(),
        ),
        Some((start, None, rest)) => (clock(start), rest.trim().into()),
        None => (
            w.plan_label(PlanLabel::AnyTime).into(),
            e.notes.trim().into(),
        ),
    }
}

/// The day plan of `day` as Markdown: `who` is the commissioner it is for (`None`: everyone's
/// visits, each then naming its commissioner).
pub fn markdown<W: PlanWords>(day: Date, who: Option<&str>, events: &[VisitEvent], w: W) -> String {
    let mut s = format!(
        "# {} · {}\n\n",
        w.plan_label(PlanLabel::PlanTitle),
        w.plan_day(day)
    );
    let groups = by_district(events);
    let mut summary = Vec::new();
    if let Some(name) = who {
        summary.push(w.field(PlanLabel::Commissioner, &cell(name)));
    }
    summary.push(w.plan_counts(events.len(), groups.len()));
    s.push_str(&summary.join(" · "));
    s.push_str("\n\n");
    if events.is_empty() {
        s.push_str(&format!("_{}_\n", w.plan_label(PlanLabel::NoVisits)));
        return s;
    }
    let mut n = 0;
    for (district, visits) in groups {
        s.push_str(&format!(
            "## {}\n\n",
            w.district_heading(&cell(district), visits.len())
        ));
        for e in visits {
            n += 1;
            let (time, purpose) = time_and_purpose(e, w);
            let mode = w.choice_label(
                crate::interchange::columns::EnumKind::VisitMode,
                e.mode.code(),
            );
            let or_dash = |v: &str| {
                if v.trim().is_empty() {
                    "—".to_string()
                } else {
                    cell(v.trim())
                }
            };
            s.push_str(&format!("### {n}. {}\n\n", cell(&e.enterprise)));
            let mut item = |label: PlanLabel, value: String| {
                s.push_str(&format!("- {}\n", w.field(label, &value)));
            };
            item(PlanLabel::Time, time);
            item(PlanLabel::Mode, mode);
            item(
                PlanLabel::Address,
                or_dash(e.address.as_deref().unwrap_or("")),
            );
            item(PlanLabel::Contact, or_dash(&contact_line(e)));
            if who.is_none() {
                item(
                    PlanLabel::Commissioner,
                    or_dash(e.commissioner.as_deref().unwrap_or("")),
                );
            }
            if !purpose.is_empty() {
                item(PlanLabel::Purpose, cell(&purpose));
            }
            s.push('\n');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::ics::tests::event;
    use crate::lang::Lang;
    use time::macros::date;

    #[test]
    fn the_day_plan_groups_by_district_with_times_first() {
        let events = [
            event("v1", "天山科技", "天山区", ""),
            event("v2", "博格达*材料", "天山区", "14:00-15:30，看中试线"),
            event("v3", "昆仑生物", "沙依巴克区", "09:30 谈研发费用归集"),
            event("v4", "阿勒泰矿业", "天山区", "08:00"),
        ];
        let md = markdown(date!(2026 - 12 - 03), None, &events, Lang::Zh);
        let want = "\
# 走访计划 · 2026年12月3日 周四

走访 4 家 · 2 个区县

## 沙依巴克区（1）

### 1. 昆仑生物

- 时间：09:30
- 方式：实地
- 地址：乌鲁木齐市天山区光明路1号, 3楼; 东门
- 联系人：马明 13899990000
- 科技专员：王芳
- 事项：谈研发费用归集

## 天山区（3）

### 2. 阿勒泰矿业

- 时间：08:00
- 方式：实地
- 地址：乌鲁木齐市天山区光明路1号, 3楼; 东门
- 联系人：马明 13899990000
- 科技专员：王芳

### 3. 博格达\\*材料

- 时间：14:00–15:30
- 方式：实地
- 地址：乌鲁木齐市天山区光明路1号, 3楼; 东门
- 联系人：马明 13899990000
- 科技专员：王芳
- 事项：看中试线

### 4. 天山科技

- 时间：时间未约定
- 方式：实地
- 地址：乌鲁木齐市天山区光明路1号, 3楼; 东门
- 联系人：马明 13899990000
- 科技专员：王芳

";
        assert_eq!(md, want);
    }

    #[test]
    fn one_commissioners_plan_names_them_once_and_an_empty_day_says_so() {
        let e = VisitEvent {
            address: None,
            contact: None,
            phone: None,
            ..event("v1", "Kunlun", "天山区", "Check the line")
        };
        let md = markdown(date!(2026 - 12 - 05), Some("王芳"), &[e], Lang::En);
        let want = "\
# Day plan · Sat Dec 5, 2026

Commissioner: 王芳 · 1 visit · 1 district

## 天山区 (1)

### 1. Kunlun

- Time: no time agreed
- Mode: on-site
- Address: —
- Contact: —
- Purpose: Check the line

";
        assert_eq!(md, want);
        let empty = markdown(date!(2026 - 12 - 05), None, &[], Lang::Zh);
        assert_eq!(
            empty,
            "# 走访计划 · 2026年12月5日 周六\n\n走访 0 家 · 0 个区县\n\n_当日没有安排走访。_\n"
        );
    }
}
