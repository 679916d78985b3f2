//! Text helpers: display width (Chinese characters take two columns), truncation with `…`,
//! padding, and (in `pinyin`) the pinyin of names for sorting and search.

mod pinyin;

pub use pinyin::{pinyin_initials, pinyin_key};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The number of terminal columns `s` takes.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, ending with `…` when something was cut.
/// Never splits a character; a wide character that does not fit is dropped whole.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// `s` broken into lines of at most `max` columns (at any character; never mid-character).
pub fn chunks(s: &str, max: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > max.max(2) {
            out.push(String::new());
            used = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push(ch);
        }
        used += w;
    }
    out
}

/// `s` cut to `cols` columns and padded with spaces to exactly `cols` (left-aligned).
pub fn fit(s: &str, cols: usize) -> String {
    let mut t = truncate(s, cols);
    let w = width(&t);
    t.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    t
}

/// `s` cut to `cols` columns and padded on the left to exactly `cols` (right-aligned).
pub fn fit_right(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let w = width(&t);
    let mut out: String = std::iter::repeat_n(' ', cols.saturating_sub(w)).collect();
    out.push_str(&t);
    out
}

/// Short text kept inside its owner (ids, credit codes, pinyin initials of the Pool index)
/// rather than behind a pointer: the index holds 100,000 of each, and a boxed string costs a
/// pointer, a length and a heap block besides its bytes. Longer text is boxed as usual.
#[derive(Clone)]
pub enum ShortStr<const N: usize> {
    Inline { len: u8, bytes: [u8; N] },
    Boxed(Box<str>),
}

impl<const N: usize> std::ops::Deref for ShortStr<N> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            // Built from a whole `str`, so always valid UTF-8.
            ShortStr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len).min(N)]).unwrap_or_default()
            }
            ShortStr::Boxed(b) => b,
        }
    }
}

impl<const N: usize> From<&str> for ShortStr<N> {
    fn from(s: &str) -> Self {
        match u8::try_from(s.len()) {
            Ok(len) if s.len() <= N => {
                let mut bytes = [0; N];
                bytes[..s.len()].copy_from_slice(s.as_bytes());
                ShortStr::Inline { len, bytes }
            }
            _ => ShortStr::Boxed(s.into()),
        }
    }
}

impl<const N: usize> From<String> for ShortStr<N> {
    fn from(s: String) -> Self {
        ShortStr::from(s.as_str())
    }
}

impl<const N: usize> Default for ShortStr<N> {
    fn default() -> Self {
        ShortStr::from("")
    }
}

impl<const N: usize> PartialEq for ShortStr<N> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<const N: usize> Eq for ShortStr<N> {}

impl<const N: usize> PartialOrd for ShortStr<N> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<const N: usize> Ord for ShortStr<N> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl<const N: usize> std::hash::Hash for ShortStr<N> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<const N: usize> std::fmt::Debug for ShortStr<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl<const N: usize> std::fmt::Display for ShortStr<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

/// Many short strings in one buffer, by position (the Pool index's pinyin initials): a search
/// that checks thousands of rows per keystroke then reads memory in order instead of one
/// scattered row at a time. Replacing or removing one moves the bytes after it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackedStrs {
    text: String,
    /// Where each string ends in `text` (the next one starts there).
    ends: Vec<u32>,
}

impl PackedStrs {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn span(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(p) => self.ends[p] as usize,
            None => 0,
        };
        Some(start..end)
    }

    /// String `i` (empty past the end).
    pub fn get(&self, i: usize) -> &str {
        self.span(i)
            .and_then(|r| self.text.get(r))
            .unwrap_or_default()
    }

    /// The bytes of string `i` (empty past the end).
    pub fn bytes(&self, i: usize) -> &[u8] {
        self.span(i)
            .and_then(|r| self.text.as_bytes().get(r))
            .unwrap_or_default()
    }

    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    /// Replaces string `i` (nothing past the end).
    pub fn set(&mut self, i: usize, s: &str) {
        let Some(r) = self.span(i) else {
            return;
        };
        let delta = s.len() as i64 - r.len() as i64;
        self.text.replace_range(r, s);
        for e in &mut self.ends[i..] {
            *e = (i64::from(*e) + delta) as u32;
        }
    }

    /// Removes string `i` (nothing past the end); the later ones move down one place.
    pub fn remove(&mut self, i: usize) {
        self.set(i, "");
        if i < self.ends.len() {
            self.ends.remove(i);
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for PackedStrs {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut p = PackedStrs::default();
        for s in iter {
            p.push(s.as_ref());
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_strings_are_replaced_and_removed_in_place() {
        let mut p: PackedStrs = ["xjkl", "", "lz", "新疆"].into_iter().collect();
        assert_eq!(
            (p.len(), p.get(0), p.get(1), p.get(3)),
            (4, "xjkl", "", "新疆")
        );
        p.set(0, "ab");
        p.set(1, "天山区");
        assert_eq!(
            [p.get(0), p.get(1), p.get(2), p.get(3)],
            ["ab", "天山区", "lz", "新疆"]
        );
        p.remove(1);
        assert_eq!([p.get(0), p.get(1), p.get(2)], ["ab", "lz", "新疆"]);
        p.push("q");
        p.remove(9);
        p.set(9, "x");
        assert_eq!((p.len(), p.get(3), p.get(4)), (4, "q", ""));
    }

    #[test]
    fn short_text_reads_back_whole_inline_or_boxed() {
        let code: ShortStr<18> = "91650100MA77XYZ12X".into();
        assert!(matches!(code, ShortStr::Inline { .. }));
        assert_eq!(&*code, "91650100MA77XYZ12X");
        let long: ShortStr<18> = "91650100MA77XYZ12X9".into();
        assert!(matches!(long, ShortStr::Boxed(_)));
        assert_eq!(&*long, "91650100MA77XYZ12X9");
        // Multi-byte text counts bytes, not characters.
        let zh: ShortStr<6> = "新疆".into();
        assert_eq!(&*zh, "新疆");
        let zh3: ShortStr<6> = "新疆克".into();
        assert!(matches!(zh3, ShortStr::Boxed(_)));
        assert_eq!(&*zh3, "新疆克");
        assert_eq!(ShortStr::<4>::default().len(), 0);
        assert!(ShortStr::<4>::from("ab") < ShortStr::<4>::from("abc"));
        assert_eq!(
            ShortStr::<4>::from("abcde"),
            ShortStr::<4>::from(String::from("abcde"))
        );
        assert!(std::mem::size_of::<ShortStr<18>>() <= 24);
    }

    #[test]
    fn widths_count_chinese_as_two() {
        assert_eq!(width("新疆"), 4);
        assert_eq!(width("ab新"), 4);
    }

    #[test]
    fn truncates_by_width_never_mid_character() {
        assert_eq!(truncate("新疆克拉玛依", 6), "新疆…");
        assert_eq!(truncate("新疆克拉玛依", 7), "新疆克…");
        assert_eq!(truncate("新疆", 4), "新疆");
        assert_eq!(truncate("新疆", 1), "…");
        assert_eq!(truncate("新疆", 0), "");
        assert_eq!(fit("新疆克拉玛依", 7), "新疆克…");
        assert_eq!(width(&fit("新疆克拉玛依", 8)), 8);
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit_right("ab", 4), "  ab");
    }

    #[test]
    fn chunks_break_by_width() {
        assert_eq!(chunks("新疆克拉玛依", 4), vec!["新疆", "克拉", "玛依"]);
        assert_eq!(chunks("ab新", 3), vec!["ab", "新"]);
        assert_eq!(chunks("", 5), vec![""]);
    }
}
