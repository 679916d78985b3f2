//! Words for HTE readiness, checks, gaps and ranking movements.

use crate::domain::hte::{Check, Gap, HteCondition};
use crate::domain::ranking::Movement;
use crate::i18n::Lang;

/// The short name of an HTE condition.
pub fn condition_name(c: HteCondition, lang: Lang) -> &'static str {
    match (c, lang) {
        (HteCondition::Registered, Lang::Zh) => "注册满一年",
        (HteCondition::Registered, Lang::En) => "registered ≥ 1 year",
        (HteCondition::CoreIp, Lang::Zh) => "拥有核心知识产权",
        (HteCondition::CoreIp, Lang::En) => "owns core IP",
        (HteCondition::SupportedField, Lang::Zh) => "属于重点支持领域",
        (HteCondition::SupportedField, Lang::En) => "in a state-supported field",
        (HteCondition::ScitechStaff, Lang::Zh) => "科技人员占比≥10%",
        (HteCondition::ScitechStaff, Lang::En) => "sci-tech staff ≥ 10%",
        (HteCondition::RdIntensity, Lang::Zh) => "研发费用占比",
        (HteCondition::RdIntensity, Lang::En) => "R&D spend share",
        (HteCondition::HightechIncome, Lang::Zh) => "高新收入占比≥60%",
        (HteCondition::HightechIncome, Lang::En) => "high-tech income ≥ 60%",
        (HteCondition::InnovationScore, Lang::Zh) => "创新能力评价≥71分",
        (HteCondition::InnovationScore, Lang::En) => "innovation score ≥ 71",
        (HteCondition::NoIncident, Lang::Zh) => "近一年无重大事故",
        (HteCondition::NoIncident, Lang::En) => "no major incident last year",
    }
}

/// A check with its symbol, readable without colour.
pub fn check(c: Check, lang: Lang) -> &'static str {
    match (c, lang) {
        (Check::Pass, Lang::Zh) => "✓ 符合",
        (Check::Pass, Lang::En) => "✓ pass",
        (Check::Fail, Lang::Zh) => "✗ 不符",
        (Check::Fail, Lang::En) => "✗ fail",
        (Check::Unknown, Lang::Zh) => "? 未知",
        (Check::Unknown, Lang::En) => "? unknown",
    }
}

