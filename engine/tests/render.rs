//! `render` against the traces real Django produced: for every public conformance scenario
//! (the Django 5.2 scenarios, and the versions scenarios under each of 4.2, 5.2, 6.0 and 6.1),
//! each step of the HTML fragment shows exactly the trace's `Cookie` header, `Set-Cookie`
//! lines, jar values and stored values, in order, and HTML-escaped: read back through an HTML
//! unescape they are the trace's bytes. A failure names the scenario, the step and the field.

use sessionscope_engine::json::{parse_python_json, to_python_json, Value};
use sessionscope_engine::render::{render, RenderOptions, Theme};
use sessionscope_engine::scenario::{self, Scenario};
use sessionscope_engine::version::DjangoVersion;
use std::path::{Path, PathBuf};

fn conformance() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_python_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of an HTML fragment read back: the five references `escape_html` writes.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The contents of every `<code data-{marker}>…</code>` in `html`, in order, read back. The
/// raw contents may hold no markup: a `<` there would be an escaping mistake.
fn marked(html: &str, marker: &str, context: &str) -> Vec<String> {
    let open = format!("<code data-{marker}>");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let end = after
            .find("</code>")
            .unwrap_or_else(|| panic!("{context}: unclosed data-{marker}"));
        let raw = &after[..end];
        assert!(
            !raw.contains('<') && !raw.contains('>') && !raw.contains('"'),
            "{context}: data-{marker} is not escaped: {raw}"
        );
        found.push(unescape(raw));
        rest = &after[end..];
    }
    found
}

/// The HTML of each step (`<li class="ss-step" …>` to the next).
fn step_parts(html: &str) -> Vec<&str> {
    html.split("<li class=\"ss-step\"").skip(1).collect()
}

fn strings(value: Option<&Value>, path: &[&str]) -> Vec<String> {
    let mut values = vec![value];
    for key in path {
        values = values
            .into_iter()
            .flat_map(|v| match v {
                Some(Value::List(items)) => {
                    items.iter().map(|item| item_field(item, key)).collect()
                }
                Some(other) => vec![item_field(other, key)],
                None => Vec::new(),
            })
            .collect();
    }
    values
        .into_iter()
        .flatten()
        .map(|v| match v {
            Value::Str(text) => text.clone(),
            other => to_python_json(other),
        })
        .collect()
}

fn item_field<'a>(item: &'a Value, key: &str) -> Option<&'a Value> {
    if key == "*" {
        return Some(item);
    }
    item.as_dict()?
        .get(key)
        .filter(|v| !matches!(v, Value::Null))
}

/// Checks `scenario_path` rendered against the trace at `trace_path`; returns how many values
/// were compared, or the first difference.
fn check(
    scenario_path: &Path,
    trace_path: &Path,
    django: Option<DjangoVersion>,
) -> Result<usize, String> {
    let mut scenario =
        Scenario::from_value(&read_json(scenario_path)).map_err(|e| e.to_string())?;
    if django.is_some() {
        scenario.django = django;
    }
    let expected = read_json(trace_path);
    let html =
        render(&scenario::run(&scenario), &RenderOptions::default()).map_err(|e| e.to_string())?;
    let steps = match expected.as_dict().and_then(|d| d.get("steps")) {
        Some(Value::List(steps)) => steps.clone(),
        _ => return Err("the trace has no steps".into()),
    };
    let parts = step_parts(&html);
    if parts.len() != steps.len() {
        return Err(format!(
            "{} steps rendered, {} in the trace",
            parts.len(),
            steps.len()
        ));
    }
    let mut compared = 0;
    for (index, (part, step)) in parts.iter().zip(&steps).enumerate() {
        let context = format!("step {}", index + 1);
        let step = step.as_dict().ok_or("a step is not an object")?;
        let jars: Vec<Value> = match step.get("jars").and_then(Value::as_dict) {
            Some(jars) => jars.iter().map(|(_, cookies)| cookies.clone()).collect(),
            None => Vec::new(),
        };
        let store = step.get("store");
        let mut stored = strings(store, &["db", "session_data"]);
        stored.extend(strings(store, &["cache", "value"]));
        stored.extend(strings(store, &["files", "content"]));
        let fields: [(&str, Vec<String>); 4] = [
            (
                "cookie-header",
                strings(step.get("request"), &["cookie_header"]),
            ),
            (
                "set-cookie",
                strings(step.get("response"), &["set_cookie", "output"]),
            ),
            (
                "jar-value",
                strings(Some(&Value::List(jars)), &["*", "value"]),
            ),
            ("stored", stored),
        ];
        for (marker, want) in fields {
            let shown = marked(part, marker, &context);
            if shown != want {
                return Err(format!(
                    "{context}: data-{marker} shows {shown:?}, the trace has {want:?}"
                ));
            }
            compared += want.len();
        }
    }
    Ok(compared)
}

