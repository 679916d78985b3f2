//! Words about the user's config file: keys Seedbed does not know (a typo is otherwise ignored),
//! and key bindings of its `[keymap]` that are not applied.

use super::Lang;
use crate::config::{KEYMAP_LAYERS, KeymapIssue, KeymapProblem};
use std::path::Path;

/// One stderr line for a key of the user's config file that Seedbed does not know.
pub fn unknown_key(path: &Path, key: &str, lang: Lang) -> String {
    let path = path.display();
    match lang {
        Lang::Zh => format!("配置文件 {path}：不认识的键 {key}，已忽略（请检查拼写）"),
        Lang::En => format!("config file {path}: unknown key {key}, ignored (check the spelling)"),
    }
}

/// The TUI's status notice for all the unknown keys of the user's config file.
pub fn unknown_keys_notice(path: &Path, keys: &[String], lang: Lang) -> String {
    let path = path.display();
    match lang {
        Lang::Zh => format!(
            "配置文件 {path} 中有不认识的键：{}，已忽略（请检查拼写）",
            keys.join("、")
        ),
        Lang::En => format!(
            "config file {path} has unknown keys: {}, ignored (check the spelling)",
            keys.join(", ")
        ),
    }
}

// keymap: bindings of the user's `[keymap]` table that are not applied.

/// One line for a binding of the user's `[keymap]` that is not applied, naming its line.
pub fn keymap_issue(path: &Path, issue: &KeymapIssue, lang: Lang) -> String {
    let path = path.display();
    let (line, key, layer) = (issue.line, &issue.key, &issue.layer);
    match (&issue.problem, lang) {
        (KeymapProblem::UnknownLayer, Lang::Zh) => format!(
            "配置文件 {path} 第 {line} 行：[keymap.{layer}] 不是按键层（可用 {}），已忽略",
            KEYMAP_LAYERS.join("、")
        ),
        (KeymapProblem::UnknownLayer, Lang::En) => format!(
            "config file {path} line {line}: [keymap.{layer}] is not a key layer ({}), ignored",
            KEYMAP_LAYERS.join(", ")
        ),
        (KeymapProblem::BadKey, Lang::Zh) => format!(
            "配置文件 {path} 第 {line} 行：{key} 不是可识别的按键（如 j、Ctrl-d、Enter、PageDown），已忽略"
        ),
        (KeymapProblem::BadKey, Lang::En) => format!(
            "config file {path} line {line}: {key} is not a key Seedbed reads (e.g. j, Ctrl-d, Enter, PageDown), ignored"
        ),
        (KeymapProblem::UnknownAction(run), Lang::Zh) => format!(
            "配置文件 {path} 第 {line} 行：按键 {key} 的动作 {run} 不是 {layer} 层的动作，已忽略（请检查拼写）"
        ),
        (KeymapProblem::UnknownAction(run), Lang::En) => format!(
            "config file {path} line {line}: key {key}: {run} is not an action of the {layer} keys, ignored (check the spelling)"
        ),
        (KeymapProblem::Twice { line: first, run }, Lang::Zh) => format!(
            "配置文件 {path} 第 {line} 行：按键 {key} 已在第 {first} 行绑定为 {layer} 层的 {run}，本行已忽略"
        ),
        (KeymapProblem::Twice { line: first, run }, Lang::En) => format!(
            "config file {path} line {line}: key {key} is already bound to {run} in the {layer} keys on line {first}; this line is ignored"
        ),
    }
}

/// The TUI's status notice for the bindings of the user's `[keymap]` that are not applied.
pub fn keymap_issues_notice(path: &Path, issues: &[KeymapIssue], lang: Lang) -> Option<String> {
    notice(issues.iter().map(|i| keymap_issue(path, i, lang)), lang)
}

/// One status notice of several lines about the config file (`None` when there are none).
pub fn notice(lines: impl Iterator<Item = String>, lang: Lang) -> Option<String> {
    let sep = match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    let lines: Vec<String> = lines.collect();
    (!lines.is_empty()).then(|| lines.join(sep))
}
