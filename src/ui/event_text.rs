//! Short words for the stage: which of the three lanes an event belongs to and a title for
//! it (each step's label is [`super::step_names`]).

use sessionscope_engine::scenario::{EventKind, Lane};

/// The stage's three lanes, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StageLane {
    /// The browser and its cookie jar.
    Browser,
    /// Django: `SessionMiddleware` and the view.
    Django,
    /// The session store.
    Store,
}

impl StageLane {
    pub const ALL: [StageLane; 3] = [StageLane::Browser, StageLane::Django, StageLane::Store];

    /// Where an engine lane is drawn: the middleware and the view share Django's lane.
    pub fn of(lane: Lane) -> StageLane {
        match lane {
            Lane::Browser => StageLane::Browser,
            Lane::Middleware | Lane::View => StageLane::Django,
            Lane::Store => StageLane::Store,
        }
    }

    /// 0, 1 or 2, left to right.
    pub fn index(self) -> usize {
        match self {
            StageLane::Browser => 0,
            StageLane::Django => 1,
            StageLane::Store => 2,
        }
    }

    /// The CSS class of the lane.
    pub fn css_class(self) -> &'static str {
        match self {
            StageLane::Browser => "browser",
            StageLane::Django => "django",
            StageLane::Store => "store",
        }
    }

    /// The lane's heading.
    pub fn title(self) -> &'static str {
        match self {
            StageLane::Browser => "Browser",
            StageLane::Django => "Django",
            StageLane::Store => "Session store",
        }
    }
}

/// A few words naming what happened, for the lane's list.
pub fn event_title(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::CookieSent => "sends the Cookie header",
        EventKind::NoCookieSent => "sends no cookie",
        EventKind::ProcessRequest => "attaches request.session",
        EventKind::SessionLoad => "loads the data, lazily",
        EventKind::StoreRead => "reads",
        EventKind::StoreWrite => "writes",
        EventKind::StoreDelete => "deletes",
        EventKind::StoreEvict => "evicts",
        EventKind::NewKey => "draws a new key",
        EventKind::ViewOp => "the view uses the session",
        EventKind::Exception => "raises",
        EventKind::ProcessResponse => "decides what to save",
        EventKind::SetCookie => "sends Set-Cookie",
        EventKind::DeleteCookie => "sends a deleting Set-Cookie",
        EventKind::NoCookieChange => "sends no Set-Cookie",
        EventKind::VaryCookie => "adds Vary: Cookie",
        EventKind::CookieStored => "stores the cookie",
        EventKind::CookieDropped { .. } => "drops the cookie",
        EventKind::CookieDeleted => "deletes the cookie",
        EventKind::CookieExpired => "forgets an expired cookie",
        EventKind::Environment => "meanwhile",
        EventKind::Login => "logs the user in",
        EventKind::Logout => "logs the user out",
        EventKind::AuthHashCheck { .. } => "checks the session auth hash",
        EventKind::CookieNotSent { .. } => "keeps a cookie back",
        EventKind::CookieRefused { .. } => "refuses the cookie",
        EventKind::ScriptRead => "a script reads document.cookie",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middleware_and_view_share_the_django_lane() {
        assert_eq!(StageLane::of(Lane::Middleware), StageLane::Django);
        assert_eq!(StageLane::of(Lane::View), StageLane::Django);
        assert_eq!(StageLane::of(Lane::Store).index(), 2);
        assert_eq!(StageLane::of(Lane::Browser).index(), 0);
    }

    #[test]
    fn titles_say_what_happened() {
        assert_eq!(
            event_title(&EventKind::ProcessRequest),
            "attaches request.session"
        );
        assert_eq!(
            event_title(&EventKind::CookieDropped {
                reason: "4096-byte limit".into()
            }),
            "drops the cookie"
        );
    }
}
