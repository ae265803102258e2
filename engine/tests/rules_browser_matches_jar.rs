//! A browser with Chromium's cookie rules behaves like the conformance jar for plain cookies:
//! every public conformance scenario (`tests/conformance/*/scenarios/`), run again with
//! `"browser_rules": "chromium"` and only its default navigations, gives per step the same
//! cookies sent, the same `Set-Cookie` lines, the same session store and the same cookies in
//! each jar, as long as the rules refuse nothing and keep nothing back (beyond the 4096-byte
//! limit both apply).
//!
//! The site is served where the scenario's cookies belong: a scenario that sets
//! `SESSION_COOKIE_DOMAIN = ".example.com"` is requested at `www.example.com` (at the default
//! `site.test` that Domain is refused, as a real browser would).
//!
//! The two browsers differ in order only: the jar sends its cookies in the order first stored,
//! Chromium sorts by longer path, then earlier creation, and a new value counts as a new
//! cookie. Cookie headers and jars are compared as sets.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sessionscope_engine::browser::rules::{RefusalReason, Url};
use sessionscope_engine::scenario::{
    self, BrowserJar, Scenario, SetCookieVerdict, SettingChange, SharedList, Step, Trace, TraceStep,
};

fn scenario_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut files = Vec::new();
    for dir in ["django-5.2/scenarios", "extra/scenarios"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        files.extend(entries.flatten().map(|e| e.path()));
    }
    files.retain(|p| p.extension().is_some_and(|x| x == "json"));
    files.sort();
    files
}

/// The host a scenario's `SESSION_COOKIE_DOMAIN`, if any, belongs to.
fn cookie_domain_host(scenario: &Scenario) -> Option<String> {
    let patches = std::iter::once(&scenario.settings).chain(scenario.steps.iter().filter_map(
        |step| match step {
            Step::Settings(patch) => Some(patch),
            _ => None,
        },
    ));
    patches
        .flat_map(|patch| &patch.changes)
        .find_map(|change| match change {
            SettingChange::CookieDomain(Some(domain)) => {
                Some(format!("www.{}", domain.trim_start_matches('.')))
            }
            _ => None,
        })
}

fn with_rules(scenario: &Scenario) -> Scenario {
    let mut rules = scenario.clone();
    rules.browser_rules = Some(Default::default());
    if let Some(host) = cookie_domain_host(scenario) {
        rules.origin = Url::parse(&format!("http://{host}/")).ok();
    }
    rules
}

fn header_pairs(header: Option<&String>) -> BTreeSet<String> {
    header
        .map(|h| h.split("; ").map(str::to_owned).collect())
        .unwrap_or_default()
}

fn jar_set(jars: &SharedList<BrowserJar>) -> BTreeSet<(String, String, String, String)> {
    jars.iter()
        .flat_map(|jar| {
            jar.cookies.iter().map(|c| {
                let expiry = c.expires_at.map(|at| at.to_string()).unwrap_or_default();
                (jar.browser.clone(), c.name.clone(), c.value.clone(), expiry)
            })
        })
        .collect()
}

/// Whether the rules refused a line or kept a cookie back anywhere in the run, for a reason
/// the jar does not share (both ignore a name and value over 4096 bytes).
fn rules_intervened(trace: &Trace) -> bool {
    let jar_refuses_too = |v: &SetCookieVerdict| match v {
        SetCookieVerdict::Refused { reasons, .. } => {
            reasons == &[RefusalReason::NameValuePairExceedsMaxSize]
        }
        _ => false,
    };
    trace.steps.iter().any(|step| {
        let kept_back = step
            .request
            .as_ref()
            .and_then(|r| r.not_sent.as_ref())
            .is_some_and(|n| !n.is_empty());
        let refused = step.response.as_ref().is_some_and(|r| {
            r.set_cookies.iter().any(|c| {
                c.verdict
                    .as_ref()
                    .is_some_and(|v| v.is_refused() && !jar_refuses_too(v))
            })
        });
        kept_back || refused
    })
}

fn compare_step(jar: &TraceStep, rules: &TraceStep) -> Result<(), String> {
    let header =
        |s: &TraceStep| header_pairs(s.request.as_ref().and_then(|r| r.cookie_header.as_ref()));
    if header(jar) != header(rules) {
        return Err(format!(
            "cookies sent: {:?} vs {:?}",
            header(jar),
            header(rules)
        ));
    }
    let lines = |s: &TraceStep| -> Vec<String> {
        s.response
            .iter()
            .flat_map(|r| r.set_cookies.iter().map(|c| c.output.clone()))
            .collect()
    };
    if lines(jar) != lines(rules) {
        return Err(format!(
            "Set-Cookie: {:?} vs {:?}",
            lines(jar),
            lines(rules)
        ));
    }
    let result = |s: &TraceStep| s.response.as_ref().map(|r| (r.status, r.result.clone()));
    if result(jar) != result(rules) {
        return Err(format!(
            "response: {:?} vs {:?}",
            result(jar),
            result(rules)
        ));
    }
    if jar.store.to_json() != rules.store.to_json() {
        return Err("store differs".to_owned());
    }
    if jar_set(&jar.jars) != jar_set(&rules.jars) {
        return Err(format!(
            "jars: {:?} vs {:?}",
            jar_set(&jar.jars),
            jar_set(&rules.jars)
        ));
    }
    Ok(())
}

#[test]
fn the_rules_browser_matches_the_conformance_jar_for_plain_cookies() {
    let files = scenario_files();
    let mut compared = Vec::new();
    let mut intervened = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let scenario = Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let jar = scenario::run(&scenario);
        let rules = scenario::run(&with_rules(&scenario));
        if rules_intervened(&rules) {
            intervened.push(id);
            continue;
        }
        for (i, (a, b)) in jar.steps.iter().zip(&rules.steps).enumerate() {
            if let Err(why) = compare_step(a, b) {
                failures.push(format!("{id} step {i}: {why}"));
                break;
            }
        }
        compared.push(id);
    }
    println!(
        "rules browser vs conformance jar: {} scenarios compared, {} where the rules refused or kept back a cookie: {:?}",
        compared.len(),
        intervened.len(),
        intervened
    );
    assert!(failures.is_empty(), "{failures:#?}");
    let is_public = |id: &String| {
        files
            .iter()
            .any(|p| p.ends_with(format!("django-5.2/scenarios/{id}.json")))
    };
    let public_files = files
        .iter()
        .filter(|p| p.to_string_lossy().contains("django-5.2/scenarios/"))
        .count();
    assert!(public_files >= 35, "{public_files} public scenarios");
    assert_eq!(
        compared.iter().filter(|id| is_public(id)).count(),
        public_files,
        "every public scenario compares"
    );
}
