//! One request's three phases, exactly the calls `MiddlewareMixin.__call__` makes for
//! `SessionMiddleware` (the topology README's "Phases"): `send` (the browser builds the
//! `Cookie` header from its jar as it is now, the load balancer routes, `process_request`),
//! `view` (the session loads at its first access) and `respond` (`process_response`, then the
//! browser stores the `Set-Cookie` lines). A `request` step runs them back to back; a
//! `concurrent` step interleaves several requests' phases.

use crate::browser::rules::{RequestContext, Scheme};
use crate::browser::{OutgoingRequest, ResponseCookie, SentCookies, SimulatedBrowsers};
use crate::event::EventLog;
use crate::middleware::{parse_cookie, wsgi_header_text, InFlight};
use crate::session::{Env, SqlQuery};

use super::super::document::Request;
use super::super::trace::{
    CookieKeptBack, RequestRecord, ResponseRecord, SetCookie, SetCookieVerdict,
};
use super::views::run_view;
use super::{response_cookie, set_cookie_record, Simulation};

/// A request between its phases.
pub(super) struct Exchange<'r> {
    request: &'r Request,
    context: RequestContext,
    url: String,
    /// The instance serving it.
    instance: usize,
    sent: SentCookies,
    /// Django's side: `None` once responded.
    in_flight: Option<InFlight>,
    /// The finished records, after `respond`.
    pub(super) records: Option<(RequestRecord, ResponseRecord)>,
}

impl Simulation {
    fn env<'a>(&'a mut self, events: &'a mut EventLog, queries: &'a mut Vec<SqlQuery>) -> Env<'a> {
        Env {
            now: self.clock.now(),
            settings: &self.settings,
            keys: &mut self.keys,
            server: &mut self.server,
            events,
            queries,
            django: self.django,
            pickle: self.injected.pickle,
        }
    }

    /// `send`: the browser drops its expired cookies and builds the `Cookie` header from its
    /// jar now; the request is routed; `process_request` attaches a lazy session.
    #[inline(always)]
    pub(super) fn send<'r>(
        &mut self,
        request: &'r Request,
        events: &mut EventLog,
        queries: &mut Vec<SqlQuery>,
    ) -> Exchange<'r> {
        let now = self.clock.now();
        let context = request.context(&self.origin);
        let url = request.url_text(&self.origin);
        let outgoing = OutgoingRequest {
            browser: &request.browser,
            path: &request.path,
            url: &url,
            context: &context,
        };
        let sent = self.browsers.send(&outgoing, now, events);
        let cookies = parse_cookie(&wsgi_header_text(sent.header.as_deref().unwrap_or("")));
        let instance = self.route(&request.browser, request.instance.as_deref());
        self.enter(instance);
        let engine = self.engine;
        let in_flight = InFlight::start(engine, cookies, &mut self.env(events, queries));
        self.leave(instance);
        Exchange {
            request,
            context,
            url,
            instance,
            sent,
            in_flight: Some(in_flight),
            records: None,
        }
    }

    /// `view`: the view runs on the request's instance; the session loads at its first access.
    #[inline(always)]
    pub(super) fn view(
        &mut self,
        exchange: &mut Exchange<'_>,
        events: &mut EventLog,
        queries: &mut Vec<SqlQuery>,
    ) {
        let Some(in_flight) = exchange.in_flight.as_mut() else {
            return;
        };
        let request = exchange.request;
        self.enter(exchange.instance);
        let mut env = Env {
            now: self.clock.now(),
            settings: &self.settings,
            keys: &mut self.keys,
            server: &mut self.server,
            events,
            queries,
            django: self.django,
            pickle: self.injected.pickle,
        };
        let users = &self.users;
        in_flight.view(
            request.status,
            request.vary.as_deref(),
            |session, env| run_view(&request.view, session, env, users),
            &mut env,
        );
        self.leave(exchange.instance);
    }

    /// `respond`: `process_response` on the request's instance, then the browser stores the
    /// response's `Set-Cookie` lines in emission order, at the current clock.
    #[inline(always)]
    pub(super) fn respond(
        &mut self,
        exchange: &mut Exchange<'_>,
        events: &mut EventLog,
        queries: &mut Vec<SqlQuery>,
    ) {
        let Some(in_flight) = exchange.in_flight.take() else {
            return;
        };
        self.enter(exchange.instance);
        let handled = {
            let topology = self.topology.then_some(self.injected.topology);
            let mut env = self.env(events, queries);
            let handled = in_flight.respond(&mut env);
            // Only the topology traces record Django's log.
            if let Some(topology) = topology {
                topology.log_exceptions(&handled, &exchange.request.path, &mut env);
            }
            handled
        };
        self.leave(exchange.instance);
        let now = self.clock.now();
        let request = exchange.request;
        let outgoing = OutgoingRequest {
            browser: &request.browser,
            path: &request.path,
            url: &exchange.url,
            context: &exchange.context,
        };
        let mut set_cookies: Vec<SetCookie> = handled
            .response
            .cookies
            .iter()
            .map(set_cookie_record)
            .collect();
        let received: Vec<ResponseCookie> = set_cookies.iter().map(response_cookie).collect();
        let outcomes = self.browsers.receive(&outgoing, &received, now, events);
        for (record, outcome) in set_cookies.iter_mut().zip(outcomes.iter().flatten()) {
            record.verdict = Some(SetCookieVerdict::of(outcome));
        }
        let context = &exchange.context;
        let sent = std::mem::take(&mut exchange.sent);
        exchange.records = Some((
            RequestRecord {
                browser: request.browser.clone(),
                path: request.path.clone(),
                secure: context.url.scheme() == Scheme::Https,
                cookie_header: sent.header,
                url: exchange.url.clone(),
                method: request.kind.default_method(),
                kind: request.kind,
                from: context.initiator.as_ref().map(|page| page.to_string()),
                not_sent: sent
                    .not_sent
                    .map(|not_sent| not_sent.iter().map(CookieKeptBack::of).collect()),
                instance: self
                    .topology
                    .then(|| self.cluster.name(exchange.instance).to_owned()),
            },
            ResponseRecord {
                status: handled.response.status,
                exception: handled
                    .exception
                    .as_ref()
                    .map(|e| e.python_name().to_owned()),
                view_exception: handled
                    .view_exception
                    .as_ref()
                    .map(|e| e.python_name().to_owned()),
                escaped_exception: handled
                    .escaped_exception()
                    .map(|e| e.python_name().to_owned()),
                exception_message: handled
                    .exception
                    .as_ref()
                    .or(handled.request_exception.as_ref())
                    .map(|e| e.to_string()),
                result: handled.result,
                vary: handled.response.vary,
                set_cookies,
            },
        ));
    }
}
