//! Forms and start-up prompts, drawn over the screen: one line per field (label, value, and the
//! validation message beside it), the focused field marked, multi-line notes shown in full.

use super::centered;
use super::theme::Theme;
use crate::app::form::{FieldKind, Form};
use crate::app::{App, Prompt};
use crate::i18n::Msg;
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Draws the form or the prompt, if any.
pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    if let Some(form) = &app.form {
        render_form(f, area, app, form, th);
    } else if let Some(p) = &app.prompt {
        render_prompt(f, area, app, p, th);
    }
}

fn render_form(f: &mut Frame, area: Rect, app: &App, form: &Form, th: &Theme) {
    let l = app.lang;
    let width = area.width.saturating_sub(4).clamp(20, 96);
    // Labels are drawn in the language of the moment, so `:lang` relabels an open form.
    let labels: Vec<String> = (0..form.fields.len()).map(|i| form.label(i, l)).collect();
    let label_w = labels
        .iter()
        .map(|x| text::width(x))
        .max()
        .unwrap_or(8)
        .min(16);
    let value_w = (width as usize).saturating_sub(label_w + 6).max(8);
    let mut lines: Vec<Line> = Vec::new();
    let mut focus_line = 0;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        if focused {
            focus_line = lines.len();
        }
        let marker = if focused { "▸ " } else { "  " };
        let label_style = if focused { th.key() } else { th.dim() };
        let value = match field.kind {
            FieldKind::Choice(_) => format!("‹ {} ›", field.shown()),
            FieldKind::District if !field.options.is_empty() => {
                crate::app::form::district::shown(field).unwrap_or_default()
            }
            _ if focused => {
                // The cursor is drawn where the next character goes.
                let at = field
                    .value
                    .char_indices()
                    .nth(field.cursor())
                    .map_or(field.value.len(), |(b, _)| b);
                format!("{}▏{}", &field.value[..at], &field.value[at..])
            }
            _ => field.value.clone(),
        };
        let value_lines: Vec<String> = value
            .split('\n')
            .flat_map(|part| {
                if field.kind == FieldKind::Multiline || focused {
                    text::chunks(part, value_w)
                } else {
                    vec![text::truncate(part, value_w)]
                }
            })
            .collect();
        for (j, part) in value_lines.iter().enumerate() {
            let mut spans = Vec::new();
            if j == 0 {
                spans.push(Span::styled(marker, th.key()));
                spans.push(Span::styled(text::fit(&labels[i], label_w), label_style));
            } else {
                spans.push(Span::raw(" ".repeat(label_w + 2)));
            }
            spans.push(Span::raw("  "));
            let last = j + 1 == value_lines.len();
            let style = if focused {
                th.selected().remove_modifier(Modifier::REVERSED)
            } else {
                Default::default()
            };
            spans.push(Span::styled(part.clone(), style));
            if last && let Some(e) = &field.error {
                spans.push(Span::styled(format!("  ✗ {e}"), th.bad()));
            }
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::from(""));
    if form.confirm_discard {
        lines.push(Line::from(Span::styled(
            Msg::FormDiscard.text(l),
            th.warn(),
        )));
    } else if let (Some(m), Some(_)) = (&form.message, app.save_wait) {
        // Not failed yet: the save is waiting for another program's write.
        lines.push(Line::from(Span::styled(format!("⋯ {m}"), th.warn())));
    } else if let Some(m) = &form.message {
        lines.push(Line::from(Span::styled(format!("✗ {m}"), th.bad())));
    } else {
        lines.push(Line::from(Span::styled(form_hint(&app.keys, l), th.dim())));
    }
    let inner_h = area.height.saturating_sub(2) as usize;
    let skip = focus_line.saturating_sub(inner_h.saturating_sub(3));
    let height = (lines.len() - skip.min(lines.len())).min(inner_h) as u16 + 2;
    let rect = centered(area, width, height);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " {} ",
            text::truncate(&form.title, width.saturating_sub(4) as usize)
        ))
        .border_style(th.accent());
    f.render_widget(
        Paragraph::new(lines).block(block).scroll((skip as u16, 0)),
        rect,
    );
}

