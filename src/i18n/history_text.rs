//! history: the words of the History screen (变更记录) and the detail's timeline: who made a
//! change, what kind of record it was to, and each field's value before → after as a person
//! reads it (the Review screen's names for fields and values, `review_text`).

use super::{Lang, Msg, review_text};
use crate::store::history::{
    ChangeKind, FieldChange, HistoryRow, PERIOD_LAST_YEAR, PERIOD_MONTH, PERIOD_TODAY, PERIOD_WEEK,
    PERIOD_YEAR,
};

fn pick(zh: &'static str, en: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The kind of record a change was to (`走访`, `Visit`), by its table.
pub fn kind(entity: &str, lang: Lang) -> &'static str {
    review_text::record_kind(entity, lang)
}

/// A period of the filter menu.
pub fn period(code: &str, lang: Lang) -> String {
    let (zh, en) = match code {
        PERIOD_TODAY => ("今天", "today"),
        PERIOD_WEEK => ("本周", "this week"),
        PERIOD_MONTH => ("本月", "this month"),
        PERIOD_YEAR => ("今年", "this year"),
        PERIOD_LAST_YEAR => ("去年", "last year"),
        other => return other.to_string(),
    };
    pick(zh, en, lang).to_string()
}

/// The filter menu's name of the period facet.
pub fn period_title(lang: Lang) -> &'static str {
    pick("时间范围", "Period", lang)
}

/// The filter menu's name of the record-kind facet.
pub fn kind_title(lang: Lang) -> &'static str {
    Msg::ColKind.text(lang)
}

/// A sync's group label (`同步 和田县`): the file it came from, when it is one.
fn synced_from(label: Option<&str>) -> Option<&str> {
    label?.strip_prefix("同步 ")
}

/// Who made a change: their name (else their id); a sync's changes the file they came from
/// (`同步 和田县`); else `未署名`.
pub fn who(row: &HistoryRow, lang: Lang) -> String {
    if row.commissioner.is_none()
        && row.commissioner_id.is_none()
        && let Some(from) = synced_from(row.label.as_deref())
    {
        return format!("{} {from}", pick("同步", "Sync", lang));
    }
    review_text::who(
        row.commissioner.as_deref(),
        row.commissioner_id.as_deref(),
        lang,
    )
}

/// The change group's label in words (`记录走访 新疆…`, `撤销：记录走访 新疆…`).
pub fn what(row: &HistoryRow, lang: Lang) -> String {
    let Some(label) = row.label.as_deref() else {
        return String::new();
    };
    if let Some(from) = synced_from(Some(label)) {
        return format!("{} {from}", pick("同步", "Sync", lang));
    }
    format!(
        "{}{}",
        reverting(row, lang),
        super::change_label(label, lang)
    )
}

/// `撤销：` before a change an undo made, `重做：` before a redo's; nothing before others.
pub fn reverting(row: &HistoryRow, lang: Lang) -> &'static str {
    match row
        .label
        .as_deref()
        .and_then(|l| l.split_once(' '))
        .map(|(c, _)| c)
    {
        Some("undo") => pick("撤销：", "Undo: ", lang),
        Some("redo") => pick("重做：", "Redo: ", lang),
        _ => "",
    }
}

/// When: `11-21 14:05` in the year of `this_year`, `2025-11-21 14:05` before it.
pub fn when(row: &HistoryRow, this_year: i32) -> String {
    review_text::when(row.at, row.at.year() != this_year)
}

/// A field's name: the import files' and the Review screen's, else one of the log's own.
pub fn field(entity: &str, column: &str, lang: Lang) -> String {
    let name = review_text::field_name(entity, column, lang);
    if name != column {
        return name;
    }
    let (zh, en) = match column {
        "planned_on" => ("计划日期", "Planned on"),
        "done_on" => ("完成日期", "Done on"),
        "cancelled_on" => ("取消日期", "Cancelled on"),
        "mode" => ("方式", "Mode"),
        "attendees" => ("参加人员", "Attendees"),
        "notes" => ("备注", "Notes"),
        "status" => ("状态", "Status"),
        "name" => ("名称", "Name"),
        "year" => ("年度", "Year"),
        "kind" => ("类别", "Kind"),
        "value" => ("目标值", "Value"),
        "metric" => ("指标", "Metric"),
        "district" => ("所属区县", "District"),
        "text" => ("内容", "Text"),
        "seq" => ("序号", "Order"),
        _ => return name,
    };
    pick(zh, en, lang).to_string()
}

