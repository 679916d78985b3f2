//! The override form: a project's colour set by hand (with the reason), or the override cleared.

use super::{Field, FieldKind, Form, FormKind, Opening, Spec, no_presets, pick, word};
use crate::domain::Colour;
use crate::i18n::{Badge, Label};
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use time::Date;

pub(super) const OVERRIDE: Spec = Spec {
    heading: |_, l| Msg::FormOverride.text(l).into(),
    fields,
    label,
    presets: no_presets,
    check,
    edit,
};

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "project" => Some(Msg::ColProject),
        "colour" => Some(Msg::ColColour),
        "reason" => Some(Msg::ColReason),
        _ => None,
    };
    word(msg, key, l)
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let l = o.lang;
    let mut colours: Vec<(String, String)> =
        vec![("none".into(), Msg::FormNoOverride.text(l).into())];
    colours.extend(
        Colour::ALL
            .iter()
            .map(|c| (c.code().to_string(), c.badge(l))),
    );
    vec![
        pick("project", &o.data.projects),
        Field::new("colour", FieldKind::Choice(colours), Colour::Yellow.code()),
        Field::new("reason", FieldKind::Text, ""),
    ]
}

/// A colour set by hand needs a reason; clearing the override does not.
fn check(form: &mut Form, lang: Lang) {
    let clearing = form.value("colour") == "none";
    if !clearing
        && form.value("reason").trim().is_empty()
        && let Some(f) = form.fields.iter_mut().find(|f| f.key == "reason")
    {
        f.error = Some(Msg::FormReasonRequired.text(lang).into());
    }
}

fn edit(form: &Form, _: Date) -> Option<Edit> {
    Some(Edit::OverrideColour {
        project_id: form.value("project").to_string(),
        colour: Colour::parse(form.value("colour")),
        reason: form.value("reason").trim().to_string(),
    })
}
