//! Every session setting, editable. A change applies from the first step: the scenario is
//! re-run and everything on the page updates at once.

use leptos::prelude::*;

use crate::ui::state::AppState;
use crate::ui::validation;
use sessionscope_engine::scenario::{SettingChange, Settings};

/// What the SameSite picker offers; `(omitted)` is `None` in Python (no attribute).
const SAMESITE_CHOICES: [&str; 4] = ["Lax", "Strict", "None", "(omitted)"];

fn samesite_choice(settings: &Settings) -> String {
    settings
        .cookie_samesite
        .clone()
        .unwrap_or_else(|| SAMESITE_CHOICES[3].to_owned())
}

fn samesite_change(choice: String) -> SettingChange {
    SettingChange::CookieSameSite((choice != SAMESITE_CHOICES[3]).then_some(choice))
}

fn fallbacks_change(text: &str) -> SettingChange {
    SettingChange::SecretKeyFallbacks(
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = AppState::expect();
    let settings = Memo::new(move |_| state.playground.with(|p| p.initial_settings()));
    let change = move |change: SettingChange| state.change_setting(change);
    view! {
        <section class="card">
            <h2>"settings.py"</h2>
            <p class="hint">"Changes apply from the first request: the whole scenario re-runs."</p>
            <div class="settings-grid">
                <TextSetting
                    name="SESSION_COOKIE_NAME"
                    value=Signal::derive(move || settings.with(|s| s.cookie_name.clone()))
                    on_change=move |text| change(SettingChange::CookieName(text))
                />
                <CookieAgeSetting
                    current=Signal::derive(move || settings.with(|s| s.cookie_age))
                    on_change=move |age| change(SettingChange::CookieAge(age))
                />
                <CheckSetting
                    name="SESSION_EXPIRE_AT_BROWSER_CLOSE"
                    checked=Signal::derive(move || settings.with(|s| s.expire_at_browser_close))
                    on_change=move |on| change(SettingChange::ExpireAtBrowserClose(on))
                />
                <CheckSetting
                    name="SESSION_SAVE_EVERY_REQUEST"
                    checked=Signal::derive(move || settings.with(|s| s.save_every_request))
                    on_change=move |on| change(SettingChange::SaveEveryRequest(on))
                />
                <TextSetting
                    name="SESSION_COOKIE_DOMAIN"
                    value=Signal::derive(move || {
                        settings.with(|s| s.cookie_domain.clone().unwrap_or_default())
                    })
                    on_change=move |text: String| {
                        let domain = (!text.trim().is_empty()).then(|| text.trim().to_owned());
                        change(SettingChange::CookieDomain(domain))
                    }
                    placeholder="None"
                />
                <TextSetting
                    name="SESSION_COOKIE_PATH"
                    value=Signal::derive(move || settings.with(|s| s.cookie_path.clone()))
                    on_change=move |text| change(SettingChange::CookiePath(text))
                />
                <CheckSetting
                    name="SESSION_COOKIE_SECURE"
                    checked=Signal::derive(move || settings.with(|s| s.cookie_secure))
                    on_change=move |on| change(SettingChange::CookieSecure(on))
                />
                <CheckSetting
                    name="SESSION_COOKIE_HTTPONLY"
                    checked=Signal::derive(move || settings.with(|s| s.cookie_httponly))
                    on_change=move |on| change(SettingChange::CookieHttpOnly(on))
                />
                <label class="setting">
                    <span>"SESSION_COOKIE_SAMESITE"</span>
                    <select
                        name="SESSION_COOKIE_SAMESITE"
                        prop:value=move || settings.with(samesite_choice)
                        on:change:target=move |ev| change(samesite_change(ev.target().value()))
                    >
                        {SAMESITE_CHOICES
                            .into_iter()
                            .map(|choice| view! { <option value=choice>{choice}</option> })
                            .collect_view()}
                    </select>
                </label>
                <TextSetting
                    name="SECRET_KEY"
                    value=Signal::derive(move || settings.with(|s| s.secret_key.clone()))
                    on_change=move |text| change(SettingChange::SecretKey(text))
                />
                <label class="setting">
                    <span>"SECRET_KEY_FALLBACKS (one per line)"</span>
                    <textarea
                        name="SECRET_KEY_FALLBACKS"
                        rows="2"
                        prop:value=move || settings.with(|s| s.secret_key_fallbacks.join("\n"))
                        on:change:target=move |ev| change(fallbacks_change(&ev.target().value()))
                    ></textarea>
                </label>
            </div>
        </section>
    }
}

/// `SESSION_COOKIE_AGE`: whole seconds, or a Python integer expression (shown with what it
/// evaluates to); anything else is refused next to the field, saying what Django would do with
/// it ([`validation::cookie_age`]).
#[component]
fn CookieAgeSetting(
    #[prop(into)] current: Signal<i64>,
    on_change: impl Fn(i64) + 'static,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let accepted = RwSignal::new(None::<validation::CookieAge>);
    let shown_note = move || {
        let current = current.get();
        accepted.with(|age| age.as_ref()?.note_while(current).map(str::to_owned))
    };
    view! {
        <div class="setting-field">
            <label class="setting">
                <span>"SESSION_COOKIE_AGE (seconds)"</span>
                <input
                    type="text"
                    name="SESSION_COOKIE_AGE"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    aria-describedby="cookie-age-problem cookie-age-note"
                    prop:value=move || current.get().to_string()
                    on:change:target=move |ev| {
                        match validation::cookie_age(&ev.target().value(), current.get_untracked()) {
                            Ok(age) => {
                                problem.set(None);
                                let seconds = age.seconds;
                                accepted.set(Some(age));
                                on_change(seconds);
                            }
                            Err(message) => {
                                accepted.set(None);
                                problem.set(Some(message));
                            }
                        }
                    }
                />
            </label>
            <FieldProblem id="cookie-age-problem" problem=problem />
            <span
                id="cookie-age-note"
                class="field-note"
                data-testid="cookie-age-note"
                hidden=move || shown_note().is_none()
            >
                {shown_note}
            </span>
        </div>
    }
}

/// What is wrong with a field's value, under it (empty while the value is fine).
#[component]
pub fn FieldProblem(id: &'static str, problem: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <span id=id class="field-problem" role="alert" data-testid=id hidden=move || problem.with(Option::is_none)>
            {move || problem.get()}
        </span>
    }
}

