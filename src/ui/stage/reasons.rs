//! A one-line reason for every cookie a rules browser refused or kept back, as the stage shows
//! it ("refused: it is Secure but came over plain http", "not sent: SameSite=Lax and this is a
//! cross-site POST"). The words are the engine's own explanations, read from the step's records
//! (the response's `Set-Cookie` verdicts, the request's kept-back cookies, the script's writes
//! and hidden cookies); the events only name the cookie and its DevTools reasons.

use sessionscope_engine::scenario::{CookieKeptBack, SetCookieVerdict, TraceStep};

/// Why the browser refused the `Set-Cookie` line (or `document.cookie` write) naming `name`:
/// "refused: …", or the DevTools reason names when no record explains it.
pub fn refused_words(step: &TraceStep, name: &str, reason_names: &[&str]) -> String {
    let from_response = step.response.as_ref().and_then(|response| {
        response
            .set_cookies
            .iter()
            .filter(|cookie| cookie.name == name)
            .find_map(|cookie| refusal_explanation(cookie.verdict.as_ref()?))
    });
    let from_script = || {
        step.script.as_ref().and_then(|script| {
            script
                .writes
                .iter()
                .filter(|write| written_name(&write.text) == name)
                .find_map(|write| refusal_explanation(&write.verdict))
        })
    };
    from_response
        .or_else(from_script)
        .unwrap_or_else(|| format!("refused: {}", reason_names.join(", ")))
}

/// Why the browser kept the cookie `name` back from the request (or hid it from the script):
/// "not sent: …" / "hidden from document.cookie: …", or the DevTools names as a fallback.
pub fn not_sent_words(step: &TraceStep, name: &str, reason_names: &[&str]) -> String {
    let kept: Option<&CookieKeptBack> = step
        .request
        .as_ref()
        .and_then(|request| request.not_sent.as_ref())
        .into_iter()
        .flatten()
        .chain(step.script.iter().flat_map(|script| script.hidden.iter()))
        .find(|cookie| cookie.name == name);
    match kept {
        Some(cookie) => cookie.explanation.clone(),
        None => format!("not sent: {}", reason_names.join(", ")),
    }
}

fn refusal_explanation(verdict: &SetCookieVerdict) -> Option<String> {
    match verdict {
        SetCookieVerdict::Refused { explanation, .. } => Some(explanation.clone()),
        _ => None,
    }
}

/// The name a `document.cookie = "name=value; …"` text gives.
fn written_name(text: &str) -> &str {
    let pair = text.split(';').next().unwrap_or_default();
    pair.split_once('=').map_or("", |(name, _)| name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Playground;
    use sessionscope_engine::json::{Dict, Value};
    use sessionscope_engine::scenario::{
        Engine, Request, ScriptStep, SettingChange, Step, ViewCall,
    };

    fn with_cart() -> Step {
        let mut data = Dict::new();
        data.insert("cart", Value::from("book"));
        Step::Request(Request::new(ViewCall::Set(data)))
    }

    #[test]
    fn a_secure_cookie_over_http_is_refused_in_words() {
        let mut playground = Playground::new(Engine::Db, 1_700_000_000.0, 3);
        playground.change_setting(SettingChange::CookieSecure(true));
        playground.push(with_cart());
        let step = &playground.trace().steps[0];
        assert_eq!(
            refused_words(step, "sessionid", &["SecureOnly"]),
            "refused: it is Secure but came over plain http"
        );
        assert_eq!(
            refused_words(step, "other", &["SecureOnly"]),
            "refused: SecureOnly",
            "no record names it: the DevTools names"
        );
    }

    #[test]
    fn the_stage_jar_holds_a_secure_cookie_back_from_http_in_words() {
        let mut playground = Playground::new(Engine::Db, 1_700_000_000.0, 3);
        playground.change_setting(SettingChange::CookieSecure(true));
        let mut over_https = Request::new(ViewCall::Noop);
        over_https.secure = true;
        over_https.view = match with_cart() {
            Step::Request(request) => request.view,
            _ => unreachable!(),
        };
        playground.push(Step::Request(over_https));
        playground.push(Step::Request(Request::new(ViewCall::Noop)));
        let held: Vec<String> = (0..playground.timeline().len())
            .filter_map(|position| {
                let shelf = crate::ui::stage::actors::jar_shelf(&playground, Some(position));
                shelf
                    .records
                    .into_iter()
                    .find_map(|record| record.held_back)
            })
            .collect();
        assert_eq!(
            held,
            ["not sent: it is Secure and this request is not over https"]
        );
    }

    #[test]
    fn an_http_only_cookie_is_hidden_from_the_script_in_words() {
        let mut playground = Playground::new(Engine::Db, 1_700_000_000.0, 3);
        playground.push(with_cart());
        playground.push(Step::Script(ScriptStep::read()));
        let step = &playground.trace().steps[1];
        assert_eq!(
            not_sent_words(step, "sessionid", &["HttpOnly"]),
            "hidden from document.cookie: it is HttpOnly, so scripts cannot read it"
        );
    }
}
