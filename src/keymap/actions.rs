//! What a key asks for, layer by layer, with the names `assets/keymap.toml` gives the actions.

use super::Screen;

/// An action of one layer, read from its name in the keymap file.
pub trait Action: Copy + Eq + std::fmt::Debug + 'static {
    fn parse(name: &str) -> Option<Self>;
}

/// Defines a layer's actions and their names in the keymap file.
macro_rules! actions {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $var:ident = $s:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $var,)+ }

        impl Action for $name {
            fn parse(name: &str) -> Option<Self> {
                match name {
                    $($s => Some(Self::$var),)+
                    _ => None,
                }
            }
        }
    };
}

/// What a key asks for on the list screens and the detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyAction {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfUp,
    HalfDown,
    Screen(Screen),
    NextScreen,
    PrevScreen,
    Open,
    Back,
    SortNext,
    SortReverse,
    Filter,
    ClearFilter,
    Search,
    /// Forgets the Pool screen's search.
    ClearSearch,
    NextMatch,
    PrevMatch,
    NextPool,
    PrevYear,
    NextYear,
    /// Commissioners and Targets rolled up by district, or back.
    RollUp,
    Help,
    CommandLine,
    Quit,
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
    SupportAction,
    Figures,
    EditTarget,
    NewTarget,
    Brief,
    Undo,
    Redo,
    PayReward,
    NewCommissioner,
    EditCommissioner,
    /// The saved views' picker.
    Views,
    // itinerary: the Agenda's grouping, mine only, the day plan
    CycleGrouping,
    MineOnly,
    DayPlan,
}

/// The list actions' names in the keymap file (`screen NAME` aside).
const LIST_NAMES: &[(&str, KeyAction)] = {
    use KeyAction as K;
    &[
        ("up", K::Up),
        ("down", K::Down),
        ("top", K::Top),
        ("bottom", K::Bottom),
        ("page_up", K::PageUp),
        ("page_down", K::PageDown),
        ("half_up", K::HalfUp),
        ("half_down", K::HalfDown),
        ("next_screen", K::NextScreen),
        ("prev_screen", K::PrevScreen),
        ("open", K::Open),
        ("back", K::Back),
        ("sort_next", K::SortNext),
        ("sort_reverse", K::SortReverse),
        ("filter", K::Filter),
        ("clear_filter", K::ClearFilter),
        ("search", K::Search),
        ("clear_search", K::ClearSearch),
        ("next_match", K::NextMatch),
        ("prev_match", K::PrevMatch),
        ("next_pool", K::NextPool),
        ("prev_year", K::PrevYear),
        ("next_year", K::NextYear),
        ("roll_up", K::RollUp),
        ("help", K::Help),
        ("command_line", K::CommandLine),
        ("quit", K::Quit),
        ("log_visit", K::LogVisit),
        ("plan_visit", K::PlanVisit),
        ("move_visit", K::MoveVisit),
        ("cancel_visit", K::CancelVisit),
        ("new_enterprise", K::NewEnterprise),
        ("edit_enterprise", K::EditEnterprise),
        ("move_pool", K::MovePool),
        ("milestone_done", K::MilestoneDone),
        ("override", K::Override),
        ("respond", K::Respond),
        ("project", K::Project),
        ("milestone", K::Milestone),
        ("certificate", K::Certificate),
        ("support_action", K::SupportAction),
        ("figures", K::Figures),
        ("edit_target", K::EditTarget),
        ("new_target", K::NewTarget),
        ("brief", K::Brief),
        ("undo", K::Undo),
        ("redo", K::Redo),
        ("pay_reward", K::PayReward),
        ("new_commissioner", K::NewCommissioner),
        ("edit_commissioner", K::EditCommissioner),
        ("views", K::Views),
        // itinerary
        ("cycle_grouping", K::CycleGrouping),
        ("mine_only", K::MineOnly),
        ("day_plan", K::DayPlan),
    ]
};

impl Action for KeyAction {
    fn parse(name: &str) -> Option<Self> {
        if let Some(screen) = name.strip_prefix("screen ") {
            return Screen::from_name(screen.trim()).map(KeyAction::Screen);
        }
        LIST_NAMES.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }
}

impl KeyAction {
    /// Whether the action changes the file (refused when it is open read-only).
    pub fn writes(self) -> bool {
        use KeyAction as K;
        matches!(
            self,
            K::LogVisit
                | K::PlanVisit
                | K::MoveVisit
                | K::CancelVisit
                | K::NewEnterprise
                | K::EditEnterprise
                | K::MovePool
                | K::MilestoneDone
                | K::Override
                | K::Respond
                | K::Project
                | K::Milestone
                | K::Certificate
                | K::SupportAction
                | K::Figures
                | K::EditTarget
                | K::NewTarget
                | K::Undo
                | K::Redo
                | K::PayReward
                | K::NewCommissioner
                | K::EditCommissioner
        )
    }
}

actions! {
    /// What a key asks for in a form (other keys type into the field).
    FormKey {
        /// Leaves the form, asking first when something changed.
        Cancel = "cancel",
        Save = "save",
        /// Saves; a new line in a multi-line field.
        Submit = "submit",
        NextField = "next_field",
        PrevField = "prev_field",
        /// The previous choice or district level, else the cursor left.
        Left = "left",
        Right = "right",
        /// The next choice of a choice field (in a text field the key types).
        NextChoice = "next_choice",
        LineStart = "line_start",
        LineEnd = "line_end",
        Backspace = "backspace",
        Delete = "delete",
        Clear = "clear",
        /// Opens the command line over the form (`:lang en` rewords it; other commands wait
        /// until the form is closed).
        Command = "command",
    }
}

actions! {
    /// What a key asks for in the Pool screen's filter menu.
    FilterKey {
        Close = "close",
        /// Closes the menu, or goes back from the values to the dimensions.
        Back = "back",
        Down = "down",
        Up = "up",
        /// Opens the dimension's values, or sets the filter to the value.
        Choose = "choose",
        /// Opens the dimension's values.
        Open = "open",
    }
}

actions! {
    /// What a key asks for in a prompt.
    PromptKey {
        Yes = "yes",
        No = "no",
        /// The answer that loses nothing.
        Default = "default",
        Down = "down",
        Up = "up",
        Choose = "choose",
        Later = "later",
        Backspace = "backspace",
        Quit = "quit",
    }
}

actions! {
    /// What a key asks for on the search line (other keys type).
    SearchKey {
        Cancel = "cancel",
        Done = "done",
        Backspace = "backspace",
    }
}

actions! {
    /// What a key asks for on the command line (other keys type).
    CommandKey {
        Cancel = "cancel",
        Run = "run",
        Backspace = "backspace",
    }
}
