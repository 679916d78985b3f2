//! The "who are you" prompt's list: the commissioners, filtered as the user types.

use super::{App, Effect, Prompt};
use crate::i18n::Msg;

/// The "who are you" prompt: every commissioner, the filter typed, and the cursor among those
/// that pass it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MePicker {
    pub list: Vec<(String, String)>,
    pub filter: String,
    pub cursor: usize,
}

impl MePicker {
    pub fn new(list: Vec<(String, String)>, filter: &str) -> MePicker {
        MePicker {
            list,
            filter: filter.to_string(),
            cursor: 0,
        }
    }

    /// The commissioners passing the filter: a fragment of the name, or of its pinyin
    /// initials (`wf` finds 王芳).
    pub fn shown(&self) -> Vec<&(String, String)> {
        let f = self.filter.trim();
        let lower = f.to_lowercase();
        self.list
            .iter()
            .filter(|(_, name)| {
                f.is_empty()
                    || name.contains(f)
                    || crate::text::pinyin_initials(name).contains(&lower)
            })
            .collect()
    }
}

impl App {
    /// Who is at the keyboard, said by the runner: kept for the header; the prompt asks when
    /// nobody is chosen yet (or `:me` asked), unless `:me NAME` names exactly one.
    pub(super) fn loaded_me(
        &mut self,
        me: Option<(String, String)>,
        list: Vec<(String, String)>,
        ask: Option<String>,
        notice: Option<String>,
        fx: &mut Vec<Effect>,
    ) {
        self.me = Some(me.as_ref().map(|(_, name)| name.clone()));
        if let Some(n) = notice {
            self.status = Some(n);
        }
        let asking = matches!(self.prompt, Some(Prompt::ChooseMe(_)))
            || self
                .prompts
                .iter()
                .any(|p| matches!(p, Prompt::ChooseMe(_)));
        match ask {
            Some(_) if list.is_empty() => {
                self.status = Some(Msg::MeNoCommissioners.text(self.lang).into())
            }
            Some(filter) => {
                let exact = list.iter().find(|(_, n)| *n == filter.trim());
                match exact {
                    Some((id, _)) => fx.push(Effect::SetMe(id.clone())),
                    None if !asking => self.ask(Prompt::ChooseMe(MePicker::new(list, &filter))),
                    None => {}
                }
            }
            None => {
                if me.is_none() && !list.is_empty() && self.read_only.is_none() && !asking {
                    self.ask(Prompt::ChooseMe(MePicker::new(list, "")));
                }
            }
        }
    }
}
