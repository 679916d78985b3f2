//! The columns of the ledgers (support actions, rewards) and of the computed rankings, beside
//! the header table of `columns`.

use super::{CODE, Column, ENTERPRISE_NAME, EnumKind, ID, Ty, col};

/// A support action of an enterprise's plan (一企一策).
pub const SUPPORT_ACTIONS: &[Column] = &[
    CODE,
    ENTERPRISE_NAME,
    col(
        "action",
        "帮扶事项",
        "Action",
        &["帮扶措施", "措施", "事项"],
        Ty::Text,
        true,
    ),
    col(
        "unit",
        "责任单位",
        "Unit",
        &["牵头单位", "Responsible unit"],
        Ty::Text,
        false,
    ),
    col(
        "person",
        "责任人",
        "Person",
        &["负责人", "Responsible"],
        Ty::Text,
        false,
    ),
    col(
        "due_on",
        "完成时限",
        "Due",
        &["时限", "截止时间", "Due on"],
        Ty::Date,
        false,
    ),
    col(
        "status",
        "推进状态",
        "Status",
        &["状态"],
        Ty::Enum(EnumKind::ActionStatus),
        false,
    ),
    col(
        "done_on",
        "完成日期",
        "Done",
        &["完成时间", "Done on"],
        Ty::Date,
        false,
    ),
    ID,
];

/// A reward in the ledger (奖励台账): one per enterprise, kind and year.
pub const REWARDS: &[Column] = &[
    CODE,
    ENTERPRISE_NAME,
    col(
        "kind",
        "奖励类型",
        "Reward",
        &["奖励类别", "奖励项目"],
        Ty::Enum(EnumKind::RewardKind),
        true,
    ),
    col(
        "year",
        "奖励年度",
        "Year",
        &["年度", "年份"],
        Ty::Year,
        true,
    ),
    col(
        "amount",
        "奖励金额",
        "Amount",
        &["金额", "奖补金额"],
        Ty::Amount,
        true,
    ),
    col(
        "paid_on",
        "兑付日期",
        "Paid",
        &["拨付日期", "发放日期", "Paid on"],
        Ty::Date,
        false,
    ),
    col(
        "document",
        "拨付文号",
        "Document no.",
        &["文号", "Document"],
        Ty::Text,
        false,
    ),
    ID,
];

/// A ranking row (computed by Seedbed: exported, never imported).
pub const RANKINGS: &[Column] = &[
    CODE,
    ENTERPRISE_NAME,
    col(
        "pool",
        "培育库",
        "Pool",
        &[],
        Ty::Enum(EnumKind::Pool),
        true,
    ),
    col("year", "排名年度", "Ranking year", &[], Ty::Year, true),
    col("rank", "排名", "Rank", &["名次"], Ty::Count, true),
    col("score", "综合得分", "Score", &["得分"], Ty::Real, true),
    col("innovation", "创新能力", "Innovation", &[], Ty::Real, false),
    col("growth", "成长性", "Growth", &[], Ty::Real, false),
    col(
        "participation",
        "参与度",
        "Participation",
        &[],
        Ty::Real,
        false,
    ),
    col(
        "short_board",
        "短板",
        "Short board",
        &[],
        Ty::Enum(EnumKind::Component),
        false,
    ),
    col(
        "previous_rank",
        "上年排名",
        "Previous rank",
        &[],
        Ty::Count,
        false,
    ),
];
