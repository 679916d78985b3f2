//! Keys are data: each binding names its keys, the action, where it works, a description, and
//! whether the footer shows it. The help overlay and the footer are generated from this table.

use crate::i18n::{Lang, Msg};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyAction {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfUp,
    HalfDown,
    Screen(u8),
    NextScreen,
    PrevScreen,
    Open,
    Back,
    SortNext,
    SortReverse,
    Filter,
    ClearFilter,
    Search,
    NextMatch,
    PrevMatch,
    NextPool,
    PrevYear,
    NextYear,
    Help,
    CommandLine,
    Quit,
    LogVisit,
    PlanVisit,
    MoveVisit,
    CancelVisit,
    NewEnterprise,
    EditEnterprise,
    MovePool,
    MilestoneDone,
    Override,
    Respond,
    Project,
    Milestone,
    Certificate,
    SupportAction,
    Figures,
    EditTarget,
    NewTarget,
    Brief,
    Undo,
    Redo,
    PayReward,
    NewCommissioner,
    EditCommissioner,
}

impl KeyAction {
    /// Whether the action changes the file (refused when it is open read-only).
    pub fn writes(self) -> bool {
        use KeyAction as K;
        matches!(
            self,
            K::LogVisit
                | K::PlanVisit
                | K::MoveVisit
                | K::CancelVisit
                | K::NewEnterprise
                | K::EditEnterprise
                | K::MovePool
                | K::MilestoneDone
                | K::Override
                | K::Respond
                | K::Project
                | K::Milestone
                | K::Certificate
                | K::SupportAction
                | K::Figures
                | K::EditTarget
                | K::NewTarget
                | K::Undo
                | K::Redo
                | K::PayReward
                | K::NewCommissioner
                | K::EditCommissioner
        )
    }
}

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every list screen and the detail.
    Everywhere,
    /// List screens (not the detail).
    Lists,
    /// List screens whose rows name an enterprise (1–6, not the detail).
    EnterpriseLists,
    /// The Pool screen only.
    Pool,
    /// The Ranking screen only.
    Ranking,
    /// The enterprise detail only.
    Detail,
    /// Wherever an enterprise is selected: list screens other than Ranking, and the detail.
    Enterprise,
    /// The Targets screen (8) only.
    Targets,
    /// The Commissioners screen (7) only.
    Commissioners,
}

pub struct Binding {
    pub keys: &'static [&'static str],
    pub action: KeyAction,
    pub scope: Scope,
    pub desc: Msg,
    /// Shown in the footer everywhere it works.
    pub footer: bool,
    /// Also shown in the footer of these places: screen numbers 1–6, and 0 for the detail.
    pub footer_on: &'static [u8],
}

macro_rules! bind {
    ($keys:expr, $action:expr, $scope:ident, $desc:ident, $footer:expr) => {
        bind!($keys, $action, $scope, $desc, $footer, &[])
    };
    ($keys:expr, $action:expr, $scope:ident, $desc:ident, $footer:expr, $on:expr) => {
        Binding {
            keys: $keys,
            action: $action,
            scope: Scope::$scope,
            desc: Msg::$desc,
            footer: $footer,
            footer_on: $on,
        }
    };
}

use KeyAction as A;

