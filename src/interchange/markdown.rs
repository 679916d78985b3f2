//! Markdown tables aligned by display width (a Chinese character takes two columns), so the
//! source reads as a table too.

use crate::text::width;

/// Escapes text (a name, a note) for Markdown, in a table cell or in running text: what would
/// end the cell (`|`, line breaks) and what Markdown would read as markup (`*` `_` emphasis,
/// backticks, `[` `]` links, `<` HTML, `~` strikethrough, and the backslash itself), so
/// `星*号_公司` prints as written.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// A table: `right[i]` right-aligns column `i` (numbers).
pub fn table(headers: &[&str], right: &[bool], rows: &[Vec<String>]) -> String {
    let n = headers.len();
    let cells: Vec<Vec<String>> = std::iter::once(headers.iter().map(|h| cell(h)).collect())
        .chain(rows.iter().map(|r| {
            (0..n)
                .map(|i| cell(r.get(i).map_or("", String::as_str)))
                .collect()
        }))
        .collect();
    let widths: Vec<usize> = (0..n)
        .map(|i| cells.iter().map(|r| width(&r[i])).max().unwrap_or(0).max(3))
        .collect();
    let pad = |s: &str, w: usize, right: bool| {
        let fill = " ".repeat(w.saturating_sub(width(s)));
        if right {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        }
    };
    let line = |r: &[String]| {
        let parts: Vec<String> = (0..n)
            .map(|i| pad(&r[i], widths[i], right.get(i).copied().unwrap_or(false)))
            .collect();
        format!("| {} |\n", parts.join(" | "))
    };
    let mut out = line(&cells[0]);
    let rule: Vec<String> = (0..n)
        .map(|i| {
            if right.get(i).copied().unwrap_or(false) {
                format!("{}:", "-".repeat(widths[i] - 1))
            } else {
                "-".repeat(widths[i])
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for r in &cells[1..] {
        out.push_str(&line(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_chinese_by_width() {
        let t = table(
            &["名称", "排名"],
            &[false, true],
            &[
                vec!["新疆克拉玛依".into(), "1".into()],
                vec!["a|b".into(), "12".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "| 名称         | 排名 |");
        assert_eq!(lines[1], "| ------------ | ---: |");
        assert_eq!(lines[2], "| 新疆克拉玛依 |    1 |");
        assert_eq!(lines[3], "| a\\|b         |   12 |");
        assert!(lines.iter().all(|l| width(l) == width(lines[0])));
    }

    #[test]
    fn markdown_characters_in_names_are_escaped() {
        assert_eq!(cell("星*号_公司"), "星\\*号\\_公司");
        assert_eq!(cell("`代码`科技"), "\\`代码\\`科技");
        assert_eq!(cell("<b>甲</b>"), "\\<b>甲\\</b>");
        assert_eq!(cell("[链接](x)"), "\\[链接\\](x)");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(cell("C:\\路径~~删~~"), "C:\\\\路径\\~\\~删\\~\\~");
        assert_eq!(cell("普通公司 (1) #2"), "普通公司 (1) #2");
    }
}
