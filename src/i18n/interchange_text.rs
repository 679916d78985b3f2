//! The words of import, export, the calendar, the brief and the report.

use crate::i18n::Lang;
use crate::interchange::columns::Kind;
use crate::interchange::import::{ChangeNote, ImportReport};
use crate::interchange::{Problem, Why};

/// The name of a kind of data.
pub fn kind_name(kind: Kind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Kind::Enterprises, Lang::Zh) => "企业",
        (Kind::Pool, Lang::Zh) => "入库记录",
        (Kind::Projects, Lang::Zh) => "科技项目",
        (Kind::Milestones, Lang::Zh) => "项目节点",
        (Kind::Visits, Lang::Zh) => "走访",
        (Kind::Requests, Lang::Zh) => "诉求",
        (Kind::Figures, Lang::Zh) => "年度数据",
        (Kind::Certificates, Lang::Zh) => "证书",
        (Kind::Targets, Lang::Zh) => "目标",
        (Kind::Enterprises, Lang::En) => "enterprises",
        (Kind::Pool, Lang::En) => "pool memberships",
        (Kind::Projects, Lang::En) => "projects",
        (Kind::Milestones, Lang::En) => "milestones",
        (Kind::Visits, Lang::En) => "visits",
        (Kind::Requests, Lang::En) => "requests",
        (Kind::Figures, Lang::En) => "yearly figures",
        (Kind::Certificates, Lang::En) => "certificates",
        (Kind::Targets, Lang::En) => "targets",
        // round trip
        (Kind::SupportActions, Lang::Zh) => "帮扶事项",
        (Kind::Rewards, Lang::Zh) => "奖励",
        (Kind::Rankings, Lang::Zh) => "排名",
        (Kind::SupportActions, Lang::En) => "support actions",
        (Kind::Rewards, Lang::En) => "rewards",
        (Kind::Rankings, Lang::En) => "rankings",
    }
}

/// Why a value was refused, in words.
pub fn why(w: &Why, lang: Lang) -> String {
    match w {
        Why::Required | Why::MissingColumn(_) | Why::DoubledColumn(_) => columns_why(w, lang),
        Why::UnknownEnterprise
        | Why::UnknownProject
        | Why::AmbiguousProject(_)
        | Why::Duplicate(_)
        | Why::SecondCurrentMembership(_)
        | Why::Before(_)
        | Why::VisitDate
        | Why::BatchWithoutPool
        | Why::BadId
        | Why::IdOfAnother
        | Why::UnknownId
        | Why::UnknownDistrict
        | Why::AmbiguousDistrict(_) => records_why(w, lang),
        Why::BadCreditCode(_)
        | Why::BadDate
        | Why::BadDateTime
        | Why::NumberNotDate
        | Why::YearNotDate
        | Why::BadNumber
        | Why::NotWhole
        | Why::Negative
        | Why::BadYear
        | Why::BadBool
        | Why::BadChoice(_)
        | Why::BadCertNumber
        | Why::OutOfRange { .. }
        | Why::InFuture
        | Why::DateOutOfRange
        | Why::BadText(_) => values_why(w, lang),
    }
}

/// Why a column of the file was refused. (`why` sends each problem to one of these.)
fn columns_why(w: &Why, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match w {
        Why::Required => if zh {
            "必填，不能为空"
        } else {
            "required"
        }
        .into(),
        Why::MissingColumn(kind) => {
            if zh {
                format!("缺少此列（导入{}必需）", kind_name(*kind, lang))
            } else {
                format!("column missing (required for {})", kind_name(*kind, lang))
            }
        }
        Why::DoubledColumn(first) => {
            if zh {
                format!("与“{first}”列重复")
            } else {
                format!("same column as {first:?}")
            }
        }
        // The other problems are worded by the other `*_why` functions.
        _ => String::new(),
    }
}

