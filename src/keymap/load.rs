//! Reads `assets/keymap.toml` into a [`Keymap`], and lays the user's `[keymap]` over it.

use super::actions::Action;
use super::{Entry, Keymap, Layer, Scope, Spot};
use crate::config::{KeyOverride, UNBIND, canonical_key};
use crate::i18n::Msg;
use crate::keymap::Screen;
use serde::Deserialize;
use std::collections::HashMap;

/// The keys shipped with the binary (`assets/keymap.toml`, embedded by `config`, which checks
/// the user's bindings against its action names).
pub use crate::config::KEYMAP_TOML;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    list: Section,
    form: Section,
    filter: Section,
    prompt: Section,
    search: Section,
    command: Section,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    keymap: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    on: Vec<String>,
    run: String,
    desc: Option<String>,
    scope: Option<String>,
    screen: Option<String>,
    #[serde(default)]
    footer: RawFooter,
    #[serde(default = "shown")]
    help: bool,
}

fn shown() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFooter {
    Always(bool),
    On(Vec<String>),
}

impl Default for RawFooter {
    fn default() -> Self {
        RawFooter::Always(false)
    }
}

/// Reads the keymap file's text (`Err` names the entry that is wrong).
pub fn parse(text: &str) -> Result<Keymap, String> {
    let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
    let msgs: HashMap<String, Msg> = Msg::ALL.iter().map(|m| (format!("{m:?}"), *m)).collect();
    Ok(Keymap {
        list: layer(file.list, &msgs)?,
        form: layer(file.form, &msgs)?,
        filter: layer(file.filter, &msgs)?,
        prompt: layer(file.prompt, &msgs)?,
        search: layer(file.search, &msgs)?,
        command: layer(file.command, &msgs)?,
    })
}

fn layer<A: Action>(section: Section, msgs: &HashMap<String, Msg>) -> Result<Layer<A>, String> {
    let entries = section
        .keymap
        .into_iter()
        .map(|raw| entry(raw, msgs))
        .collect::<Result<_, _>>()?;
    Ok(Layer { entries })
}

fn entry<A: Action>(raw: RawEntry, msgs: &HashMap<String, Msg>) -> Result<Entry<A>, String> {
    let run = &raw.run;
    let action = A::parse(run).ok_or_else(|| format!("unknown action {run:?}"))?;
    let keys = raw
        .on
        .iter()
        .map(|k| canonical_key(k).ok_or_else(|| format!("{run}: bad key {k:?}")))
        .collect::<Result<_, _>>()?;
    let desc = match &raw.desc {
        Some(d) => Some(
            *msgs
                .get(d)
                .ok_or_else(|| format!("{run}: no message {d:?}"))?,
        ),
        None => None,
    };
    let screen = |name: &str| Screen::from_name(name).ok_or(format!("{run}: no screen {name:?}"));
    let scope = match (raw.scope.as_deref(), raw.screen.as_deref()) {
        (None | Some("everywhere"), None) => Scope::Everywhere,
        (Some("lists"), None) => Scope::Lists,
        (Some("enterprise_lists"), None) => Scope::EnterpriseLists,
        (Some("enterprise"), None) => Scope::Enterprise,
        (Some("detail"), None) => Scope::Detail,
        (Some("question"), None) => Scope::Question,
        (Some("choose_me"), None) => Scope::ChooseMe,
        (Some("screen"), Some(s)) => Scope::Screen(screen(s)?),
        (s, on) => return Err(format!("{run}: scope {s:?} with screen {on:?}")),
    };
    let (footer, footer_on) = match raw.footer {
        RawFooter::Always(b) => (b, Vec::new()),
        RawFooter::On(names) => {
            let spots = names
                .iter()
                .map(|n| match n.as_str() {
                    "detail" => Ok(Spot::Detail),
                    s => screen(s).map(Spot::Screen),
                })
                .collect::<Result<_, _>>()?;
            (false, spots)
        }
    };
    Ok(Entry {
        keys,
        action,
        scope,
        desc,
        footer,
        footer_on,
        help: raw.help,
    })
}

impl Keymap {
    /// The keymap with the user's bindings laid over it, in the order of the file. Each
    /// binding was checked when the config was read; one that still does not fit is skipped.
    pub fn with_overrides(mut self, overrides: &[KeyOverride]) -> Keymap {
        let mut added: HashMap<(&str, usize), usize> = HashMap::new();
        for o in overrides {
            let key = o.key.as_str();
            let run = o.run.as_str();
            let mut counts = |i: usize| {
                let n = added.entry((o.layer, i)).or_default();
                *n += 1;
                *n - 1
            };
            match o.layer {
                "list" => self.list.bind(key, run, &mut counts),
                "form" => self.form.bind(key, run, &mut counts),
                "filter" => self.filter.bind(key, run, &mut counts),
                "prompt" => self.prompt.bind(key, run, &mut counts),
                "search" => self.search.bind(key, run, &mut counts),
                "command" => self.command.bind(key, run, &mut counts),
                _ => {}
            }
        }
        self
    }
}

impl<A: Action> Layer<A> {
    /// Gives `key` to every entry that runs `run` (before the keys it has, after the user's
    /// earlier ones: `place` says where), taking it from every entry that works where one of
    /// those does; `run` = `none` only takes it away. Elsewhere the key keeps its meaning.
    fn bind(&mut self, key: &str, run: &str, place: &mut impl FnMut(usize) -> usize) {
        let action = match run {
            UNBIND => None,
            _ => match A::parse(run) {
                Some(a) => Some(a),
                None => return,
            },
        };
        let targets: Vec<usize> = (0..self.entries.len())
            .filter(|i| Some(self.entries[*i].action) == action)
            .collect();
        if action.is_some() && targets.is_empty() {
            return;
        }
        let scopes: Vec<Scope> = targets.iter().map(|i| self.entries[*i].scope).collect();
        for e in &mut self.entries {
            if action.is_none() || scopes.iter().any(|s| s.overlaps(e.scope)) {
                e.keys.retain(|k| k != key);
            }
        }
        for i in targets {
            let at = place(i).min(self.entries[i].keys.len());
            self.entries[i].keys.insert(at, key.to_string());
        }
    }
}
