//! Two people, one file: who you are, who else has the file open, whose change an undo takes
//! back, in words.

use super::{Lang, change_label};
use crate::store::presence::Session;

/// `王芳 也打开了此文件（自 10:02，pid 1234）`, one clause per other session; the machine is
/// named only when it is not this one. `today` and `host` are this session's.
pub fn others_open(others: &[Session], today: &str, host: &str, lang: Lang) -> String {
    let one = |s: &Session| {
        let who = session_label(s, lang);
        // `since` is `YYYY-MM-DDTHH:MM:SS`: the time alone when it is today.
        let since = match s.since.split_once('T') {
            Some((day, time)) if day == today => time.get(..5).unwrap_or(time).to_string(),
            Some((day, time)) => format!(
                "{} {}",
                day.get(5..).unwrap_or(day),
                time.get(..5).unwrap_or(time)
            ),
            None => s.since.clone(),
        };
        let machine = (!s.host.is_empty() && s.host != host).then_some(s.host.as_str());
        match (lang, machine) {
            (Lang::Zh, None) => format!("{who} 也打开了此文件（自 {since}，pid {}）", s.pid),
            (Lang::Zh, Some(m)) => {
                format!(
                    "{who} 也打开了此文件（自 {since}，计算机 {m}，pid {}）",
                    s.pid
                )
            }
            (Lang::En, None) => format!(
                "{who} also has this file open (since {since}, pid {})",
                s.pid
            ),
            (Lang::En, Some(m)) => format!(
                "{who} also has this file open (since {since}, on {m}, pid {})",
                s.pid
            ),
        }
    };
    let sep = match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    others.iter().map(one).collect::<Vec<_>>().join(sep)
}

/// The person of a session: the commissioner's name, else the login, else "another session".
fn session_label(s: &Session, lang: Lang) -> String {
    if !s.who.is_empty() {
        s.who.clone()
    } else if !s.user.is_empty() {
        match lang {
            Lang::Zh => format!("用户 {}", s.user),
            Lang::En => format!("user {}", s.user),
        }
    } else {
        match lang {
            Lang::Zh => "另一个会话".into(),
            Lang::En => "another session".into(),
        }
    }
}

/// Whose a change is: the commissioner's name, their id when the file no longer has them, or
/// "nobody" for an unsigned change.
pub fn whose(name: Option<&str>, id: Option<&str>, lang: Lang) -> String {
    match (name, id, lang) {
        (Some(n), _, _) => n.to_string(),
        (None, Some(id), _) => id.to_string(),
        (None, None, Lang::Zh) => "未署名者".into(),
        (None, None, Lang::En) => "nobody (unsigned)".into(),
    }
}

/// The TUI's question before undoing someone else's change: `撤销 李强 的修改「记录走访 …」？`
pub fn undo_others_question(who: &str, label: &str, lang: Lang) -> String {
    let label = change_label(label, lang);
    let label = label.trim_end();
    match lang {
        Lang::Zh => format!("撤销 {who} 的修改「{label}」？"),
        Lang::En => format!("Undo {who}'s change \"{label}\"?"),
    }
}

/// The keys answering that question.
pub fn undo_others_keys(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "y 撤销 · n 不撤销",
        Lang::En => "y undo it · n keep it",
    }
}

/// `seedbed undo` refusing someone else's change (one line; the fix is named).
pub fn undo_refused(who: &str, label: &str, lang: Lang) -> String {
    let label = change_label(label, lang);
    let label = label.trim_end();
    match lang {
        Lang::Zh => format!(
            "最近的修改「{label}」是 {who} 做的，不是你的；确要撤销请加 --yes（你是谁：seedbed me）"
        ),
        Lang::En => format!(
            "the latest change \"{label}\" was made by {who}, not by you; add --yes to undo it anyway (who you are: seedbed me)"
        ),
    }
}

/// No commissioner of that name (or id) in this file; `known` are a few that are.
pub fn unknown_commissioner(name: &str, known: &[String], lang: Lang) -> String {
    match lang {
        // ledgers: a new file has nobody yet; say how to add them.
        Lang::Zh if known.is_empty() => format!(
            "此文件中没有名为「{name}」的科技专员（此文件还没有专员：seedbed commissioner add {name}）"
        ),
        Lang::Zh => format!(
            "此文件中没有名为「{name}」的科技专员；已有：{}",
            known.join("、")
        ),
        Lang::En if known.is_empty() => format!(
            "no commissioner named {name:?} in this file (it has none yet: seedbed commissioner add {name})"
        ),
        Lang::En => format!(
            "no commissioner named {name:?} in this file; known: {}",
            known.join(", ")
        ),
    }
}

