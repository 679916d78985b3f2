//! The list screens: the unit the keymap, the app and the drawing are named by.

use crate::i18n::Msg;

/// The list screens, in number-key order (`0` last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Pool,
    Agenda,
    Alerts,
    Ranking,
    Certs,
    Requests,
    Commissioners,
    Targets,
    History,
    Review,
}

impl Screen {
    pub const ALL: [Screen; 10] = [
        Screen::Pool,
        Screen::Agenda,
        Screen::Alerts,
        Screen::Ranking,
        Screen::Certs,
        Screen::Requests,
        Screen::Commissioners,
        Screen::Targets,
        Screen::History,
        Screen::Review,
    ];

    pub fn title(self) -> Msg {
        match self {
            Screen::Pool => Msg::ScreenPool,
            Screen::Agenda => Msg::ScreenAgenda,
            Screen::Alerts => Msg::ScreenAlerts,
            Screen::Ranking => Msg::ScreenRanking,
            Screen::Certs => Msg::ScreenCerts,
            Screen::Requests => Msg::ScreenRequests,
            Screen::Commissioners => Msg::ScreenCommissioners,
            Screen::Targets => Msg::ScreenTargets,
            Screen::History => Msg::ScreenHistory,
            Screen::Review => Msg::ScreenReview,
        }
    }

    /// Whether the screen lists enterprises (the bureau's screens list people and targets,
    /// the Review screen conflicts).
    pub fn lists_enterprises(self) -> bool {
        !matches!(
            self,
            Screen::Commissioners | Screen::Targets | Screen::Review
        )
    }

    /// Whether the keys that act on one enterprise (log a visit, edit it, …) work on the
    /// screen's selected row: Ranking's rows are the pool's standing, acted on from the detail;
    /// History's are changes (Enter opens their enterprise).
    pub fn selects_enterprise(self) -> bool {
        self.lists_enterprises() && !matches!(self, Screen::Ranking | Screen::History)
    }

    /// The screen's place in [`Screen::ALL`] (its number key less one).
    pub fn number(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The number key of the screen as the tabs show it: the Review screen's is `0` (the
    /// key after 9, kept for it whatever screens come before it).
    pub fn digit(self) -> char {
        match self {
            Screen::Review => '0',
            s => char::from_digit((s.number() + 1) as u32, 10).unwrap_or('0'),
        }
    }

    /// The screen's name in `assets/keymap.toml` (`screen = "pool"`, `run = "screen pool"`).
    pub fn name(self) -> &'static str {
        match self {
            Screen::Pool => "pool",
            Screen::Agenda => "agenda",
            Screen::Alerts => "alerts",
            Screen::Ranking => "ranking",
            Screen::Certs => "certs",
            Screen::Requests => "requests",
            Screen::Commissioners => "commissioners",
            Screen::Targets => "targets",
            Screen::History => "history",
            Screen::Review => "review",
        }
    }

    pub fn from_name(name: &str) -> Option<Screen> {
        Screen::ALL.into_iter().find(|s| s.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_are_named_and_numbered_in_key_order() {
        assert_eq!(Screen::Pool.number(), 0);
        assert_eq!(Screen::Targets.number(), 7);
        assert_eq!(Screen::from_name("certs"), Some(Screen::Certs));
        assert_eq!(Screen::from_name("Certs"), None);
        assert!(!Screen::Ranking.selects_enterprise());
        assert!(Screen::Ranking.lists_enterprises());
        assert!(!Screen::Targets.selects_enterprise());
        assert_eq!(Screen::Review.digit(), '0');
        assert_eq!(Screen::History.digit(), '9');
        assert!(Screen::History.lists_enterprises() && !Screen::History.selects_enterprise());
        assert_eq!(Screen::Targets.digit(), '8');
        assert_eq!(Screen::from_name("review"), Some(Screen::Review));
        assert!(!Screen::Review.lists_enterprises());
    }
}