fn render_prompt(f: &mut Frame, area: Rect, app: &App, p: &Prompt, th: &Theme) {
    let l = app.lang;
    let (title, lines): (String, Vec<Line>) =
        match p {
            Prompt::Draft(d) => (
                Msg::DraftFound.text(l).to_string(),
                vec![
                    Line::from(format!(" {} ", d.kind)),
                    Line::from(Span::styled(
                        format!(" {} ", d.updated_at.replace('T', " ")),
                        th.dim(),
                    )),
                    Line::from(""),
                    Line::from(Span::styled(
                        format!(" {} ", Msg::DraftPrompt.text(l)),
                        th.key(),
                    )),
                ],
            ),
            Prompt::UndoOthers { question, .. } => (
                Msg::KeyUndo.text(l).to_string(),
                vec![
                    Line::from(format!(" {question} ")),
                    Line::from(""),
                    Line::from(Span::styled(
                        format!(" {} ", crate::i18n::people_text::undo_others_keys(l)),
                        th.key(),
                    )),
                ],
            ),
            Prompt::ChooseMe(p) => {
                let shown = p.shown();
                // The filter line, the list, a blank line and the keys.
                let room = area.height.saturating_sub(7).max(1) as usize;
                let skip = p.cursor.saturating_sub(room.saturating_sub(1));
                let mut lines = vec![Line::from(vec![
                    Span::styled(format!(" {}: ", Msg::ChooseMeFilter.text(l)), th.dim()),
                    Span::styled(format!("{}▏", p.filter), th.accent()),
                ])];
                if shown.is_empty() {
                    lines.push(Line::from(Span::styled(
                        format!(" {} ", Msg::ChooseMeNoMatch.text(l)),
                        th.dim(),
                    )));
                }
                lines.extend(shown.iter().enumerate().skip(skip).take(room).map(
                    |(i, (_, name))| {
                        let style = if i == p.cursor {
                            th.selected()
                        } else {
                            Default::default()
                        };
                        Line::from(Span::styled(format!(" {} ", text::fit(name, 20)), style))
                    },
                ));
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(
                    format!(" {} ", Msg::ChooseMeKeys.text(l)),
                    th.key(),
                )));
                (Msg::ChooseMe.text(l).to_string(), lines)
            }
        };
    let w = lines
        .iter()
        .map(|x| x.width() as u16)
        .chain(std::iter::once(text::width(&title) as u16 + 2))
        .max()
        .unwrap_or(20)
        + 4;
    let rect = centered(area, w, lines.len() as u16 + 2);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(th.accent());
    f.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The form's hint line, with the keys in effect (the user may have changed them).
fn form_hint(keys: &crate::keymap::Keymap, l: crate::i18n::Lang) -> String {
    use crate::keymap::FormKey as F;
    let choose = super::key_pair(
        &keys.form_keys(F::Left, false),
        &keys.form_keys(F::Right, false),
    );
    let save = format!(
        "{}/{}",
        keys.form_keys(F::Submit, false),
        keys.form_keys(F::Save, false)
    );
    crate::i18n::keys_text::form_hint(
        &keys.form_keys(F::NextField, false),
        &choose,
        &save,
        &keys.form_keys(F::Cancel, false),
        &keys.form_keys(F::Command, false),
        l,
    )
}

#[cfg(test)]
mod tests {
    use crate::app::form::{Form, FormData, FormKind};
    use crate::app::{Action, App, Loaded};
    use crate::config::Config;
    use crate::i18n::Lang;
    use crossterm::event::{KeyCode, KeyEvent};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use time::macros::datetime;
    use unicode_width::UnicodeWidthStr;

