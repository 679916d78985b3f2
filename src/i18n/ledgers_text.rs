//! ledgers: the words of the commands that close the ledgers (support actions, rewards, pool
//! status, commissioners).

use super::Lang;

/// No support action of the enterprise matches what was typed.
pub fn no_action(q: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("该企业没有与「{q}」匹配的帮扶措施"),
        Lang::En => format!("no support action of this enterprise matches {q:?}"),
    }
}

/// Several support actions match: say which.
pub fn many_actions(q: &str, found: &[String], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "有 {} 条帮扶措施与「{q}」匹配（{}）；请写得更完整",
            found.len(),
            found.join("；")
        ),
        Lang::En => format!(
            "{} support actions match {q:?} ({}); say more of it",
            found.len(),
            found.join("; ")
        ),
    }
}

/// No reward of the kind (and year) is due to the enterprise.
pub fn no_reward(kind: &str, year: Option<i32>, lang: Lang) -> String {
    let year = year.map(|y| format!(" {y}")).unwrap_or_default();
    match lang {
        Lang::Zh => format!("该企业没有应发的{kind}{year}奖励"),
        Lang::En => format!("no {kind} reward{year} is due to this enterprise"),
    }
}

/// Several rewards of the kind are due: the year decides.
pub fn many_rewards(kind: &str, years: &[i32], lang: Lang) -> String {
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    match lang {
        Lang::Zh => format!(
            "该企业有多笔{kind}奖励（{}）；请加 --year",
            years.join("、")
        ),
        Lang::En => format!(
            "this enterprise is due several {kind} rewards ({}); add --year",
            years.join(", ")
        ),
    }
}

/// `reward pay` without a document number.
pub fn document_required(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "请用 --document 写明拨付文号",
        Lang::En => "say the document the reward was paid under with --document",
    }
}

/// `pool-status` to leaving, out or frozen without a reason.
pub fn reason_required(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "出库中、已出库、已冻结需用 --reason 写明原因",
        Lang::En => "leaving, out or frozen needs a reason (--reason)",
    }
}

/// `commissioner edit` with nothing to change.
pub fn nothing_to_change(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "没有要修改的内容（用 --name 或 --phone）",
        Lang::En => "nothing to change (use --name or --phone)",
    }
}
