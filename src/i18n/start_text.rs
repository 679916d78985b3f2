//! Words of the Pool screen before its index has loaded (issue 17, "start at the floor"): the
//! first page is shown from SQL, and the keys that need the whole index say what they wait for.

use super::Lang;

/// What waits for the index: the sort, the filter menu, the search's matches, `:goto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// A sort asked for: it applies when the index arrives.
    Sort,
    /// A filter set (from the Commissioners screen, or cleared): it applies when the index
    /// arrives.
    Filter,
    /// The filter menu, whose districts and commissioners come from the index.
    FilterMenu,
    /// The search's matches (`n` / `N`): the search typed applies when the index arrives.
    Search,
    /// `:goto NAME`, which finds the name in the index.
    Goto,
}

/// The status word next to the sort, filter and search in the header while the index loads.
pub fn loading(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "索引加载中…",
        Lang::En => "index loading…",
    }
}

/// The header's word for a sort waiting for the index.
pub fn sort_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "排序",
        Lang::En => "sort",
    }
}

/// What a key pressed before the index arrived does meanwhile.
pub fn waiting(w: Waiting, lang: Lang) -> String {
    let rest = match (w, lang) {
        (Waiting::Sort, Lang::Zh) => "排序将在索引就绪后生效",
        (Waiting::Sort, Lang::En) => "the sort applies when it is ready",
        (Waiting::Filter, Lang::Zh) => "筛选将在索引就绪后生效",
        (Waiting::Filter, Lang::En) => "the filter applies when it is ready",
        (Waiting::FilterMenu, Lang::Zh) => "筛选菜单在索引就绪后可用，请稍候再按",
        (Waiting::FilterMenu, Lang::En) => "the filter menu opens once it is ready; press again",
        (Waiting::Search, Lang::Zh) => "搜索结果将在索引就绪后显示",
        (Waiting::Search, Lang::En) => "the search's matches show when it is ready",
        (Waiting::Goto, Lang::Zh) => ":goto 在索引就绪后可用，请稍候再试",
        (Waiting::Goto, Lang::En) => ":goto works once it is ready; try again",
    };
    match lang {
        Lang::Zh => format!("{}：{rest}", loading(lang)),
        Lang::En => format!("Pool {}: {rest}", loading(lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_wait_is_said_in_both_languages() {
        let all = [
            Waiting::Sort,
            Waiting::Filter,
            Waiting::FilterMenu,
            Waiting::Search,
            Waiting::Goto,
        ];
        for w in all {
            let zh = waiting(w, Lang::Zh);
            let en = waiting(w, Lang::En);
            assert!(zh.starts_with("索引加载中…："), "{zh}");
            assert!(en.starts_with("Pool index loading…: "), "{en}");
            // No English words inside the Chinese (`:goto` is the command typed).
            let latin = zh.replace(":goto", "");
            assert!(!latin.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
            assert!(!en.chars().any(|c| c > '\u{2FFF}'), "{en}");
        }
        assert_ne!(
            waiting(Waiting::Sort, Lang::Zh),
            waiting(Waiting::Filter, Lang::Zh)
        );
    }
}
