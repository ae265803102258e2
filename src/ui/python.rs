//! The Python a step stands for, as the playground prints it next to buttons and in the
//! timeline: `request.session["cart"] = ["book"]`, `request.session.flush()`, …

use sessionscope_engine::json::{python_float_repr, python_str_repr, Value};
use sessionscope_engine::scenario::{ExpiryArg, ViewCall};

/// Lists longer than this are shown with their first items and a count of the rest.
const LIST_ITEMS_SHOWN: usize = 6;

/// How strings are quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quotes {
    /// Source code the page writes (`request.session["cart"] = ["book"]`): always double
    /// quotes, as Black formats Python.
    Source,
    /// What Python itself prints for a value (`repr()`).
    Repr,
}

/// `value` as a Python literal in code (`None`, `True`, `"text"`, `[1, 2]`, `{"k": 1}`); a long
/// list shows its first items then `…` and how many more there are.
pub fn literal(value: &Value) -> String {
    let mut out = String::new();
    write_literal(value, Some(LIST_ITEMS_SHOWN), Quotes::Source, &mut out);
    out
}

/// `value` as an exact Python literal, every item written: text to paste into Python
/// (`settings.py`), where [`literal`]'s abbreviation would change the value.
pub fn exact_literal(value: &Value) -> String {
    let mut out = String::new();
    write_literal(value, None, Quotes::Source, &mut out);
    out
}

/// What Python prints for `value` (`repr(value)`): `None`, `True`, `'text'`, `{'cart': ['book']}`,
/// every item written. For values the page shows as Python has them: a view's result, the data
/// a store holds, an exception's argument.
pub fn repr(value: &Value) -> String {
    let mut out = String::new();
    write_literal(value, None, Quotes::Repr, &mut out);
    out
}

/// [`repr`] laid out as `pprint.pp(value, width=PFORMAT_WIDTH)` lays it out: on one line if it
/// fits, else a dict or list with one item per line, aligned under its opening bracket (keys in
/// insertion order, as `pp` keeps them). Joining its lines with single spaces gives [`repr`].
pub fn pformat(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(value, 0, 0, &mut out);
    out
}

/// The width [`pformat`] fits lines into.
pub const PFORMAT_WIDTH: usize = 60;

/// Writes `value` starting at column `indent`, leaving `allowance` characters for the closing
/// brackets that follow it.
fn write_pretty(value: &Value, indent: usize, allowance: usize, out: &mut String) {
    let flat = repr(value);
    let fits = indent + flat.chars().count() + allowance <= PFORMAT_WIDTH;
    match value {
        Value::Dict(dict) if !fits && !dict.is_empty() => {
            out.push('{');
            let last = dict.len() - 1;
            for (i, (key, item)) in dict.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                    out.push_str(&" ".repeat(indent + 1));
                }
                let key = python_str_repr(key);
                out.push_str(&key);
                out.push_str(": ");
                let closing = if i == last { allowance + 1 } else { 1 };
                write_pretty(item, indent + 1 + key.chars().count() + 2, closing, out);
            }
            out.push('}');
        }
        Value::List(items) if !fits && !items.is_empty() => {
            out.push('[');
            let last = items.len() - 1;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                    out.push_str(&" ".repeat(indent + 1));
                }
                let closing = if i == last { allowance + 1 } else { 1 };
                write_pretty(item, indent + 1, closing, out);
            }
            out.push(']');
        }
        _ => out.push_str(&flat),
    }
}

/// Writes `value`; lists longer than `list_items` (if any) are cut with `… n more`.
fn write_literal(value: &Value, list_items: Option<usize>, quotes: Quotes, out: &mut String) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Int(n) => out.push_str(n.as_str()),
        Value::Float(x) => out.push_str(&python_float_repr(*x)),
        Value::Str(s) => write_string(s, quotes, out),
        Value::List(items) => {
            let shown = list_items.unwrap_or(items.len());
            out.push('[');
            for (i, item) in items.iter().take(shown).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_literal(item, list_items, quotes, out);
            }
            if items.len() > shown {
                out.push_str(&format!(", … {} more", items.len() - shown));
            }
            out.push(']');
        }
        Value::Dict(dict) => {
            out.push('{');
            for (i, (key, item)) in dict.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(key, quotes, out);
                out.push_str(": ");
                write_literal(item, list_items, quotes, out);
            }
            out.push('}');
        }
    }
}

