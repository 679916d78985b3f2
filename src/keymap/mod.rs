//! Keys are data: `assets/keymap.toml` names, layer by layer, each key's action, where it works,
//! a description and whether the footer shows it; the user's `[keymap]` (read by `config`) is
//! laid over it. The help overlay and the footer are generated from the effective keys.

mod actions;
mod load;
mod screen;

pub use actions::{Action, CommandKey, FilterKey, FormKey, KeyAction, PromptKey, SearchKey};
pub use load::KEYMAP_TOML;
pub use screen::Screen;

use crate::config::KeymapConfig;
use crate::i18n::{Lang, Msg};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::LazyLock;

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole layer: every list screen and the detail, or every prompt.
    Everywhere,
    /// List screens (not the detail).
    Lists,
    /// List screens whose rows name an enterprise (not the detail).
    EnterpriseLists,
    /// One list screen (not the detail).
    Screen(Screen),
    /// The enterprise detail only.
    Detail,
    /// Wherever an enterprise is selected: the screens that select one, and the detail.
    Enterprise,
    /// A yes/no prompt.
    Question,
    /// The "who are you" list.
    ChooseMe,
}

/// Where the keyboard is on the list layer: a screen, or the detail opened over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub screen: Screen,
    pub detail: bool,
}

impl Place {
    pub fn new(screen: Screen, detail: bool) -> Place {
        Place { screen, detail }
    }

    /// Every place of the list layer.
    fn all() -> impl Iterator<Item = Place> {
        Screen::ALL
            .into_iter()
            .flat_map(|s| [Place::new(s, false), Place::new(s, true)])
    }
}

impl Scope {
    /// Whether a binding of this scope works at `place` of the list layer.
    pub fn applies(self, place: Place) -> bool {
        let Place { screen, detail } = place;
        match self {
            Scope::Everywhere => true,
            Scope::Lists => !detail,
            Scope::EnterpriseLists => !detail && screen.lists_enterprises(),
            Scope::Screen(s) => !detail && screen == s,
            Scope::Detail => detail,
            Scope::Enterprise => detail || screen.selects_enterprise(),
            Scope::Question | Scope::ChooseMe => false,
        }
    }

    /// Whether bindings of the two scopes may both work at one moment (then one key cannot
    /// serve both).
    pub fn overlaps(self, other: Scope) -> bool {
        let prompt = |s: Scope| matches!(s, Scope::Question | Scope::ChooseMe);
        if prompt(self) || prompt(other) {
            return self == other || self == Scope::Everywhere || other == Scope::Everywhere;
        }
        Place::all().any(|p| self.applies(p) && other.applies(p))
    }
}

/// Where the footer shows a binding besides `footer = true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    Screen(Screen),
    Detail,
}

impl Spot {
    fn of(place: Place) -> Spot {
        if place.detail {
            Spot::Detail
        } else {
            Spot::Screen(place.screen)
        }
    }
}

/// One entry of a layer: its keys (the first is the one the footer shows), its action, where
/// it works, its description and where the footer shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<A> {
    /// As `config::canonical_key` writes them.
    pub keys: Vec<String>,
    pub action: A,
    pub scope: Scope,
    pub desc: Option<Msg>,
    /// Shown in the footer everywhere it works.
    pub footer: bool,
    /// Also shown in the footer at these places.
    pub footer_on: Vec<Spot>,
    /// Listed in the help overlay.
    pub help: bool,
}

/// A binding of the list screens and the detail.
pub type Binding = Entry<KeyAction>;

/// The entries of one layer, in help order.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer<A> {
    pub entries: Vec<Entry<A>>,
}

impl<A: Action> Layer<A> {
    /// The action of the first entry that has the key and whose scope `works`.
    fn find(&self, k: &KeyEvent, works: impl Fn(Scope) -> bool) -> Option<A> {
        let name = key_name(k)?;
        self.entries
            .iter()
            .find(|e| works(e.scope) && e.keys.contains(&name))
            .map(|e| e.action)
    }

    /// As `find`, and a named key held with Ctrl that has no binding of its own acts as the
    /// key alone: the overlays and forms always took Ctrl-Left as Left.
    fn find_loose(&self, k: &KeyEvent, works: impl Fn(Scope) -> bool + Copy) -> Option<A> {
        self.find(k, works).or_else(|| match k.code {
            KeyCode::Char(_) => None,
            _ if k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.find(&KeyEvent::new(k.code, KeyModifiers::NONE), works)
            }
            _ => None,
        })
    }

    /// The keys of `action` in entries whose scope `works`, as shown: the first, or all joined
    /// by `/` with `all`.
    fn shown_keys(&self, action: A, works: impl Fn(Scope) -> bool, all: bool) -> String {
        let mut keys = self
            .entries
            .iter()
            .filter(|e| e.action == action && works(e.scope))
            .flat_map(|e| e.keys.iter().map(|k| display_key(k)));
        match all {
            true => keys.collect::<Vec<_>>().join("/"),
            false => keys.next().unwrap_or_default(),
        }
    }

    /// `(key, first action, second action)` for every key two entries that may work at one
    /// moment give to different actions.
    pub fn conflicts(&self) -> Vec<(String, A, A)> {
        let mut out = Vec::new();
        for (i, a) in self.entries.iter().enumerate() {
            for b in &self.entries[i + 1..] {
                if a.action == b.action || !a.scope.overlaps(b.scope) {
                    continue;
                }
                for k in a.keys.iter().filter(|k| b.keys.contains(k)) {
                    out.push((k.clone(), a.action, b.action));
                }
            }
        }
        out
    }
}

