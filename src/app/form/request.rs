//! The respond form: an open request answered (in progress, resolved or unresolvable).

use super::{Field, FieldKind, Form, FormKind, Opening, Spec, choices, no_presets, pick, word};
use crate::domain::RequestStatus;
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use time::Date;

pub(super) const RESPOND: Spec = Spec {
    heading: |_, l| Msg::FormRespond.text(l).into(),
    fields,
    label,
    presets: no_presets,
    check,
    edit,
};

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "request" => Some(Msg::ColRequest),
        "status" => Some(Msg::ColStatus),
        "resolution" => Some(Msg::FormResolution),
        _ => None,
    };
    word(msg, key, l)
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let l = o.lang;
    let answers = [
        RequestStatus::InProgress,
        RequestStatus::Resolved,
        RequestStatus::Unresolvable,
    ];
    let statuses = choices(&answers, |v| v.code(), |v| v.label(l).to_string());
    vec![
        pick("request", &o.data.requests),
        Field::new("status", statuses, RequestStatus::InProgress.code()),
        Field::new("resolution", FieldKind::Multiline, ""),
    ]
}

/// Closing a request needs its resolution.
fn check(form: &mut Form, lang: Lang) {
    let closing = RequestStatus::parse(form.value("status")).is_some_and(|s| !s.is_open());
    if closing
        && form.value("resolution").trim().is_empty()
        && let Some(f) = form.fields.iter_mut().find(|f| f.key == "resolution")
    {
        f.error = Some(Msg::FormResolutionRequired.text(lang).into());
    }
}

fn edit(form: &Form, _: Date) -> Option<Edit> {
    Some(Edit::RespondRequest {
        request_id: form.value("request").to_string(),
        status: RequestStatus::parse(form.value("status"))?,
        resolution: Some(form.value("resolution").trim().to_string()).filter(|s| !s.is_empty()),
    })
}
