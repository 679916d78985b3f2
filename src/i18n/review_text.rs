//! review: the words of the Review screen (待核对): a conflict's field and values in words,
//! where each value came from, and the choices of a record deleted in one place and edited in
//! another. Field names are the import files' column names where those exist.

use super::readiness_text::field_name as hte_field_name;
use super::{Lang, Msg};
use crate::interchange::columns::{Kind, Ty};
use crate::interchange::words::Words;
use time::PrimitiveDateTime;

/// The pseudo-column of a record's existence (`store::sync::columns::DELETED`).
const DELETED: &str = "_deleted";

fn pick(zh: &'static str, en: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A synced table's record, in words (singular): what the field belongs to.
pub fn record_kind(table: &str, lang: Lang) -> &'static str {
    let (zh, en) = match table {
        "enterprises" => ("企业", "Enterprise"),
        "commissioners" => ("科技专员", "Commissioner"),
        "activities" => ("活动", "Activity"),
        "pool_memberships" => ("入库记录", "Pool membership"),
        "certificates" => ("证书", "Certificate"),
        "figures" => ("年度数据", "Yearly figures"),
        "projects" => ("项目", "Project"),
        "milestones" => ("项目节点", "Milestone"),
        "colour_overrides" => ("预警调整", "Alert override"),
        "visits" => ("走访", "Visit"),
        "requests" => ("诉求", "Request"),
        "attendance" => ("活动参加", "Attendance"),
        "support_actions" => ("帮扶事项", "Support action"),
        "targets" => ("目标", "Target"),
        "rewards" => ("奖励", "Reward"),
        _ => ("记录", "Record"),
    };
    pick(zh, en, lang)
}

/// The import files' column of a table's field, when there is one.
fn file_column(table: &str, column: &str) -> Option<&'static crate::interchange::columns::Column> {
    let kind = Kind::ALL.into_iter().find(|k| k.table() == table)?;
    kind.column(column)
}

/// The name of a field that the import files do not have.
fn own_name(table: &str, column: &str, lang: Lang) -> String {
    let (zh, en) = match (table, column) {
        (_, DELETED) => ("删除/保留", "deleted or kept"),
        ("commissioners", "name") => ("姓名", "Name"),
        ("commissioners", "phone") => ("电话", "Phone"),
        ("commissioners", "district") => ("所属区县", "District"),
        ("activities", "name") => ("活动名称", "Name"),
        ("activities", "held_on") => ("举办日期", "Held on"),
        ("activities", "kind") => ("活动类型", "Kind"),
        ("colour_overrides", "colour") => ("调整为", "Colour"),
        ("colour_overrides", "reason") => ("调整理由", "Reason"),
        ("colour_overrides", "active") => ("生效", "Active"),
        (_, "commissioner_id") => ("科技专员", "Commissioner"),
        (_, "credit_code") => ("统一社会信用代码", "Credit code"),
        (_, "region_code") => ("行政区划代码", "Region code"),
        (_, "district_code") => ("区县代码", "District code"),
        (_, "enterprise_id") => ("所属企业", "Enterprise"),
        (_, "project_id") => ("所属项目", "Project"),
        (_, "activity_id") => ("所属活动", "Activity"),
        (_, "visit_id") => ("所属走访", "Visit"),
        (_, "deleted_at") => ("删除时间", "Deleted at"),
        (_, "created_at") => ("创建时间", "Created at"),
        (_, other) => return other.to_string(),
    };
    pick(zh, en, lang).to_string()
}

/// A field's own name, without its record's (`计划结束日期`); history shows the record apart.
pub fn field_name(table: &str, column: &str, lang: Lang) -> String {
    match file_column(table, column) {
        Some(c) => c.name(lang).to_string(),
        None => own_name(table, column, lang),
    }
}

/// A field in words: `联系电话` for an enterprise's, `项目 · 计划结束日期` for another record's.
pub fn field(table: &str, column: &str, lang: Lang) -> String {
    let name = field_name(table, column, lang);
    if table == "enterprises" || column == DELETED {
        return name;
    }
    format!("{} · {name}", record_kind(table, lang))
}

/// A value of a field in words: labels for codes, names for references (`name`, read by the
/// store), `（空）` for nothing; a deletion conflict's values read deleted / edited.
pub fn value(
    table: &str,
    column: &str,
    value: Option<&str>,
    name: Option<&str>,
    lang: Lang,
) -> String {
    if column == DELETED {
        let deleted = value == Some("1");
        return Msg::text(
            if deleted {
                Msg::RvDeleted
            } else {
                Msg::RvEdited
            },
            lang,
        )
        .into();
    }
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return Msg::RvEmpty.text(lang).into();
    };
    if let Some(n) = name {
        return n.to_string();
    }
    let ty = file_column(table, column).map(|c| c.ty);
    match ty {
        Some(Ty::Enum(kind)) => lang.choice_label(kind, v),
        Some(Ty::HteField) => hte_field_name(v, lang).map_or_else(|| v.to_string(), str::to_string),
        Some(Ty::Honours) => v
            .split(',')
            .map(|h| lang.honour_label(h.trim()).unwrap_or(h.trim()))
            .collect::<Vec<_>>()
            .join("、"),
        Some(Ty::Bool) => match v {
            "1" => pick("是", "yes", lang).into(),
            "0" => pick("否", "no", lang).into(),
            _ => v.to_string(),
        },
        Some(Ty::Amount) => match lang {
            Lang::Zh => format!("{v} 元"),
            Lang::En => format!("{v} yuan"),
        },
        _ => v.to_string(),
    }
}

