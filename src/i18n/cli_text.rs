//! Words for what a command refuses before it reads anything: a flag's value it does not know,
//! a number out of range, a ranking that does not exist, a report file of the wrong kind.

use super::Lang;

/// A command's refusal. `Display` is the English line; [`usage_text`] gives either language.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UsageError {
    #[error("unknown {what} {value:?}; use one of: {}", choices.join(", "))]
    Unknown {
        /// The flag or kind of value (`pool`, `sort`, `metric`, …).
        what: &'static str,
        value: String,
        choices: Vec<String>,
    },
    #[error("{flag} must not be negative")]
    Negative { flag: &'static str },
    #[error("{flag} must be at least {min}")]
    TooSmall { flag: &'static str, min: i64 },
    #[error("pool {pool} has no ranking yet")]
    NoRanking { pool: String },
    #[error("pool {pool} has no ranking for {year}")]
    NoRankingFor { pool: String, year: i32 },
    #[error("--set {given:?}: use METRIC=VALUE, e.g. hte_count=6")]
    SetShape { given: String },
    #[error("--set {given:?}: {value:?} is not a number")]
    NotANumber { given: String, value: String },
    #[error("enterprise {0:?} disappeared while reading (another program deleted it)")]
    Disappeared(String),
    #[error("this enterprise has no planned visit (plan one with `seedbed visit plan`)")]
    NoPlannedVisit,
    #[error("{0} is the database itself (or its journal): choose another file to write")]
    OutIsDatabase(String),
    #[error("{0}: write the report to a .md or .xlsx file")]
    ReportKind(String),
}

/// One line for a refusal, in `lang`.
pub fn usage_text(e: &UsageError, lang: Lang) -> String {
    use UsageError as U;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        U::Unknown {
            what,
            value,
            choices,
        } => format!(
            "不认识的{}「{value}」；可选：{}",
            what_zh(what),
            choices.join("、")
        ),
        U::Negative { flag } => format!("{flag} 不能是负数"),
        U::TooSmall { flag, min } => format!("{flag} 至少为 {min}"),
        U::NoRanking { pool } => format!("培育库 {pool} 还没有排名"),
        U::NoRankingFor { pool, year } => format!("培育库 {pool} 没有 {year} 年的排名"),
        U::SetShape { given } => {
            format!("--set「{given}」的写法应为 指标=数值，例如 hte_count=6")
        }
        U::NotANumber { given, value } => format!("--set「{given}」中的「{value}」不是数字"),
        U::Disappeared(id) => format!("读取时企业「{id}」已被其他程序删除"),
        U::NoPlannedVisit => "该企业没有已安排的走访（可用 seedbed visit plan 安排）".into(),
        U::OutIsDatabase(path) => format!("{path} 就是数据库本身（或其日志文件），请另选输出文件"),
        U::ReportKind(path) => format!("{path}：报告只能写成 .md 或 .xlsx 文件"),
    }
}

// CLI words
/// A `--kind` the command does not know, for clap's error line (which is English): every code
/// with its names.
pub fn unknown_kind(value: &str) -> String {
    use crate::interchange::columns::Kind;
    let all: Vec<String> = Kind::ALL
        .iter()
        .map(|k| {
            format!(
                "{} ({} / {})",
                k.code(),
                super::interchange_text::kind_name(*k, Lang::Zh),
                super::interchange_text::kind_name(*k, Lang::En)
            )
        })
        .collect();
    format!("unknown kind {value:?}; use one of: {}", all.join(", "))
}

fn what_zh(what: &str) -> &str {
    match what {
        "pool" => "培育库",
        "batch" => "批次",
        "tier" => "梯队",
        "colour" => "预警颜色",
        "visit state" => "走访状态",
        "sort" => "排序列",
        "metric" => "指标",
        "period" => "报告周期",
        "visit mode" => "走访方式",
        "request category" => "诉求类别",
        // ledgers
        "pool status" => "库内状态",
        "action status" => "措施状态",
        "reward kind" => "奖励类别",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_in_either_language() {
        let e = UsageError::Unknown {
            what: "pool",
            value: "abc".into(),
            choices: vec!["hte".into(), "tsme".into()],
        };
        assert_eq!(
            usage_text(&e, Lang::Zh),
            "不认识的培育库「abc」；可选：hte、tsme"
        );
        assert_eq!(
            usage_text(&e, Lang::En),
            "unknown pool \"abc\"; use one of: hte, tsme"
        );
        let e = UsageError::NoRankingFor {
            pool: "hte".into(),
            year: 2031,
        };
        assert_eq!(usage_text(&e, Lang::Zh), "培育库 hte 没有 2031 年的排名");
    }
}
