//! The unified social credit code (统一社会信用代码, GB 32100-2015).
//!
//! 18 characters: [1] registering authority, [2] entity type, [3–8] GB/T 2260 region code,
//! [9–17] organisation code, [18] check character. Every character comes from [`ALPHABET`]
//! (31 symbols, no I O S V Z); a symbol's value is its index. The check character is
//! `ALPHABET[(31 − Σ value×weight mod 31) mod 31]` with the weights `3^i mod 31`.

/// The 31 symbols a code may use; a symbol's value is its index.
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The number of characters in a code.
pub const LENGTH: usize = 18;

/// The weights of positions 1–17 (`3^i mod 31`).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a text is not a valid credit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    /// The text does not have the expected number of characters (18 for a code, 17 for the
    /// input of [`check_char`] and [`complete`]); `found` counts characters, not bytes.
    #[error("length should be 18 characters, found {found}")]
    Length { found: usize },
    /// A character outside [`ALPHABET`]; `position` is 1-based.
    #[error("character {ch} at position {position} is not allowed")]
    BadChar { position: usize, ch: char },
    /// A letter among positions 3–8, which hold the GB/T 2260 region code (digits only);
    /// `position` is 1-based.
    #[error(
        "positions 3-8 are the region code and must be digits; found {ch} at position {position}"
    )]
    RegionNotDigit { position: usize, ch: char },
    /// The 18th character does not match the check character computed from the first 17.
    #[error("check character should be {expected}, found {found}")]
    CheckChar { expected: char, found: char },
}