/// The default bindings, in help order.
pub const BINDINGS: &[Binding] = &[
    bind!(&["j", "Down"], A::Down, Everywhere, KeyDown, false),
    bind!(&["k", "Up"], A::Up, Everywhere, KeyUp, false),
    bind!(&["g", "Home"], A::Top, Everywhere, KeyTop, false),
    bind!(&["G", "End"], A::Bottom, Everywhere, KeyBottom, false),
    bind!(&["PageDown"], A::PageDown, Everywhere, KeyPageDown, false),
    bind!(&["PageUp"], A::PageUp, Everywhere, KeyPageUp, false),
    bind!(&["Ctrl-d"], A::HalfDown, Everywhere, KeyHalfDown, false),
    bind!(&["Ctrl-u"], A::HalfUp, Everywhere, KeyHalfUp, false),
    bind!(&["Enter"], A::Open, EnterpriseLists, KeyOpen, true),
    bind!(
        &["Enter"],
        A::Open,
        Commissioners,
        KeyOpenCommissioner,
        true,
        &[7]
    ),
    bind!(&["Esc"], A::Back, Detail, KeyBack, true),
    bind!(&["1"], A::Screen(1), Everywhere, KeyScreen1, false),
    bind!(&["2"], A::Screen(2), Everywhere, KeyScreen2, false),
    bind!(&["3"], A::Screen(3), Everywhere, KeyScreen3, false),
    bind!(&["4"], A::Screen(4), Everywhere, KeyScreen4, false),
    bind!(&["5"], A::Screen(5), Everywhere, KeyScreen5, false),
    bind!(&["6"], A::Screen(6), Everywhere, KeyScreen6, false),
    bind!(&["7"], A::Screen(7), Everywhere, KeyScreen7, false),
    bind!(&["8"], A::Screen(8), Everywhere, KeyScreen8, false),
    bind!(&["Tab"], A::NextScreen, Everywhere, KeyNextScreen, false),
    bind!(
        &["BackTab"],
        A::PrevScreen,
        Everywhere,
        KeyPrevScreen,
        false
    ),
    bind!(&["s"], A::SortNext, Pool, KeySort, true),
    bind!(&["S"], A::SortReverse, Pool, KeySortReverse, false),
    bind!(&["f"], A::Filter, Pool, KeyFilter, true),
    bind!(&["F"], A::ClearFilter, Pool, KeyClearFilter, false),
    bind!(&["/"], A::Search, Pool, KeySearch, true),
    bind!(&["n"], A::NextMatch, Pool, KeyNextMatch, false),
    bind!(&["N"], A::PrevMatch, Pool, KeyPrevMatch, false),
    bind!(&["t"], A::NextPool, Ranking, KeyNextPool, true),
    bind!(&["["], A::PrevYear, Ranking, KeyPrevYear, true),
    bind!(&["]"], A::NextYear, Ranking, KeyNextYear, true),
    bind!(&["v"], A::LogVisit, Enterprise, KeyLogVisit, true),
    bind!(&["p"], A::PlanVisit, Enterprise, KeyPlanVisit, false, &[2]),
    bind!(&["m"], A::MoveVisit, Enterprise, KeyMoveVisit, false, &[2]),
    bind!(
        &["c"],
        A::CancelVisit,
        Enterprise,
        KeyCancelVisit,
        false,
        &[2]
    ),
    bind!(
        &["a"],
        A::NewEnterprise,
        Pool,
        KeyNewEnterprise,
        false,
        &[1]
    ),
    bind!(
        &["e"],
        A::EditEnterprise,
        Enterprise,
        KeyEditEnterprise,
        false,
        &[0]
    ),
    bind!(&["b"], A::MovePool, Enterprise, KeyMovePool, false),
    bind!(
        &["x"],
        A::MilestoneDone,
        Enterprise,
        KeyMilestoneDone,
        false,
        &[3, 0]
    ),
    bind!(&["o"], A::Override, Enterprise, KeyOverride, false, &[3]),
    bind!(&["r"], A::Respond, Enterprise, KeyRespond, false, &[6, 0]),
    bind!(&["J"], A::Project, Enterprise, KeyProject, false),
    bind!(&["M"], A::Milestone, Enterprise, KeyMilestone, false),
    bind!(&["C"], A::Certificate, Enterprise, KeyCertificate, false),
    bind!(&["Y"], A::Figures, Enterprise, KeyFigures, false, &[0]),
    bind!(&["B"], A::Brief, Enterprise, KeyBrief, false, &[0]),
    bind!(
        &["A"],
        A::SupportAction,
        Everywhere,
        KeySupportAction,
        false,
        &[4, 0]
    ),
    bind!(&["P"], A::PayReward, Enterprise, KeyPayReward, false, &[5]),
    bind!(&["e"], A::EditTarget, Targets, KeyEditTarget, false, &[8]),
    bind!(&["a"], A::NewTarget, Targets, KeyNewTarget, false, &[8]),
    bind!(
        &["a"],
        A::NewCommissioner,
        Commissioners,
        KeyNewCommissioner,
        false,
        &[7]
    ),
    bind!(
        &["e"],
        A::EditCommissioner,
        Commissioners,
        KeyEditCommissioner,
        false,
        &[7]
    ),
    bind!(&["u"], A::Undo, Everywhere, KeyUndo, true),
    bind!(&["Ctrl-r"], A::Redo, Everywhere, KeyRedo, false),
    bind!(&["?"], A::Help, Everywhere, KeyHelp, true),
    bind!(&[":"], A::CommandLine, Everywhere, KeyCommand, true),
    bind!(&["q"], A::Quit, Everywhere, KeyQuit, true),
];