/// A file's level in words (`laptop`, `district`, … as `store::sync::Level` codes them).
pub fn level(code: &str, lang: Lang) -> String {
    super::sync_text::level_code(code, lang)
}

/// The file a value came from: its label (or the start of its id when it has none), `本文件`
/// when it is this one.
pub fn file(label: &str, origin: &str, here: bool, lang: Lang) -> String {
    if here {
        return Msg::RvThisFile.text(lang).into();
    }
    if label.is_empty() {
        origin.chars().take(8).collect()
    } else {
        label.to_string()
    }
}

/// Who wrote a value: their name, else their id, else `未署名`.
pub fn who(name: Option<&str>, id: Option<&str>, lang: Lang) -> String {
    match (name, id) {
        (Some(n), _) => n.to_string(),
        (None, Some(id)) => id.to_string(),
        (None, None) => Msg::RvNobody.text(lang).into(),
    }
}

/// When, short (`11-30 14:05`) for the list, long (`2026-11-30 14:05`) for the chooser.
pub fn when(at: PrimitiveDateTime, long: bool) -> String {
    let (d, t) = (at.date(), at.time());
    let hm = format!("{:02}:{:02}", t.hour(), t.minute());
    if long {
        format!("{} {hm}", crate::store::format_date(d))
    } else {
        format!("{:02}-{:02} {hm}", u8::from(d.month()), d.day())
    }
}

/// The choice of a deletion conflict: keep the deletion, or restore the record.
fn deletion_choice(deleted: bool, lang: Lang) -> &'static str {
    Msg::text(
        if deleted {
            Msg::RvKeepDeleted
        } else {
            Msg::RvRestore
        },
        lang,
    )
}

/// The chooser's title: `选定要保留的值：企业 · 联系电话`.
pub fn chooser_title(record: &str, field: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(" 选定要保留的值：{record} · {field} "),
        Lang::En => format!(" Choose the value to keep: {record} · {field} "),
    }
}

/// A file and its level: `和田县（区县）`.
pub fn file_and_level(file: &str, level_code: &str, lang: Lang) -> String {
    let level = level(level_code, lang);
    match lang {
        Lang::Zh => format!("{file}（{level}）"),
        Lang::En => format!("{file} ({level})"),
    }
}

/// A deletion conflict's choice and what that value was: `保留删除（已删除）`.
pub fn deletion_option(deleted: bool, value: &str, lang: Lang) -> String {
    let choice = deletion_choice(deleted, lang);
    match lang {
        Lang::Zh => format!("{choice}（{value}）"),
        Lang::En => format!("{choice} ({value})"),
    }
}

/// `待核对 3` / `3 to review`.
pub fn waiting(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("待核对 {n}"),
        Lang::En => format!("{n} to review"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_as_the_import_files_name_them() {
        assert_eq!(field("enterprises", "contact_phone", Lang::Zh), "联系电话");
        assert_eq!(field("enterprises", "contact_phone", Lang::En), "Phone");
        assert_eq!(
            field("projects", "planned_end", Lang::Zh),
            "项目 · 计划结束日期"
        );
        assert_eq!(field("commissioners", "phone", Lang::Zh), "科技专员 · 电话");
        assert_eq!(
            field("enterprises", "_deleted", Lang::En),
            "deleted or kept"
        );
    }

    #[test]
    fn values_read_as_words() {
        assert_eq!(value("enterprises", "tier", Some("A"), None, Lang::Zh), "A");
        assert_eq!(
            value("enterprises", "notes", None, None, Lang::Zh),
            "（空）"
        );
        assert_eq!(
            value("projects", "_deleted", Some("1"), None, Lang::Zh),
            "已删除"
        );
        assert_eq!(
            value("projects", "_deleted", Some("0"), None, Lang::En),
            "edited"
        );
        assert_eq!(
            value(
                "enterprises",
                "commissioner_id",
                Some("c1"),
                Some("张三"),
                Lang::Zh
            ),
            "张三"
        );
        assert_eq!(
            value("rewards", "amount", Some("50000"), None, Lang::Zh),
            "50000 元"
        );
    }

    #[test]
    fn sources_read_as_words() {
        assert_eq!(file("", "01JABCDEFGHJKMNP", false, Lang::Zh), "01JABCDE");
        assert_eq!(file("和田县", "01J", true, Lang::Zh), "本文件");
        assert_eq!(level("prefecture", Lang::Zh), "地州市");
        assert_eq!(who(None, None, Lang::En), "unsigned");
        let at = time::macros::datetime!(2026-11-30 14:05);
        assert_eq!(when(at, false), "11-30 14:05");
        assert_eq!(when(at, true), "2026-11-30 14:05");
        assert_eq!(
            file_and_level("和田县", "district", Lang::En),
            "和田县 (district)"
        );
        assert_eq!(
            deletion_option(true, "已删除", Lang::Zh),
            "保留删除（已删除）"
        );
        assert_eq!(
            chooser_title("Acme", "Phone", Lang::En),
            " Choose the value to keep: Acme · Phone "
        );
    }
}
