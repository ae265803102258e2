//! The rendering's stylesheet: every colour is a custom property on the fragment's root, set
//! once for light and once for dark. Dark applies under `data-theme="dark"`, or under
//! `data-theme="auto"` when the reader's system prefers dark (`prefers-color-scheme`); the
//! colours are the playground's palette (`style/theme.css`). Every selector starts with the
//! root's class, so the fragment styles nothing else on the page it is pasted into.

/// The light palette, as custom property declarations.
const LIGHT: &str = "--ss-bg:#ffffff;--ss-surface:#f4f5f7;--ss-text:#1a1e24;--ss-muted:#5a6472;\
--ss-border:#d5dae1;--ss-code-bg:#f6f8fa;--ss-browser:#1d4ed8;--ss-browser-soft:#e0e9fd;\
--ss-django:#0b6e4f;--ss-django-soft:#dcefe7;--ss-store:#a0520c;--ss-store-soft:#f8e8d6;\
--ss-danger:#c0262d;--ss-danger-soft:#fbe2e3;color-scheme:light";

/// The dark palette.
const DARK: &str = "--ss-bg:#0e1116;--ss-surface:#161b22;--ss-text:#e6e9ee;--ss-muted:#9aa5b4;\
--ss-border:#2e3744;--ss-code-bg:#0f141a;--ss-browser:#7aa7ff;--ss-browser-soft:#1a2b4a;\
--ss-django:#3fbf8f;--ss-django-soft:#163a2e;--ss-store:#f0a45c;--ss-store-soft:#3d2a17;\
--ss-danger:#ff7b7f;--ss-danger-soft:#3f1c1f;color-scheme:dark";

/// The rules that use the palette.
const RULES: &str = "\
.sessionscope-static{background:var(--ss-bg);color:var(--ss-text);border:1px solid var(--ss-border);\
border-radius:8px;padding:12px 14px;margin:1em 0;overflow-wrap:anywhere;font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",sans-serif;text-align:left}\
.sessionscope-static *{box-sizing:border-box}\
.sessionscope-static h3,.sessionscope-static h4{font-family:inherit;font-weight:600;line-height:1.3;letter-spacing:normal;text-transform:none}\
.sessionscope-static code{background:transparent;border:0;padding:0;color:inherit;box-shadow:none}\
.sessionscope-static pre code{white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal}\
.sessionscope-static code,.sessionscope-static pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\
.sessionscope-static pre{background:var(--ss-code-bg);color:var(--ss-text);border:1px solid var(--ss-border);border-radius:6px;\
padding:4px 8px;margin:2px 0 4px;white-space:pre-wrap;overflow-wrap:anywhere;overflow:visible}\
.sessionscope-static .ss-head{margin:0 0 8px}\
.sessionscope-static .ss-title{font-weight:600;margin:0}\
.sessionscope-static .ss-meta,.sessionscope-static .ss-muted{color:var(--ss-muted);margin:0}\
.sessionscope-static ol.ss-steps{list-style:none;margin:0;padding:0}\
.sessionscope-static .ss-step{border-top:1px solid var(--ss-border);padding:8px 0 4px}\
.sessionscope-static .ss-step-title{font-size:15px;margin:0 0 4px}\
.sessionscope-static .ss-step-json{font-weight:400;color:var(--ss-muted);overflow-wrap:anywhere}\
.sessionscope-static .ss-caption{margin:0 0 6px}\
.sessionscope-static .ss-part{margin:6px 0;padding:4px 8px;border-left:3px solid var(--ss-border);background:var(--ss-surface);border-radius:0 6px 6px 0}\
.sessionscope-static .ss-part>h4{font-size:13px;margin:0 0 2px}\
.sessionscope-static .ss-request{border-left-color:var(--ss-browser)}\
.sessionscope-static .ss-request>h4{color:var(--ss-browser)}\
.sessionscope-static .ss-django{border-left-color:var(--ss-django)}\
.sessionscope-static .ss-django>h4{color:var(--ss-django)}\
.sessionscope-static .ss-response{border-left-color:var(--ss-django)}\
.sessionscope-static .ss-response>h4{color:var(--ss-django)}\
.sessionscope-static .ss-jar{border-left-color:var(--ss-browser)}\
.sessionscope-static .ss-jar>h4{color:var(--ss-browser)}\
.sessionscope-static .ss-store{border-left-color:var(--ss-store)}\
.sessionscope-static .ss-store>h4{color:var(--ss-store)}\
.sessionscope-static ol.ss-events{margin:0;padding-left:1.4em}\
.sessionscope-static .ss-lane{display:inline-block;font-size:11px;border-radius:4px;padding:0 5px;margin-right:4px;\
background:var(--ss-django-soft);color:var(--ss-django)}\
.sessionscope-static .ss-lane-browser{background:var(--ss-browser-soft);color:var(--ss-browser)}\
.sessionscope-static .ss-lane-store{background:var(--ss-store-soft);color:var(--ss-store)}\
.sessionscope-static .ss-alarm{color:var(--ss-danger)}\
.sessionscope-static .ss-alarm .ss-lane{background:var(--ss-danger-soft);color:var(--ss-danger)}\
.sessionscope-static .ss-size{color:var(--ss-muted);font-size:12px;white-space:nowrap}\
.sessionscope-static .ss-meter{display:inline-block;vertical-align:middle;width:80px;height:6px;border-radius:3px;\
background:var(--ss-border);overflow:hidden;margin-left:4px}\
.sessionscope-static .ss-meter>span{display:block;height:100%;background:var(--ss-browser)}\
.sessionscope-static .ss-meter.ss-over>span{background:var(--ss-danger)}\
.sessionscope-static p{margin:2px 0}\
.sessionscope-static dl{margin:0}\
.sessionscope-static dt{font-weight:600;margin-top:2px}\
.sessionscope-static dd{margin:0 0 2px 0}";

/// The `<style>` element for the fragment.
pub fn style_element() -> String {
    format!(
        "<style>.sessionscope-static{{{LIGHT}}}\
@media (prefers-color-scheme:dark){{.sessionscope-static[data-theme=\"auto\"]{{{DARK}}}}}\
.sessionscope-static[data-theme=\"dark\"]{{{DARK}}}{RULES}</style>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_follows_the_system_only_in_auto_and_always_when_asked() {
        let style = style_element();
        assert!(style.contains(
            "@media (prefers-color-scheme:dark){.sessionscope-static[data-theme=\"auto\"]{--ss-bg:#0e1116"
        ));
        assert!(style.contains(".sessionscope-static[data-theme=\"dark\"]{--ss-bg:#0e1116"));
        // Every rule is scoped to the fragment.
        for rule in RULES.split('}').filter(|rule| !rule.is_empty()) {
            assert!(rule.starts_with(".sessionscope-static"), "{rule}");
        }
        assert_eq!(style.matches("</style>").count(), 1);
    }
}
