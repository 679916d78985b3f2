//! Words around the keys a prompt takes, with the keys in effect (the user may have changed
//! them): the footer says them while a prompt has the keyboard.

use super::Lang;

/// A draft was found: `yes` restores it, `no` discards it.
pub fn draft_keys(yes: &str, no: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{yes} 恢复 · {no} 丢弃"),
        Lang::En => format!("{yes} restore · {no} discard"),
    }
}

/// Undo someone else's change: `yes` undoes it, `no` keeps it.
pub fn undo_others_keys(yes: &str, no: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{yes} 撤销 · {no} 不撤销"),
        Lang::En => format!("{yes} undo it · {no} keep it"),
    }
}

/// The "who are you" list: `moves` move, `choose` chooses, `later` decides later.
pub fn choose_me_keys(moves: &str, choose: &str, later: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("输入筛选 · {moves} 选择 · {choose} 确认 · {later} 稍后再选"),
        Lang::En => {
            format!("type to filter · {moves} move · {choose} choose · {later} decide later")
        }
    }
}

/// A form's hint line: `next` moves to the next field, `choose` changes a choice, `save` saves,
/// `cancel` leaves, `command` opens the command line (`:lang`).
pub fn form_hint(
    next: &str,
    choose: &str,
    save: &str,
    cancel: &str,
    command: &str,
    l: Lang,
) -> String {
    match l {
        Lang::Zh => {
            format!("{next} 下一项 · {choose} 选择 · {save} 保存 · {cancel} 取消 · {command} 命令")
        }
        Lang::En => {
            format!(
                "{next} next · {choose} choose · {save} save · {cancel} cancel · {command} command"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    #[test]
    fn with_the_shipped_keys_the_words_are_those_of_the_prompts() {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(draft_keys("y", "n", lang), Msg::DraftPrompt.text(lang));
            assert_eq!(
                undo_others_keys("y", "n", lang),
                crate::i18n::people_text::undo_others_keys(lang)
            );
            assert_eq!(
                choose_me_keys("↑↓", "Enter", "Esc/q", lang),
                Msg::ChooseMeKeys.text(lang)
            );
        }
    }
}