/// The name of a figure named by `Gap::Missing` / `Gap::Zero` (the key itself if unknown).
pub fn figure_name(key: &'static str, lang: Lang) -> &'static str {
    let (zh, en) = match key {
        "founded" => ("注册日期", "registration date"),
        "last_year" => ("上年度", "last year's"),
        "staff" => ("职工总数", "total staff"),
        "scitech_staff" => ("科技人员数", "sci-tech staff"),
        "sales" => ("销售收入", "sales"),
        "total_income" => ("总收入", "total income"),
        "hightech_income" => ("高新技术产品(服务)收入", "high-tech income"),
        "rd_spend" => ("研发费用", "R&D spend"),
        "rd_domestic" => ("境内研发费用", "domestic R&D"),
        "net_assets" => ("净资产", "net assets"),
        "total_assets" => ("资产总额", "total assets"),
        "liabilities" => ("负债", "liabilities"),
        "ip" => ("知识产权", "IP"),
        "ip_class1" => ("Ⅰ类知识产权", "Class I IP"),
        "ip_class2" => ("Ⅱ类知识产权", "Class II IP"),
        "results_transferred" => ("成果转化", "results transferred"),
        "rd_mgmt_score" => ("研发管理评分", "R&D management score"),
        "major_incident" => ("重大事故", "major incident"),
        other => (other, other),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The label of one of the eight supported fields (`crate::domain::hte::SUPPORTED_FIELDS`).
pub fn field_name(code: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match code {
        "electronic_information" => ("电子信息", "electronic information"),
        "biomedicine" => ("生物与新医药", "biology and new medicine"),
        "aerospace" => ("航空航天", "aerospace"),
        "new_materials" => ("新材料", "new materials"),
        "hightech_services" => ("高技术服务", "high-tech services"),
        "new_energy" => ("新能源与节能", "new energy and energy saving"),
        "resources_environment" => ("资源与环境", "resources and environment"),
        "advanced_manufacturing" => ("先进制造与自动化", "advanced manufacturing and automation"),
        _ => return None,
    };
    Some(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// A number with at most one decimal: `10`, `6.8`.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".into()
    } else if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// The distance between `have` and `need`, never shown as 0 when they differ.
fn diff(have: f64, need: f64) -> String {
    let d = num((need - have).abs());
    if d == "0" { "<0.1".into() } else { d }
}

/// How far `have` is from `need` (or above it), in words.
///
/// zh: "还差 3.2 个百分点 (现 6.8%，需 10%)"; en: "3.2 points short (6.8% of 10%)".
pub fn gap(g: &Gap, lang: Lang) -> String {
    match *g {
        Gap::Share { have, need } => {
            let (h, n) = (have * 100.0, need * 100.0);
            let (hs, ns) = (num(h), num(n));
            match (lang, ordering(have, need)) {
                (Lang::Zh, Side::Short) => {
                    format!("还差 {} 个百分点 (现 {hs}%，需 {ns}%)", diff(h, n))
                }
                (Lang::Zh, Side::Exact) => format!("恰好达标 (现 {hs}%，需 {ns}%)"),
                (Lang::Zh, Side::Above) => {
                    format!("高出 {} 个百分点 (现 {hs}%，需 {ns}%)", diff(h, n))
                }
                (Lang::En, Side::Short) => format!("{} points short ({hs}% of {ns}%)", diff(h, n)),
                (Lang::En, Side::Exact) => format!("just met ({hs}% of {ns}%)"),
                (Lang::En, Side::Above) => format!("{} points above ({hs}% of {ns}%)", diff(h, n)),
            }
        }
        Gap::Points { have, need } => {
            let (hs, ns) = (num(have), num(need));
            match (lang, ordering(have, need)) {
                (Lang::Zh, Side::Short) => {
                    format!("还差 {} 分 (现 {hs} 分，需 {ns} 分)", diff(have, need))
                }
                (Lang::Zh, Side::Exact) => format!("恰好达标 (现 {hs} 分，需 {ns} 分)"),
                (Lang::Zh, Side::Above) => {
                    format!("高出 {} 分 (现 {hs} 分，需 {ns} 分)", diff(have, need))
                }
                (Lang::En, Side::Short) => {
                    format!("{} points short ({hs} of {ns})", diff(have, need))
                }
                (Lang::En, Side::Exact) => format!("just met ({hs} of {ns})"),
                (Lang::En, Side::Above) => {
                    format!("{} points above ({hs} of {ns})", diff(have, need))
                }
            }
        }
        Gap::Days { have, need } => {
            let d = have.abs_diff(need);
            match (lang, have.cmp(&need)) {
                (Lang::Zh, std::cmp::Ordering::Less) => {
                    format!("还差 {d} 天 (现 {have} 天，需 {need} 天)")
                }
                (Lang::Zh, std::cmp::Ordering::Equal) => {
                    format!("恰好达标 (现 {have} 天，需 {need} 天)")
                }
                (Lang::Zh, std::cmp::Ordering::Greater) => {
                    format!("超出 {d} 天 (现 {have} 天，需 {need} 天)")
                }
                (Lang::En, std::cmp::Ordering::Less) => {
                    format!("{d} {} short ({have} of {need} days)", days(d))
                }
                (Lang::En, std::cmp::Ordering::Equal) => {
                    format!("just met ({have} of {need} days)")
                }
                (Lang::En, std::cmp::Ordering::Greater) => {
                    format!("{d} {} over ({have} of {need} days)", days(d))
                }
            }
        }
        Gap::Count { have, need } => {
            let d = have.abs_diff(need);
            match (lang, have.cmp(&need)) {
                (Lang::Zh, std::cmp::Ordering::Less) => {
                    format!("还差 {d} 项 (现 {have} 项，需 {need} 项)")
                }
                (Lang::Zh, _) => format!("现 {have} 项 (需 {need} 项)"),
                (Lang::En, std::cmp::Ordering::Less) => {
                    format!("{d} more needed ({have} of {need})")
                }
                (Lang::En, _) => format!("{have} held ({need} needed)"),
            }
        }
        Gap::Zero(key) => match lang {
            Lang::Zh => format!("{}为零，无法计算", figure_name(key, lang)),
            Lang::En => format!("{} is zero, cannot compute", figure_name(key, lang)),
        },
        Gap::Missing(key) => match (lang, key) {
            (Lang::Zh, "founded") => "缺少注册日期".into(),
            (Lang::En, "last_year") => "last year's figures missing".into(),
            (Lang::En, "founded") => "registration date missing".into(),
            (Lang::Zh, _) => format!("缺少{}数据", figure_name(key, lang)),
            (Lang::En, _) => format!("{} figure missing", figure_name(key, lang)),
        },
        Gap::NotRecorded => match lang {
            Lang::Zh => "未登记".into(),
            Lang::En => "not recorded".into(),
        },
        Gap::NoFigures { year, newest } => no_figures(year, newest, lang),
    }
}

// figures: which year's figures the rules use, and what is unknown without them.

/// "无 2025 年数据，最新为 2023 年" / "no 2025 figures; newest are 2023" (the newest year only
/// when it is older than the year needed).
pub fn no_figures(year: i32, newest: Option<i32>, lang: Lang) -> String {
    match (lang, newest.filter(|&n| n < year)) {
        (Lang::Zh, Some(n)) => format!("无 {year} 年数据，最新为 {n} 年"),
        (Lang::Zh, None) => format!("无 {year} 年数据"),
        (Lang::En, Some(n)) => format!("no {year} figures; newest are {n}"),
        (Lang::En, None) => format!("no {year} figures"),
    }
}

/// "依据 2025 年数据" / "on 2025 figures".
pub fn on_figures(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("依据 {year} 年数据"),
        Lang::En => format!("on {year} figures"),
    }
}

/// Which year's figures a check or ranking is based on: "依据 2025 年数据" / "on 2025 figures",
/// or, when that year has none, the reason (see [`no_figures`]).
pub fn figures_basis(year: i32, newest: Option<i32>, lang: Lang) -> String {
    if newest == Some(year) {
        on_figures(year, lang)
    } else {
        no_figures(year, newest, lang)
    }
}

/// A ranking component's value with `decimals`, or `?` when its figures were missing.
pub fn component_value(value: f64, unknown: bool, decimals: usize) -> String {
    if unknown {
        "?".into()
    } else {
        format!("{value:.decimals$}")
    }
}

fn days(n: u64) -> &'static str {
    if n == 1 { "day" } else { "days" }
}

enum Side {
    Short,
    Exact,
    Above,
}

/// Where `have` stands against `need`, with the domain's tolerance.
fn ordering(have: f64, need: f64) -> Side {
    if (have - need).abs() <= crate::domain::hte::EPS {
        Side::Exact
    } else if have < need {
        Side::Short
    } else {
        Side::Above
    }
}

/// A rank movement: "▲3", "▼1", "–", "新"/"new".
pub fn movement(m: &Movement, lang: Lang) -> String {
    match (m, lang) {
        (Movement::Up(n), _) => format!("▲{n}"),
        (Movement::Down(n), _) => format!("▼{n}"),
        (Movement::Same, _) => "–".into(),
        (Movement::New, Lang::Zh) => "新".into(),
        (Movement::New, Lang::En) => "new".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hte::SUPPORTED_FIELDS;

    #[test]
    fn every_condition_has_both_names() {
        for c in HteCondition::ALL {
            assert!(!condition_name(c, Lang::Zh).is_empty());
            assert!(!condition_name(c, Lang::En).is_empty());
        }
        assert_eq!(
            condition_name(HteCondition::Registered, Lang::Zh),
            "注册满一年"
        );
        assert_eq!(
            condition_name(HteCondition::InnovationScore, Lang::Zh),
            "创新能力评价≥71分"
        );
    }

    #[test]
    fn checks_read_without_colour() {
        assert_eq!(check(Check::Pass, Lang::Zh), "✓ 符合");
        assert_eq!(check(Check::Fail, Lang::En), "✗ fail");
        assert_eq!(check(Check::Unknown, Lang::Zh), "? 未知");
    }

    #[test]
    fn share_gaps() {
        let g = Gap::Share {
            have: 0.068,
            need: 0.10,
        };
        assert_eq!(gap(&g, Lang::Zh), "还差 3.2 个百分点 (现 6.8%，需 10%)");
        assert_eq!(gap(&g, Lang::En), "3.2 points short (6.8% of 10%)");
        let g = Gap::Share {
            have: 0.10,
            need: 0.10,
        };
        assert_eq!(gap(&g, Lang::Zh), "恰好达标 (现 10%，需 10%)");
        let g = Gap::Share {
            have: 0.2,
            need: 0.1,
        };
        assert_eq!(gap(&g, Lang::En), "10 points above (20% of 10%)");
        let g = Gap::Share {
            have: 0.0999,
            need: 0.1,
        };
        assert_eq!(gap(&g, Lang::En), "<0.1 points short (10% of 10%)");
    }

    #[test]
    fn other_gaps() {
        let g = Gap::Days {
            have: 364,
            need: 365,
        };
        assert_eq!(gap(&g, Lang::Zh), "还差 1 天 (现 364 天，需 365 天)");
        assert_eq!(gap(&g, Lang::En), "1 day short (364 of 365 days)");
        let g = Gap::Points {
            have: 70.0,
            need: 71.0,
        };
        assert_eq!(gap(&g, Lang::Zh), "还差 1 分 (现 70 分，需 71 分)");
        let g = Gap::Count { have: 0, need: 1 };
        assert_eq!(gap(&g, Lang::En), "1 more needed (0 of 1)");
        assert_eq!(gap(&Gap::Missing("sales"), Lang::Zh), "缺少销售收入数据");
        assert_eq!(
            gap(&Gap::Missing("sales"), Lang::En),
            "sales figure missing"
        );
        assert_eq!(gap(&Gap::Missing("last_year"), Lang::Zh), "缺少上年度数据");
        assert_eq!(
            gap(&Gap::Missing("last_year"), Lang::En),
            "last year's figures missing"
        );
        assert_eq!(gap(&Gap::Zero("sales"), Lang::Zh), "销售收入为零，无法计算");
        assert_eq!(gap(&Gap::NotRecorded, Lang::En), "not recorded");
    }

    #[test]
    fn stale_figures_are_named_with_the_year_needed_and_the_newest() {
        let g = Gap::NoFigures {
            year: 2025,
            newest: Some(2023),
        };
        assert_eq!(gap(&g, Lang::Zh), "无 2025 年数据，最新为 2023 年");
        assert_eq!(gap(&g, Lang::En), "no 2025 figures; newest are 2023");
        let g = Gap::NoFigures {
            year: 2024,
            newest: None,
        };
        assert_eq!(gap(&g, Lang::Zh), "无 2024 年数据");
        assert_eq!(
            figures_basis(2025, Some(2025), Lang::Zh),
            "依据 2025 年数据"
        );
        assert_eq!(figures_basis(2025, Some(2025), Lang::En), "on 2025 figures");
        assert_eq!(
            figures_basis(2025, Some(2022), Lang::Zh),
            "无 2025 年数据，最新为 2022 年"
        );
        assert_eq!(figures_basis(2025, None, Lang::En), "no 2025 figures");
    }

    #[test]
    fn every_figure_key_used_by_the_rules_has_a_name() {
        for key in [
            "founded",
            "last_year",
            "staff",
            "scitech_staff",
            "sales",
            "total_income",
            "hightech_income",
            "rd_spend",
            "rd_domestic",
            "net_assets",
            "ip",
            "ip_class1",
            "ip_class2",
            "results_transferred",
            "rd_mgmt_score",
        ] {
            assert_ne!(figure_name(key, Lang::Zh), key);
            assert!(!figure_name(key, Lang::En).contains('_'), "{key}");
        }
        assert_eq!(figure_name("mystery", Lang::En), "mystery");
    }

    #[test]
    fn every_supported_field_has_a_label() {
        for code in SUPPORTED_FIELDS {
            assert!(field_name(code, Lang::Zh).is_some());
            assert!(field_name(code, Lang::En).is_some());
        }
        assert_eq!(field_name("nope", Lang::Zh), None);
    }

    #[test]
    fn movements() {
        assert_eq!(movement(&Movement::Up(3), Lang::Zh), "▲3");
        assert_eq!(movement(&Movement::Down(1), Lang::En), "▼1");
        assert_eq!(movement(&Movement::Same, Lang::Zh), "–");
        assert_eq!(movement(&Movement::New, Lang::Zh), "新");
        assert_eq!(movement(&Movement::New, Lang::En), "new");
        // Moved with `Movement::symbol` from domain/ranking.rs.
        assert_eq!(
            movement(&crate::domain::ranking::movement(Some(5), 2), Lang::En),
            "▲3"
        );
    }

    #[test]
    fn numbers_round_to_one_decimal() {
        assert_eq!(num(10.0), "10");
        assert_eq!(num(6.8000000001), "6.8");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(71.25), "71.3");
    }
}