/// Why a row was refused for the records it names or repeats. (`why` sends each problem to one of these.)
fn records_why(w: &Why, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match w {
        Why::UnknownEnterprise => if zh {
            "库中没有该信用代码的企业（请先导入企业）"
        } else {
            "no enterprise with this credit code (import the enterprises first)"
        }
        .into(),
        Why::UnknownProject => if zh {
            "库中没有该名称的项目（请先导入项目）"
        } else {
            "no project of this name (import the projects first)"
        }
        .into(),
        Why::AmbiguousProject(n) => {
            if zh {
                format!("有 {n} 家企业的项目同名，请加上“统一社会信用代码”列")
            } else {
                format!("{n} enterprises have a project of this name; add the credit code column")
            }
        }
        Why::Duplicate(line) => {
            if zh {
                format!("与第 {line} 行重复")
            } else {
                format!("duplicate of line {line}")
            }
        }
        Why::SecondCurrentMembership(line) => {
            if zh {
                format!("第 {line} 行已是该企业在此库的当前入库记录")
            } else {
                format!("line {line} is already this enterprise's current membership of this pool")
            }
        }
        Why::Before(other) => {
            if zh {
                format!("早于“{other}”")
            } else {
                format!("is before {other}")
            }
        }
        Why::VisitDate => if zh {
            "走访日期和计划走访日期至少填一个"
        } else {
            "a visit needs a visit date or a planned date"
        }
        .into(),
        Why::BatchWithoutPool => if zh {
            "填了批次但没有培育库，且该企业不在任何培育库中"
        } else {
            "a batch needs a pool, and the enterprise is in none"
        }
        .into(),
        // round trip
        Why::BadId => if zh {
            "不是记录ID（应为字母、数字和“-”，最长 64 个字符）"
        } else {
            "not a record id (letters, digits and '-', at most 64 characters)"
        }
        .into(),
        Why::IdOfAnother => if zh {
            "该ID是另一家企业（或另一个项目）的记录"
        } else {
            "this id is a record of another enterprise (or another project)"
        }
        .into(),
        Why::UnknownId => if zh {
            "库中没有该ID的记录（请先导入它）"
        } else {
            "no record with this id (import it first)"
        }
        .into(),
        Why::UnknownDistrict => super::district_text::import_not_found(lang).into(),
        Why::AmbiguousDistrict(names) => super::district_text::import_ambiguous(names, lang),
        // The other problems are worded by the other `*_why` functions.
        _ => String::new(),
    }
}

/// Why a cell's value was refused. (`why` sends each problem to one of these.)
fn values_why(w: &Why, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match w {
        Why::BadCreditCode(e) => super::alert_text::credit_code_error(e, lang),
        Why::BadDate => if zh {
            "不是日期，应写作 2026-11-21、2026/11/21 或 2026年11月21日"
        } else {
            "not a date; write 2026-11-21, 2026/11/21 or 2026年11月21日"
        }
        .into(),
        Why::BadDateTime => if zh {
            "不是时间，应写作 2026-11-21 09:30"
        } else {
            "not a date and time; write 2026-11-21 09:30"
        }
        .into(),
        // number cells in date columns
        Why::NumberNotDate => if zh {
            "是数字而非日期（单元格未设为日期格式），应写作 2026-11-21 或设为日期格式"
        } else {
            "a number, not a date (the cell is not formatted as a date); write 2026-11-21 or format the cell as a date"
        }
        .into(),
        Why::YearNotDate => if zh {
            "只有年份，请写完整日期，如 2015-01-01"
        } else {
            "only a year; write the full date, such as 2015-01-01"
        }
        .into(),
        Why::BadNumber => if zh { "不是数字" } else { "not a number" }.into(),
        Why::NotWhole => if zh {
            "应为整数"
        } else {
            "not a whole number"
        }
        .into(),
        Why::Negative => if zh {
            "不能为负数"
        } else {
            "must not be negative"
        }
        .into(),
        Why::BadYear => if zh {
            "不是年份，应写作 2025"
        } else {
            "not a year; write 2025"
        }
        .into(),
        Why::BadBool => if zh {
            "应为“是”或“否”"
        } else {
            "should be yes or no"
        }
        .into(),
        Why::BadChoice(allowed) => {
            if zh {
                format!("无法识别，可填：{}", allowed.join("、"))
            } else {
                format!("unknown value; use one of: {}", allowed.join(", "))
            }
        }
        Why::BadCertNumber => if zh {
            "高企证书编号应形如 GR202365000123"
        } else {
            "an HTE certificate number looks like GR202365000123"
        }
        .into(),
        Why::OutOfRange { min, max } => {
            if zh {
                format!("应在 {min} 到 {max} 之间")
            } else {
                format!("should be between {min} and {max}")
            }
        }
        Why::InFuture => if zh {
            "晚于今天"
        } else {
            "is later than today"
        }
        .into(),
        // import safety
        Why::DateOutOfRange => super::input_text::date_out_of_range(lang),
        Why::BadText(e) => super::input_text::text_error(e, lang),
        // The other problems are worded by the other `*_why` functions.
        _ => String::new(),
    }
}

