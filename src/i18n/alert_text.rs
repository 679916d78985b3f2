//! The words for the rule results of `domain::{alert, credit_code, sla}`.

use crate::domain::alert::AlertReason;
use crate::domain::credit_code::CreditCodeError;
use crate::domain::sla::SlaState;
use crate::i18n::Label;
use crate::i18n::Lang;
use time::Date;

/// A date as `YYYY-MM-DD`.
fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `n day(s)` in English.
fn days_en(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Hours to one decimal, without a trailing `.0`.
fn hours(h: f64) -> String {
    let r = (h * 10.0).round() / 10.0;
    if (r - r.trunc()).abs() < 1e-9 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// One reason for a project's alert colour, in words.
pub fn alert_reason(r: &AlertReason, lang: Lang) -> String {
    match (r, lang) {
        (
            AlertReason::MilestoneLate {
                name,
                due,
                days_late,
            },
            Lang::Zh,
        ) => {
            format!(
                "节点「{name}」应于 {} 完成，已滞后 {days_late} 天",
                ymd(*due)
            )
        }
        (
            AlertReason::MilestoneLate {
                name,
                due,
                days_late,
            },
            Lang::En,
        ) => {
            format!(
                "milestone {name} due {}, {} late",
                ymd(*due),
                days_en(*days_late)
            )
        }
        (AlertReason::EndPassed { end, days_late }, Lang::Zh) => {
            format!(
                "项目应于 {} 结束，未通过验收，已超期 {days_late} 天",
                ymd(*end)
            )
        }
        (AlertReason::EndPassed { end, days_late }, Lang::En) => format!(
            "project ended {} without acceptance, {} late",
            ymd(*end),
            days_en(*days_late)
        ),
        (
            AlertReason::MilestoneSoon {
                name,
                due,
                days_left,
            },
            Lang::Zh,
        ) => {
            if *days_left == 0 {
                format!("节点「{name}」今天（{}）到期", ymd(*due))
            } else {
                format!("节点「{name}」将于 {} 到期，还剩 {days_left} 天", ymd(*due))
            }
        }
        (
            AlertReason::MilestoneSoon {
                name,
                due,
                days_left,
            },
            Lang::En,
        ) => {
            if *days_left == 0 {
                format!("milestone {name} due today ({})", ymd(*due))
            } else {
                format!(
                    "milestone {name} due {}, in {}",
                    ymd(*due),
                    days_en(*days_left)
                )
            }
        }
        (
            AlertReason::Behind {
                elapsed_pct,
                done_pct,
            },
            Lang::Zh,
        ) => {
            format!("时间已过 {elapsed_pct:.0}%，节点仅完成 {done_pct:.0}%")
        }
        (
            AlertReason::Behind {
                elapsed_pct,
                done_pct,
            },
            Lang::En,
        ) => {
            format!("{elapsed_pct:.0}% of the time elapsed, only {done_pct:.0}% of milestones done")
        }
        (AlertReason::EndNear { end, days_left }, Lang::Zh) => {
            format!(
                "项目将于 {} 结束（还剩 {days_left} 天），尚未申请验收",
                ymd(*end)
            )
        }
        (AlertReason::EndNear { end, days_left }, Lang::En) => format!(
            "project ends {} (in {}), acceptance not applied for",
            ymd(*end),
            days_en(*days_left)
        ),
        (AlertReason::RiskFlagged { note }, Lang::Zh) => format!("专员标记风险：{note}"),
        (AlertReason::RiskFlagged { note }, Lang::En) => format!("risk flagged: {note}"),
        (AlertReason::Overridden { colour, reason }, Lang::Zh) => {
            let head = format!("专员调整为{}色", colour.label(Lang::Zh));
            if reason.trim().is_empty() {
                head
            } else {
                format!("{head}：{}", reason.trim())
            }
        }
        (AlertReason::Overridden { colour, reason }, Lang::En) => {
            let head = format!("overridden to {}", colour.label(Lang::En));
            if reason.trim().is_empty() {
                head
            } else {
                format!("{head}: {}", reason.trim())
            }
        }
        (
            AlertReason::OnSchedule {
                next: Some((name, due)),
            },
            Lang::Zh,
        ) => {
            format!("按计划推进，下一节点「{name}」{} 到期", ymd(*due))
        }
        (
            AlertReason::OnSchedule {
                next: Some((name, due)),
            },
            Lang::En,
        ) => {
            format!("on schedule, next milestone {name} due {}", ymd(*due))
        }
        (AlertReason::OnSchedule { next: None }, Lang::Zh) => "按计划推进".to_string(),
        (AlertReason::OnSchedule { next: None }, Lang::En) => "on schedule".to_string(),
        (AlertReason::Accepted { on }, Lang::Zh) => format!("已于 {} 通过验收", ymd(*on)),
        (AlertReason::Accepted { on }, Lang::En) => format!("accepted on {}", ymd(*on)),
    }
}

/// One reason in a few words, for a narrow column: the lateness first, dates left out.
pub fn alert_reason_short(r: &AlertReason, lang: Lang) -> String {
    match (r, lang) {
        (
            AlertReason::MilestoneLate {
                name, days_late, ..
            },
            Lang::Zh,
        ) => format!("「{name}」滞后 {days_late} 天"),
        (
            AlertReason::MilestoneLate {
                name, days_late, ..
            },
            Lang::En,
        ) => format!("{name} {} late", days_en(*days_late)),
        (AlertReason::EndPassed { days_late, .. }, Lang::Zh) => {
            format!("超期未验收 {days_late} 天")
        }
        (AlertReason::EndPassed { days_late, .. }, Lang::En) => {
            format!("not accepted, {} late", days_en(*days_late))
        }
        (
            AlertReason::MilestoneSoon {
                name, days_left, ..
            },
            Lang::Zh,
        ) => {
            if *days_left == 0 {
                format!("「{name}」今天到期")
            } else {
                format!("「{name}」还剩 {days_left} 天")
            }
        }
        (
            AlertReason::MilestoneSoon {
                name, days_left, ..
            },
            Lang::En,
        ) => {
            if *days_left == 0 {
                format!("{name} due today")
            } else {
                format!("{name} due in {}", days_en(*days_left))
            }
        }
        (
            AlertReason::Behind {
                elapsed_pct,
                done_pct,
            },
            Lang::Zh,
        ) => format!("时间 {elapsed_pct:.0}%，节点 {done_pct:.0}%"),
        (
            AlertReason::Behind {
                elapsed_pct,
                done_pct,
            },
            Lang::En,
        ) => format!("time {elapsed_pct:.0}%, done {done_pct:.0}%"),
        (AlertReason::EndNear { days_left, .. }, Lang::Zh) => {
            format!("未申请验收，还剩 {days_left} 天")
        }
        (AlertReason::EndNear { days_left, .. }, Lang::En) => {
            format!("no acceptance yet, {} left", days_en(*days_left))
        }
        _ => alert_reason(r, lang),
    }
}

/// Why a credit code is not valid, in words.
pub fn credit_code_error(e: &CreditCodeError, lang: Lang) -> String {
    match lang {
        Lang::Zh => match e {
            CreditCodeError::Length { found } => format!("长度应为 18 位，实为 {found} 位"),
            CreditCodeError::BadChar { position, ch } => {
                format!("第 {position} 位字符 {ch} 不合法")
            }
            CreditCodeError::RegionNotDigit { position, ch } => {
                format!("第 3–8 位是行政区划代码，只能是数字，第 {position} 位却是 {ch}")
            }
            CreditCodeError::CheckChar { expected, found } => {
                format!("校验位应为 {expected}，实为 {found}")
            }
        },
        Lang::En => e.to_string(),
    }
}

/// A request's SLA state, in words.
pub fn sla(s: &SlaState, lang: Lang) -> String {
    match (s, lang) {
        (SlaState::Met { hours: h }, Lang::Zh) => format!("已响应（{}）", long_span(*h, lang)),
        (SlaState::Met { hours: h }, Lang::En) => format!("responded in {}", long_span(*h, lang)),
        (SlaState::Pending { hours_left }, Lang::Zh) => {
            format!("剩余 {}", long_span(*hours_left, lang))
        }
        (SlaState::Pending { hours_left }, Lang::En) => {
            format!("{} left", long_span(*hours_left, lang))
        }
        (SlaState::Breached { hours_over }, Lang::Zh) => {
            format!("已超时 {}", long_span(*hours_over, lang))
        }
        (SlaState::Breached { hours_over }, Lang::En) => {
            format!("{} over", long_span(*hours_over, lang))
        }
        (SlaState::BreachedThenMet { hours: h }, Lang::Zh) => {
            format!("超时响应（{}）", long_span(*h, lang))
        }
        (SlaState::BreachedThenMet { hours: h }, Lang::En) => {
            format!("responded late, in {}", long_span(*h, lang))
        }
    }
}

/// A duration in the unit the Requests screen uses ([`span`]): whole days from two days, else
/// hours: `340 天` / `340 days`, `30.5 小时` / `30.5 h`. The detail and the brief say the same
/// as the screen, so an overdue request reads the same everywhere.
fn long_span(h: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh if h >= 48.0 => format!("{:.0} 天", h / 24.0),
        Lang::Zh => format!("{} 小时", hours(h)),
        Lang::En if h >= 48.0 => format!("{:.0} days", h / 24.0),
        Lang::En => format!("{} h", hours(h)),
    }
}

/// A duration for a narrow column: whole days from two days, whole hours from ten hours.
fn span(h: f64, lang: Lang) -> String {
    let n = if h >= 48.0 {
        format!("{:.0}", h / 24.0)
    } else if h >= 10.0 {
        format!("{:.0}", h)
    } else {
        hours(h)
    };
    match lang {
        Lang::Zh if h >= 48.0 => format!("{n}天"),
        Lang::Zh => format!("{n}小时"),
        Lang::En if h >= 48.0 => format!("{n} d"),
        Lang::En => format!("{n} h"),
    }
}

/// The 24-hour clock in a few columns, for the Requests screen: `超时 340天`, `✓ 9.6小时`.
pub fn sla_short(s: &SlaState, lang: Lang) -> String {
    match (s, lang) {
        (SlaState::Met { hours: h }, _) => format!("✓ {}", span(*h, lang)),
        (SlaState::Pending { hours_left }, Lang::Zh) => format!("剩 {}", span(*hours_left, lang)),
        (SlaState::Pending { hours_left }, Lang::En) => format!("{} left", span(*hours_left, lang)),
        (SlaState::Breached { hours_over }, Lang::Zh) => {
            format!("超时 {}", span(*hours_over, lang))
        }
        (SlaState::Breached { hours_over }, Lang::En) => {
            format!("{} over", span(*hours_over, lang))
        }
        (SlaState::BreachedThenMet { hours: h }, Lang::Zh) => format!("迟复 {}", span(*h, lang)),
        (SlaState::BreachedThenMet { hours: h }, Lang::En) => format!("late {}", span(*h, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Colour;
    use time::macros::date;

    #[test]
    fn late_milestone_reads_like_the_domain_example() {
        let r = AlertReason::MilestoneLate {
            name: "中期检查".into(),
            due: date!(2026 - 10 - 01),
            days_late: 51,
        };
        assert_eq!(
            alert_reason(&r, Lang::Zh),
            "节点「中期检查」应于 2026-10-01 完成，已滞后 51 天"
        );
        assert_eq!(
            alert_reason(&r, Lang::En),
            "milestone 中期检查 due 2026-10-01, 51 days late"
        );
    }

    #[test]
    fn every_reason_has_words_in_both_languages() {
        let d = date!(2026 - 12 - 01);
        let reasons = [
            AlertReason::MilestoneLate {
                name: "A".into(),
                due: d,
                days_late: 1,
            },
            AlertReason::EndPassed {
                end: d,
                days_late: 3,
            },
            AlertReason::MilestoneSoon {
                name: "A".into(),
                due: d,
                days_left: 0,
            },
            AlertReason::MilestoneSoon {
                name: "A".into(),
                due: d,
                days_left: 10,
            },
            AlertReason::Behind {
                elapsed_pct: 66.666,
                done_pct: 25.0,
            },
            AlertReason::EndNear {
                end: d,
                days_left: 1,
            },
            AlertReason::RiskFlagged {
                note: "经费".into(),
            },
            AlertReason::Overridden {
                colour: Colour::Green,
                reason: "已核实".into(),
            },
            AlertReason::OnSchedule {
                next: Some(("A".into(), d)),
            },
            AlertReason::OnSchedule { next: None },
            AlertReason::Accepted { on: d },
        ];
        let expected = [
            (
                "节点「A」应于 2026-12-01 完成，已滞后 1 天",
                "milestone A due 2026-12-01, 1 day late",
            ),
            (
                "项目应于 2026-12-01 结束，未通过验收，已超期 3 天",
                "project ended 2026-12-01 without acceptance, 3 days late",
            ),
            (
                "节点「A」今天（2026-12-01）到期",
                "milestone A due today (2026-12-01)",
            ),
            (
                "节点「A」将于 2026-12-01 到期，还剩 10 天",
                "milestone A due 2026-12-01, in 10 days",
            ),
            (
                "时间已过 67%，节点仅完成 25%",
                "67% of the time elapsed, only 25% of milestones done",
            ),
            (
                "项目将于 2026-12-01 结束（还剩 1 天），尚未申请验收",
                "project ends 2026-12-01 (in 1 day), acceptance not applied for",
            ),
            ("专员标记风险：经费", "risk flagged: 经费"),
            ("专员调整为绿色：已核实", "overridden to green: 已核实"),
            (
                "按计划推进，下一节点「A」2026-12-01 到期",
                "on schedule, next milestone A due 2026-12-01",
            ),
            ("按计划推进", "on schedule"),
            ("已于 2026-12-01 通过验收", "accepted on 2026-12-01"),
        ];
        for (r, (zh, en)) in reasons.iter().zip(expected) {
            assert_eq!(alert_reason(r, Lang::Zh), zh);
            assert_eq!(alert_reason(r, Lang::En), en);
        }
    }

    #[test]
    fn override_without_a_reason_has_no_dangling_colon() {
        let r = AlertReason::Overridden {
            colour: Colour::Red,
            reason: " ".into(),
        };
        assert_eq!(alert_reason(&r, Lang::Zh), "专员调整为红色");
        assert_eq!(alert_reason(&r, Lang::En), "overridden to red");
    }

    #[test]
    fn credit_code_errors_in_both_languages() {
        let cases = [
            (
                CreditCodeError::CheckChar {
                    expected: 'Q',
                    found: 'F',
                },
                "校验位应为 Q，实为 F",
                "check character should be Q, found F",
            ),
            (
                CreditCodeError::Length { found: 17 },
                "长度应为 18 位，实为 17 位",
                "length should be 18 characters, found 17",
            ),
            (
                CreditCodeError::BadChar {
                    position: 3,
                    ch: 'I',
                },
                "第 3 位字符 I 不合法",
                "character I at position 3 is not allowed",
            ),
        ];
        for (e, zh, en) in cases {
            assert_eq!(credit_code_error(&e, Lang::Zh), zh);
            assert_eq!(credit_code_error(&e, Lang::En), en);
        }
    }

    #[test]
    fn sla_states_in_both_languages() {
        let cases = [
            (
                SlaState::Breached { hours_over: 5.0 },
                "已超时 5 小时",
                "5 h over",
            ),
            (
                SlaState::Pending { hours_left: 3.0 },
                "剩余 3 小时",
                "3 h left",
            ),
            (
                SlaState::Pending { hours_left: 0.0 },
                "剩余 0 小时",
                "0 h left",
            ),
            (
                SlaState::Met { hours: 2.0 },
                "已响应（2 小时）",
                "responded in 2 h",
            ),
            (
                SlaState::Met { hours: 0.25 },
                "已响应（0.3 小时）",
                "responded in 0.3 h",
            ),
            (
                SlaState::BreachedThenMet { hours: 30.5 },
                "超时响应（30.5 小时）",
                "responded late, in 30.5 h",
            ),
            // From two days on, in days, as the Requests screen shows it (`超时 340天`).
            (
                SlaState::Breached { hours_over: 8158.2 },
                "已超时 340 天",
                "340 days over",
            ),
            (
                SlaState::Breached { hours_over: 48.0 },
                "已超时 2 天",
                "2 days over",
            ),
            (
                SlaState::Breached { hours_over: 47.9 },
                "已超时 47.9 小时",
                "47.9 h over",
            ),
        ];
        for (s, zh, en) in cases {
            assert_eq!(sla(&s, Lang::Zh), zh);
            assert_eq!(sla(&s, Lang::En), en);
        }
    }

    #[test]
    fn short_reasons_lead_with_the_lateness() {
        let r = AlertReason::MilestoneLate {
            name: "中期检查".into(),
            due: date!(2026 - 10 - 01),
            days_late: 51,
        };
        assert_eq!(alert_reason_short(&r, Lang::Zh), "「中期检查」滞后 51 天");
        assert_eq!(alert_reason_short(&r, Lang::En), "中期检查 51 days late");
        let r = AlertReason::EndPassed {
            end: date!(2026 - 05 - 18),
            days_late: 187,
        };
        assert_eq!(alert_reason_short(&r, Lang::Zh), "超期未验收 187 天");
        let r = AlertReason::RiskFlagged {
            note: "资金未到位".into(),
        };
        assert_eq!(alert_reason_short(&r, Lang::Zh), alert_reason(&r, Lang::Zh));
    }

    #[test]
    fn short_sla_fits_a_narrow_column() {
        let cases = [
            (
                SlaState::Breached { hours_over: 8158.2 },
                "超时 340天",
                "340 d over",
            ),
            (
                SlaState::Breached { hours_over: 5.0 },
                "超时 5小时",
                "5 h over",
            ),
            (
                SlaState::Pending { hours_left: 3.5 },
                "剩 3.5小时",
                "3.5 h left",
            ),
            (SlaState::Met { hours: 9.6 }, "✓ 9.6小时", "✓ 9.6 h"),
            (SlaState::Met { hours: 20.9 }, "✓ 21小时", "✓ 21 h"),
            (
                SlaState::BreachedThenMet { hours: 73.0 },
                "迟复 3天",
                "late 3 d",
            ),
        ];
        for (s, zh, en) in cases {
            assert_eq!(sla_short(&s, Lang::Zh), zh);
            assert_eq!(sla_short(&s, Lang::En), en);
            assert!(crate::text::width(zh) <= 11 && en.len() <= 11);
        }
    }
}
