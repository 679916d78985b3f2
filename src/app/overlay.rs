//! What is drawn over a screen and takes the keys while it shows: the search line, the
//! command line, the filter menu, the help, and prompts (a draft to restore, who you are, an
//! undo of someone else's change).

use super::form::Form;
use super::me::MePicker;
use super::pool::{PoolIndex, Query};
use super::{App, Effect, Screen};
use crate::domain::{Batch, Colour, Pool, PoolStatus, Tier, VisitState};
use crate::i18n::sort_text::SortKeyText as _;
use crate::i18n::{Badge, Label};
use crate::i18n::{Lang, Msg};
use crate::index::{ListFilter, SortKey};
use crate::keymap::{CommandKey, PromptKey, Scope, SearchKey};
use crate::store::edit::Draft;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A question asked before anything else.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    /// Restore the newest draft left behind?
    Draft(Draft),
    /// Who is using this file?
    ChooseMe(MePicker),
    /// Undo someone else's change? (the group, the question naming whose it is)
    UndoOthers { group: i64, question: String },
}

/// A one-line text input (search, command line).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineInput {
    pub text: String,
}

/// The filter menu: the dimension list, then the values of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterMenu {
    pub dim: usize,
    /// The values of the chosen dimension (first is "all") and the cursor among them.
    pub values: Option<(Vec<String>, usize)>,
}

/// The filter dimensions, in menu order.
pub const FILTER_DIMS: [Msg; 8] = [
    Msg::ColPool,
    Msg::ColBatch,
    Msg::ColTier,
    Msg::ColColour,
    Msg::ColVisitState,
    Msg::ColDistrict,
    Msg::ColCommissioner,
    Msg::ColPoolStatus,
];

/// What is drawn over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help,
    Search(LineInput),
    Command(LineInput),
    Filter(FilterMenu),
}