/// `line 4, column 统一社会信用代码: "91110108551385082F" — check character should be Q, found F`.
pub fn problem(p: &Problem, lang: Lang) -> String {
    let reason = why(&p.why, lang);
    let value = p.value.as_ref().map(|v| {
        let short: String = v.chars().take(80).collect();
        let short = if short.len() < v.len() {
            format!("{short}…")
        } else {
            short
        };
        format!("{short:?}")
    });
    match (lang, &p.column, value) {
        (Lang::En, Some(c), Some(v)) => format!("line {}, column {c}: {v} — {reason}", p.line),
        (Lang::En, Some(c), None) => format!("line {}, column {c}: {reason}", p.line),
        (Lang::En, None, _) => format!("line {}: {reason}", p.line),
        (Lang::Zh, Some(c), Some(v)) => format!("第 {} 行，列 {c}：{v} — {reason}", p.line),
        (Lang::Zh, Some(c), None) => format!("第 {} 行，列 {c}：{reason}", p.line),
        (Lang::Zh, None, _) => format!("第 {} 行：{reason}", p.line),
    }
}

/// One changed row: `line 5: added 新疆… ` / `line 7: updated …: 联系电话 "1" → "2"`.
pub fn change(c: &ChangeNote, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let fields: Vec<String> = c
        .fields
        .iter()
        .map(|(h, old, new)| format!("{h} {old:?} → {new:?}"))
        .collect();
    match (zh, c.added) {
        (true, true) => format!("第 {} 行：新增 {}", c.line, c.label),
        (false, true) => format!("line {}: add {}", c.line, c.label),
        (true, false) => format!("第 {} 行：更新 {}：{}", c.line, c.label, fields.join("；")),
        (false, false) => format!("line {}: update {}: {}", c.line, c.label, fields.join("; ")),
    }
}

/// The whole import report: problems, or what was (or would be) written.
pub fn import_report(r: &ImportReport, lang: Lang) -> String {
    use std::fmt::Write;
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let file = r.path.display();
    let kind = kind_name(r.kind, lang);
    if !r.ignored.is_empty() {
        let cols = r.ignored.join(if zh { "、" } else { ", " });
        let _ = if zh {
            writeln!(s, "已忽略无法识别的列：{cols}")
        } else {
            writeln!(s, "ignored columns: {cols}")
        };
    }
    if !r.totals.is_empty() {
        let _ = writeln!(s, "{}", super::input_text::totals_skipped(&r.totals, lang));
    }
    if !r.problems.is_empty() {
        for p in &r.problems {
            let _ = writeln!(s, "{}", problem(p, lang));
        }
        let n = r.problems.len();
        let rows: std::collections::BTreeSet<usize> = r.problems.iter().map(|p| p.line).collect();
        let _ = if zh {
            writeln!(
                s,
                "{file}：{} 行有 {n} 处问题，未导入任何数据（{}，共 {} 行）",
                rows.len(),
                kind,
                r.rows
            )
        } else {
            writeln!(
                s,
                "{file}: {n} problem{} on {} row{}; nothing was imported ({kind}, {} rows)",
                if n == 1 { "" } else { "s" },
                rows.len(),
                if rows.len() == 1 { "" } else { "s" },
                r.rows
            )
        };
        return s;
    }
    for c in &r.changes {
        let _ = writeln!(s, "{}", change(c, lang));
    }
    if !r.new_commissioners.is_empty() {
        let names = r.new_commissioners.join(if zh { "、" } else { ", " });
        let _ = match (zh, r.dry_run) {
            (true, true) => writeln!(s, "将新增科技专员：{names}"),
            (true, false) => writeln!(s, "新增科技专员：{names}"),
            (false, true) => writeln!(s, "would add commissioners: {names}"),
            (false, false) => writeln!(s, "added commissioners: {names}"),
        };
    }
    let enc = r.encoding.map(|e| format!(" ({e})")).unwrap_or_default();
    let _ = match (zh, r.dry_run) {
        (true, true) => writeln!(
            s,
            "试导入 {file}{enc}：{kind} {} 行，将新增 {}，更新 {}，不变 {}；未写入任何数据",
            r.rows, r.added, r.updated, r.unchanged
        ),
        (true, false) => writeln!(
            s,
            "已导入 {file}{enc}：{kind} {} 行，新增 {}，更新 {}，不变 {}",
            r.rows, r.added, r.updated, r.unchanged
        ),
        (false, true) => writeln!(
            s,
            "dry run of {file}{enc}: {} rows of {kind}; would add {}, update {}, leave {} unchanged; nothing was written",
            r.rows, r.added, r.updated, r.unchanged
        ),
        (false, false) => writeln!(
            s,
            "imported {file}{enc}: {} rows of {kind}; added {}, updated {}, unchanged {}",
            r.rows, r.added, r.updated, r.unchanged
        ),
    };
    s
}

