//! What the app asks of the loop (`Effect`) and what comes back (`Loaded`): data only. The
//! runner (`crate::tui::runner`) runs the effects; what it has to say comes back as a
//! [`Message`], worded in the session's language by the app.

use super::ListId;
use super::form::{Form, FormData, RewardChoice};
use super::pool::{PoolIndex, PoolView, RowUpdate};
use crate::domain::Pool;
use crate::domain::commissioners::CommissionerFigures;
use crate::i18n::{Label, Lang, Msg};
use crate::store::StoreError;
use crate::store::bureau::TargetRow;
use crate::store::detail::Detail;
use crate::store::edit::{Draft, Edit};
use crate::store::itinerary::{AgendaMode, AgendaRow};
use crate::store::prefill::Prefill;
use crate::store::presence::Session;
use crate::store::queries::{Overview, RankRow, RequestRow};
use std::path::PathBuf;
use std::sync::Arc;
use time::{Date, PrimitiveDateTime};

// The Alerts and Certificates lists are built in the store, for the TUI and the CLI alike.
pub use crate::store::alerts::{AlertItem, AlertLine};
pub use crate::store::certs::CertItem;

/// Rows a fetch brought back.
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// The Pool screen's rows in rank order, before its index has loaded.
    Pool(Vec<RowUpdate>),
    Agenda(Vec<AgendaRow>),
    Alerts(Vec<AlertLine>),
    Ranking(Vec<RankRow>),
    Certs(Vec<CertItem>),
    Requests(Vec<RequestRow>),
    Commissioners(Vec<CommissionerFigures>),
    Targets(Vec<TargetRow>),
    Review(Vec<crate::store::review::ReviewRow>),
    History(Vec<crate::store::history::HistoryRow>),
}

/// What the loop brings back from the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Index(PoolIndex),
    /// The index is loading in the background: `View` comes later.
    IndexLoading,
    /// The index with its view built (sort orders, facets, search) on the thread that loaded
    /// it, so that its arrival costs the keys nothing.
    View(Box<PoolView>),
    Overview(Overview),
    Page {
        list: ListId,
        start: usize,
        total: usize,
        rows: Rows,
    },
    Detail(Box<Detail>),
    /// Planned visits per day of the agenda's month.
    Calendar(Vec<(Date, u32)>),
    /// trends: the whole-pool series kept for the day (computed in the background).
    Trends(crate::domain::trends::Trends),
    /// The ranked years of a pool.
    RankYears(Pool, Vec<i32>),
    /// The years a list offers, oldest first.
    ListYears(ListId, Vec<i32>),
    /// `today` changed (`:today`): derived values were refreshed.
    Today(PrimitiveDateTime),
    /// A form opened, prefilled from the database.
    Form(Box<Form>),
    /// A save, undo or redo went through: what to say, and the enterprises whose rows changed.
    Saved {
        message: Message,
        rows: Vec<RowUpdate>,
        removed: Vec<String>,
        /// Where a moved visit now stands in the Agenda (the cursor follows it).
        agenda_position: Option<usize>,
        /// Commissioners changed: the index (which names them) is read again, and who you are.
        reindex: bool,
    },
    /// A save failed: the form stays open with the message.
    SaveFailed(Message),
    /// A save found another program writing the file: the form stays open and the save is
    /// tried again at the next ticks, up to the configured wait.
    SaveBusy,
    /// A draft could not be written because another program is writing: tried at a later tick.
    DraftBusy(String),
    /// Drafts left by a session that did not end cleanly.
    Drafts(Vec<Draft>),
    /// The commissioner using this file (id, name), and the commissioners to choose from (when
    /// nobody is chosen, or `ask` says to choose: then `ask` is the filter typed after `:me`).
    Me {
        me: Option<(String, String)>,
        commissioners: Vec<(String, String)>,
        ask: Option<String>,
        /// Something to tell (the choice was not kept, …).
        notice: Option<Message>,
    },
    /// The latest change is someone else's: undo it only if the user says so.
    UndoNotYours {
        group: i64,
        /// Whose change it is, and what (the question is worded from it).
        question: Message,
    },
    /// Something done, to tell the user.
    Notice(Message),
    /// Whether another program changed the file since the last check (then everything shown
    /// is read again).
    FileChanged(bool),
    /// A list could not be read.
    FetchFailed {
        list: ListId,
        message: Message,
    },
    Error(Message),
    /// views: what the saved views' reads and writes brought back.
    Views(super::saved_views::ViewsLoaded),
}