impl App {
    /// Keys while an overlay shows; false when none does.
    pub(super) fn overlay_key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) -> bool {
        match &self.overlay {
            Overlay::Help => self.overlay = Overlay::None,
            Overlay::Search(_) => self.search_key(k),
            Overlay::Command(_) => self.command_key(k, fx),
            Overlay::Filter(_) => self.filter_key(k),
            Overlay::None => return false,
        }
        true
    }

    /// Shows a prompt, or queues it behind the one showing.
    pub(super) fn ask(&mut self, p: Prompt) {
        if self.prompt.is_some() {
            self.prompts.push(p);
        } else {
            self.prompt = Some(p);
        }
    }

    pub(super) fn prompt_key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        let scope = match self.prompt {
            Some(Prompt::ChooseMe(_)) => Scope::ChooseMe,
            _ => Scope::Question,
        };
        if self.keys.prompt(&k, scope) == Some(PromptKey::Quit) {
            self.quit = true;
            return;
        }
        self.answer_prompt(k, fx);
        if self.prompt.is_none() && !self.prompts.is_empty() {
            self.prompt = Some(self.prompts.remove(0));
        }
    }

    fn answer_prompt(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        let question = self.keys.prompt(&k, Scope::Question);
        let choose = self.keys.prompt(&k, Scope::ChooseMe);
        match prompt {
            Prompt::Draft(d) => match question {
                Some(PromptKey::Yes | PromptKey::Default) => {
                    match serde_json::from_str::<Form>(&d.data) {
                        Ok(mut f) => {
                            f.draft_id = d.id.clone();
                            // A draft left in the other language is worded in this one.
                            f.relabel(self.now.date(), self.lang);
                            self.form = Some(f);
                        }
                        Err(e) => {
                            self.status = Some(format!("{}: {e}", Msg::DraftFound.text(self.lang)))
                        }
                    }
                    self.prompt = None;
                }
                Some(PromptKey::No) => {
                    fx.push(Effect::DeleteDraft(d.id.clone()));
                    self.prompt = None;
                }
                _ => {}
            },
            Prompt::ChooseMe(p) => {
                let n = p.shown().len().max(1);
                let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
                match (choose, k.code) {
                    (Some(PromptKey::Down), _) => p.cursor = (p.cursor + 1) % n,
                    (Some(PromptKey::Up), _) => p.cursor = (p.cursor + n - 1) % n,
                    (Some(PromptKey::Choose), _) => {
                        if let Some((id, _)) = p.shown().get(p.cursor) {
                            fx.push(Effect::SetMe(id.clone()));
                            self.prompt = None;
                        }
                    }
                    // Decide later: changes go unsigned, and the header says so. A character
                    // key that says so types instead once something is typed.
                    (Some(PromptKey::Later), KeyCode::Char(c)) if !p.filter.is_empty() && !ctrl => {
                        p.filter.push(c);
                        p.cursor = 0;
                    }
                    (Some(PromptKey::Later), _) => self.prompt = None,
                    (Some(PromptKey::Backspace), _) => {
                        p.filter.pop();
                        p.cursor = 0;
                    }
                    (_, KeyCode::Char(c)) if !ctrl => {
                        p.filter.push(c);
                        p.cursor = 0;
                    }
                    _ => {}
                }
            }
            Prompt::UndoOthers { group, .. } => match question {
                Some(PromptKey::Yes) => {
                    fx.push(Effect::UndoOthers(*group));
                    self.prompt = None;
                }
                Some(PromptKey::No | PromptKey::Default) => self.prompt = None,
                _ => {}
            },
        }
    }

    pub(super) fn search_key(&mut self, k: KeyEvent) {
        let Overlay::Search(input) = &mut self.overlay else {
            return;
        };
        match (self.keys.search(&k), k.code) {
            (Some(SearchKey::Cancel), _) => {
                self.overlay = Overlay::None;
                self.clear_search();
                return;
            }
            (Some(SearchKey::Done), _) => {
                self.overlay = Overlay::None;
                return;
            }
            (Some(SearchKey::Backspace), _) => {
                input.text.pop();
            }
            (_, KeyCode::Char(c)) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                input.text.push(c)
            }
            _ => return,
        }
        let text = input.text.clone();
        self.search_for(&text);
    }

    pub(super) fn command_key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        let Overlay::Command(input) = &mut self.overlay else {
            return;
        };
        match (self.keys.command(&k), k.code) {
            (Some(CommandKey::Cancel), _) => self.overlay = Overlay::None,
            (Some(CommandKey::Backspace), _) if input.text.pop().is_none() => {
                self.overlay = Overlay::None
            }
            (Some(CommandKey::Backspace), _) => {}
            (Some(CommandKey::Run), _) => {
                let line = std::mem::take(&mut input.text);
                self.overlay = Overlay::None;
                self.run_command(&line, fx);
            }
            (_, KeyCode::Char(c)) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                input.text.push(c)
            }
            _ => {}
        }
    }

    /// Runs a `:` command line.
    pub fn run_command(&mut self, line: &str, fx: &mut Vec<Effect>) {
        let line = line.trim();
        let (cmd, arg) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let arg = arg.trim();
        let l = self.lang;
        // Over a form only the language changes: the rest would leave or hide the form.
        if let Some(f) = &mut self.form
            && !matches!(cmd, "lang" | "")
        {
            f.message = Some(Msg::CommandWaitsForForm.text(l).to_string());
            return;
        }
        match cmd {
            "q" | "quit" => self.quit = true,
            "goto" | "g" => self.goto(arg, fx),
            "sort" if self.sort_list_by(arg) => {}
            "sort" => match SortKey::parse(arg) {
                Some(k) => {
                    self.screen = Screen::Pool;
                    self.detail = None;
                    self.sort(false, Some(k));
                }
                None => {
                    let all: Vec<&str> = SortKey::ALL.iter().map(|k| k.code()).collect();
                    self.status = Some(format!("{}: {}", Msg::UnknownSort.text(l), all.join(", ")));
                }
            },
            // `:today` alone, or 今天 / today, returns to the real today; other words and
            // offsets count from the day shown.
            "today" => match (self.real_today, arg.trim().to_lowercase().as_str()) {
                (Some(real), "" | "今天" | "today" | "t") => fx.push(Effect::SetToday(real)),
                _ => match crate::domain::dates::parse_user_date(arg, self.today()) {
                    Ok(d) => fx.push(Effect::SetToday(d)),
                    Err(e) => self.status = Some(crate::i18n::input_text::date_error(&e, l)),
                },
            },
            "me" => {
                if let Some(reason) = self.read_only {
                    self.status = Some(format!(
                        "{}（{}）",
                        Msg::ReadOnlyNoWrite.text(l),
                        crate::i18n::store_text::read_only_reason(reason, l)
                    ));
                } else {
                    fx.push(Effect::ChooseMe(arg.to_string()));
                }
            }
            "lang" => match Lang::parse(arg) {
                Some(lang) => {
                    self.lang = lang;
                    // An open form is worded anew; its values are kept.
                    if let Some(f) = &mut self.form {
                        f.relabel(self.now.date(), lang);
                    }
                }
                None => self.status = Some(format!("{}: zh, en", Msg::UnknownLang.text(l))),
            },
            "theme" => self.theme_command(arg),
            "view" => self.view_command(arg, fx),
            "" => {}
            other => self.status = Some(format!("{} :{other}", Msg::UnknownCommand.text(l))),
        }
    }

    /// `:goto NAME`: the enterprise named exactly, or the only one matching, opens; several
    /// matching are shown as a search.
    fn goto(&mut self, arg: &str, fx: &mut Vec<Effect>) {
        let l = self.lang;
        if self.pool.is_none() {
            let wait = crate::i18n::start_text::Waiting::Goto;
            self.status = Some(crate::i18n::start_text::waiting(wait, l));
            return;
        }
        let q = Query::new(arg);
        let (exact, matches): (Option<String>, usize) = match &self.pool {
            Some(p) if !arg.is_empty() => (
                (0..p.index.rows.len())
                    .find(|&i| p.index.name(i) == arg)
                    .and_then(|i| p.index.rows.get(i))
                    .map(|r| r.id.to_string()),
                (0..p.index.rows.len())
                    .filter(|&i| q.matches(&p.index, i))
                    .take(2)
                    .count(),
            ),
            _ => (None, 0),
        };
        let unique = exact.or_else(|| {
            (matches == 1)
                .then_some(self.pool.as_ref())
                .flatten()
                .and_then(|p| {
                    let i = (0..p.index.rows.len()).find(|&i| q.matches(&p.index, i))?;
                    p.index.rows.get(i)
                })
                .map(|r| r.id.to_string())
        });
        match (unique, matches) {
            (Some(id), _) => self.show_in_pool(id, fx),
            (None, 0) => self.status = Some(format!("{} {arg:?}", Msg::NoMatch.text(l))),
            (None, _) => {
                // Several match: show them as a search, the first one selected.
                self.detail = None;
                self.screen = Screen::Pool;
                if let Some(p) = &mut self.pool {
                    p.query = q;
                    p.research();
                    if let Some(m) = p.next_match(0, true) {
                        p.selected = m;
                    }
                    self.status = Some(format!("{} {}", p.match_count(), Msg::GotoMany.text(l)));
                }
            }
        }
    }

    pub(super) fn filter_key(&mut self, k: KeyEvent) {
        if let Some(list) = super::listview::list_of(self.screen).filter(|_| self.detail.is_none())
        {
            return self.list_filter_key(list, k);
        }
        let today = self.today();
        let lang = self.lang;
        let Overlay::Filter(menu) = &mut self.overlay else {
            return;
        };
        let Some(p) = &mut self.pool else {
            self.overlay = Overlay::None;
            return;
        };
        use crate::keymap::FilterKey as K;
        match (&mut menu.values, self.keys.filter(&k)) {
            (_, Some(K::Close)) => self.overlay = Overlay::None,
            (None, Some(K::Back)) => self.overlay = Overlay::None,
            (Some(_), Some(K::Back)) => menu.values = None,
            (None, Some(K::Down)) => menu.dim = (menu.dim + 1) % FILTER_DIMS.len(),
            (None, Some(K::Up)) => {
                menu.dim = (menu.dim + FILTER_DIMS.len() - 1) % FILTER_DIMS.len()
            }
            (None, Some(K::Choose | K::Open)) => {
                menu.values = Some((filter_values(menu.dim, &p.index, lang), 0));
            }
            (Some((vals, i)), Some(K::Down)) => *i = (*i + 1) % vals.len().max(1),
            (Some((vals, i)), Some(K::Up)) => *i = (*i + vals.len().max(1) - 1) % vals.len().max(1),
            (Some((_, i)), Some(K::Choose)) => {
                set_filter(&mut p.list.filter, menu.dim, *i, &p.list.index);
                p.refilter(today);
                self.overlay = Overlay::None;
            }
            _ => {}
        }
    }
}

