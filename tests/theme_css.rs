//! style/theme.css holds the page's colour palette, once: light for `:root` and for the forced
//! light theme (`?theme=light`), dark for the system's dark mode unless the light theme is
//! forced, and for the forced dark theme (`?theme=dark`). These tests read the stylesheets as
//! the browser would see their rules and check that the palette stays in that one file, that
//! every colour has a light and a dark value, that the two ways to dark agree, and that no
//! stylesheet uses a variable nobody defines.

use std::collections::BTreeMap;

const THEME: &str = include_str!("../style/theme.css");
/// Every stylesheet of the page but the palette, by name.
const OTHERS: [(&str, &str); 7] = [
    ("main.css", include_str!("../style/main.css")),
    ("extras.css", include_str!("../style/extras.css")),
    ("stage.css", include_str!("../style/stage.css")),
    ("compare.css", include_str!("../style/compare.css")),
    ("decoder.css", include_str!("../style/decoder.css")),
    ("share.css", include_str!("../style/share.css")),
    ("embed.css", include_str!("../style/embed.css")),
];

const DARK_MEDIA: &str = "@media (prefers-color-scheme: dark)";

/// One rule: the at-rule it sits in (`""` for none), its selector (whitespace folded) and its
/// `--name: value` declarations.
#[derive(Debug)]
struct Rule {
    at: String,
    selector: String,
    variables: BTreeMap<String, String>,
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rules of `css`, one at-rule deep (enough for these stylesheets), comments left out.
fn rules(css: &str) -> Vec<Rule> {
    let mut text = css.to_owned();
    while let Some(start) = text.find("/*") {
        let end = text[start..].find("*/").expect("a closed comment") + start + 2;
        text.replace_range(start..end, " ");
    }
    let mut rules = Vec::new();
    let mut at = String::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            // The end of the at-rule we are in.
            at.clear();
            rest = &rest[open + 1..];
            continue;
        }
        let head = fold(&rest[..open]);
        rest = &rest[open + 1..];
        if head.starts_with('@') && !head.starts_with("@font-face") {
            at = head;
            continue;
        }
        let close = rest.find('}').expect("a closed rule");
        let variables = rest[..close]
            .split(';')
            .filter_map(|declaration| declaration.trim().split_once(':'))
            .filter(|(name, _)| name.trim().starts_with("--"))
            .map(|(name, value)| (name.trim().to_owned(), fold(value)))
            .collect();
        rules.push(Rule {
            at: at.clone(),
            selector: head,
            variables,
        });
        rest = &rest[close + 1..];
    }
    rules
}

/// The variables theme.css sets in the rule `selector` inside `at`.
fn palette(at: &str, selector: &str) -> BTreeMap<String, String> {
    let found: Vec<Rule> = rules(THEME)
        .into_iter()
        .filter(|rule| rule.at == at && rule.selector == selector && !rule.variables.is_empty())
        .collect();
    assert_eq!(
        found.len(),
        1,
        "theme.css should set colours in one `{selector}` rule{}",
        if at.is_empty() {
            String::new()
        } else {
            format!(" inside {at}")
        }
    );
    found.into_iter().next().unwrap().variables
}

fn light() -> BTreeMap<String, String> {
    palette("", ":root, :root[data-theme=\"light\"]")
}

#[test]
fn the_palette_is_written_only_in_theme_css() {
    let palette: Vec<String> = rules(THEME)
        .into_iter()
        .flat_map(|rule| rule.variables.into_keys())
        .collect();
    assert!(
        palette.len() > 30,
        "theme.css sets {} variables",
        palette.len()
    );
    for (file, css) in OTHERS {
        for rule in rules(css) {
            for name in rule.variables.keys() {
                assert!(
                    !palette.contains(name),
                    "{file} sets {name} in `{}`: the palette's colours belong in theme.css",
                    rule.selector
                );
            }
            if rule.at.contains("prefers-color-scheme") {
                panic!(
                    "{file} has a colour-scheme rule (`{}`): theme.css picks the colours",
                    rule.selector
                );
            }
        }
    }
}

#[test]
fn every_colour_has_a_light_and_a_dark_value() {
    let light = light();
    let dark = palette("", ":root[data-theme=\"dark\"]");
    assert_eq!(
        light.keys().collect::<Vec<_>>(),
        dark.keys().collect::<Vec<_>>(),
        "the light and the dark palette should name the same colours"
    );
    let differ = light
        .iter()
        .filter(|(name, value)| dark[*name] != **value)
        .count();
    assert!(
        differ > light.len() / 2,
        "only {differ} colours change in the dark"
    );
    let compare_light = palette(
        "",
        ".compare-view, :root[data-theme=\"light\"] .compare-view",
    );
    let compare_dark = palette("", ":root[data-theme=\"dark\"] .compare-view");
    assert_eq!(
        compare_light.keys().collect::<Vec<_>>(),
        compare_dark.keys().collect::<Vec<_>>()
    );
    for name in compare_light.keys() {
        assert!(
            light.contains_key(name),
            "Compare overrides {name}, which the palette lacks"
        );
    }
}

#[test]
fn the_system_dark_mode_and_the_forced_dark_theme_have_the_same_colours() {
    assert_eq!(
        palette(DARK_MEDIA, ":root:not([data-theme=\"light\"])"),
        palette("", ":root[data-theme=\"dark\"]")
    );
    assert_eq!(
        palette(
            DARK_MEDIA,
            ":root:not([data-theme=\"light\"]) .compare-view"
        ),
        palette("", ":root[data-theme=\"dark\"] .compare-view")
    );
}

/// The text of every Rust file under `src/` (the components set some variables inline).
fn playground_code() -> String {
    fn read(dir: &std::path::Path, into: &mut String) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                read(&path, into);
            } else if path.extension().is_some_and(|e| e == "rs") {
                into.push_str(&std::fs::read_to_string(&path).expect("a Rust file"));
            }
        }
    }
    let mut code = String::new();
    read(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut code,
    );
    code
}

#[test]
fn every_variable_used_is_defined_somewhere() {
    let code = playground_code();
    let mut defined: Vec<String> = Vec::new();
    for (_, css) in OTHERS.iter().chain([("theme.css", THEME)].iter()) {
        defined.extend(
            rules(css)
                .into_iter()
                .flat_map(|rule| rule.variables.into_keys()),
        );
    }
    for (file, css) in OTHERS.iter().chain([("theme.css", THEME)].iter()) {
        for (index, _) in css.match_indices("var(--") {
            let name: String = css[index + 4..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let has_fallback = css[index + 4 + name.len()..].trim_start().starts_with(',');
            let set_inline = code.contains(&format!("{name}:"));
            assert!(
                defined.contains(&name) || has_fallback || set_inline,
                "{file} uses var({name}), which no stylesheet or component defines"
            );
        }
    }
}
