//! The user's language: the bottom layer, so that every layer may take it as a parameter
//! while only `i18n` (and above) holds words.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Parses `zh`, `zh-CN`, `zh_CN.UTF-8`, `en`, `en-US`, … .
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the user's locale; Chinese unless the locale is English. `sys-locale`
    /// reads the locale the platform's way: on Linux and the BSDs the first of `LANGUAGE`
    /// (its first entry), `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty; on macOS
    /// and Windows the user's system setting. `C`, `POSIX` and other languages give Chinese.
    pub fn from_locale() -> Lang {
        sys_locale::get_locale()
            .and_then(|l| Lang::parse(&l))
            .unwrap_or(Lang::Zh)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}