#[test]
fn every_public_scenario_shows_the_traces_bytes() {
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut compared = 0;
    let django = conformance().join("django-5.2");
    for scenario in json_files(&django.join("scenarios")) {
        let trace = django.join("traces").join(scenario.file_name().unwrap());
        cases += 1;
        match check(&scenario, &trace, None) {
            Ok(count) => compared += count,
            Err(why) => failures.push(format!("{}: {why}", scenario.display())),
        }
    }
    let versions = conformance().join("versions");
    for version in DjangoVersion::ALL {
        let folder = versions
            .join("traces")
            .join(format!("django-{}", version.name()));
        for scenario in json_files(&versions.join("scenarios")) {
            cases += 1;
            let trace = folder.join(scenario.file_name().unwrap());
            match check(&scenario, &trace, Some(version)) {
                Ok(count) => compared += count,
                Err(why) => {
                    failures.push(format!("{}@{}: {why}", scenario.display(), version.name()))
                }
            }
        }
    }
    println!(
        "render: {cases} scenarios, {compared} values compared, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // 35 Django 5.2 scenarios and 47 versions scenarios under 4 versions.
    assert_eq!(cases, 35 + 47 * 4);
    assert!(compared > 1000, "only {compared} values compared");
}

#[test]
fn markup_in_the_bytes_is_escaped_and_read_back() {
    let text = r#"{"engine": "signed_cookies", "steps": [
        {"request": {"view": "set", "data": {"html": "<script>alert('x')</script> & \"q\""}}}]}"#;
    let scenario = Scenario::from_json(text).unwrap();
    let html = render(&scenario::run(&scenario), &RenderOptions::default()).unwrap();
    assert!(!html.contains("<script"), "no script ever");
    assert!(
        html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; \\&quot;q\\&quot;")
    );
    let set_cookie = marked(&html, "set-cookie", "signed");
    assert_eq!(set_cookie.len(), 1);
}

#[test]
fn one_step_a_theme_and_captions() {
    let path = conformance().join("django-5.2/scenarios/cart_basic__db.json");
    let scenario = Scenario::from_value(&read_json(&path)).unwrap();
    let trace = scenario::run(&scenario);
    let options = RenderOptions {
        step: Some(2),
        theme: Theme::Dark,
        captions: vec!["first".into(), "the <cart> is saved".into()],
        title: None,
    };
    let html = render(&trace, &options).unwrap();
    assert_eq!(step_parts(&html).len(), 1);
    assert!(html.contains("data-step=\"2\""));
    assert!(html.contains("data-theme=\"dark\""));
    assert!(html.contains("<p class=\"ss-caption\">the &lt;cart&gt; is saved</p>"));
    assert!(!html.contains(">first<"));
    let outputs = marked(&html, "set-cookie", "step 2");
    let response = trace.steps[1].response.as_ref().unwrap();
    assert_eq!(outputs, [response.set_cookies[0].output.clone()]);
    for step in [0, 11] {
        let options = RenderOptions {
            step: Some(step),
            ..RenderOptions::default()
        };
        assert!(render(&trace, &options).is_err(), "step {step}");
    }
}