/// Defines fixed strings: `Txt::X.text(lang)`.
macro_rules! texts {
    ($($name:ident => $zh:literal, $en:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Txt { $($name),+ }

        impl Txt {
            pub const ALL: &'static [Txt] = &[$(Txt::$name),+];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Txt::$name, Lang::Zh) => $zh, (Txt::$name, Lang::En) => $en,)+
                }
            }
        }
    };
}

texts! {
    BriefTitle => "走访前简报", "pre-visit brief";
    Item => "项目", "Item";
    Value => "内容", "Value";
    RankAndShortBoard => "排名与短板", "Rank and short board";
    Ranking => "年度排名", "ranking";
    NotRanked => "尚未参加排名。", "Not ranked yet.";
    NoActiveProjects => "无在研项目。", "No running projects.";
    Period => "起止日期", "Period";
    NoVisits => "尚无走访记录。", "No visits recorded yet.";
    OpenRequests => "未办结诉求", "Open requests";
    NoOpenRequests => "无未办结诉求。", "No open requests.";
    Condition => "条件", "Condition";
    ReportTitle => "科技专员工作报告", "Commissioners' report";
    PeriodWeek => "周报", "weekly";
    PeriodMonth => "月报", "monthly";
    PeriodYear => "年报", "yearly";
    SecPool => "培育库概况", "The pool";
    PoolAndBatch => "培育库与批次", "Pools and batches";
    DonePrevious => "上期完成", "Done, previous period";
    SecColours => "三色预警", "Alerts";
    SecVisitsBy => "走访完成情况（按科技专员）", "Visits by commissioner";
    SecRequests => "企业诉求", "Requests";
    SecCerts => "高企证书到期", "HTE certificates due";
    SecPipeline => "高企认定储备", "HTE-readiness pipeline";
    SecRanking => "动态监测排名（前后各五名）", "Ranking: top and bottom five";
    SecNotes => "说明", "Notes";
    Enterprises => "企业数", "Enterprises";
    Projects => "项目数", "Projects";
    NotInPool => "未入库", "not in a pool";
    Total => "合计", "Total";
    ThisPeriod => "本期", "This period";
    PreviousPeriod => "上期", "Previous period";
    Change => "变化", "Change";
    Entered => "本期入库", "Entered this period";
    Left => "本期出库", "Left this period";
    PlannedDue => "计划（已到期）", "Planned (due)";
    DoneOfPlanned => "按计划完成", "Done as planned";
    Rate => "完成率", "Rate";
    OtherDone => "计划外完成", "Done unplanned";
    StillPlanned => "本期待走访", "Still planned";
    OverdueNow => "逾期未访", "Overdue now";
    Unassigned => "（未分配）", "(unassigned)";
    Raised => "新提出", "Raised";
    RespondedInTime => "24小时内响应", "Responded within 24 h";
    Breaches => "超24小时", "Past 24 h";
    Resolved => "办结", "Resolved";
    OpenNow => "目前未办结", "Open now";
    Figure => "指标", "Figure";
    PassedOf8 => "通过条件数", "Conditions passed";
    Ready => "全部符合", "all eight";
    ExpiringWithin => "12个月内到期", "Expiring within 12 months";
    ExpiredInPeriod => "本期已到期", "Expired this period";
    NotComputable => "无法计算", "cannot be computed";
    ChangesLogged => "本期变更记录", "Changes logged this period";
    OverridesLogged => "本期人工调整颜色", "Colour overrides this period";
    None => "无", "none";
    More => "另有", "more";
    SecCommissioners => "科技专员考核", "Commissioner performance";
    SecTargets => "目标任务：目标、实际与上年", "Targets: target, actual and last year";
    SecRewardsPeriod => "奖励：本期取得与发放", "Rewards due and paid this period";
    SecOverdueSupport => "逾期帮扶措施", "Overdue support actions";
    RewardsDue => "本期取得", "Became due this period";
    RewardsPaid => "本期发放", "Paid this period";
    RewardsUnpaid => "其中未发放", "of which unpaid";
    OverdueActions => "逾期帮扶措施", "Overdue support actions";
}

