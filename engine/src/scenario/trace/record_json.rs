//! A trace as JSON in the README's schema (`django-session-trace/1`), so it can be compared
//! with, or saved next to, the traces real Django produced. Events and errors are playground
//! data and not part of that schema.
//!
//! A scenario with `browser_rules` adds the browser's verdicts ([`super::verdicts`]): a
//! request's `url`, `method`, `kind`, `from` and `not_sent`; each Set-Cookie's `verdict`; each
//! jar cookie's `domain`, `path`, `secure`, `httponly`, `samesite`, `created_at` (`partition`
//! for a partitioned one); a script step's `script`. A conformance scenario's trace has none of them.

use crate::json::{Dict, Value};
use crate::scenario::document::Step;

use super::record::{
    BrowserJar, CacheEntry, CookieAttributes, FileEntry, RequestRecord, ResponseRecord, SetCookie,
    StoreSnapshot, Trace, TraceStep,
};
use super::shared_list::SharedList;
use super::verdicts_json::{
    insert_jar_cookie_details, insert_request_verdicts, insert_set_cookie_verdict, script_to_json,
};

fn optional_text(text: &Option<String>) -> Value {
    text.as_deref().map_or(Value::Null, Value::from)
}

fn optional_float(x: Option<f64>) -> Value {
    x.map_or(Value::Null, Value::Float)
}

impl Trace {
    /// The trace as JSON: `{"format", "scenario", "engine", "steps": [...]}`; the format is
    /// `django-session-topology-trace/1` when its requests name their instance.
    pub fn to_json(&self) -> Value {
        let mut d = Dict::new();
        // A scenario with the topology README's fields names an instance on every request.
        let topology = self.steps.iter().any(|step| {
            step.concurrent.is_some() || step.request.as_ref().is_some_and(|r| r.instance.is_some())
        });
        let format = if topology {
            "django-session-topology-trace/1"
        } else {
            "django-session-trace/1"
        };
        d.insert("format", Value::from(format));
        d.insert("scenario", Value::from(self.scenario.as_str()));
        d.insert("engine", Value::from(self.engine.name()));
        if !self.warnings.is_empty() {
            let warnings = self.warnings.iter().map(|w| Value::from(w.as_str()));
            d.insert("warnings", Value::List(warnings.collect()));
        }
        let versioned = self.django.is_some();
        let steps = self
            .steps
            .iter()
            .map(|s| s.to_json_as(self.engine.uses_db(), versioned));
        d.insert("steps", Value::List(steps.collect()));
        Value::Dict(d)
    }
}

impl TraceStep {
    /// One trace step as JSON; `queries` appears for request and `clear_expired` steps of
    /// the db and cached_db engines.
    pub fn to_json(&self, with_queries: bool) -> Value {
        self.to_json_as(with_queries, false)
    }

    /// [`TraceStep::to_json`]; `versioned` writes the response as
    /// [`ResponseRecord::to_versioned_json`] does.
    pub fn to_json_as(&self, with_queries: bool, versioned: bool) -> Value {
        let mut d = Dict::new();
        d.insert("i", Value::from(self.index as i64));
        d.insert("step", self.step.to_value());
        d.insert("now", Value::Float(self.now));
        if let Some(request) = &self.request {
            d.insert("request", request.to_json());
        }
        if let Some(response) = &self.response {
            let json = if versioned {
                response.to_versioned_json()
            } else {
                response.to_json()
            };
            d.insert("response", json);
        }
        let issues_queries = matches!(
            self.step,
            Step::Request(_) | Step::ClearExpired | Step::ClearExpiredOn(_)
        );
        if with_queries && issues_queries {
            d.insert("queries", queries_to_json(&self.queries));
        }
        if let Some(log) = &self.log {
            d.insert("log", log_to_json(log));
        }
        if let Some(concurrent) = &self.concurrent {
            let mut requests = Dict::new();
            for (label, request, response) in &concurrent.requests {
                let mut rd = Dict::new();
                rd.insert("request", request.to_json());
                let json = if versioned {
                    response.to_versioned_json()
                } else {
                    response.to_json()
                };
                rd.insert("response", json);
                requests.insert(label.as_str(), Value::Dict(rd));
            }
            d.insert("requests", Value::Dict(requests));
            let phases = concurrent.phases.iter().map(|phase| {
                let mut pd = Dict::new();
                pd.insert("phase", Value::from(phase.phase.as_str()));
                if with_queries {
                    pd.insert("queries", queries_to_json(&phase.queries));
                }
                pd.insert("log", log_to_json(&phase.log));
                pd.insert("jars", jars_to_json(&phase.jars));
                pd.insert("store", phase.store.to_json());
                Value::Dict(pd)
            });
            d.insert("phases", Value::List(phases.collect()));
        }
        d.insert("jars", jars_to_json(&self.jars));
        d.insert("store", self.store.to_json());
        if let Some(script) = &self.script {
            d.insert("script", script_to_json(script));
        }
        Value::Dict(d)
    }
}

