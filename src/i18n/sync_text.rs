//! Words of the linkage's command line: `seedbed sync`, `seedbed conflicts`.

use crate::lang::Lang;
use crate::store::sync::identity::Level;

pub fn level(l: Level, lang: Lang) -> &'static str {
    match (l, lang) {
        (Level::Laptop, Lang::Zh) => "专员电脑",
        (Level::District, Lang::Zh) => "区县",
        (Level::Prefecture, Lang::Zh) => "地州市",
        (Level::Region, Lang::Zh) => "自治区",
        (Level::Laptop, Lang::En) => "laptop",
        (Level::District, Lang::En) => "district",
        (Level::Prefecture, Lang::En) => "prefecture",
        (Level::Region, Lang::En) => "region",
    }
}

pub fn level_code(code: &str, lang: Lang) -> String {
    Level::from_code(code).map_or_else(|| code.to_string(), |l| level(l, lang).to_string())
}

pub fn exported(path: &str, rows: usize, fields: usize, contacts: bool, lang: Lang) -> String {
    let c = match (contacts, lang) {
        (true, _) => "",
        (false, Lang::Zh) => "（不含联系人和电话）",
        (false, Lang::En) => " (without contact names and phones)",
    };
    match lang {
        Lang::Zh => format!("已写出 {path}：{rows} 条记录，{fields} 个字段版本{c}"),
        Lang::En => format!("wrote {path}: {rows} records, {fields} field versions{c}"),
    }
}

pub fn imported(
    path: &str,
    from: &str,
    rows: usize,
    fields: usize,
    known: usize,
    lang: Lang,
) -> String {
    match lang {
        Lang::Zh => format!(
            "已读入 {path}（来自 {from}）：新记录 {rows} 条，更新字段 {fields} 个，已有 {known} 个"
        ),
        Lang::En => format!(
            "read {path} (from {from}): {rows} new records, {fields} fields changed, {known} already known"
        ),
    }
}

pub fn own_bundle(path: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("跳过 {path}：这是本文件自己的同步包"),
        Lang::En => format!("skipped {path}: it is this file's own bundle"),
    }
}

pub fn conflicts_waiting(n: usize, lang: Lang) -> String {
    match (n, lang) {
        (0, Lang::Zh) => "没有待核对的冲突".into(),
        (0, Lang::En) => "no conflicts to review".into(),
        (n, Lang::Zh) => format!("{n} 个冲突待核对（seedbed conflicts，或在界面中按 0）"),
        (n, Lang::En) => format!("{n} conflicts to review (seedbed conflicts, or 0 in the TUI)"),
    }
}

pub fn no_bundles(dir: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{dir} 中没有其他文件的同步包"),
        Lang::En => format!("no other file's bundle in {dir}"),
    }
}

pub fn status_head(origin: &str, level: Level, region: &str, written: i64, lang: Lang) -> String {
    let region = if region.is_empty() { "-" } else { region };
    match lang {
        Lang::Zh => format!(
            "本文件 {origin}：{}，区划 {region}，本地写出版本 {written} 个",
            self::level(level, lang)
        ),
        Lang::En => format!(
            "this file {origin}: {}, region {region}, {written} versions written here",
            self::level(level, lang)
        ),
    }
}

pub fn status_headers(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["对方", "层级", "区划", "最近同步包", "对方未见版本"],
        Lang::En => [
            "peer",
            "level",
            "region",
            "last bundle",
            "versions it lacks",
        ],
    }
}

pub fn conflict_headers(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => ["记录", "表", "字段", "取值", "填写人与时间", "来自"],
        Lang::En => ["record", "table", "field", "value", "who, when", "from"],
    }
}

pub fn deleted_value(v: Option<&str>, lang: Lang) -> String {
    match (v, lang) {
        (Some("1"), Lang::Zh) => "已删除".into(),
        (Some("1"), Lang::En) => "deleted".into(),
        (_, Lang::Zh) => "已修改（未删除）".into(),
        (_, Lang::En) => "edited (not deleted)".into(),
    }
}

pub fn shown_mark(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（暂用）",
        Lang::En => " (provisional)",
    }
}

pub fn empty_value(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（空）",
        Lang::En => "(empty)",
    }
}

pub fn bad_region(region: &str, level: Level, lang: Lang) -> String {
    let n = level.code_digits();
    match lang {
        Lang::Zh => format!(
            "区划代码 {region} 不对：{} 级文件需要 {n} 位数字的区划代码",
            self::level(level, lang)
        ),
        Lang::En => format!(
            "region code {region} is wrong: a {} file needs a code of {n} digits",
            self::level(level, lang)
        ),
    }
}

pub fn no_such_choice(keep: &str, conflicts: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "没有 {keep} 这一项：写作 N.M（第 N 个冲突的第 M 个取值，见 seedbed conflicts），现有 {conflicts} 个冲突"
        ),
        Lang::En => format!(
            "there is no {keep}: write N.M (value M of conflict N, as seedbed conflicts lists them); {conflicts} conflicts wait"
        ),
    }
}

pub fn kept(record: &str, column: &str, value: Option<&str>, lang: Lang) -> String {
    let value = value.unwrap_or(empty_value(lang));
    match lang {
        Lang::Zh => format!("已保留 {record} 的 {column} = {value}"),
        Lang::En => format!("kept {column} = {value} for {record}"),
    }
}