/// Whether a binding of `scope` works at `place`: a screen number 1–8 (the detail is
/// `on_detail`, over the screen it was opened from). Screens 7 and 8 do not list enterprises: the
/// enterprise keys rest there.
pub fn applies_at(scope: Scope, on_detail: bool, place: u8) -> bool {
    let enterprises = !(7..=8).contains(&place);
    match scope {
        Scope::Everywhere => true,
        Scope::Lists => !on_detail,
        Scope::EnterpriseLists => !on_detail && enterprises,
        Scope::Pool => !on_detail && place == 1,
        Scope::Ranking => !on_detail && place == 4,
        Scope::Detail => on_detail,
        Scope::Enterprise => on_detail || enterprises && place != 4,
        Scope::Commissioners => !on_detail && place == 7,
        Scope::Targets => !on_detail && place == 8,
    }
}

/// The name of a key event as written in `BINDINGS` (`j`, `Ctrl-d`, `PageDown`, …).
pub fn key_name(k: &KeyEvent) -> Option<String> {
    let base = match k.code {
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "BackTab".into(),
        KeyCode::Backspace => "Backspace".into(),
        _ => return None,
    };
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        Some(format!("Ctrl-{base}"))
    } else {
        Some(base)
    }
}

/// The action bound to a key at `place` (a screen number 1–8; see [`applies_at`]).
pub fn lookup_at(k: &KeyEvent, on_detail: bool, place: u8) -> Option<KeyAction> {
    let name = key_name(k)?;
    BINDINGS
        .iter()
        .filter(|b| applies_at(b.scope, on_detail, place))
        .find(|b| b.keys.contains(&name.as_str()))
        .map(|b| b.action)
}

/// How a key is shown to the user (`Ctrl-d` → `^d`, arrows as symbols).
pub fn display_key(k: &str) -> String {
    match k {
        "Up" => "↑".into(),
        "Down" => "↓".into(),
        "BackTab" => "S-Tab".into(),
        "PageDown" => "PgDn".into(),
        "PageUp" => "PgUp".into(),
        _ => k.replace("Ctrl-", "^"),
    }
}

/// `(keys, description)` of every binding that works at `place` (a screen number 1–8; see
/// [`applies_at`]), for the help overlay.
pub fn help_at(lang: Lang, on_detail: bool, place: u8) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| applies_at(b.scope, on_detail, place))
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| display_key(k)).collect();
            (keys.join(" "), b.desc.text(lang))
        })
        .collect()
}