/// A field's value as a person reads it (labels for codes, names for people, `（空）`).
fn value(entity: &str, f: &FieldChange, after: bool, lang: Lang) -> String {
    let (v, name) = if after {
        (f.after.as_deref(), f.after_name.as_deref())
    } else {
        (f.before.as_deref(), f.before_name.as_deref())
    };
    review_text::value(entity, &f.column, v, name, lang).replace('\n', " ")
}

/// One field of a change: `联系电话：138… → 139…` (an addition: `方式：上门`).
pub fn field_change(entity: &str, f: &FieldChange, kind: ChangeKind, lang: Lang) -> String {
    let name = field(entity, &f.column, lang);
    let sep = pick("：", ": ", lang);
    match kind {
        ChangeKind::Added => format!("{name}{sep}{}", value(entity, f, true, lang)),
        ChangeKind::Deleted if f.after.is_none() => {
            format!("{name}{sep}{}", value(entity, f, false, lang))
        }
        _ => format!(
            "{name}{sep}{} → {}",
            value(entity, f, false, lang),
            value(entity, f, true, lang)
        ),
    }
}

/// What happened to the record, in a word (`新增`, `新增 120 条`).
pub fn change_kind(kind: ChangeKind, lang: Lang) -> String {
    match (kind, lang) {
        (ChangeKind::Added, _) => pick("新增", "Added", lang).into(),
        (ChangeKind::Changed, _) => pick("修改", "Changed", lang).into(),
        (ChangeKind::Deleted, _) => pick("删除", "Deleted", lang).into(),
        (ChangeKind::Restored, _) => pick("恢复", "Restored", lang).into(),
        (ChangeKind::AddedRows(n), Lang::Zh) => format!("新增 {n} 条"),
        (ChangeKind::AddedRows(n), Lang::En) => format!("{n} added"),
        (ChangeKind::RemovedRows(n), Lang::Zh) => format!("撤回 {n} 条"),
        (ChangeKind::RemovedRows(n), Lang::En) => format!("{n} taken back"),
    }
}

/// The change in one line: a change's fields before → after; an addition or a deletion says
/// so first (`新增：方式：上门；备注：…`).
pub fn summary(row: &HistoryRow, lang: Lang) -> String {
    let parts: Vec<String> = row
        .fields
        .iter()
        .map(|f| field_change(&row.entity, f, row.kind, lang))
        .collect();
    let joined = parts.join(pick("；", "; ", lang));
    let head = match row.kind {
        ChangeKind::Changed if !parts.is_empty() => return joined,
        kind => change_kind(kind, lang),
    };
    if parts.is_empty() {
        head
    } else {
        format!("{head}{}{joined}", pick("：", ": ", lang))
    }
}

/// The record changed: the enterprise's name and the record inside it (`甲科技 · 2026-11-21`),
/// or the record alone (a target, a commissioner).
pub fn record(row: &HistoryRow) -> String {
    match (&row.enterprise, &row.item) {
        (Some(e), Some(i)) => format!("{e} · {i}"),
        (Some(e), None) => e.clone(),
        (None, Some(i)) => i.clone(),
        (None, None) => String::new(),
    }
}

/// `（已撤销）` after a change whose group was undone.
pub fn undone_mark(row: &HistoryRow, lang: Lang) -> String {
    if !row.undone {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("（{}）", Msg::Undone.text(lang)),
        Lang::En => format!(" ({})", Msg::Undone.text(lang).to_lowercase()),
    }
}

/// A line of the detail's timeline: `2026-11-21 14:05 王芳 走访 2026-11-21 新增：…`.
pub fn timeline_line(row: &HistoryRow, lang: Lang) -> String {
    let mut line = format!(
        "{} {} {}",
        review_text::when(row.at, true),
        who(row, lang),
        kind(&row.entity, lang)
    );
    if let Some(item) = &row.item {
        line.push(' ');
        line.push_str(item);
    }
    line.push(' ');
    line.push_str(reverting(row, lang));
    line.push_str(&summary(row, lang));
    line.push_str(&undone_mark(row, lang));
    line
}