/// `专精特新、小巨人` / `specialized, little giant`.
pub fn join(items: impl IntoIterator<Item = String>, lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    items.into_iter().collect::<Vec<_>>().join(sep)
}

/// `另有 2 个已验收项目。` / `2 accepted projects not listed.`
pub fn accepted_projects(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("另有 {n} 个已验收项目。"),
        Lang::En if n == 1 => "1 accepted project not listed.".into(),
        Lang::En => format!("{n} accepted projects not listed."),
    }
}

/// `符合 6 项，不符合 1 项，未知 1 项（共 8 项）`.
pub fn readiness_summary(passed: usize, failed: usize, unknown: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            format!("符合 {passed} 项，不符合 {failed} 项，数据不足 {unknown} 项（共 8 项）。")
        }
        Lang::En => format!("{passed} of 8 conditions pass, {failed} fail, {unknown} unknown."),
    }
}

/// The report's title line.
pub fn report_title(period: &str, from: &str, to: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}{period}（{from} 至 {to}）", Txt::ReportTitle.text(lang)),
        Lang::En => format!("{} ({period}, {from} to {to})", Txt::ReportTitle.text(lang)),
    }
}

/// Why the previous period's colours are only an estimate.
pub fn colour_note(prev_end: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "上期数字按现有记录重算至 {prev_end}：此后才录入的节点完成、验收申请和验收通过已回退；\
             但此后新增的项目、改动过的计划日期和人工调整无法回退，故仅供参考。"
        ),
        Lang::En => format!(
            "Previous-period colours are recomputed from the current records as of {prev_end}: \
             milestones done and acceptances recorded after that day are undone, but projects added \
             and plan dates or overrides changed since cannot be, so treat them as an estimate."
        ),
    }
}

/// The note that a figure cannot be computed, and why.
pub fn cannot_compute(what: &str, why: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{what}：{}（{why}）", Txt::NotComputable.text(lang)),
        Lang::En => format!("{what}: {} ({why})", Txt::NotComputable.text(lang)),
    }
}

/// `另有 12 项` / `12 more`.
pub fn more(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("……另有 {n} 项"),
        Lang::En => format!("… {n} more"),
    }
}

/// `高企培育库 2026：共 33 家参加排名` / `HTE pool 2026: 33 ranked`.
pub fn ranked(name: &str, n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}：共 {n} 家参加排名"),
        Lang::En => format!("{name}: {n} ranked"),
    }
}

/// The label of an import's change group (shown by undo).
pub fn import_label(file: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("导入 {file}"),
        Lang::En => format!("import {file}"),
    }
}

/// The line an export prints.
pub fn exported(path: &str, rows: usize, what: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已导出 {rows} 条{what}到 {path}"),
        Lang::En => format!("exported {rows} {what} to {path}"),
    }
}

/// The line the calendar export prints.
pub fn calendar_written(path: &str, events: usize, overdue: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh if overdue > 0 => format!(
            "已将 {events} 次计划走访写入 {path}；另有 {overdue} 次逾期未访未写入（见 seedbed agenda）"
        ),
        Lang::Zh => format!("已将 {events} 次计划走访写入 {path}"),
        Lang::En if overdue > 0 => format!(
            "wrote {events} planned visits to {path}; {overdue} overdue visits are not included (see seedbed agenda)"
        ),
        Lang::En => format!("wrote {events} planned visits to {path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages() {
        for t in Txt::ALL {
            assert!(!t.text(Lang::Zh).is_empty(), "{t:?}");
            assert!(!t.text(Lang::En).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn problems_read_as_the_issue_shows() {
        let p = Problem {
            line: 4,
            column: Some("统一社会信用代码".into()),
            value: Some("91110108551385082F".into()),
            why: Why::BadCreditCode(crate::domain::credit_code::CreditCodeError::CheckChar {
                expected: 'Q',
                found: 'F',
            }),
        };
        assert_eq!(
            problem(&p, Lang::En),
            "line 4, column 统一社会信用代码: \"91110108551385082F\" — check character should be Q, found F"
        );
        assert_eq!(
            problem(&p, Lang::Zh),
            "第 4 行，列 统一社会信用代码：\"91110108551385082F\" — 校验位应为 Q，实为 F"
        );
    }
}
