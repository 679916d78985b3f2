//! The user's `[keymap]` table: which key runs which action, layer by layer, over the keys of
//! `assets/keymap.toml`. Read here, at the bottom, so that a mistake is found when the config
//! is read and said at start like an unknown key, with the line it is on; the keymap layer
//! applies what is left.
//!
//! ```toml
//! [keymap]            # the list screens and the detail
//! n = "down"
//! j = "next_match"
//! [keymap.form]       # or: filter, prompt, search, command
//! "Ctrl-w" = "save"
//! ```

use std::collections::HashMap;

/// The shipped keymap (read by the keymap layer); its `run` names are the actions a user may
/// bind.
pub const KEYMAP_TOML: &str = include_str!("../../assets/keymap.toml");

/// The layers of the keymap, as named in `assets/keymap.toml` and under `[keymap]`.
pub const KEYMAP_LAYERS: [&str; 6] = ["list", "form", "filter", "prompt", "search", "command"];

/// The action that takes a key away from a layer without giving it another.
pub const UNBIND: &str = "none";

/// The user's `[keymap]` table: what applies, and what does not (said at start).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeymapConfig {
    /// In the order of the file.
    pub overrides: Vec<KeyOverride>,
    pub issues: Vec<KeymapIssue>,
}

/// One key the user bound.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyOverride {
    pub layer: &'static str,
    /// As `canonical_key` writes it.
    pub key: String,
    /// An action of the layer, or [`UNBIND`].
    pub run: String,
    pub line: usize,
}

/// A binding of the user's `[keymap]` that is not applied, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct KeymapIssue {
    /// `list`, `form`, … or the unknown name the user wrote.
    pub layer: String,
    /// The key as the user wrote it.
    pub key: String,
    /// The line of the config file (1-based; 0 when unknown).
    pub line: usize,
    pub problem: KeymapProblem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum KeymapProblem {
    /// `[keymap.NAME]` is not a layer.
    UnknownLayer,
    /// The key's name is not one Seedbed reads.
    BadKey,
    /// The layer has no such action (the value as written).
    UnknownAction(String),
    /// The same key was bound on an earlier line of the same layer (to that action); the
    /// earlier binding applies.
    Twice { line: usize, run: String },
}

impl KeymapConfig {
    /// Reads the `[keymap]` table of the user's config text (already known to be valid TOML).
    pub fn read(text: &str) -> KeymapConfig {
        let mut out = KeymapConfig::default();
        let Ok(doc) = toml_edit::Document::parse(text) else {
            return out;
        };
        let Some(table) = doc.get("keymap").and_then(|i| i.as_table_like()) else {
            return out;
        };
        let actions = shipped_actions();
        let mut layers: HashMap<&'static str, Vec<Written>> = HashMap::new();
        for (name, item) in table.iter() {
            let line = line_of(text, table.get_key_value(name).and_then(|(k, _)| k.span()));
            let Some(sub) = item.as_table_like() else {
                // A key directly under `[keymap]` is one of the list screens'.
                layers
                    .entry("list")
                    .or_default()
                    .push(written(name, item, line));
                continue;
            };
            let Some(layer) = KEYMAP_LAYERS.iter().find(|l| **l == name) else {
                out.issues.push(KeymapIssue {
                    layer: name.to_string(),
                    key: String::new(),
                    line,
                    problem: KeymapProblem::UnknownLayer,
                });
                continue;
            };
            for (key, value) in sub.iter() {
                let line = line_of(text, sub.get_key_value(key).and_then(|(k, _)| k.span()));
                layers
                    .entry(layer)
                    .or_default()
                    .push(written(key, value, line));
            }
        }
        for layer in KEYMAP_LAYERS {
            let mut entries = layers.remove(layer).unwrap_or_default();
            entries.sort_by_key(|w| w.line);
            out.layer(layer, entries, &actions);
        }
        out.overrides.sort_by_key(|o| o.line);
        out.issues.sort_by_key(|i| i.line);
        out
    }

