//! Words about the user's config file: keys Seedbed does not know (a typo is otherwise ignored).

use super::Lang;
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
