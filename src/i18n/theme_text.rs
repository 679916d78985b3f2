//! Words about themes: their names in both languages (`:theme 浅色` works as `:theme light`),
//! what `:theme` says, and the keys of the user's `[theme]` that are not applied.

use super::Lang;
use crate::config::{Role, ThemeIssue, ThemeName, ThemeProblem};
use std::path::Path;

/// The name of a theme in `lang`.
pub fn theme_label(t: ThemeName, lang: Lang) -> &'static str {
    match (t, lang) {
        (ThemeName::Dark, Lang::Zh) => "深色",
        (ThemeName::Light, Lang::Zh) => "浅色",
        (ThemeName::HighContrast, Lang::Zh) => "高对比度",
        (ThemeName::Monochrome, Lang::Zh) => "单色",
        (ThemeName::Dark, Lang::En) => "dark",
        (ThemeName::Light, Lang::En) => "light",
        (ThemeName::HighContrast, Lang::En) => "high contrast",
        (ThemeName::Monochrome, Lang::En) => "monochrome",
    }
}

/// A theme's code (`light`, `hc`, …) or its name in either language (`浅色`).
pub fn parse_theme(written: &str) -> Option<ThemeName> {
    let w = written.trim();
    ThemeName::parse(w).or_else(|| {
        ThemeName::ALL.into_iter().find(|t| {
            [Lang::Zh, Lang::En]
                .iter()
                .any(|l| theme_label(*t, *l).eq_ignore_ascii_case(w))
        })
    })
}

/// The themes, as `:theme` takes them: `dark（深色）、light（浅色）…` or `dark, light, …`.
pub fn theme_list(lang: Lang) -> String {
    let names = ThemeName::ALL.into_iter().map(|t| match lang {
        Lang::Zh => format!("{}（{}）", t.code(), theme_label(t, lang)),
        Lang::En => t.code().to_string(),
    });
    names
        .collect::<Vec<_>>()
        .join(if lang == Lang::Zh { "、" } else { ", " })
}

/// The status line after `:theme NAME`.
pub fn theme_switched(t: ThemeName, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("主题：{}（{}）", theme_label(t, lang), t.code()),
        Lang::En => format!("Theme: {}", theme_label(t, lang)),
    }
}

/// The status line after `:theme` alone: the theme shown and the others.
pub fn theme_current(t: ThemeName, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "当前主题：{}（{}）；可用：{}",
            theme_label(t, lang),
            t.code(),
            theme_list(lang)
        ),
        Lang::En => format!(
            "Theme: {}; themes: {}",
            theme_label(t, lang),
            theme_list(lang)
        ),
    }
}

/// The refusal of `:theme NAME` for a name that is not a theme.
pub fn unknown_theme(written: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("没有主题 {written}，可用：{}", theme_list(lang)),
        Lang::En => format!("No theme {written}; themes: {}", theme_list(lang)),
    }
}

/// One line for a key of the user's theme that is not applied, naming its line.
pub fn theme_issue(path: &Path, issue: &ThemeIssue, lang: Lang) -> String {
    let path = path.display();
    let (line, key) = (issue.line, &issue.key);
    let codes = || {
        ThemeName::ALL
            .map(ThemeName::code)
            .join(if lang == Lang::Zh { "、" } else { ", " })
    };
    match (&issue.problem, lang) {
        (ThemeProblem::UnknownTheme(name), Lang::Zh) => format!(
            "配置文件 {path} 第 {line} 行：{name} 不是主题（可用 {}），仍用深色",
            codes()
        ),
        (ThemeProblem::UnknownTheme(name), Lang::En) => format!(
            "config file {path} line {line}: {name} is not a theme ({}); dark is used",
            codes()
        ),
        (ThemeProblem::UnknownTable, Lang::Zh) => format!(
            "配置文件 {path} 第 {line} 行：[theme.{key}] 不是主题（可用 {}），已忽略",
            codes()
        ),
        (ThemeProblem::UnknownTable, Lang::En) => format!(
            "config file {path} line {line}: [theme.{key}] is not a theme ({}), ignored",
            codes()
        ),
        (ThemeProblem::UnknownRole, Lang::Zh) => format!(
            "配置文件 {path} 第 {line} 行：{key} 不是主题的颜色（可用 {}），已忽略",
            roles("、")
        ),
        (ThemeProblem::UnknownRole, Lang::En) => format!(
            "config file {path} line {line}: {key} is not a colour of a theme ({}), ignored",
            roles(", ")
        ),
        (ThemeProblem::BadColour(value), Lang::Zh) => format!(
            "配置文件 {path} 第 {line} 行：{key} 的值 {value} 不是颜色（如 red、lightblue、#d00000、130），已忽略"
        ),
        (ThemeProblem::BadColour(value), Lang::En) => format!(
            "config file {path} line {line}: {key}: {value} is not a colour (e.g. red, lightblue, #d00000, 130), ignored"
        ),
    }
}

fn roles(sep: &str) -> String {
    Role::ALL.map(Role::key).join(sep)
}

/// The TUI's status notice for the keys of the user's theme that are not applied.
pub fn theme_issues_notice(path: &Path, issues: &[ThemeIssue], lang: Lang) -> Option<String> {
    super::config_text::notice(issues.iter().map(|i| theme_issue(path, i, lang)), lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_are_named_and_read_in_both_languages() {
        assert_eq!(parse_theme("浅色"), Some(ThemeName::Light));
        assert_eq!(parse_theme("高对比度"), Some(ThemeName::HighContrast));
        assert_eq!(parse_theme("High contrast"), Some(ThemeName::HighContrast));
        assert_eq!(parse_theme("mono"), Some(ThemeName::Monochrome));
        assert_eq!(parse_theme("彩色"), None);
        assert_eq!(
            theme_list(Lang::En),
            "dark, light, high-contrast, monochrome"
        );
        assert_eq!(
            theme_list(Lang::Zh),
            "dark（深色）、light（浅色）、high-contrast（高对比度）、monochrome（单色）"
        );
        assert_eq!(
            theme_switched(ThemeName::Light, Lang::Zh),
            "主题：浅色（light）"
        );
        assert_eq!(
            unknown_theme("solarized", Lang::En),
            "No theme solarized; themes: dark, light, high-contrast, monochrome"
        );
    }

    #[test]
    fn a_bad_colour_is_said_with_its_line() {
        let issue = ThemeIssue {
            key: "light.red".into(),
            line: 7,
            problem: ThemeProblem::BadColour("crimsonish".into()),
        };
        let p = Path::new("/home/u/.config/seedbed/config.toml");
        assert_eq!(
            theme_issue(p, &issue, Lang::En),
            "config file /home/u/.config/seedbed/config.toml line 7: light.red: crimsonish is not a colour (e.g. red, lightblue, #d00000, 130), ignored"
        );
        assert_eq!(
            theme_issue(p, &issue, Lang::Zh),
            "配置文件 /home/u/.config/seedbed/config.toml 第 7 行：light.red 的值 crimsonish 不是颜色（如 red、lightblue、#d00000、130），已忽略"
        );
        assert_eq!(theme_issues_notice(p, &[], Lang::Zh), None);
    }
}