    /// Checks the bindings of one layer, in the order of the file.
    fn layer(
        &mut self,
        layer: &'static str,
        entries: Vec<Written>,
        actions: &HashMap<&'static str, Vec<String>>,
    ) {
        let mut seen: HashMap<String, (usize, String)> = HashMap::new();
        for Written {
            key,
            run,
            value: written,
            line,
        } in entries
        {
            let issue = |problem| KeymapIssue {
                layer: layer.to_string(),
                key: key.clone(),
                line,
                problem,
            };
            let Some(canonical) = canonical_key(&key) else {
                self.issues.push(issue(KeymapProblem::BadKey));
                continue;
            };
            let known = run.as_deref().is_some_and(|r| {
                r == UNBIND || actions.get(layer).is_some_and(|a| a.iter().any(|x| x == r))
            });
            let (true, Some(run)) = (known, run) else {
                self.issues
                    .push(issue(KeymapProblem::UnknownAction(written)));
                continue;
            };
            if let Some((first, first_run)) = seen.get(&canonical) {
                self.issues.push(issue(KeymapProblem::Twice {
                    line: *first,
                    run: first_run.clone(),
                }));
                continue;
            }
            seen.insert(canonical.clone(), (line, run.clone()));
            self.overrides.push(KeyOverride {
                layer,
                key: canonical,
                run,
                line,
            });
        }
    }
}

/// One `key = action` of the user's table, as written.
struct Written {
    key: String,
    /// The action, when the value is a string.
    run: Option<String>,
    /// The value as written, for a message.
    value: String,
    line: usize,
}

fn written(key: &str, item: &toml_edit::Item, line: usize) -> Written {
    Written {
        key: key.to_string(),
        run: item.as_str().map(str::to_string),
        value: match item.as_str() {
            Some(s) => s.to_string(),
            None => item.to_string().trim().to_string(),
        },
        line,
    }
}

/// The 1-based line of a byte offset of `text` (0 when there is none).
pub(super) fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> usize {
    span.and_then(|s| text.get(..s.start))
        .map_or(0, |before| before.matches('\n').count() + 1)
}