/// A string literal: Python's own `repr` (the engine's [`python_str_repr`]), or in code always
/// double quotes, with `"`, `\\` and control characters escaped.
fn write_string(text: &str, quotes: Quotes, out: &mut String) {
    if quotes == Quotes::Repr {
        out.push_str(&python_str_repr(text));
        return;
    }
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The statement(s) a view runs on `request.session`, one per line.
pub fn view_call(view: &ViewCall) -> String {
    let s = "request.session";
    match view {
        ViewCall::Noop => "pass  # the view never touches request.session".to_owned(),
        ViewCall::Set(data) => data
            .iter()
            .map(|(key, value)| format!("{s}[{}] = {}", literal(&key.into()), literal(value)))
            .collect::<Vec<_>>()
            .join("\n"),
        ViewCall::Update(data) => format!("{s}.update({})", literal(&Value::Dict(data.clone()))),
        ViewCall::Get { key, default } => match default {
            Value::Null => format!("{s}.get({})", literal(&key.as_str().into())),
            default => format!(
                "{s}.get({}, {})",
                literal(&key.as_str().into()),
                literal(default)
            ),
        },
        ViewCall::Pop { key, default } => match default {
            None => format!("{s}.pop({})", literal(&key.as_str().into())),
            Some(default) => format!(
                "{s}.pop({}, {})",
                literal(&key.as_str().into()),
                literal(default)
            ),
        },
        ViewCall::Delete { key } => format!("del {s}[{}]", literal(&key.as_str().into())),
        ViewCall::SetDefault { key, value } => format!(
            "{s}.setdefault({}, {})",
            literal(&key.as_str().into()),
            literal(value)
        ),
        ViewCall::Contains { key } => format!("{} in {s}", literal(&key.as_str().into())),
        ViewCall::Keys => format!("list({s}.keys())"),
        ViewCall::Items => format!("dict({s}.items())"),
        ViewCall::Clear => format!("{s}.clear()"),
        ViewCall::Flush => format!("{s}.flush()"),
        ViewCall::CycleKey => format!("{s}.cycle_key()"),
        ViewCall::SetExpiry(arg) => format!("{s}.set_expiry({})", expiry_argument(arg)),
        ViewCall::Info => format!("{s}.get_expiry_age(), {s}.get_expiry_date()"),
        ViewCall::SessionKey => format!("{s}.session_key"),
        ViewCall::IsEmpty => format!("{s}.is_empty()"),
        ViewCall::SetTestCookie => format!("{s}.set_test_cookie()"),
        ViewCall::TestCookieWorked => format!("{s}.test_cookie_worked()"),
        ViewCall::DeleteTestCookie => format!("{s}.delete_test_cookie()"),
        ViewCall::StoreDelete => {
            "SessionStore().delete(request.session.session_key)  # another request".to_owned()
        }
        ViewCall::Append { key, value } => format!(
            "{s}[{}].append({})",
            literal(&key.as_str().into()),
            literal(value)
        ),
        ViewCall::MarkModified => format!("{s}.modified = True"),
        ViewCall::Login { user } => format!("login(request, User.objects.get(pk={user}))"),
        ViewCall::Logout => "logout(request)".to_owned(),
        ViewCall::User => "request.user".to_owned(),
        ViewCall::Multi(calls) => calls.iter().map(view_call).collect::<Vec<_>>().join("\n"),
        ViewCall::Bool => format!("bool({s})"),
        ViewCall::Async(calls) => calls.iter().map(async_call).collect::<Vec<_>>().join("\n"),
    }
}

/// The statement(s) an `async def` view runs for one op: the `a`-prefixed twin, awaited
/// (`await request.session.aset("theme", "dark")`), as the engine runs it; an op Django has no
/// async twin of is the sync call, made from the coroutine.
fn async_call(view: &ViewCall) -> String {
    let s = "request.session";
    match view {
        ViewCall::Set(data) => data
            .iter()
            .map(|(key, value)| {
                format!(
                    "await {s}.aset({}, {})",
                    literal(&key.into()),
                    literal(value)
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        ViewCall::Contains { key } => {
            format!("await {s}.ahas_key({})", literal(&key.as_str().into()))
        }
        ViewCall::Login { user } => {
            format!("await alogin(request, await User.objects.aget(pk={user}))")
        }
        ViewCall::Logout => "await alogout(request)".to_owned(),
        ViewCall::User => "await aget_user(request)".to_owned(),
        other => ASYNC_TWINS
            .iter()
            .fold(view_call(other), |text, (sync, twin)| {
                text.replace(sync, twin)
            }),
    }
}

/// The calls of the sync spelling that have an `a`-prefixed twin (Django 5.1's async session
/// API), and the awaited twin each becomes.
const ASYNC_TWINS: [(&str, &str); 15] = [
    ("request.session.update(", "await request.session.aupdate("),
    ("request.session.get(", "await request.session.aget("),
    ("request.session.pop(", "await request.session.apop("),
    (
        "request.session.setdefault(",
        "await request.session.asetdefault(",
    ),
    ("request.session.keys(", "await request.session.akeys("),
    ("request.session.items(", "await request.session.aitems("),
    ("request.session.flush(", "await request.session.aflush("),
    (
        "request.session.cycle_key(",
        "await request.session.acycle_key(",
    ),
    (
        "request.session.set_expiry(",
        "await request.session.aset_expiry(",
    ),
    (
        "request.session.get_expiry_age(",
        "await request.session.aget_expiry_age(",
    ),
    (
        "request.session.get_expiry_date(",
        "await request.session.aget_expiry_date(",
    ),
    (
        "request.session.set_test_cookie(",
        "await request.session.aset_test_cookie(",
    ),
    (
        "request.session.test_cookie_worked(",
        "await request.session.atest_cookie_worked(",
    ),
    (
        "request.session.delete_test_cookie(",
        "await request.session.adelete_test_cookie(",
    ),
    ("SessionStore().delete(", "await SessionStore().adelete("),
];

fn expiry_argument(arg: &ExpiryArg) -> String {
    match arg {
        ExpiryArg::Value(value) => literal(value),
        ExpiryArg::Timedelta(seconds) => format!("timedelta(seconds={})", literal(seconds)),
        ExpiryArg::Datetime(text) => match text {
            Value::Str(iso) => format!("datetime.fromisoformat({})", literal(&iso.as_str().into())),
            other => literal(other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::{Dict, PyInt};

    fn dict(entries: &[(&str, Value)]) -> Dict {
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn literals_are_python_not_json() {
        let value = Value::List(vec![
            Value::Null,
            Value::Bool(true),
            Value::Bool(false),
            Value::Int(PyInt::from(3)),
            Value::Float(0.5),
            Value::Dict(dict(&[("k", Value::from("a\"b"))])),
        ]);
        assert_eq!(
            literal(&value),
            r#"[None, True, False, 3, 0.5, {"k": "a\"b"}]"#
        );
    }

    #[test]
    fn repr_is_what_python_prints() {
        // python3 -c "print(repr({'cart': ['book', None, True, 0.5], 'it\\'s': 'a\\\\b'}))"
        let value = Value::Dict(dict(&[
            (
                "cart",
                Value::List(vec![
                    Value::from("book"),
                    Value::Null,
                    Value::Bool(true),
                    Value::Float(0.5),
                ]),
            ),
            ("it's", Value::from("a\\b")),
        ]));
        assert_eq!(
            repr(&value),
            r#"{'cart': ['book', None, True, 0.5], "it's": 'a\\b'}"#
        );
        let long = Value::List((0..10).map(Value::from).collect());
        assert_eq!(
            repr(&long),
            "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]",
            "never abbreviated"
        );
    }

    #[test]
    fn pformat_lays_out_as_pprint_pp() {
        // python3 -c "import pprint; pprint.pp({'_auth_user_id': '1', '_auth_user_backend':
        //   'django.contrib.auth.backends.ModelBackend', 'cart': ['book', 'mug']}, width=60)"
        let value = Value::Dict(dict(&[
            ("_auth_user_id", Value::from("1")),
            (
                "_auth_user_backend",
                Value::from("django.contrib.auth.backends.ModelBackend"),
            ),
            (
                "cart",
                Value::List(vec![Value::from("book"), Value::from("mug")]),
            ),
        ]));
        assert_eq!(
            pformat(&value),
            "{'_auth_user_id': '1',\n '_auth_user_backend': 'django.contrib.auth.backends.ModelBackend',\n 'cart': ['book', 'mug']}"
        );
        assert_eq!(pformat(&value).replace("\n ", " "), repr(&value));
        let short = Value::Dict(dict(&[("cart", Value::List(vec![Value::from("book")]))]));
        assert_eq!(pformat(&short), "{'cart': ['book']}");
        // pprint.pp({'cart': [['sku-aaaaaaaaaaaa', 'sku-bbbbbbbbbbbbb'], 'x' * 30,
        //   {'a': 'b' * 50}]}, width=60)
        let nested = Value::Dict(dict(&[(
            "cart",
            Value::List(vec![
                Value::List(vec![
                    Value::from("sku-aaaaaaaaaaaa"),
                    Value::from("sku-bbbbbbbbbbbbb"),
                ]),
                Value::from("x".repeat(30)),
                Value::Dict(dict(&[("a", Value::from("b".repeat(50)))])),
            ]),
        )]));
        assert_eq!(
            pformat(&nested),
            format!(
                "{{'cart': [['sku-aaaaaaaaaaaa', 'sku-bbbbbbbbbbbbb'],\n          '{}',\n          {{'a': '{}'}}]}}",
                "x".repeat(30),
                "b".repeat(50)
            )
        );
    }

    #[test]
    fn long_lists_are_abbreviated_unless_exact() {
        let list = Value::List((0..10).map(Value::from).collect());
        assert_eq!(literal(&list), "[0, 1, 2, 3, 4, 5, … 4 more]");
        let nested = Value::Dict(dict(&[("k", list)]));
        assert_eq!(
            exact_literal(&nested),
            "{\"k\": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}"
        );
        assert_eq!(exact_literal(&Value::from("a\\b\n")), "\"a\\\\b\\n\"");
    }

    #[test]
    fn set_writes_one_assignment_per_key() {
        let view = ViewCall::Set(dict(&[
            ("cart", Value::List(vec![Value::from("book")])),
            ("n", Value::from(1)),
        ]));
        assert_eq!(
            view_call(&view),
            "request.session[\"cart\"] = [\"book\"]\nrequest.session[\"n\"] = 1"
        );
    }

    #[test]
    fn an_async_view_awaits_the_a_prefixed_twins() {
        let mut data = Dict::new();
        data.insert("theme", Value::from("dark"));
        let view = ViewCall::Async(vec![
            ViewCall::Set(data),
            ViewCall::Get {
                key: "cart".into(),
                default: Value::List(Vec::new()),
            },
            ViewCall::CycleKey,
            ViewCall::Keys,
            ViewCall::Clear,
            ViewCall::Login { user: 1 },
            ViewCall::Info,
            ViewCall::StoreDelete,
            ViewCall::Contains { key: "cart".into() },
        ]);
        assert_eq!(
            view_call(&view),
            "await request.session.aset(\"theme\", \"dark\")\n\
             await request.session.aget(\"cart\", [])\n\
             await request.session.acycle_key()\n\
             list(await request.session.akeys())\n\
             request.session.clear()\n\
             await alogin(request, await User.objects.aget(pk=1))\n\
             await request.session.aget_expiry_age(), await request.session.aget_expiry_date()\n\
             await SessionStore().adelete(request.session.session_key)  # another request\n\
             await request.session.ahas_key(\"cart\")"
        );
    }

    #[test]
    fn methods_and_expiry_arguments() {
        assert_eq!(view_call(&ViewCall::Flush), "request.session.flush()");
        assert_eq!(
            view_call(&ViewCall::Delete { key: "cart".into() }),
            "del request.session[\"cart\"]"
        );
        assert_eq!(
            view_call(&ViewCall::Get {
                key: "cart".into(),
                default: Value::Null
            }),
            "request.session.get(\"cart\")"
        );
        assert_eq!(
            view_call(&ViewCall::SetExpiry(ExpiryArg::Value(Value::Null))),
            "request.session.set_expiry(None)"
        );
        assert_eq!(
            view_call(&ViewCall::SetExpiry(ExpiryArg::Timedelta(Value::from(300)))),
            "request.session.set_expiry(timedelta(seconds=300))"
        );
        assert_eq!(
            view_call(&ViewCall::Multi(vec![ViewCall::CycleKey, ViewCall::Keys])),
            "request.session.cycle_key()\nlist(request.session.keys())"
        );
    }
}