/// The user config names someone this file does not know: changes go unsigned.
pub fn config_me_unknown(name: &str, config: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "提示：配置文件 {config} 中的身份「{name}」不在此文件的科技专员中，本次修改不署名（可用 --as 姓名 或 seedbed me 姓名）"
        ),
        Lang::En => format!(
            "note: {name:?}, who you are in {config}, is not a commissioner in this file; changes go unsigned (use --as NAME or seedbed me NAME)"
        ),
    }
}

/// Where who-you-are came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeSource {
    /// `--as NAME`.
    Flag,
    /// `[user] me` in the user's config file.
    UserConfig,
    /// The file's own choice (kept there by older versions): a default only.
    File,
    /// `seedbed --demo` working as one of the demo's commissioners (the TUI only).
    Demo,
}

/// `seedbed me` without a name: who you are and why.
pub fn me_is(name: Option<&str>, source: Option<MeSource>, config: &str, lang: Lang) -> String {
    match (name, source, lang) {
        (Some(n), Some(MeSource::Flag), Lang::Zh) => format!("{n}（来自 --as）"),
        (Some(n), Some(MeSource::Flag), Lang::En) => format!("{n} (from --as)"),
        (Some(n), Some(MeSource::UserConfig), Lang::Zh) => format!("{n}（来自配置文件 {config}）"),
        (Some(n), Some(MeSource::UserConfig), Lang::En) => format!("{n} (from {config})"),
        (Some(n), _, Lang::Zh) => {
            format!("{n}（此文件的默认身份；用 seedbed me 姓名 写入你自己的配置 {config}）")
        }
        (Some(n), _, Lang::En) => {
            format!("{n} (this file's default; seedbed me NAME keeps yours in {config})")
        }
        (None, _, Lang::Zh) => "尚未选择身份：seedbed me 姓名".into(),
        (None, _, Lang::En) => "not chosen yet: seedbed me NAME".into(),
    }
}

/// `seedbed me NAME` done.
pub fn me_set(name: &str, config: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("你的身份已设为 {name}（写入 {config}）"),
        Lang::En => format!("you are now {name} (written to {config})"),
    }
}

/// No config file to keep who-you-are in (no home directory).
pub fn no_config_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "找不到主目录，无法保存你的身份；请每次用 --as 姓名",
        Lang::En => "no home directory to keep who you are in; pass --as NAME each time",
    }
}

/// The TUI could not keep the choice in the user's config (it still holds for this session).
pub fn me_not_saved(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("身份仅本次有效，未能写入配置文件：{reason}"),
        Lang::En => {
            format!("who you are holds for this session only; the config was not written: {reason}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(who: &str, user: &str, host: &str, pid: u32, since: &str) -> Session {
        Session {
            who: who.into(),
            user: user.into(),
            host: host.into(),
            pid,
            since: since.into(),
        }
    }

    #[test]
    fn others_are_named_with_time_machine_and_pid() {
        let a = session("王芳", "wf", "pc-1", 1234, "2026-11-21T10:02:33");
        assert_eq!(
            others_open(std::slice::from_ref(&a), "2026-11-21", "pc-1", Lang::Zh),
            "王芳 也打开了此文件（自 10:02，pid 1234）"
        );
        let b = session("", "liq", "pc-2", 77, "2026-11-20T18:30:00");
        assert_eq!(
            others_open(&[a.clone(), b], "2026-11-21", "pc-1", Lang::Zh),
            "王芳 也打开了此文件（自 10:02，pid 1234）；用户 liq 也打开了此文件（自 11-20 18:30，计算机 pc-2，pid 77）"
        );
        assert_eq!(
            others_open(&[a], "2026-11-21", "pc-9", Lang::En),
            "王芳 also has this file open (since 10:02, on pc-1, pid 1234)"
        );
    }

    #[test]
    fn the_undo_question_names_whose_change_it_is() {
        assert_eq!(
            undo_others_question("李强", "log_visit 新疆天山科技", Lang::Zh),
            "撤销 李强 的修改「记录走访 新疆天山科技」？"
        );
        assert_eq!(whose(None, None, Lang::Zh), "未署名者");
        assert_eq!(whose(None, Some("c9"), Lang::Zh), "c9");
    }
}
