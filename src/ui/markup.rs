//! Building HTML (and inline SVG) text in plain Rust for the data-heavy read-only views (the
//! comparison's table, chart and columns, the decoder's result). One `inner_html` per view
//! keeps the WebAssembly small: a Leptos view tree per table cell would not. Every piece of
//! text goes through [`escape`], so a pasted cookie can never become markup. A `style`
//! attribute is written as `data-style` and applied through the CSSOM, which the page's
//! Content-Security-Policy allows ([`inline_styles`]).

use super::inline_styles;

/// Text made safe for element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML fragment under construction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markup {
    html: String,
}

impl Markup {
    /// An empty fragment.
    pub fn new() -> Markup {
        Markup::default()
    }

    /// `<name attr="value" …>`, body, `</name>`; attribute values and names are escaped.
    pub fn element(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        body: impl FnOnce(&mut Markup),
    ) -> &mut Markup {
        self.open(name, attributes);
        body(self);
        self.html.push_str("</");
        self.html.push_str(name);
        self.html.push('>');
        self
    }

    /// `<name attr="value" …>` followed by `text`, escaped, and the closing tag.
    pub fn text_element(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> &mut Markup {
        self.element(name, attributes, |m| {
            m.text(text);
        })
    }

    /// A void or self-closing element (`<line … />`).
    pub fn empty_element(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Markup {
        self.html.push('<');
        self.html.push_str(name);
        self.attributes(attributes);
        self.html.push_str(" />");
        self
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Markup {
        self.html.push_str(&escape(text));
        self
    }

    /// The HTML so far.
    pub fn into_string(self) -> String {
        self.html
    }

    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.html.push('<');
        self.html.push_str(name);
        self.attributes(attributes);
        self.html.push('>');
    }

    fn attributes(&mut self, attributes: &[(&str, &str)]) {
        for (name, value) in attributes {
            self.html.push(' ');
            self.html
                .push_str(&escape(inline_styles::attribute_name(name)));
            self.html.push_str("=\"");
            self.html.push_str(&escape(value));
            self.html.push('"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut m = Markup::new();
        m.element("p", &[("title", "a \"b\" <c>")], |m| {
            m.text("<script>alert('x')</script> & more");
            m.empty_element("br", &[]);
        });
        assert_eq!(
            m.into_string(),
            "<p title=\"a &quot;b&quot; &lt;c&gt;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more<br /></p>"
        );
    }

    #[test]
    fn nested_elements_close_in_order() {
        let mut m = Markup::new();
        m.element("ul", &[], |m| {
            m.text_element("li", &[("class", "a")], "one");
            m.text_element("li", &[], "two");
        });
        assert_eq!(
            m.into_string(),
            "<ul><li class=\"a\">one</li><li>two</li></ul>"
        );
    }

    #[test]
    fn a_style_attribute_waits_in_data_style_for_the_cssom() {
        let mut m = Markup::new();
        m.text_element("span", &[("style", "width:4px")], "");
        assert_eq!(m.into_string(), "<span data-style=\"width:4px\"></span>");
    }
}