fn queries_to_json(queries: &[crate::session::SqlQuery]) -> Value {
    let queries = queries.iter().map(|q| {
        let mut qd = Dict::new();
        qd.insert("sql", Value::from(q.sql.as_str()));
        qd.insert("params", Value::List(q.params.clone()));
        Value::Dict(qd)
    });
    Value::List(queries.collect())
}

fn log_to_json(log: &[String]) -> Value {
    Value::List(log.iter().map(|line| Value::from(line.as_str())).collect())
}

fn jars_to_json(jars: &SharedList<BrowserJar>) -> Value {
    let mut d = Dict::new();
    for jar in jars {
        d.insert(jar.browser.as_str(), jar_to_json(jar));
    }
    Value::Dict(d)
}

fn jar_to_json(jar: &BrowserJar) -> Value {
    Value::List(
        jar.cookies
            .iter()
            .map(|c| {
                let mut d = Dict::new();
                d.insert("name", Value::from(c.name.as_str()));
                d.insert("value", Value::from(c.value.as_str()));
                d.insert("expires_at", optional_float(c.expires_at));
                insert_jar_cookie_details(&mut d, c);
                Value::Dict(d)
            })
            .collect(),
    )
}

impl RequestRecord {
    /// `{"browser", "path", "secure", "cookie_header"}`.
    pub fn to_json(&self) -> Value {
        let mut d = Dict::new();
        d.insert("browser", Value::from(self.browser.as_str()));
        d.insert("path", Value::from(self.path.as_str()));
        d.insert("secure", Value::Bool(self.secure));
        d.insert("cookie_header", optional_text(&self.cookie_header));
        insert_request_verdicts(&mut d, self);
        if let Some(instance) = &self.instance {
            d.insert("instance", Value::from(instance.as_str()));
        }
        Value::Dict(d)
    }
}

impl ResponseRecord {
    /// `{"status", "exception", "result", "vary", "set_cookie"}`.
    pub fn to_json(&self) -> Value {
        self.json(false)
    }

    /// The versions README's form: `{"status", "exception", "view_exception"?, "result",
    /// "vary", "set_cookie"}`, where `exception` is only what escaped `SessionMiddleware`.
    pub fn to_versioned_json(&self) -> Value {
        self.json(true)
    }

    fn json(&self, versioned: bool) -> Value {
        let mut d = Dict::new();
        d.insert("status", Value::from(i64::from(self.status)));
        if versioned {
            d.insert("exception", optional_text(&self.escaped_exception));
            if let Some(name) = &self.view_exception {
                d.insert("view_exception", Value::from(name.as_str()));
            }
        } else {
            d.insert("exception", optional_text(&self.exception));
        }
        d.insert("result", self.result.clone());
        d.insert("vary", optional_text(&self.vary));
        let cookies = self.set_cookies.iter().map(SetCookie::to_json);
        d.insert("set_cookie", Value::List(cookies.collect()));
        Value::Dict(d)
    }
}

