//! The keys a form answers: `Form::key_with` asks the effective keymap (the `form` layer of
//! `assets/keymap.toml` with the user's `[keymap.form]`) what a key does; typing is the rest.

use super::field::{CursorMove, FieldKind, check_field};
use super::{Form, FormOutcome, district};
use crate::i18n::Lang;
use crate::keymap::{FormKey as F, Keymap, PromptKey, Scope};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use time::Date;

impl Form {
    /// Handles a key with the shipped keys; the caller turns `Save` into an effect.
    pub fn key(&mut self, k: KeyEvent, today: Date, lang: Lang) -> FormOutcome {
        self.key_with(Keymap::builtin(), k, today, lang)
    }

    /// Handles a key with the effective `keys`; the caller turns `Save` into an effect.
    pub fn key_with(&mut self, keys: &Keymap, k: KeyEvent, today: Date, lang: Lang) -> FormOutcome {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let act = keys.form(&k);
        let editing = FormOutcome::Editing {
            changed: false,
            focus_moved: false,
        };
        if self.confirm_discard {
            return match keys.prompt(&k, Scope::Question) {
                Some(PromptKey::Yes) => FormOutcome::Discard,
                _ => {
                    self.confirm_discard = false;
                    editing
                }
            };
        }
        let n = self.fields.len().max(1);
        let before = self.focus;
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormOutcome::Discard;
        };
        let multiline = field.kind == FieldKind::Multiline;
        let mut changed = false;
        match (act, k.code) {
            (Some(F::Cancel), _) => {
                if self.dirty() {
                    self.confirm_discard = true;
                    return editing;
                }
                return FormOutcome::Discard;
            }
            (Some(F::Save), _) => return self.submit(today, lang),
            (Some(F::Submit), _) if !multiline || ctrl => return self.submit(today, lang),
            (Some(F::Submit), _) => {
                field.insert("\n");
                changed = true;
            }
            (Some(F::NextField), _) => self.focus = (self.focus + 1) % n,
            (Some(F::PrevField), _) => self.focus = (self.focus + n - 1) % n,
            (Some(F::Left | F::Right), _) if district::cycles(field) => {
                changed = district::cycle(field, act == Some(F::Left));
            }
            (Some(F::Left | F::Right | F::NextChoice), _)
                if matches!(field.kind, FieldKind::Choice(_)) =>
            {
                changed = field.cycle_choice(act == Some(F::Left));
            }
            (Some(F::Left), _) => field.move_cursor(CursorMove::Left),
            (Some(F::Right), _) => field.move_cursor(CursorMove::Right),
            (Some(F::LineStart), _) => field.move_cursor(CursorMove::Home),
            (Some(F::LineEnd), _) => field.move_cursor(CursorMove::End),
            (Some(F::Backspace), _) => changed = field.backspace(),
            (Some(F::Delete), _) => changed = field.delete(),
            (Some(F::Clear), _) => {
                changed = !field.value.is_empty();
                field.value.clear();
                field.cursor = None;
            }
            (_, KeyCode::Char(c)) if !ctrl && !matches!(field.kind, FieldKind::Choice(_)) => {
                field.insert(c.encode_utf8(&mut [0; 4]));
                changed = true;
            }
            _ => {}
        }
        if changed {
            self.changed(today, lang);
        }
        FormOutcome::Editing {
            changed,
            focus_moved: self.focus != before,
        }
    }

    /// After the focused field changed: its preset filled in, its check run, a draft due.
    fn changed(&mut self, today: Date, lang: Lang) {
        if self.preset_field.as_deref() == self.fields.get(self.focus).map(|f| f.key.as_str()) {
            self.apply_preset();
        }
        self.draft_pending = true;
        self.message = None;
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.error = check_field(f, today, lang);
        }
        district::refresh(&mut self.fields, lang);
    }
}
