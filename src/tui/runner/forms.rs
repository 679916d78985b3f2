//! Opening a form: what it needs is read in the store (`store::prefill`, `store::targets`),
//! then the form is opened on it.

use super::Runner;
use crate::app::form::{Form, FormData, FormKind};
use crate::app::{FormRequest, Loaded, Message, form_data};
use crate::domain::targets::Metric;
use crate::store::prefill::prefill;
use crate::store::{Result, commissioners, targets};
use time::Duration;

impl Runner {
    /// Reads what a form needs and opens it.
    pub(super) fn open_form(
        &self,
        request: FormRequest,
        eid: Option<&str>,
        item_id: Option<&str>,
    ) -> Result<Loaded> {
        let conn = &self.store.conn;
        let mut data = match eid {
            Some(eid) => form_data(prefill(conn, eid, item_id, &self.config)?, self.lang),
            None => FormData::default(),
        };
        data.preselect = eid.and(item_id).map(str::to_string);
        data.commissioners = commissioners::names(conn)?;
        let kind = match self.form_kind(request, eid, item_id, &mut data)? {
            Ok(kind) => kind,
            Err(why) => return Ok(Loaded::Error(why)),
        };
        let (today, interval) = (self.now.date(), self.config.cadence.interval_days);
        let mut form = Form::open(kind, &data, today, interval, self.lang);
        if matches!(
            request,
            FormRequest::MilestoneDone
                | FormRequest::Override
                | FormRequest::Respond
                | FormRequest::Milestone
        ) {
            form.draft_id = format!("{}:{}", form.draft_id, eid.unwrap_or_default());
        }
        Ok(Loaded::Form(Box::new(form)))
    }

    /// The form a request opens, or why none opens (nothing to choose from).
    fn form_kind(
        &self,
        request: FormRequest,
        eid: Option<&str>,
        item_id: Option<&str>,
        data: &mut FormData,
    ) -> Result<std::result::Result<FormKind, Message>> {
        let e = eid.unwrap_or_default().to_string();
        let soon = self.now.date().saturating_add(Duration::days(7));
        let plan = data.next_plan.clone();
        let nothing = Err(Message::NothingToChoose);
        Ok(Ok(match request {
            FormRequest::LogVisit => FormKind::LogVisit {
                enterprise_id: e,
                planned_visit_id: plan.filter(|(_, d)| *d <= soon).map(|(id, _)| id),
            },
            FormRequest::PlanVisit => FormKind::PlanVisit { enterprise_id: e },
            FormRequest::MoveVisit | FormRequest::CancelVisit => {
                let Some((visit_id, _)) = plan else {
                    return Ok(Err(Message::NoPlannedVisit));
                };
                if request == FormRequest::MoveVisit {
                    FormKind::MoveVisit { visit_id }
                } else {
                    FormKind::CancelVisit { visit_id }
                }
            }
            FormRequest::NewEnterprise => {
                data.fields = None;
                data.enterprise_name.clear();
                FormKind::Enterprise { id: None }
            }
            FormRequest::EditEnterprise => FormKind::Enterprise {
                id: eid.map(str::to_string),
            },
            FormRequest::MovePool => FormKind::MovePool { enterprise_id: e },
            FormRequest::Project => FormKind::Project { enterprise_id: e },
            FormRequest::Certificate => FormKind::Certificate { enterprise_id: e },
            FormRequest::Figures => FormKind::Figures { enterprise_id: e },
            FormRequest::SupportAction => FormKind::SupportAction { enterprise_id: e },
            FormRequest::PayReward if data.rewards.is_empty() => return Ok(nothing),
            FormRequest::PayReward => FormKind::PayReward { enterprise_id: e },
            FormRequest::NewCommissioner => {
                data.enterprise_name.clear();
                FormKind::Commissioner { id: None }
            }
            FormRequest::EditCommissioner => {
                let Some(id) = item_id else {
                    return Ok(nothing);
                };
                data.enterprise_name.clear();
                data.commissioner = crate::store::ledgers::commissioners(&self.store.conn)?
                    .into_iter()
                    .find(|(c, _, _)| c == id);
                if data.commissioner.is_none() {
                    return Ok(nothing);
                }
                FormKind::Commissioner {
                    id: Some(id.to_string()),
                }
            }
            FormRequest::Milestone if data.projects.is_empty() => return Ok(nothing),
            FormRequest::Milestone => FormKind::Milestone,
            FormRequest::MilestoneDone if data.milestones.is_empty() => return Ok(nothing),
            FormRequest::MilestoneDone => FormKind::MilestoneDone,
            FormRequest::Override if data.projects.is_empty() => return Ok(nothing),
            FormRequest::Override => FormKind::Override,
            FormRequest::Respond if data.requests.is_empty() => return Ok(nothing),
            FormRequest::Respond => FormKind::Respond,
        }))
    }

    /// Opens the form setting a district's target, on `year` with the values stored per year.
    pub(super) fn open_target_form(
        &self,
        district: &str,
        metric: Metric,
        year: i32,
    ) -> Result<Loaded> {
        let data = FormData {
            target_year: Some(year),
            targets: targets::values_of(&self.store.conn, district, metric)?,
            ..FormData::default()
        };
        let kind = FormKind::Target {
            district: district.to_string(),
            metric,
        };
        let (today, interval) = (self.now.date(), self.config.cadence.interval_days);
        let form = Form::open(kind, &data, today, interval, self.lang);
        Ok(Loaded::Form(Box::new(form)))
    }

    /// Opens the form for a target not set yet, on `year`.
    pub(super) fn open_new_target_form(&self, year: i32) -> Result<Loaded> {
        let data = FormData {
            target_year: Some(year),
            districts: targets::districts_in_use(&self.store.conn)?,
            ..FormData::default()
        };
        let (today, interval) = (self.now.date(), self.config.cadence.interval_days);
        let mut form = Form::open(FormKind::NewTarget, &data, today, interval, self.lang);
        form.draft_id = "new_target".into();
        Ok(Loaded::Form(Box::new(form)))
    }
}
