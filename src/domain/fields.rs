//! What a text value may hold, whichever way it comes in (import, command line, form).
//!
//! A control character in a name, code or address is always a mistake (a NUL or a carriage
//! return pasted from another program, a tab from a spreadsheet): it breaks exports, searches
//! and the terminal. Free text (notes, a request's wording) may hold line breaks and tabs.

/// The longest name accepted, in characters: real enterprise and project names stay under 100;
/// longer text is a whole paragraph pasted into the wrong cell.
pub const NAME_MAX: usize = 200;

/// The kinds of text fields, by what they may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A name (of an enterprise, project, milestone, person): one line, at most [`NAME_MAX`].
    Name,
    /// A code, an address or another one-line value.
    Line,
    /// Free text: line breaks and tabs allowed.
    Notes,
}

/// Why a text value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// A control character (its code point) at a 1-based character position.
    Control { position: usize, code: u32 },
    /// Longer than allowed (in characters).
    TooLong { max: usize, found: usize },
}

/// Checks `value` as a field of `kind`.
pub fn check_text(kind: TextKind, value: &str) -> Result<(), TextError> {
    for (i, ch) in value.chars().enumerate() {
        let allowed = kind == TextKind::Notes && matches!(ch, '\n' | '\t');
        if ch.is_control() && !allowed {
            return Err(TextError::Control {
                position: i + 1,
                code: u32::from(ch),
            });
        }
    }
    if kind == TextKind::Name {
        let found = value.chars().count();
        if found > NAME_MAX {
            return Err(TextError::TooLong {
                max: NAME_MAX,
                found,
            });
        }
    }
    Ok(())
}

/// The kind of a field by its key, as the importer's columns and the forms name them.
pub fn kind_of(key: &str) -> TextKind {
    match key {
        "name" | "enterprise" | "project" | "contact_name" | "commissioner" | "person" => {
            TextKind::Name
        }
        "notes" | "text" | "resolution" => TextKind::Notes,
        _ => TextKind::Line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_outside_notes() {
        assert_eq!(
            check_text(TextKind::Name, "甲\u{0}乙"),
            Err(TextError::Control {
                position: 2,
                code: 0
            })
        );
        assert_eq!(
            check_text(TextKind::Line, "天山区\r"),
            Err(TextError::Control {
                position: 4,
                code: 13
            })
        );
        assert_eq!(
            check_text(TextKind::Line, "a\tb"),
            Err(TextError::Control {
                position: 2,
                code: 9
            })
        );
        assert_eq!(check_text(TextKind::Notes, "第一行\n第二行\t完"), Ok(()));
        assert_eq!(
            check_text(TextKind::Notes, "响铃\u{7}"),
            Err(TextError::Control {
                position: 3,
                code: 7
            })
        );
        assert_eq!(
            check_text(TextKind::Notes, "a\r\nb"),
            Err(TextError::Control {
                position: 2,
                code: 13
            })
        );
    }

    #[test]
    fn names_are_at_most_200_characters() {
        let name: String = "企".repeat(200);
        assert_eq!(check_text(TextKind::Name, &name), Ok(()));
        let long = format!("{name}业");
        assert_eq!(
            check_text(TextKind::Name, &long),
            Err(TextError::TooLong {
                max: 200,
                found: 201
            })
        );
        // Other text may be longer.
        assert_eq!(check_text(TextKind::Notes, &long), Ok(()));
    }

    #[test]
    fn fields_are_classed_by_key() {
        assert_eq!(kind_of("name"), TextKind::Name);
        assert_eq!(kind_of("contact_name"), TextKind::Name);
        assert_eq!(kind_of("address"), TextKind::Line);
        assert_eq!(kind_of("notes"), TextKind::Notes);
    }
}
