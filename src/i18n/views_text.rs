//! Words of the saved views (`:view`, the `V` picker): what the commands say, the picker's
//! title, columns and keys, the questions it asks, and the words of a view's description.

use super::Lang;

/// Names as the messages quote them: 「重点」 in Chinese, "focus" in English.
fn quoted(name: &str, l: Lang) -> String {
    match l {
        Lang::Zh => format!("「{name}」"),
        Lang::En => format!("\"{name}\""),
    }
}

/// Names listed: 「甲」、「乙」 or "a", "b".
fn quoted_list(names: &[String], l: Lang) -> String {
    let sep = if l == Lang::Zh { "、" } else { ", " };
    names
        .iter()
        .map(|n| quoted(n, l))
        .collect::<Vec<_>>()
        .join(sep)
}

/// After `:view save NAME` (`replaced`: a view of that name was written over).
pub fn saved(name: &str, replaced: bool, l: Lang) -> String {
    let n = quoted(name, l);
    match (l, replaced) {
        (Lang::Zh, false) => format!("已保存视图{n}"),
        (Lang::Zh, true) => format!("已更新视图{n}"),
        (Lang::En, false) => format!("View {n} saved"),
        (Lang::En, true) => format!("View {n} replaced"),
    }
}

/// After a view was deleted.
pub fn deleted(name: &str, l: Lang) -> String {
    let n = quoted(name, l);
    match l {
        Lang::Zh => format!("已删除视图{n}"),
        Lang::En => format!("View {n} deleted"),
    }
}

/// After `:view NAME` or Enter in the picker.
pub fn opened(name: &str, l: Lang) -> String {
    let n = quoted(name, l);
    match l {
        Lang::Zh => format!("视图{n}"),
        Lang::En => format!("View {n}"),
    }
}

/// A name that is no view of this person's: the views there are, or how to save one.
pub fn unknown(name: &str, names: &[String], l: Lang) -> String {
    let n = quoted(name, l);
    match (l, names.is_empty()) {
        (Lang::Zh, true) => {
            format!("没有视图{n}：还没有保存的视图（:view save 名称 保存当前视图）")
        }
        (Lang::En, true) => {
            format!("No view {n}: no views saved yet (:view save NAME saves the one shown)")
        }
        (Lang::Zh, false) => format!("没有视图{n}；已有：{}", quoted_list(names, l)),
        (Lang::En, false) => format!("No view {n}; there are: {}", quoted_list(names, l)),
    }
}

/// `:view save` without a name, or `:view delete` without one.
pub fn usage(l: Lang) -> &'static str {
    match l {
        Lang::Zh => {
            "用法：:view 名称 打开 · :view save 名称 保存当前视图 · :view delete 名称 删除 · V 列出"
        }
        Lang::En => {
            "Usage: :view NAME opens · :view save NAME saves the view shown · :view delete NAME · V lists"
        }
    }
}

/// The yes/no question before a view is written over.
pub fn ask_overwrite(name: &str, l: Lang) -> String {
    let n = quoted(name, l);
    match l {
        Lang::Zh => format!("视图{n}已存在，用当前视图覆盖？"),
        Lang::En => format!("View {n} exists: replace it with the view shown?"),
    }
}

/// The yes/no question before a view is deleted.
pub fn ask_delete(name: &str, l: Lang) -> String {
    let n = quoted(name, l);
    match l {
        Lang::Zh => format!("删除视图{n}？"),
        Lang::En => format!("Delete view {n}?"),
    }
}

/// The keys of the yes/no question.
pub fn question_keys(yes: &str, no: &str, l: Lang) -> String {
    match l {
        Lang::Zh => format!("{yes} 是 · {no} 否"),
        Lang::En => format!("{yes} yes · {no} no"),
    }
}

/// The picker's title.
pub fn picker_title(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "已存视图",
        Lang::En => "Saved views",
    }
}

/// The picker's column headers: name, screen, what the view shows.
pub fn picker_columns(l: Lang) -> [&'static str; 3] {
    match l {
        Lang::Zh => ["名称", "界面", "内容"],
        Lang::En => ["Name", "Screen", "Shows"],
    }
}

/// The picker without views.
pub fn picker_empty(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "还没有保存的视图：:view save 名称 保存当前视图",
        Lang::En => "No views saved yet: :view save NAME saves the view shown",
    }
}

/// The picker's keys (as the keymap has them: moves, open, close; `d` deletes).
pub fn picker_keys(moves: &str, open: &str, close: &str, l: Lang) -> String {
    match l {
        Lang::Zh => format!("{moves} 选择 · {open} 打开 · d 删除 · {close} 关闭"),
        Lang::En => format!("{moves} move · {open} open · d delete · {close} close"),
    }
}

/// A view's description when it has no sort, filter or search of its own.
pub fn plain(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "默认",
        Lang::En => "default",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_name_names_the_views_there_are() {
        let names = vec!["重点".to_string(), "逾期".to_string()];
        assert_eq!(
            unknown("本周", &names, Lang::Zh),
            "没有视图「本周」；已有：「重点」、「逾期」"
        );
        assert_eq!(
            unknown("week", &names, Lang::En),
            "No view \"week\"; there are: \"重点\", \"逾期\""
        );
        assert!(unknown("x", &[], Lang::Zh).contains(":view save 名称"));
    }
}