/// Work for the loop: reading the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadIndex,
    LoadOverview,
    Fetch {
        list: ListId,
        start: usize,
        len: usize,
        /// Parameters of the Ranking list.
        pool: Pool,
        year: i32,
        /// The list's sort and filter.
        view: crate::store::listview::ListQuery,
    },
    /// The years a list offers (Commissioners, Targets).
    LoadListYears(ListId),
    /// itinerary: rows of the Agenda grouped or narrowed to one commissioner (`mode`), in its
    /// sort and filter (`view`).
    FetchAgenda {
        start: usize,
        len: usize,
        view: crate::store::listview::ListQuery,
        mode: AgendaMode,
    },
    /// itinerary: write the day plan of `day` (Markdown and calendar), of one commissioner's
    /// visits (a name) or everyone's.
    WriteDayPlan {
        day: Date,
        commissioner: Option<String>,
    },
    LoadDetail(String),
    /// Write the pre-visit brief of an enterprise to a file.
    WriteBrief(String),
    /// Whether another program changed the file since the last check.
    CheckFile,
    LoadCalendar(Date),
    LoadRankYears(Pool),
    SetToday(Date),
    /// Open a form: read what it needs and prefill it.
    OpenForm {
        request: FormRequest,
        enterprise_id: Option<String>,
        /// The row selected where the key was pressed: a visit (Agenda), a project (Alerts) or
        /// a request (Requests); the form starts on it.
        item_id: Option<String>,
    },
    /// The form for a target not set yet, on `year`.
    OpenNewTargetForm {
        year: i32,
    },
    /// Open the form setting a target: the selected target's district and metric, for `year`.
    OpenTargetForm {
        district: String,
        metric: crate::domain::targets::Metric,
        year: i32,
    },
    Save {
        edit: Box<Edit>,
        draft_id: String,
    },
    SaveDraft {
        id: String,
        kind: String,
        data: String,
    },
    DeleteDraft(String),
    LoadDrafts,
    Undo,
    /// Undo the latest change although it is someone else's: the user agreed, for this group.
    UndoOthers(i64),
    Redo,
    LoadMe,
    SetMe(String),
    /// Keep the value of a conflict written by `origin` at `seq` (the Review screen).
    Resolve {
        conflict: Box<crate::store::sync::Conflict>,
        origin: String,
        seq: i64,
    },
    /// `:me`: the commissioners to choose from, the prompt starting on this filter.
    ChooseMe(String),
    /// views: read or write the person's saved views.
    Views(super::saved_views::ViewsEffect),
}

impl Effect {
    /// Whether the effect writes the pool's data (saves, drafts, undo and redo): refused on a
    /// read-only file and in the as-of view.
    pub fn writes_data(&self) -> bool {
        matches!(
            self,
            Effect::Save { .. }
                | Effect::SaveDraft { .. }
                | Effect::DeleteDraft(_)
                | Effect::Undo
                | Effect::UndoOthers(_)
                | Effect::Redo
                | Effect::Resolve { .. }
        )
    }
}

/// Which form a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRequest {
    LogVisit,
    PlanVisit,
    MoveVisit,
    CancelVisit,
    NewEnterprise,
    EditEnterprise,
    MovePool,
    MilestoneDone,
    Override,
    Respond,
    Project,
    Milestone,
    Certificate,
    Figures,
    SupportAction,
    PayReward,
    NewCommissioner,
    EditCommissioner,
}

/// A store error as a runner result: shared, so that `Loaded` stays cheap to clone; equal only to
/// itself.
#[derive(Debug, Clone)]
pub struct Failure(pub Arc<StoreError>);

