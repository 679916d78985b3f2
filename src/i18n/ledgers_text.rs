//! ledgers: the words of the commands that close the ledgers (support actions, rewards, pool
//! status, commissioners).

use super::Lang;
use crate::i18n::Label;

/// No support action of the enterprise matches what was typed.
pub fn no_action(q: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("该企业没有与「{q}」匹配的帮扶措施"),
        Lang::En => format!("no support action of this enterprise matches {q:?}"),
    }
}

/// Several support actions match: each as `id · due day · status`, so the user can pass the id.
pub fn many_actions(
    q: &str,
    found: &[crate::store::ledgers::ActionCandidate],
    lang: Lang,
) -> String {
    let lines: Vec<String> = found
        .iter()
        .map(|c| {
            let due = c.due.map_or_else(
                || match lang {
                    Lang::Zh => "无期限".to_string(),
                    Lang::En => "no due day".to_string(),
                },
                crate::store::format_date,
            );
            format!(
                "  {} · {due} · {}  {}",
                c.id,
                c.status.label(lang),
                c.action
            )
        })
        .collect();
    match lang {
        Lang::Zh => format!(
            "有 {} 条帮扶措施与「{q}」匹配；请写得更完整，或改用措施编号：\n{}",
            found.len(),
            lines.join("\n")
        ),
        Lang::En => format!(
            "{} support actions match {q:?}; say more of it, or give the action's id:\n{}",
            found.len(),
            lines.join("\n")
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

/// Why the store refused a ledger write.
pub fn ledger_error(e: &crate::store::ledgers::LedgerError, lang: Lang) -> String {
    use crate::store::format_date;
    use crate::store::ledgers::LedgerError as L;
    match (e, lang) {
        (L::StatusInFuture(d), Lang::Zh) => {
            format!("库内状态不能在将来生效（{}）", format_date(*d))
        }
        (L::StatusInFuture(d), Lang::En) => format!(
            "a pool status cannot take effect in the future ({})",
            format_date(*d)
        ),
        (L::StatusBeforeEntry { on, entered }, Lang::Zh) => format!(
            "库内状态日期（{}）早于本次入库日期（{}）",
            format_date(*on),
            format_date(*entered)
        ),
        (L::StatusBeforeEntry { on, entered }, Lang::En) => format!(
            "the status day ({}) is before the membership began ({})",
            format_date(*on),
            format_date(*entered)
        ),
        (L::ReasonRequired(s), Lang::Zh) => {
            format!("把库内状态改为「{}」需写明原因", s.label(lang))
        }
        (L::ReasonRequired(s), Lang::En) => {
            format!(
                "setting the pool status to {} needs a reason",
                s.label(lang)
            )
        }
        (L::ActionRequired, Lang::Zh) => "请填写帮扶措施的内容".into(),
        (L::ActionRequired, Lang::En) => "the action is required".into(),
        (L::ClosedInFuture(d), Lang::Zh) => {
            format!("帮扶措施不能在将来办结（{}）", format_date(*d))
        }
        (L::ClosedInFuture(d), Lang::En) => format!(
            "an action cannot be closed in the future ({})",
            format_date(*d)
        ),
        (L::AmountNotPositive(n), Lang::Zh) => format!("拨付金额须大于 0（填的是 {n}）"),
        (L::AmountNotPositive(n), Lang::En) => {
            format!("the amount paid must be more than 0 (got {n})")
        }
        (L::DocumentRequired, _) => document_required(lang).into(),
        (L::PaidInFuture(d), Lang::Zh) => format!("奖励不能在将来拨付（{}）", format_date(*d)),
        (L::PaidInFuture(d), Lang::En) => format!(
            "a reward cannot be paid in the future ({})",
            format_date(*d)
        ),
        (L::NotDue { kind, year }, _) => no_reward(kind.label(lang), Some(*year), lang),
        (L::PaidBeforeDue { paid, due }, Lang::Zh) => format!(
            "拨付日期（{}）早于应发日期（{}）",
            format_date(*paid),
            format_date(*due)
        ),
        (L::PaidBeforeDue { paid, due }, Lang::En) => format!(
            "the reward was paid ({}) before it was due ({})",
            format_date(*paid),
            format_date(*due)
        ),
        (L::NameRequired, Lang::Zh) => "请填写专员姓名".into(),
        (L::NameRequired, Lang::En) => "the commissioner's name is required".into(),
        (L::BadName(t), Lang::Zh) => format!("姓名：{}", super::input_text::text_error(t, lang)),
        (L::BadName(t), Lang::En) => {
            format!("the name: {}", super::input_text::text_error(t, lang))
        }
        (L::NameTaken(n), Lang::Zh) => format!("已有名为「{n}」的专员"),
        (L::NameTaken(n), Lang::En) => format!("a commissioner named {n} already exists"),
    }
}

/// `pool-status` on an enterprise that was never in a pool.
pub fn never_in_a_pool(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => {
            "该企业从未入库，没有可设置的库内状态；请先在企业详情页按 b 选择培育库和批次，或用 seedbed import 导入入库名单"
        }
        Lang::En => {
            "this enterprise was never in a pool, so it has no pool status to set; place it first with the b form (pool and batch) or seedbed import of a pool file"
        }
    }
}
