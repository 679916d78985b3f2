//! itinerary: the Agenda grouped or narrowed to one commissioner (its groups and keys kept in
//! the memo while the file does not change, so paging reads only the rows shown), and the day
//! plan written beside the briefs.

use super::Runner;
use crate::app::{ListId, Loaded, Message, Rows};
use crate::store::Result;
use crate::store::itinerary::{self, AgendaMode, Grouped};
use crate::store::listview::ListQuery;
use time::{Date, Duration};

/// The Agenda's groups last read, and the mode and view they were read for.
pub(super) type Groups = Option<((AgendaMode, ListQuery), Grouped)>;

impl Runner {
    /// Rows `start..start + len` of the Agenda as `mode` groups and narrows it.
    pub(super) fn fetch_agenda(
        &mut self,
        mode: &AgendaMode,
        view: &ListQuery,
        start: usize,
        len: usize,
    ) -> Result<Loaded> {
        let today = self.now.date();
        let until = today.saturating_add(Duration::days(6));
        let key = (mode.clone(), view.clone());
        let kept = match &self.memo()?.agenda_groups {
            Some((k, g)) if *k == key => Some(g.clone()),
            _ => None,
        };
        let conn = &self.store.conn;
        let groups = match kept {
            Some(g) => g,
            None => itinerary::groups(conn, today, until, mode, view)?,
        };
        let (total, rows) = itinerary::page(conn, today, &groups, start, len)?;
        self.memo.agenda_groups = Some((key, groups));
        Ok(Loaded::Page {
            list: ListId::Agenda,
            start,
            total,
            rows: Rows::Agenda(rows),
        })
    }

    /// Writes the day plan of `day` (Markdown and calendar) to the briefs folder.
    pub(super) fn write_day_plan(&self, day: Date, who: Option<&str>) -> Result<Loaded> {
        let plan = crate::cli::plan::texts(&self.store.conn, day, who, self.now, self.lang)?;
        let folder = crate::cli::brief::folder(&self.config, self.lang);
        let stem = crate::i18n::itinerary_text::plan_file_stem(day, who, self.lang);
        let stem = crate::cli::brief::safe_name(&stem);
        let md = folder.join(format!("{stem}.md"));
        let ics = folder.join(format!("{stem}.ics"));
        let written = crate::interchange::write_atomically(&md, plan.markdown.as_bytes())
            .and_then(|()| crate::interchange::write_atomically(&ics, plan.calendar.as_bytes()));
        Ok(match written {
            Ok(()) => Loaded::Notice(Message::DayPlanWritten {
                md,
                ics,
                visits: plan.visits,
            }),
            Err(e) => Loaded::Error(Message::Plain(crate::i18n::input_text::file_error(
                &e, self.lang,
            ))),
        })
    }
}
