//! The texts the exports are written around: the Django test module's harness (its docstring,
//! the clock and key patches, the views, the assertions: `django_test_template.py`) and the
//! bug report's frame (`bug_report_template.md`), with `{{name}}` places the export fills.
//!
//! They are files, not strings in the code, so that the playground can fetch them when a
//! download is asked for instead of carrying them in the page's first visit (a part loaded on
//! demand moves code, not static data); the command line uses the copies built in. A fetched
//! text is used only if its SHA-256 is the one this build expects ([`Template::checked`]).

use sha2::{Digest, Sha256};

/// Which template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateKind {
    /// The Django test module (`django_test_template.py`).
    DjangoTest,
    /// The Markdown bug report (`bug_report_template.md`).
    BugReport,
}

impl TemplateKind {
    /// The file's name (the playground serves it next to the page under this name).
    pub fn file_name(self) -> &'static str {
        match self {
            TemplateKind::DjangoTest => "django_test_template.py",
            TemplateKind::BugReport => "bug_report_template.md",
        }
    }

    /// The SHA-256 (hex) of the text this build was made with.
    pub fn sha256_hex(self) -> &'static str {
        match self {
            TemplateKind::DjangoTest => {
                "e38031941efb328257e690ca90773693e05766b8dd73f1185e644c10e82cbf3f"
            }
            TemplateKind::BugReport => {
                "89938d85b704981914766fceb9b7a3a60f6fed55f6ef5bfa9fda0e3864260064"
            }
        }
    }
}

/// A fetched template whose digest is not this build's (altered, or from another build).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemplateMismatch(pub TemplateKind);

impl std::fmt::Display for TemplateMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is not the one this page was built with (its SHA-256 differs)",
            self.0.file_name()
        )
    }
}

impl std::error::Error for TemplateMismatch {}

/// A template's text, known to be this build's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template<'a> {
    kind: TemplateKind,
    text: &'a str,
}

impl Template<'static> {
    /// The copy built into the program.
    pub fn built_in(kind: TemplateKind) -> Template<'static> {
        let text = match kind {
            TemplateKind::DjangoTest => include_str!("django_test_template.py"),
            TemplateKind::BugReport => include_str!("bug_report_template.md"),
        };
        Template { kind, text }
    }
}

impl<'a> Template<'a> {
    /// `text` as the template `kind`, if its SHA-256 is the expected one.
    pub fn checked(kind: TemplateKind, text: &'a str) -> Result<Template<'a>, TemplateMismatch> {
        if sha256_hex(text) == kind.sha256_hex() {
            Ok(Template { kind, text })
        } else {
            Err(TemplateMismatch(kind))
        }
    }

    /// Which template this is.
    pub fn kind(&self) -> TemplateKind {
        self.kind
    }

    /// The part of the template named `name`: the text between `{{#name}}` and `{{/name}}`
    /// (the sections follow the main text; empty if there is none of that name).
    pub fn section(&self, name: &str) -> Template<'a> {
        let open = format!("{{{{#{name}}}}}");
        let close = format!("{{{{/{name}}}}}");
        let text = self
            .text
            .find(&open)
            .map(|start| &self.text[start + open.len()..])
            .and_then(|rest| rest.find(&close).map(|end| &rest[..end]))
            .unwrap_or_default();
        Template {
            kind: self.kind,
            text,
        }
    }

    /// The main text (before the first section) with each `{{name}}` replaced by its value
    /// (names not given stay).
    pub fn fill(&self, fields: &[(&str, &str)]) -> String {
        let body = self
            .text
            .find("{{#")
            .map_or(self.text, |at| &self.text[..at]);
        let mut out = String::with_capacity(body.len() * 2);
        let mut rest = body;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let value = after.find("}}").and_then(|end| {
                let name = &after[..end];
                fields
                    .iter()
                    .find(|(field, _)| *field == name)
                    .map(|(_, value)| (*value, end))
            });
            match value {
                Some((value, end)) => {
                    out.push_str(value);
                    rest = &after[end + 2..];
                }
                None => {
                    out.push_str("{{");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_copies_have_the_expected_digests() {
        for kind in [TemplateKind::DjangoTest, TemplateKind::BugReport] {
            let text = Template::built_in(kind).text;
            assert_eq!(
                sha256_hex(text),
                kind.sha256_hex(),
                "{} changed: put its new SHA-256 in TemplateKind::sha256_hex",
                kind.file_name()
            );
            assert_eq!(Template::checked(kind, text), Ok(Template::built_in(kind)));
        }
        let altered = format!("{} ", Template::built_in(TemplateKind::BugReport).text);
        assert_eq!(
            Template::checked(TemplateKind::BugReport, &altered),
            Err(TemplateMismatch(TemplateKind::BugReport))
        );
    }

    #[test]
    fn places_are_filled_and_unknown_ones_kept() {
        let template = Template {
            kind: TemplateKind::BugReport,
            text: "a {{x}} b {{y}} {{x}} {{ c",
        };
        assert_eq!(template.fill(&[("x", "1")]), "a 1 b {{y}} 1 {{ c");
    }

    #[test]
    fn sections_follow_the_main_text() {
        let template = Template {
            kind: TemplateKind::BugReport,
            text: "main {{v}}\n{{#one}}1: {{v}}{{/one}}\n{{#two}}2{{/two}}",
        };
        assert_eq!(template.fill(&[("v", "x")]), "main x\n");
        assert_eq!(template.section("one").fill(&[("v", "y")]), "1: y");
        assert_eq!(template.section("two").fill(&[]), "2");
        assert_eq!(template.section("three").fill(&[]), "");
    }

    #[test]
    fn every_section_the_report_uses_is_in_its_template() {
        let template = Template::built_in(TemplateKind::BugReport);
        for name in super::super::bug_report::SECTIONS {
            assert!(
                !template.section(name).text.is_empty(),
                "no section {name} in bug_report_template.md"
            );
        }
    }
}