/// A text setting, applied when the field is committed (Enter or leaving it).
#[component]
fn TextSetting(
    name: &'static str,
    #[prop(into)] value: Signal<String>,
    on_change: impl Fn(String) + 'static,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    view! {
        <label class="setting">
            <span>{name}</span>
            <input
                type="text"
                name=name
                spellcheck="false"
                autocomplete="off"
                placeholder=placeholder
                prop:value=value
                on:change:target=move |ev| on_change(ev.target().value())
            />
        </label>
    }
}

/// A boolean setting.
#[component]
fn CheckSetting(
    name: &'static str,
    #[prop(into)] checked: Signal<bool>,
    on_change: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <label class="setting checkbox">
            <input
                type="checkbox"
                name=name
                prop:checked=checked
                on:change:target=move |ev| on_change(ev.target().checked())
            />
            <span>{name}</span>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samesite_omitted_is_python_none() {
        assert_eq!(
            samesite_change("(omitted)".into()),
            SettingChange::CookieSameSite(None)
        );
        assert_eq!(
            samesite_change("Strict".into()),
            SettingChange::CookieSameSite(Some("Strict".into()))
        );
        let settings = Settings {
            cookie_samesite: None,
            ..Settings::default()
        };
        assert_eq!(samesite_choice(&settings), "(omitted)");
    }

    #[test]
    fn fallbacks_are_one_per_line_ignoring_blanks() {
        assert_eq!(
            fallbacks_change(" old-key \n\nolder\n"),
            SettingChange::SecretKeyFallbacks(vec!["old-key".into(), "older".into()])
        );
    }
}