/// The choices of a filter dimension: "all" first, then the values.
pub fn filter_values(dim: usize, index: &PoolIndex, l: Lang) -> Vec<String> {
    let mut v = vec![Msg::All.text(l).to_string()];
    match dim {
        0 => v.extend(Pool::ALL.iter().map(|x| x.label(l).to_string())),
        1 => v.extend(Batch::ALL.iter().map(|x| x.label(l).to_string())),
        2 => v.extend(Tier::ALL.iter().map(|x| x.label(l).to_string())),
        3 => v.extend(Colour::ALL.iter().map(|x| x.badge(l))),
        4 => v.extend(VisitState::ALL.iter().map(|x| x.label(l).to_string())),
        5 => v.extend(index.districts.iter().cloned()),
        6 => v.extend(index.commissioners.iter().cloned()),
        _ => v.extend(PoolStatus::ALL.iter().map(|x| x.label(l).to_string())),
    }
    v
}

/// Sets filter dimension `dim` to its `choice`-th value (0 clears it).
pub fn set_filter(f: &mut ListFilter, dim: usize, choice: usize, index: &PoolIndex) {
    let pick = |n: usize| choice.checked_sub(1).filter(|i| *i < n);
    match dim {
        0 => f.pool = pick(Pool::ALL.len()).map(|i| Pool::ALL[i]),
        1 => f.batch = pick(Batch::ALL.len()).map(|i| Batch::ALL[i]),
        2 => f.tier = pick(Tier::ALL.len()).map(|i| Tier::ALL[i]),
        3 => f.colour = pick(Colour::ALL.len()).map(|i| Colour::ALL[i]),
        4 => f.visit = pick(VisitState::ALL.len()).map(|i| VisitState::ALL[i]),
        5 => f.district = pick(index.districts.len()).map(|i| index.districts[i].clone()),
        6 => {
            f.commissioner = pick(index.commissioners.len()).map(|i| index.commissioners[i].clone())
        }
        _ => f.pool_status = pick(PoolStatus::ALL.len()).map(|i| PoolStatus::ALL[i]),
    }
}