/// The `run` names of each layer of the shipped keymap.
fn shipped_actions() -> HashMap<&'static str, Vec<String>> {
    let table: toml::Table = toml::from_str(KEYMAP_TOML).unwrap_or_default();
    KEYMAP_LAYERS
        .iter()
        .map(|layer| {
            let runs = table
                .get(*layer)
                .and_then(|l| l.get("keymap"))
                .and_then(|k| k.as_array())
                .map(|entries| {
                    entries
                        .iter()
                        .filter_map(|e| e.get("run").and_then(|r| r.as_str()))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            (*layer, runs)
        })
        .collect()
}

/// The names of keys other than characters, as the keymap writes them.
const NAMED: [&str; 15] = [
    "Enter",
    "Esc",
    "Tab",
    "BackTab",
    "Backspace",
    "Delete",
    "Space",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PageUp",
    "PageDown",
];

/// A key's name as the keymap writes it (`j`, `Ctrl-d`, `PageDown`, ` ` for Space), from what a
/// user may write: also yazi's `<C-d>` and `<Enter>`, `C-d`, and named keys in any case.
/// `None`: not a key.
pub fn canonical_key(written: &str) -> Option<String> {
    let inner = written
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .filter(|s| !s.is_empty())
        .unwrap_or(written);
    let lower = inner.to_ascii_lowercase();
    let (ctrl, base) = match ["ctrl-", "c-"].iter().find(|p| lower.starts_with(**p)) {
        Some(p) if inner.len() > p.len() => (true, &inner[p.len()..]),
        _ => (false, inner),
    };
    let base = if base.chars().count() == 1 {
        base.to_string()
    } else {
        let named = NAMED.iter().find(|n| n.eq_ignore_ascii_case(base))?;
        if *named == "Space" {
            " ".to_string()
        } else {
            named.to_string()
        }
    };
    Some(if ctrl { format!("Ctrl-{base}") } else { base })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_are_read_in_the_keymaps_spelling() {
        assert_eq!(canonical_key("j").as_deref(), Some("j"));
        assert_eq!(canonical_key("G").as_deref(), Some("G"));
        assert_eq!(canonical_key("Ctrl-d").as_deref(), Some("Ctrl-d"));
        assert_eq!(canonical_key("<C-d>").as_deref(), Some("Ctrl-d"));
        assert_eq!(canonical_key("ctrl-s").as_deref(), Some("Ctrl-s"));
        assert_eq!(canonical_key("<Enter>").as_deref(), Some("Enter"));
        assert_eq!(canonical_key("pagedown").as_deref(), Some("PageDown"));
        assert_eq!(canonical_key("Space").as_deref(), Some(" "));
        assert_eq!(canonical_key("<").as_deref(), Some("<"));
        assert_eq!(canonical_key("-").as_deref(), Some("-"));
        assert_eq!(canonical_key("c").as_deref(), Some("c"));
        assert_eq!(canonical_key("jj"), None);
        assert_eq!(canonical_key("Ctrl-Foo"), None);
        assert_eq!(canonical_key(""), None);
    }

    #[test]
    fn overrides_are_read_with_their_lines_and_mistakes_named() {
        let text = "\
[cadence]
visits_per_year = 4

[keymap]
n = \"down\"
j = \"next_match\"
x = \"dwon\"
jj = \"up\"

[keymap.form]
\"Ctrl-w\" = \"save\"
\"<C-w>\" = \"cancel\"

[keymap.lists]
k = \"up\"
";
        let k = KeymapConfig::read(text);
        let o = |layer, key: &str, run: &str, line| KeyOverride {
            layer,
            key: key.into(),
            run: run.into(),
            line,
        };
        assert_eq!(
            k.overrides,
            vec![
                o("list", "n", "down", 5),
                o("list", "j", "next_match", 6),
                o("form", "Ctrl-w", "save", 11),
            ]
        );
        let i = |layer: &str, key: &str, line, problem| KeymapIssue {
            layer: layer.into(),
            key: key.into(),
            line,
            problem,
        };
        assert_eq!(
            k.issues,
            vec![
                i("list", "x", 7, KeymapProblem::UnknownAction("dwon".into())),
                i("list", "jj", 8, KeymapProblem::BadKey),
                i(
                    "form",
                    "<C-w>",
                    12,
                    KeymapProblem::Twice {
                        line: 11,
                        run: "save".into()
                    }
                ),
                i("lists", "", 14, KeymapProblem::UnknownLayer),
            ]
        );
    }

    #[test]
    fn an_action_of_another_layer_is_unknown_here() {
        // `save` is the form's, not the list screens'.
        let k = KeymapConfig::read("[keymap]\ns = \"save\"\nq = \"none\"\n");
        assert_eq!(
            k.issues,
            vec![KeymapIssue {
                layer: "list".into(),
                key: "s".into(),
                line: 2,
                problem: KeymapProblem::UnknownAction("save".into()),
            }]
        );
        assert_eq!(k.overrides.len(), 1);
        assert_eq!(k.overrides[0].run, "none");
    }

    #[test]
    fn the_config_keeps_its_keymap_and_does_not_call_it_unknown() {
        let user = "[keymap]\nn = \"down\"\n[keymap.search]\n\"Ctrl-g\" = \"cancel\"\n";
        let c =
            crate::config::Config::with_overrides(user, std::path::Path::new("x.toml")).unwrap();
        assert_eq!(c.keymap.overrides.len(), 2);
        assert!(c.keymap.issues.is_empty());
        assert!(c.unknown_keys(user).is_empty());
        assert_eq!(
            crate::config::Config::default().keymap,
            KeymapConfig::default()
        );
    }
}
