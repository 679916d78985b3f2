//! A form open over the screens: its keys, its draft written as it changes, and its save
//! (tried again while another program writes the file).

use super::form::{Form, FormOutcome};
use super::{App, Effect, FormRequest, LineInput, Loaded, Overlay};
use crate::i18n::Msg;
use crate::keymap::{FormKey, KeyAction};
use crossterm::event::KeyEvent;

impl App {
    /// Keys while a form is open.
    pub(super) fn form_key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        if self.save_wait.is_some() && self.keys.form(&k) == Some(FormKey::Cancel) {
            // Esc stops waiting for the file; the form stays as it was.
            self.save_wait = None;
            if let Some(f) = &mut self.form {
                f.message = None;
            }
            return;
        }
        if self.keys.form(&k) == Some(FormKey::Command) {
            self.overlay = Overlay::Command(LineInput::default());
            return;
        }
        let Some(form) = &mut self.form else { return };
        match form.key_with(&self.keys, k, self.now.date(), self.lang) {
            FormOutcome::Editing { focus_moved, .. } => {
                if focus_moved && form.draft_pending {
                    form.draft_pending = false;
                    fx.push(draft_effect(form));
                }
            }
            FormOutcome::Save(edit) => fx.push(Effect::Save {
                edit,
                draft_id: form.draft_id.clone(),
            }),
            FormOutcome::Discard => {
                fx.push(Effect::DeleteDraft(form.draft_id.clone()));
                self.form = None;
            }
        }
    }
    /// At a tick, the draft of a form changed since the last one.
    pub(super) fn write_pending_draft(&mut self, fx: &mut Vec<Effect>) {
        if let Some(f) = &mut self.form
            && f.draft_pending
        {
            f.draft_pending = false;
            fx.push(draft_effect(f));
        }
    }

    /// A save or draft that did not go through: waiting for another program, or failed.
    pub(super) fn save_not_done(&mut self, l: Loaded) {
        match l {
            Loaded::SaveBusy => {
                if let Some(f) = &mut self.form {
                    self.save_wait = Some(self.save_wait.unwrap_or(0));
                    f.message = Some(Msg::SaveWaiting.text(self.lang).into());
                }
            }
            Loaded::DraftBusy(id) => {
                if let Some(f) = &mut self.form
                    && f.draft_id == id
                {
                    f.draft_pending = true;
                }
            }
            Loaded::SaveFailed(msg) => {
                self.save_wait = None;
                match &mut self.form {
                    Some(f) => f.message = Some(msg.text(self.lang)),
                    None => self.status = Some(msg.text(self.lang)),
                }
            }
            _ => {}
        }
    }

    /// At a tick, tries a save waiting for another program again (the form's values as they
    /// are now), or gives up once the configured wait has passed.
    pub(super) fn retry_save(&mut self, fx: &mut Vec<Effect>) {
        let (Some(waited), Some(form)) = (self.save_wait, &mut self.form) else {
            self.save_wait = None;
            return;
        };
        let limit = self.config.files.write_wait().as_secs_f64().ceil() as u32;
        if waited >= limit {
            self.save_wait = None;
            form.message = Some(Msg::SaveGaveUp.text(self.lang).into());
            return;
        }
        self.save_wait = Some(waited + 1);
        match form.submit(self.now.date(), self.lang) {
            FormOutcome::Save(edit) => fx.push(Effect::Save {
                edit,
                draft_id: form.draft_id.clone(),
            }),
            // The values no longer pass their checks: the form shows why.
            _ => self.save_wait = None,
        }
    }

    /// A save, undo or redo went through: the form closes, the rows changed are put in the
    /// index, the lists are read again.
    pub(super) fn saved(&mut self, l: Loaded, fx: &mut Vec<Effect>) {
        let Loaded::Saved {
            message,
            rows,
            removed,
            agenda_position,
            reindex,
        } = l
        else {
            return;
        };
        let today = self.today();
        if reindex {
            fx.push(Effect::LoadIndex);
            fx.push(Effect::LoadMe);
        }
        // itinerary: the position is in the Agenda by day, everyone's.
        if let Some(pos) = agenda_position.filter(|_| self.agenda_mode().is_plain()) {
            self.agenda.selected = pos;
        }
        self.save_wait = None;
        if let Some(f) = self.form.take() {
            fx.push(Effect::DeleteDraft(f.draft_id));
        }
        self.status = Some(message.text(self.lang));
        if let Some(p) = &mut self.pool {
            for id in &removed {
                p.remove(id, today);
            }
            for row in rows {
                p.upsert(row, today);
            }
        }
        self.reload_lists(fx);
    }
}

/// The form a key asks for.
pub(super) fn form_request(a: KeyAction) -> Option<FormRequest> {
    use FormRequest as F;
    use KeyAction as K;
    Some(match a {
        K::LogVisit => F::LogVisit,
        K::PlanVisit => F::PlanVisit,
        K::MoveVisit => F::MoveVisit,
        K::CancelVisit => F::CancelVisit,
        K::NewEnterprise => F::NewEnterprise,
        K::EditEnterprise => F::EditEnterprise,
        K::MovePool => F::MovePool,
        K::MilestoneDone => F::MilestoneDone,
        K::Override => F::Override,
        K::Respond => F::Respond,
        K::Project => F::Project,
        K::Milestone => F::Milestone,
        K::Certificate => F::Certificate,
        K::Figures => F::Figures,
        K::SupportAction => F::SupportAction,
        K::PayReward => F::PayReward,
        K::NewCommissioner => F::NewCommissioner,
        K::EditCommissioner => F::EditCommissioner,
        _ => return None,
    })
}

/// The effect that writes a form's draft.
fn draft_effect(f: &Form) -> Effect {
    Effect::SaveDraft {
        id: f.draft_id.clone(),
        kind: f.title.clone(),
        data: serde_json::to_string(f).unwrap_or_default(),
    }
}
