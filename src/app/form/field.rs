//! One field of a form: what it holds, the text typed into it (edited at a cursor counted in
//! characters), and the check of its value. A field holds no label: the label is its form
//! kind's word for its key, drawn in the language of the moment (see `Form::label`).

use super::{district, parse_decimal, parse_wan};
use crate::domain::credit_code;
use crate::domain::dates::{DateError, parse_user_date};
use crate::domain::fields::{self, TextKind};
use crate::i18n::input_text;
use crate::i18n::{Lang, Msg, alert_text};
use serde::{Deserialize, Serialize};
use time::Date;

/// What a field holds and how it is edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    /// Enter adds a line; Ctrl-S saves.
    Multiline,
    Date,
    CreditCode,
    /// A whole number (staff, counts).
    Number,
    /// An amount in 万元 (ten thousand yuan), stored in yuan.
    Amount,
    /// A number that may have decimals (`6`, `5.5`).
    Decimal,
    /// One of these `(code, label)` options; ←/→ or Space cycle.
    Choice(Vec<(String, String)>),
    /// A GB/T 2260 district, typed as a name or code (see `form/district.rs`).
    District,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub key: String,
    pub kind: FieldKind,
    pub value: String,
    pub required: bool,
    #[serde(skip)]
    pub error: Option<String>,
    /// The cursor, in characters from the start (`None`: at the end).
    #[serde(skip)]
    pub cursor: Option<usize>,
    /// A district field's offered districts (full names): the districts a shared name may
    /// mean, or those the credit code suggests; ←/→ choose among them.
    #[serde(skip)]
    pub options: Vec<String>,
}

/// Where a cursor key moves the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorMove {
    Left,
    Right,
    Home,
    End,
}

impl Field {
    pub(super) fn new(key: &str, kind: FieldKind, value: impl Into<String>) -> Field {
        Field {
            key: key.into(),
            kind,
            value: value.into(),
            required: false,
            error: None,
            cursor: None,
            options: Vec::new(),
        }
    }

    pub(super) fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// The cursor as a character index.
    pub fn cursor(&self) -> usize {
        let n = self.value.chars().count();
        self.cursor.map_or(n, |c| c.min(n))
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(b, _)| b)
    }

    /// Inserts text at the cursor.
    pub fn insert(&mut self, text: &str) {
        let c = self.cursor();
        let at = self.byte_at(c);
        self.value.insert_str(at, text);
        self.cursor = Some(c + text.chars().count());
    }

    /// Deletes the character before the cursor; false when there is none.
    pub fn backspace(&mut self) -> bool {
        let c = self.cursor();
        if c == 0 {
            return false;
        }
        let at = self.byte_at(c - 1);
        self.value.remove(at);
        self.cursor = Some(c - 1);
        true
    }

    /// Deletes the character under the cursor; false at the end.
    pub fn delete(&mut self) -> bool {
        let c = self.cursor();
        if c >= self.value.chars().count() {
            return false;
        }
        let at = self.byte_at(c);
        self.value.remove(at);
        true
    }

    /// Moves the cursor by `delta` characters, or to the start/end.
    pub fn move_cursor(&mut self, to: CursorMove) {
        let n = self.value.chars().count();
        let c = self.cursor();
        self.cursor = Some(match to {
            CursorMove::Left => c.saturating_sub(1),
            CursorMove::Right => (c + 1).min(n),
            CursorMove::Home => 0,
            CursorMove::End => n,
        });
    }

    /// The label of a choice field's current value.
    pub fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Choice(opts) => opts
                .iter()
                .find(|(c, _)| *c == self.value)
                .map_or_else(|| self.value.clone(), |(_, l)| l.clone()),
            _ => self.value.clone(),
        }
    }

    /// Puts the next (or, `back`, the previous) option of a choice field in it; false when
    /// the field offers none.
    pub(super) fn cycle_choice(&mut self, back: bool) -> bool {
        let FieldKind::Choice(opts) = &self.kind else {
            return false;
        };
        if opts.is_empty() {
            return false;
        }
        let i = opts.iter().position(|(c, _)| *c == self.value).unwrap_or(0);
        let j = if back {
            (i + opts.len() - 1) % opts.len()
        } else {
            (i + 1) % opts.len()
        };
        self.value = opts[j].0.clone();
        true
    }
}

/// The message beside a field, if its value is not acceptable.
pub(super) fn check_field(f: &Field, today: Date, lang: Lang) -> Option<String> {
    let v = f.value.trim();
    if v.is_empty() {
        return f.required.then(|| Msg::FormRequired.text(lang).to_string());
    }
    match &f.kind {
        FieldKind::Date => match parse_user_date(v, today) {
            Ok(_) => None,
            Err(e @ DateError::OutOfRange(_)) => Some(input_text::date_error(&e, lang)),
            Err(DateError::NotADate(_)) => Some(Msg::FormBadDate.text(lang).to_string()),
        },
        // Names, codes and addresses hold no control characters; notes may hold line breaks.
        FieldKind::Text | FieldKind::Multiline => {
            let kind = match f.kind {
                FieldKind::Multiline => TextKind::Notes,
                _ => fields::kind_of(&f.key),
            };
            fields::check_text(kind, &f.value)
                .err()
                .map(|e| input_text::text_error(&e, lang))
        }
        FieldKind::CreditCode => {
            let code = credit_code::normalize(v);
            credit_code::validate(&code)
                .err()
                .map(|e| alert_text::credit_code_error(&e, lang))
        }
        FieldKind::Number => v
            .parse::<u32>()
            .is_err()
            .then(|| Msg::FormBadNumber.text(lang).to_string()),
        FieldKind::Amount => parse_wan(v)
            .is_none()
            .then(|| Msg::FormBadAmount.text(lang).to_string()),
        FieldKind::Decimal => parse_decimal(v)
            .is_none()
            .then(|| Msg::FormBadDecimal.text(lang).to_string()),
        FieldKind::District => district::check(v, lang),
        FieldKind::Choice(opts) if !opts.iter().any(|(c, _)| c == v) => {
            Some(Msg::FormRequired.text(lang).to_string())
        }
        _ => None,
    }
}