/// Cleans up user input: trims surrounding whitespace (including the full-width space),
/// turns full-width digits and letters into ASCII and uppercases ASCII letters.
pub fn normalize(code: &str) -> String {
    code.trim()
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                // Full-width forms sit at a fixed offset from their ASCII counterparts.
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The value of a symbol (its index in [`ALPHABET`]), if it is one.
fn value(ch: char) -> Option<u32> {
    /// Each ASCII byte's value, or 255 when it is not a symbol.
    const VALUES: [u8; 128] = {
        let mut t = [255u8; 128];
        let a = ALPHABET.as_bytes();
        let mut i = 0;
        while i < a.len() {
            t[a[i] as usize] = i as u8;
            i += 1;
        }
        t
    };
    let v = *VALUES.get(ch as usize)?;
    (v != 255).then_some(u32::from(v))
}

/// The symbol with the given value, reduced mod 31.
fn symbol(value: u32) -> char {
    const SYMBOLS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    char::from(SYMBOLS[(value % 31) as usize])
}

/// Checks a code as typed (callers normalize first, so lowercase letters are rejected).
pub fn validate(code: &str) -> Result<(), CreditCodeError> {
    let found = code.chars().count();
    if found != LENGTH {
        return Err(CreditCodeError::Length { found });
    }
    for (i, ch) in code.chars().enumerate() {
        if value(ch).is_none() {
            return Err(CreditCodeError::BadChar {
                position: i + 1,
                ch,
            });
        }
    }
    // The region code is digits whatever the check character says: a code that passes the
    // check with a letter there was made up, not issued.
    if let Some((i, ch)) = code
        .chars()
        .enumerate()
        .take(8)
        .skip(2)
        .find(|(_, c)| !c.is_ascii_digit())
    {
        return Err(CreditCodeError::RegionNotDigit {
            position: i + 1,
            ch,
        });
    }
    let (first17, last) = code.split_at(LENGTH - 1);
    let expected = check_char(first17)?;
    let found = last.chars().next().unwrap_or_default();
    if found == expected {
        Ok(())
    } else {
        Err(CreditCodeError::CheckChar { expected, found })
    }
}

/// The check character (position 18) for the first 17 characters of a code.
///
/// A wrong length is reported as [`CreditCodeError::Length`] with the input's character count.
pub fn check_char(first17: &str) -> Result<char, CreditCodeError> {
    let found = first17.chars().count();
    if found != LENGTH - 1 {
        return Err(CreditCodeError::Length { found });
    }
    let mut sum = 0u32;
    for ((i, ch), weight) in first17.chars().enumerate().zip(WEIGHTS) {
        let v = value(ch).ok_or(CreditCodeError::BadChar {
            position: i + 1,
            ch,
        })?;
        sum += v * weight;
    }
    Ok(symbol((31 - sum % 31) % 31))
}

/// The full code: the first 17 characters followed by their check character.
pub fn complete(first17: &str) -> Result<String, CreditCodeError> {
    let check = check_char(first17)?;
    let mut code = String::with_capacity(LENGTH);
    code.push_str(first17);
    code.push(check);
    Ok(code)
}

/// The GB/T 2260 region code (positions 3–8), if those are six ASCII digits.
///
/// Only the first eight characters are looked at; the rest of the code is not validated.
pub fn region_code(code: &str) -> Option<&str> {
    let region = code.get(2..8)?;
    let head = code.get(..2)?;
    (head.is_ascii() && region.bytes().all(|b| b.is_ascii_digit())).then_some(region)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: [&str; 5] = [
        "91110108551385082Q",
        "91370000728611939A",
        "52410000663412719U",
        "531000005000160090",
        "91650100MA00001540",
    ];

    #[test]
    fn alphabet_has_31_symbols_without_i_o_s_v_z() {
        assert_eq!(ALPHABET.len(), 31);
        for (i, c) in ALPHABET.chars().enumerate() {
            assert_eq!(symbol(i as u32), c);
            assert_eq!(value(c), Some(i as u32));
        }
        for c in ['I', 'O', 'S', 'V', 'Z'] {
            assert!(!ALPHABET.contains(c));
        }
    }

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1u32;
        for weight in WEIGHTS {
            assert_eq!(weight, w);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn documented_valid_codes_pass() {
        for code in VALID {
            assert_eq!(validate(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn check_char_and_complete_rebuild_valid_codes() {
        for code in VALID {
            let (first17, last) = code.split_at(17);
            assert_eq!(check_char(first17).map(String::from), Ok(last.to_string()));
            assert_eq!(complete(first17).as_deref(), Ok(code));
        }
        assert_eq!(check_char("91650100MA0000154"), Ok('0'));
    }

    #[test]
    fn wrong_check_character_names_the_expected_one() {
        let e = validate("91110108551385082F").unwrap_err();
        assert_eq!(
            e,
            CreditCodeError::CheckChar {
                expected: 'Q',
                found: 'F'
            }
        );
        assert_eq!(e.to_string(), "check character should be Q, found F");
    }

    #[test]
    fn wrong_lengths_are_reported() {
        assert_eq!(validate(""), Err(CreditCodeError::Length { found: 0 }));
        assert_eq!(
            validate("91110108551385082"),
            Err(CreditCodeError::Length { found: 17 })
        );
        assert_eq!(
            validate("91110108551385082QQ"),
            Err(CreditCodeError::Length { found: 19 })
        );
        // Characters are counted, not bytes.
        assert_eq!(
            validate("９1110108551385082Q"),
            Err(CreditCodeError::BadChar {
                position: 1,
                ch: '９'
            })
        );
        assert_eq!(
            check_char("9111010855138508"),
            Err(CreditCodeError::Length { found: 16 })
        );
        assert_eq!(
            complete("91110108551385082Q"),
            Err(CreditCodeError::Length { found: 18 })
        );
        assert_eq!(
            CreditCodeError::Length { found: 17 }.to_string(),
            "length should be 18 characters, found 17"
        );
    }

    #[test]
    fn letters_outside_the_alphabet_are_bad_characters() {
        for (i, bad) in ['I', 'O', 'S', 'V', 'Z'].into_iter().enumerate() {
            let mut code: Vec<char> = "91110108551385082Q".chars().collect();
            code[i + 2] = bad;
            let code: String = code.into_iter().collect();
            assert_eq!(
                validate(&code),
                Err(CreditCodeError::BadChar {
                    position: i + 3,
                    ch: bad
                }),
                "{code}"
            );
        }
        assert_eq!(
            validate("91650100ma00001540"),
            Err(CreditCodeError::BadChar {
                position: 9,
                ch: 'm'
            })
        );
        assert_eq!(
            validate("91110108551385082-"),
            Err(CreditCodeError::BadChar {
                position: 18,
                ch: '-'
            })
        );
        assert_eq!(
            check_char("9111010855138508O"),
            Err(CreditCodeError::BadChar {
                position: 17,
                ch: 'O'
            })
        );
        assert_eq!(
            CreditCodeError::BadChar {
                position: 3,
                ch: 'I'
            }
            .to_string(),
            "character I at position 3 is not allowed"
        );
    }

    #[test]
    fn a_letter_in_the_region_code_is_refused_even_with_a_good_check_character() {
        // Worked by hand: the values 9,1,1,1,10,1,0,8,5,5,1,3,8,5,0,8,2 times the weights sum
        // to 1189; 1189 mod 31 = 11; 31 - 11 = 20 → L, so the check character alone passes.
        assert_eq!(check_char("9111A108551385082"), Ok('L'));
        assert_eq!(
            validate("9111A108551385082L"),
            Err(CreditCodeError::RegionNotDigit {
                position: 5,
                ch: 'A'
            })
        );
        assert_eq!(
            validate("91Y10108551385082Q"),
            Err(CreditCodeError::RegionNotDigit {
                position: 3,
                ch: 'Y'
            })
        );
        // Letters after position 8 are allowed (the organisation code).
        assert_eq!(validate("91650100MA00001540"), Ok(()));
    }

    #[test]
    fn bad_characters_are_reported_before_the_check() {
        // The first bad character wins, even if the check character is also wrong.
        assert_eq!(
            validate("9111010855138508IF"),
            Err(CreditCodeError::BadChar {
                position: 17,
                ch: 'I'
            })
        );
    }

    #[test]
    fn normalize_cleans_typed_input() {
        assert_eq!(normalize("  91650100ma00001540\t"), "91650100MA00001540");
        assert_eq!(
            normalize("\u{3000}９１６５０１００ｍａ００００１５４０\u{3000}"),
            "91650100MA00001540"
        );
        assert_eq!(normalize("ＭＡ"), "MA");
        assert_eq!(validate(&normalize(" 91110108551385082q ")), Ok(()));
        // Inner spaces and other characters are left for validate to report.
        assert_eq!(normalize("9111 0108"), "9111 0108");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn region_code_is_positions_3_to_8() {
        assert_eq!(region_code("91650100MA00001540"), Some("650100"));
        assert_eq!(region_code("91620100MA00001540"), Some("620100"));
        assert_eq!(region_code("531000005000160090"), Some("100000"));
        assert_eq!(region_code("91650100"), Some("650100"));
        assert_eq!(region_code("9165010"), None);
        assert_eq!(region_code("91ABCDEF00001540"), None);
        assert_eq!(region_code("９1650100MA00001540"), None);
        assert_eq!(region_code(""), None);
    }
}
