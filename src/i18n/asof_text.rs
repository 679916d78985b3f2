//! Words of the as-of view (`--today D` / `:today D` on a day other than the real today).

use super::Lang;
use time::Date;

/// A write asked for while viewing the pool as of another day: the as-of view writes nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "--today {day} views the pool as of that day and changes nothing; run the command without --today (the real today is {real})"
)]
pub struct AsOfWrite {
    pub day: Date,
    pub real: Date,
}

/// [`AsOfWrite`] in `lang`.
pub fn as_of_write(e: &AsOfWrite, lang: Lang) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => format!(
            "--today {} 是按该日查看的视图，不修改任何内容；请去掉 --today 再执行（今天是 {}）",
            e.day, e.real
        ),
    }
}

/// The header badge of the as-of view.
pub fn badge(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "as-of view",
        Lang::Zh => "历史视图",
    }
}

/// A change refused in the TUI while viewing another day.
pub fn no_write(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "As-of view: nothing can be changed here; :today returns to today",
        Lang::Zh => "历史视图：此处不能修改；输入 :today 回到今天",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn both_languages_name_the_days() {
        let e = AsOfWrite {
            day: date!(2025 - 06 - 30),
            real: date!(2026 - 11 - 21),
        };
        for lang in [Lang::Zh, Lang::En] {
            let t = as_of_write(&e, lang);
            assert!(t.contains("2025-06-30") && t.contains("2026-11-21"), "{t}");
        }
        assert!(as_of_write(&e, Lang::Zh).contains("不修改"));
        assert!(!as_of_write(&e, Lang::En).chars().any(|c| c > '\u{2FFF}'));
        assert_ne!(badge(Lang::Zh), badge(Lang::En));
        assert_ne!(no_write(Lang::Zh), no_write(Lang::En));
    }
}