/// Every key that acts, layer by layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub list: Layer<KeyAction>,
    pub form: Layer<FormKey>,
    pub filter: Layer<FilterKey>,
    pub prompt: Layer<PromptKey>,
    pub search: Layer<SearchKey>,
    pub command: Layer<CommandKey>,
}

/// The shipped keys, read once (a unit test reads the file, so this cannot fail in a release).
static BUILTIN: LazyLock<Keymap> = LazyLock::new(|| {
    load::parse(KEYMAP_TOML).unwrap_or_else(|e| panic!("assets/keymap.toml is invalid: {e}"))
});

impl Default for Keymap {
    fn default() -> Self {
        Keymap::builtin().clone()
    }
}

impl Keymap {
    /// The shipped keys.
    pub fn builtin() -> &'static Keymap {
        &BUILTIN
    }

    /// The shipped keys with the user's `[keymap]` laid over them.
    pub fn from_config(config: &KeymapConfig) -> Keymap {
        if config.overrides.is_empty() {
            return Keymap::default();
        }
        Keymap::default().with_overrides(&config.overrides)
    }

    /// The action of a key at `place` of the list layer.
    pub fn lookup(&self, k: &KeyEvent, place: Place) -> Option<KeyAction> {
        self.list.find(k, |s| s.applies(place))
    }

    pub fn form(&self, k: &KeyEvent) -> Option<FormKey> {
        self.form.find_loose(k, |_| true)
    }

    pub fn filter(&self, k: &KeyEvent) -> Option<FilterKey> {
        self.filter.find_loose(k, |_| true)
    }

    /// The action of a key in a prompt of `scope` ([`Scope::Question`] or [`Scope::ChooseMe`]).
    pub fn prompt(&self, k: &KeyEvent, scope: Scope) -> Option<PromptKey> {
        self.prompt
            .find_loose(k, |s| s == scope || s == Scope::Everywhere)
    }

    pub fn search(&self, k: &KeyEvent) -> Option<SearchKey> {
        self.search.find_loose(k, |_| true)
    }

    pub fn command(&self, k: &KeyEvent) -> Option<CommandKey> {
        self.command.find_loose(k, |_| true)
    }

    /// The keys of a prompt's action, as shown (the first, or all joined by `/` with `all`).
    pub fn prompt_keys(&self, action: PromptKey, scope: Scope, all: bool) -> String {
        let works = |s| s == scope || s == Scope::Everywhere;
        self.prompt.shown_keys(action, works, all)
    }

    /// The keys of a form action, as shown (the first, or all joined by `/` with `all`).
    pub fn form_keys(&self, action: FormKey, all: bool) -> String {
        self.form.shown_keys(action, |_| true, all)
    }

    /// `(keys, description)` of every binding that works at `place`, for the help overlay.
    pub fn help(&self, lang: Lang, place: Place) -> Vec<(String, &'static str)> {
        self.list
            .entries
            .iter()
            .filter(|b| b.help && !b.keys.is_empty() && b.scope.applies(place))
            .filter_map(|b| {
                let keys: Vec<String> = b.keys.iter().map(|k| display_key(k)).collect();
                Some((keys.join(" "), b.desc?.text(lang)))
            })
            .collect()
    }

    /// The footer's `(key, description)` pairs at `place`.
    pub fn footer(&self, lang: Lang, place: Place) -> Vec<(String, &'static str)> {
        let spot = Spot::of(place);
        self.list
            .entries
            .iter()
            .filter(|b| (b.footer || b.footer_on.contains(&spot)) && b.scope.applies(place))
            .filter_map(|b| Some((display_key(b.keys.first()?), b.desc?.text(lang))))
            .collect()
    }
}

/// The name of a key event as the keymap writes it (`j`, `Ctrl-d`, `PageDown`, …).
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
        KeyCode::Delete => "Delete".into(),
        _ => return None,
    };
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        Some(format!("Ctrl-{base}"))
    } else {
        Some(base)
    }
}

/// How a key is shown to the user (`Ctrl-d` → `^d`, arrows as symbols).
pub fn display_key(k: &str) -> String {
    match k {
        "Up" => "↑".into(),
        "Down" => "↓".into(),
        "Left" => "←".into(),
        "Right" => "→".into(),
        "BackTab" => "S-Tab".into(),
        "PageDown" => "PgDn".into(),
        "PageUp" => "PgUp".into(),
        " " => "Space".into(),
        _ => k.replace("Ctrl-", "^"),
    }
}

#[cfg(test)]
mod tests;