/// The timeline's last line when it shows only the latest: `… 另有 12 条`.
pub fn more(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("… 另有 {n} 条（见变更记录）"),
        Lang::En => format!("… {n} more (see History)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::history::RECORD_KINDS;
    use time::macros::datetime;

    fn row(kind: ChangeKind, fields: Vec<FieldChange>) -> HistoryRow {
        HistoryRow {
            seq: 7,
            at: datetime!(2026-11-21 14:05),
            commissioner_id: Some("c1".into()),
            commissioner: Some("王芳".into()),
            label: Some("save_enterprise 甲科技".into()),
            undone: false,
            entity: "enterprises".into(),
            entity_id: "e1".into(),
            enterprise_id: Some("e1".into()),
            enterprise: Some("甲科技".into()),
            item: None,
            kind,
            fields,
        }
    }

    fn change(column: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
        FieldChange {
            column: column.into(),
            before: before.map(str::to_string),
            after: after.map(str::to_string),
            before_name: None,
            after_name: None,
        }
    }

    #[test]
    fn a_change_reads_before_and_after_in_words() {
        let mut r = row(
            ChangeKind::Changed,
            vec![
                change("contact_phone", Some("13800000000"), Some("13900000000")),
                change("notes", Some("旧"), None),
            ],
        );
        assert_eq!(
            summary(&r, Lang::Zh),
            "联系电话：13800000000 → 13900000000；备注：旧 → （空）"
        );
        assert_eq!(
            summary(&r, Lang::En),
            "Phone: 13800000000 → 13900000000; Notes: 旧 → (empty)"
        );
        assert_eq!(who(&r, Lang::Zh), "王芳");
        assert_eq!(what(&r, Lang::Zh), "编辑企业 甲科技");
        r.label = Some("undo save_enterprise 甲科技".into());
        assert_eq!(what(&r, Lang::En), "Undo: Edit enterprise 甲科技");
        assert_eq!(
            timeline_line(&r, Lang::Zh),
            "2026-11-21 14:05 王芳 企业 撤销：联系电话：13800000000 → 13900000000；备注：旧 → （空）"
        );
        assert_eq!(when(&r, 2026), "11-21 14:05");
        assert_eq!(when(&r, 2027), "2026-11-21 14:05");
    }

    #[test]
    fn a_sync_is_shown_with_its_label_and_an_addition_with_its_fields() {
        let mut r = row(
            ChangeKind::Added,
            vec![
                change("done_on", None, Some("2026-11-21")),
                change("mode", None, Some("on_site")),
            ],
        );
        r.entity = "visits".into();
        r.item = Some("2026-11-21".into());
        assert_eq!(
            summary(&r, Lang::Zh),
            "新增：走访日期：2026-11-21；走访方式：实地"
        );
        assert_eq!(record(&r), "甲科技 · 2026-11-21");
        r.commissioner = None;
        r.commissioner_id = None;
        r.label = Some("同步 和田县".into());
        assert_eq!(who(&r, Lang::Zh), "同步 和田县");
        assert_eq!(who(&r, Lang::En), "Sync 和田县");
        r.label = None;
        assert_eq!(who(&r, Lang::Zh), "未署名");
        r.undone = true;
        assert_eq!(
            timeline_line(&r, Lang::Zh),
            "2026-11-21 14:05 未署名 走访 2026-11-21 新增：走访日期：2026-11-21；走访方式：实地（已撤销）"
        );
        assert_eq!(
            change_kind(ChangeKind::AddedRows(120), Lang::Zh),
            "新增 120 条"
        );
    }

    /// Every field a change may show has a Chinese name (a column code would be English).
    #[test]
    fn every_logged_field_has_a_name() {
        for table in RECORD_KINDS {
            let Some(t) = crate::store::sync::columns::table(table) else {
                continue;
            };
            for c in t.columns {
                if c.ends_with("_at") || (c.ends_with("_id") && *c != "commissioner_id") {
                    continue;
                }
                let zh = field(table, c, Lang::Zh);
                assert!(!zh.is_ascii(), "{table}.{c} has no Chinese name ({zh})");
            }
        }
        for p in crate::store::history::PERIODS {
            assert_ne!(period(p, Lang::Zh), *p);
        }
    }
}