    /// The screen as text; the second half of a wide character is skipped.
    fn screen(app: &App) -> String {
        let mut term = Terminal::new(TestBackend::new(100, 30)).expect("test backend");
        term.draw(|f| crate::ui::render(f, app)).expect("draw");
        let buf = term.backend().buffer();
        let mut out = Vec::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut skip = 0usize;
            for x in 0..buf.area.width {
                let sym = buf[(x, y)].symbol();
                if skip == 0 {
                    line.push_str(sym);
                }
                skip = skip.max(sym.width()).saturating_sub(1);
            }
            out.push(line.trim_end().to_string());
        }
        out.join("\n")
    }

    fn press(app: &mut App, code: KeyCode) {
        app.update(Action::Key(KeyEvent::from(code)));
    }

    #[test]
    fn an_open_form_follows_lang_and_keeps_what_was_typed() {
        let now = datetime!(2026-11-21 09:30);
        let mut app = App::new(Lang::Zh, now, Config::default(), 100, 30);
        let kind = FormKind::LogVisit {
            enterprise_id: "E1".into(),
            planned_visit_id: None,
        };
        let data = FormData {
            enterprise_name: "新疆克拉玛依科技".into(),
            ..FormData::default()
        };
        let form = Form::open(kind, &data, now.date(), 120, Lang::Zh);
        app.update(Action::Loaded(Loaded::Form(Box::new(form))));
        // Attendees typed; Enter finds the notes empty and says so beside them.
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        for c in "张总".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        let zh = screen(&app);
        for line in [
            "┌ 记录走访 · 新疆克拉玛依科技 ─",
            "│  方式       ‹ 实地 ›",
            "│  参加人员   张总",
            "│▸ 走访记录   ▏  ✗ 必填",
            "│  诉求1类别  ‹ 政策咨询 ›",
        ] {
            assert!(zh.contains(line), "{line:?} in\n{zh}");
        }

        let mut fx = Vec::new();
        app.run_command("lang en", &mut fx);
        assert!(fx.is_empty(), "{fx:?}");
        let en = screen(&app);
        for line in [
            "┌ Log visit · 新疆克拉玛依科技 ─",
            "│  Date           2026-11-21",
            "│  Mode           ‹ on-site ›",
            "│  Attendees      张总",
            "│▸ Notes          ▏  ✗ required",
            "│  Request1 type  ‹ policy ›",
            "│  Next visit     2027-03-21",
        ] {
            assert!(en.contains(line), "{line:?} in\n{en}");
        }
        for word in ["记录走访 ·", "参加人员", "必填", "实地", "政策咨询"] {
            assert!(!en.contains(word), "{word:?} left in\n{en}");
        }
        let form = app.form.as_ref().expect("the form stays open");
        let typed: Vec<(&str, &str)> = form
            .fields
            .iter()
            .filter(|f| f.key == "attendees" || f.key == "notes")
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(typed, [("attendees", "张总"), ("notes", "")]);
        assert_eq!(form.focus, 3, "the focus stays on the notes");
    }

    #[test]
    fn the_form_hint_names_the_form_keys_in_effect() {
        use crate::keymap::Keymap;
        let shipped = Keymap::builtin();
        assert_eq!(
            super::form_hint(shipped, Lang::Zh),
            "Tab 下一项 · ←→ 选择 · Enter/^s 保存 · Esc 取消 · ^o 命令"
        );
        assert_eq!(
            super::form_hint(shipped, Lang::En),
            "Tab next · ←→ choose · Enter/^s save · Esc cancel · ^o command"
        );
        let user = "[keymap.form]\n\"Ctrl-w\" = \"save\"\n\"Ctrl-g\" = \"command\"\n";
        let c = crate::config::Config::with_overrides(user, std::path::Path::new("config.toml"))
            .expect("the config reads");
        assert!(c.keymap.issues.is_empty(), "{:?}", c.keymap.issues);
        assert_eq!(
            super::form_hint(&Keymap::from_config(&c.keymap), Lang::Zh),
            "Tab 下一项 · ←→ 选择 · Enter/^w 保存 · Esc 取消 · ^g 命令"
        );
    }
}
