//! Wrapping text to a width in display columns: words stay whole where they can, Chinese breaks
//! between characters, and closing punctuation never opens a line. The detail screen, its line
//! count and the status line all wrap the same way.

/// Wraps a line to `width` columns by display width: words stay whole where they can, Chinese
/// breaks between characters, and continuation lines are indented under the first.
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    let lead = line.len() - line.trim_start().len();
    let indent = (crate::text::width(&line[..lead]) + 2).min(width / 2);
    wrap_indented(line, width, indent)
}

/// Wraps a message to `width` columns by the same rules, with no indent.
pub fn wrap_flat(line: &str, width: usize) -> Vec<String> {
    wrap_indented(line, width, 0)
}

fn wrap_indented(line: &str, width: usize, indent: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    if width == 0 || crate::text::width(line) <= width {
        return vec![line.to_string()];
    }
    // Tokens: a run of spaces, a run of narrow non-space characters, or one wide character.
    let mut tokens: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut prev: Option<(bool, bool)> = None; // (space, wide)
    for (i, ch) in line.char_indices() {
        let kind = (ch == ' ', ch.width().unwrap_or(0) > 1);
        if i > start && (kind.1 || prev != Some(kind) || prev.is_some_and(|p| p.1)) {
            tokens.push(&line[start..i]);
            start = i;
        }
        prev = Some(kind);
    }
    tokens.push(&line[start..]);
    let mut out: Vec<String> = Vec::new();
    // The current line as tokens (pieces of tokens when a long word is cut), so that a closing
    // mark can take the piece before it down to the next line.
    let mut cur: Vec<&str> = Vec::new();
    let mut used = 0;
    let limit = |out: &Vec<String>| {
        if out.is_empty() {
            width
        } else {
            width - indent
        }
    };
    for tok in tokens {
        let w = crate::text::width(tok);
        if used + w <= limit(&out) {
            cur.push(tok);
            used += w;
            continue;
        }
        if tok.starts_with(' ') {
            // A break at spaces drops them.
            if used > 0 {
                out.push(cur.concat());
                cur.clear();
                used = 0;
            }
            continue;
        }
        let pieces: Vec<&str> = if w <= width - indent {
            vec![tok]
        } else {
            // A word longer than a line is cut by characters.
            tok.char_indices()
                .map(|(i, ch)| &tok[i..i + ch.len_utf8()])
                .collect()
        };
        for (n, piece) in pieces.into_iter().enumerate() {
            let pw = crate::text::width(piece);
            // The token did not fit: its first piece starts a new line, the others fill it.
            if used > 0 && (n == 0 || used + pw > limit(&out)) {
                let mut carried = break_before(&mut cur, piece);
                let carried_w: usize = carried.iter().map(|t| crate::text::width(t)).sum();
                if carried_w + pw > width - indent {
                    // Too wide to take down: the mark opens the line rather than be cut off.
                    cur.append(&mut carried);
                }
                out.push(cur.concat());
                used = carried.iter().map(|t| crate::text::width(t)).sum();
                cur = carried;
            }
            cur.push(piece);
            used += pw;
        }
    }
    let cur = cur.concat();
    if !cur.is_empty() {
        out.push(cur);
    }
    let pad = " ".repeat(indent);
    out.into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.trim_end().to_string()
            } else {
                format!("{pad}{}", l.trim_end())
            }
        })
        .collect()
}

/// Closing punctuation that must not start a line (Chinese line-breaking rules, 避头点): full
/// width marks and the narrow forms that close a phrase.
fn is_closing(ch: char) -> bool {
    matches!(
        ch,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '”'
            | '’'
            | '…'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
    )
}

/// Called when `cur` is full and `next` starts the next line: if `next` is closing punctuation,
/// takes the last piece that is not itself closing punctuation off `cur`, with the marks that
/// follow it, to start the next line, so the mark never opens a line. Leaves `cur` alone when
/// that would empty it (the mark then opens the line: a line of one character cannot do better).
fn break_before<'a>(cur: &mut Vec<&'a str>, next: &str) -> Vec<&'a str> {
    if !next.chars().next().is_some_and(is_closing) {
        return Vec::new();
    }
    let mut at = cur.len();
    while at > 0 && cur[at - 1].chars().next().is_some_and(is_closing) {
        at -= 1;
    }
    if at <= 1 || cur[at - 1].starts_with(' ') {
        return Vec::new();
    }
    cur.split_off(at - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn wrap_keeps_short_lines_and_indents_the_rest() {
        assert_eq!(wrap("  短行", 20), vec!["  短行"]);
        let long =
            "  2026-01-24 完成 电话 余涵明 企业反映专业技术人才招聘难，已推荐参加高校人才对接会。";
        let lines = wrap(long, 40);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:?}");
        assert!(
            lines[1..].iter().all(|l| l.starts_with("    ")),
            "{lines:?}"
        );
        let joined: String = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("");
        assert_eq!(joined.replace(' ', ""), long.replace(' ', ""));
    }

    #[test]
    fn wrap_breaks_english_between_words() {
        let lines = wrap("  milestone 中期检查 due 2026-10-01, 51 days late", 24);
        assert_eq!(
            lines,
            vec![
                "  milestone 中期检查 due",
                "    2026-10-01, 51 days",
                "    late"
            ]
        );
        // A word longer than the line is cut by characters.
        let lines = wrap("abcdefghijklmnopqrstuvwxyz", 10);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert_eq!(wrap("x", 0), vec!["x"]);
    }

    #[test]
    fn wrapped_chinese_never_opens_a_line_with_closing_punctuation() {
        // Naively, width 14 gives "企业反映招聘难" then "，已推荐参…", and width 12 leaves
        // "。" alone on the last line: the character before the mark comes down with it.
        let s = "企业反映招聘难，已推荐参加对接会。";
        assert_eq!(
            wrap(s, 14),
            vec!["企业反映招聘", "  难，已推荐参", "  加对接会。"]
        );
        assert_eq!(
            wrap(s, 12),
            vec!["企业反映招聘", "  难，已推荐", "  参加对接", "  会。"]
        );
        // Where the mark falls inside a line, nothing moves.
        assert_eq!(
            wrap(s, 18),
            vec!["企业反映招聘难，已", "  推荐参加对接会。"]
        );
        // Two closing marks in a row go down together, with the character before them.
        assert_eq!(
            wrap("材料已提交（见附件。）", 20),
            vec!["材料已提交（见附", "  件。）"]
        );
        assert_eq!(
            wrap("研发投入增长，利润下降。", 12),
            vec!["研发投入增", "  长，利润下", "  降。"]
        );
        // A narrow comma in a word cut by characters follows the same rule.
        assert_eq!(wrap("abcdefghij,", 10), vec!["abcdefghi", "  j,"]);
    }
}