/// The footer's `(key, description)` pairs for the current screen.
pub fn footer(lang: Lang, on_detail: bool, place: u8) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| {
            (b.footer || b.footer_on.contains(&place)) && applies_at(b.scope, on_detail, place)
        })
        .map(|b| (display_key(b.keys[0]), b.desc.text(lang)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn keys_resolve_per_screen() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        let at = |code, m, on_detail, place| lookup_at(&key(code, m), on_detail, place);
        assert_eq!(at(KeyCode::Char('j'), none, false, 1), Some(A::Down));
        assert_eq!(at(KeyCode::Down, none, true, 2), Some(A::Down));
        assert_eq!(at(KeyCode::Char('d'), ctrl, false, 1), Some(A::HalfDown));
        assert_eq!(at(KeyCode::Char('s'), none, false, 1), Some(A::SortNext));
        assert_eq!(at(KeyCode::Char('s'), none, false, 2), None);
        assert_eq!(at(KeyCode::Esc, none, true, 2), Some(A::Back));
        assert_eq!(at(KeyCode::Char('t'), none, false, 4), Some(A::NextPool));
        assert_eq!(at(KeyCode::Char('p'), none, false, 4), None);
        assert_eq!(at(KeyCode::Char('p'), none, true, 4), Some(A::PlanVisit));
        assert_eq!(at(KeyCode::Char('v'), none, false, 1), Some(A::LogVisit));
        assert_eq!(at(KeyCode::Char('r'), ctrl, false, 1), Some(A::Redo));
    }

    #[test]
    fn help_and_footer_come_from_the_table() {
        let h = help_at(Lang::En, false, 1);
        assert!(h.iter().any(|(k, d)| k == "/" && d.contains("Search")));
        let f = footer(Lang::Zh, true, 0);
        assert!(f.iter().any(|(k, _)| k == "Esc"));
        assert!(!f.iter().any(|(k, _)| k == "s"));
    }

    #[test]
    fn e_edits_the_target_on_the_targets_screen_only() {
        let e = key(KeyCode::Char('e'), KeyModifiers::NONE);
        assert_eq!(lookup_at(&e, false, 8), Some(A::EditTarget));
        assert_eq!(lookup_at(&e, false, 1), Some(A::EditEnterprise));
        // On 7, `e` edits the selected commissioner (and `a` adds one).
        assert_eq!(lookup_at(&e, false, 7), Some(A::EditCommissioner));
        let a = key(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(lookup_at(&a, false, 7), Some(A::NewCommissioner));
        assert_eq!(lookup_at(&a, true, 7), None);
        assert_eq!(lookup_at(&e, true, 8), Some(A::EditEnterprise));
        assert!(footer(Lang::Zh, false, 8).iter().any(|(k, _)| k == "e"));
        assert!(!footer(Lang::Zh, false, 1).iter().any(|(k, _)| k == "e"));
        assert!(
            help_at(Lang::En, false, 8)
                .iter()
                .any(|(k, d)| k == "e" && d.contains("target"))
        );
        // `a` adds a target on 8, an enterprise on 1; Enter on 7 lists the commissioner's
        // enterprises and says so, and does nothing on 8.
        let a = key(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(lookup_at(&a, false, 8), Some(A::NewTarget));
        assert_eq!(lookup_at(&a, false, 1), Some(A::NewEnterprise));
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(lookup_at(&enter, false, 7), Some(A::Open));
        assert_eq!(lookup_at(&enter, false, 8), None);
        assert!(
            footer(Lang::Zh, false, 7)
                .iter()
                .any(|(k, d)| k == "Enter" && *d == "名下企业")
        );
        assert!(
            footer(Lang::Zh, false, 2)
                .iter()
                .any(|(k, d)| k == "Enter" && *d == "详情")
        );
        for place in 1..=8 {
            for on_detail in [false, true] {
                let mut seen = std::collections::HashSet::new();
                for b in BINDINGS
                    .iter()
                    .filter(|b| applies_at(b.scope, on_detail, place))
                {
                    for k in b.keys {
                        assert!(seen.insert(*k), "{k} bound twice at {place}");
                    }
                }
            }
        }
    }
}