impl PartialEq for Failure {
    fn eq(&self, other: &Failure) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What the runner has to tell the user, as data: [`Message::text`] words it.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// The file could not be read or written.
    Store(Failure),
    /// Text worded where it was made (a system error, a document's error).
    Plain(String),
    /// The as-of view writes nothing.
    AsOfNoWrite,
    /// The enterprise (by id) is not in the file.
    EnterpriseNotFound(String),
    /// The pre-visit brief was written to this file.
    BriefWritten(PathBuf),
    /// itinerary: the day plan was written to these files (Markdown, calendar), with so many
    /// visits.
    DayPlanWritten {
        md: PathBuf,
        ics: PathBuf,
        visits: usize,
    },
    /// Other sessions have the file open: their entries, today as they stamp it, this host.
    OthersOpen {
        sessions: Vec<Session>,
        today: String,
        host: String,
    },
    /// A change went through (its logged label).
    Saved(String),
    Undone(String),
    Redone(String),
    NothingToUndo,
    NothingToRedo,
    /// Move or cancel a visit: there is no planned visit.
    NoPlannedVisit,
    /// A form choosing among rows that has none to choose.
    NothingToChoose,
    /// Undo someone else's change? Whose (name, id) and its label.
    UndoOthers {
        commissioner: Option<String>,
        commissioner_id: Option<String>,
        label: String,
    },
    /// Who you are holds for this session only (not kept in a config).
    MeSessionOnly,
    /// Who you are could not be kept in the user's config: why (`None`: there is no config
    /// file to keep it in).
    MeNotSaved(Option<String>),
}

impl Message {
    pub fn store(e: StoreError) -> Message {
        Message::Store(Failure(Arc::new(e)))
    }

    /// The message in words.
    pub fn text(&self, l: Lang) -> String {
        use crate::i18n::people_text;
        let label = |label: &str| crate::i18n::change_label(label, l);
        match self {
            Message::Store(e) => crate::i18n::store_text::store_error_text(&e.0, l),
            Message::Plain(s) => s.clone(),
            Message::AsOfNoWrite => crate::i18n::asof_text::no_write(l).to_string(),
            Message::EnterpriseNotFound(id) => format!("enterprise {id} not found"),
            Message::BriefWritten(path) => {
                format!("{}：{}", Msg::BriefWritten.text(l), path.display())
            }
            Message::DayPlanWritten { md, ics, visits } => {
                crate::i18n::itinerary_text::plan_written(md, ics, *visits, l)
            }
            Message::OthersOpen {
                sessions,
                today,
                host,
            } => people_text::others_open(sessions, today, host, l),
            Message::Saved(s) => format!("{}：{}", Msg::Saved.text(l), label(s)),
            Message::Undone(s) => format!("{}：{}", Msg::Undone.text(l), label(s)),
            Message::Redone(s) => format!("{}：{}", Msg::Redone.text(l), label(s)),
            Message::NothingToUndo => Msg::NothingToUndo.text(l).into(),
            Message::NothingToRedo => Msg::NothingToRedo.text(l).into(),
            Message::NoPlannedVisit => Msg::NoPlannedVisit.text(l).into(),
            Message::NothingToChoose => Msg::FormNothingToChoose.text(l).into(),
            Message::UndoOthers {
                commissioner,
                commissioner_id,
                label,
            } => {
                let people =
                    people_text::whose(commissioner.as_deref(), commissioner_id.as_deref(), l);
                people_text::undo_others_question(&people, label, l)
            }
            Message::MeSessionOnly => Msg::MeSessionOnly.text(l).to_string(),
            Message::MeNotSaved(None) => {
                people_text::me_not_saved(people_text::no_config_path(l), l)
            }
            Message::MeNotSaved(Some(reason)) => people_text::me_not_saved(reason, l),
        }
    }
}

/// A form's data from what the store read for it (`store::prefill`): the requests' choices are
/// labelled in the session's language (category · text).
pub fn form_data(p: Prefill, l: Lang) -> FormData {
    FormData {
        enterprise_name: p.enterprise_name,
        next_plan: p.next_plan,
        milestones: p.milestones,
        projects: p.projects,
        requests: p
            .requests
            .into_iter()
            .map(|(id, c, t)| {
                let label = format!("{} · {}", c.label(l), crate::text::truncate(&t, 40));
                (id, label)
            })
            .collect(),
        fields: p.fields,
        membership: p.membership,
        project_details: p.project_details,
        figures: p.figures,
        pool_status: p.pool_status,
        actions: p.actions,
        rewards: p
            .rewards
            .into_iter()
            .map(|r| RewardChoice {
                kind: r.kind,
                year: r.year,
                on: r.on,
                amount: r.amount,
                paid_on: r.paid_on,
                document: r.document,
            })
            .collect(),
        ..FormData::default()
    }
}
