//! style/theme.css repeats the light and dark colours of main.css, extras.css and compare.css
//! for `?theme=light|dark` (a docs site's theme wins over the reader's system setting). Every
//! colour variable those files set must be in it, with the same value, for each theme.

const MAIN: &str = include_str!("../style/main.css");
const EXTRAS: &str = include_str!("../style/extras.css");
const COMPARE: &str = include_str!("../style/compare.css");
const THEME: &str = include_str!("../style/theme.css");

/// The `--name: value` declarations of the first block opened by `selector` after `from`.
fn variables<'a>(css: &'a str, from: &str, selector: &str) -> Vec<(&'a str, &'a str)> {
    let start = css.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &css[start..];
    let open = rest
        .find(selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        + selector.len();
    let body = &rest[open..];
    let body = &body[..body.find('}').unwrap()];
    body.split(';')
        .filter_map(|line| line.trim().split_once(':'))
        .filter(|(name, _)| name.starts_with("--"))
        .map(|(name, value)| (name.trim(), value.trim()))
        .collect()
}

const NOT_COLOURS: [&str; 4] = ["--radius", "--mono", "--sans", "--step-ms"];

fn check(theme: &str, sources: &[(&str, &str, &str)], forced: &str) {
    let forced = variables(THEME, forced, "{");
    for &(css, from, selector) in sources {
        for (name, value) in variables(css, from, selector) {
            if NOT_COLOURS.contains(&name) {
                continue;
            }
            assert!(
                forced.contains(&(name, value)),
                "style/theme.css ({theme}) lacks {name}: {value}"
            );
        }
    }
}

#[test]
fn the_forced_light_theme_has_every_light_colour() {
    check(
        "light",
        &[(MAIN, ":root {", "{"), (EXTRAS, ":root {", "{")],
        ":root[data-theme=\"light\"] {",
    );
    check(
        "light",
        &[(COMPARE, ".compare-view {", "{")],
        ":root[data-theme=\"light\"] .compare-view {",
    );
}

#[test]
fn the_forced_dark_theme_has_every_dark_colour() {
    check(
        "dark",
        &[
            (MAIN, "@media (prefers-color-scheme: dark)", ":root {"),
            (EXTRAS, "@media (prefers-color-scheme: dark)", ":root {"),
        ],
        ":root[data-theme=\"dark\"] {",
    );
    check(
        "dark",
        &[(
            COMPARE,
            "@media (prefers-color-scheme: dark)",
            ".compare-view {",
        )],
        ":root[data-theme=\"dark\"] .compare-view {",
    );
}