impl SetCookie {
    /// `{"name", "value", "output", "header", "attributes"}`.
    pub fn to_json(&self) -> Value {
        let mut d = Dict::new();
        d.insert("name", Value::from(self.name.as_str()));
        d.insert("value", Value::from(self.value.as_str()));
        d.insert("output", Value::from(self.output.as_str()));
        d.insert("header", Value::Str(self.header()));
        d.insert("attributes", self.attributes.to_json());
        insert_set_cookie_verdict(&mut d, self);
        Value::Dict(d)
    }
}

impl CookieAttributes {
    /// The non-empty attributes in `Morsel`'s key order.
    pub fn to_json(&self) -> Value {
        let mut d = Dict::new();
        if let Some(expires) = &self.expires {
            d.insert("expires", Value::from(expires.as_str()));
        }
        if let Some(path) = &self.path {
            d.insert("path", Value::from(path.as_str()));
        }
        if let Some(domain) = &self.domain {
            d.insert("domain", Value::from(domain.as_str()));
        }
        if let Some(age) = self.max_age {
            d.insert("max-age", Value::from(age));
        }
        if self.secure {
            d.insert("secure", Value::Bool(true));
        }
        if self.httponly {
            d.insert("httponly", Value::Bool(true));
        }
        if let Some(samesite) = &self.samesite {
            d.insert("samesite", Value::from(samesite.as_str()));
        }
        Value::Dict(d)
    }
}

impl StoreSnapshot {
    /// `{"db": [...]}`, `{"cache": [...]}`, both, `{"files": [...]}` or `{}`.
    pub fn to_json(&self) -> Value {
        let mut d = Dict::new();
        let data = |v: &Option<Value>| v.clone().unwrap_or(Value::Null);
        if let Some(rows) = &self.db {
            let rows = rows.iter().map(|r| {
                let mut rd = Dict::new();
                rd.insert("session_key", Value::from(r.session_key.as_str()));
                rd.insert("session_data", Value::from(r.session_data.as_str()));
                rd.insert("expire_date", Value::from(r.expire_date.as_str()));
                rd.insert("data", data(&r.data));
                insert_verifies_on(&mut rd, r.verifies_on.as_deref());
                Value::Dict(rd)
            });
            d.insert("db", Value::List(rows.collect()));
        }
        if let Some(entries) = &self.cache {
            d.insert("cache", cache_to_json(entries));
        }
        if !self.own_caches.is_empty() {
            let mut own = Dict::new();
            for (instance, entries) in &self.own_caches {
                own.insert(instance.as_str(), cache_to_json(entries));
            }
            d.insert("own_caches", Value::Dict(own));
        }
        if let Some(files) = &self.files {
            d.insert("files", files_to_json(files));
        }
        if !self.own_files.is_empty() {
            let mut own = Dict::new();
            for (instance, files) in &self.own_files {
                own.insert(instance.as_str(), files_to_json(files));
            }
            d.insert("own_files", Value::Dict(own));
        }
        Value::Dict(d)
    }
}

fn cache_to_json(entries: &SharedList<CacheEntry>) -> Value {
    let entries = entries.iter().map(|e| {
        let mut ed = Dict::new();
        ed.insert("key", Value::from(e.key.as_str()));
        ed.insert("value", e.value.clone());
        ed.insert("expires_at", optional_float(e.expires_at));
        Value::Dict(ed)
    });
    Value::List(entries.collect())
}

fn files_to_json(files: &SharedList<FileEntry>) -> Value {
    let files = files.iter().map(|f| {
        let mut fd = Dict::new();
        fd.insert("name", Value::from(f.name.as_str()));
        fd.insert("content", Value::from(f.content.as_str()));
        fd.insert("mtime", Value::Float(f.mtime));
        fd.insert("data", f.data.clone().unwrap_or(Value::Null));
        insert_verifies_on(&mut fd, f.verifies_on.as_deref());
        Value::Dict(fd)
    });
    Value::List(files.collect())
}

fn insert_verifies_on(d: &mut Dict, verifies_on: Option<&[String]>) {
    if let Some(names) = verifies_on {
        let names = names.iter().map(|n| Value::from(n.as_str()));
        d.insert("verifies_on", Value::List(names.collect()));
    }
}
