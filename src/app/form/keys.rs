//! The keys a form answers: every key a form acts on is matched in `Form::key` below, and only
//! there, so that it can be read from the keymap later in one place.

use super::field::{CursorMove, FieldKind, check_field};
use super::{Form, FormOutcome, district};
use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use time::Date;

impl Form {
    /// Handles a key; the caller turns `Save` into an effect.
    pub fn key(&mut self, k: KeyEvent, today: Date, lang: Lang) -> FormOutcome {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let editing = FormOutcome::Editing {
            changed: false,
            field_changed: false,
        };
        if self.confirm_discard {
            return match k.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => FormOutcome::Discard,
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
        match k.code {
            KeyCode::Esc => {
                if self.dirty() {
                    self.confirm_discard = true;
                    return editing;
                }
                return FormOutcome::Discard;
            }
            KeyCode::Char('s') if ctrl => return self.submit(today, lang),
            KeyCode::Enter if !multiline || ctrl => return self.submit(today, lang),
            KeyCode::Enter => {
                field.insert("\n");
                changed = true;
            }
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            KeyCode::Left | KeyCode::Right if district::cycles(field) => {
                changed = district::cycle(field, k.code == KeyCode::Left);
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                if matches!(field.kind, FieldKind::Choice(_)) =>
            {
                changed = field.cycle_choice(k.code == KeyCode::Left);
            }
            KeyCode::Left => field.move_cursor(CursorMove::Left),
            KeyCode::Right => field.move_cursor(CursorMove::Right),
            KeyCode::Home => field.move_cursor(CursorMove::Home),
            KeyCode::End => field.move_cursor(CursorMove::End),
            KeyCode::Char('a') if ctrl => field.move_cursor(CursorMove::Home),
            KeyCode::Char('e') if ctrl => field.move_cursor(CursorMove::End),
            KeyCode::Backspace => changed = field.backspace(),
            KeyCode::Delete => changed = field.delete(),
            KeyCode::Char('u') if ctrl => {
                changed = !field.value.is_empty();
                field.value.clear();
                field.cursor = None;
            }
            KeyCode::Char(c) if !ctrl && !matches!(field.kind, FieldKind::Choice(_)) => {
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
            field_changed: self.focus != before,
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
