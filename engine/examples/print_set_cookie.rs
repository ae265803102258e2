//! Runs a scenario (conformance JSON, read from stdin) through the engine natively and
//! prints, for every request step, the `Cookie` header the browser sent (`null`: none), the
//! response's status and each `Set-Cookie` header line, as JSON. The end-to-end tests compare the playground page against this output.
//!
//! ```text
//! cargo run --example print_set_cookie < scenario.json
//! ```

use std::io::Read;
use std::process::ExitCode;

use sessionscope_engine::json::{to_python_json, Dict, Value};
use sessionscope_engine::scenario::{run, Scenario};

fn main() -> ExitCode {
    let mut input = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cannot read stdin: {error}");
        return ExitCode::FAILURE;
    }
    let scenario = match Scenario::from_json(&input) {
        Ok(scenario) => scenario,
        Err(error) => {
            eprintln!("not a scenario: {error}");
            return ExitCode::FAILURE;
        }
    };
    let trace = run(&scenario);
    let exchanges: Vec<Value> = trace
        .steps
        .iter()
        .filter_map(|step| {
            let response = step.response.as_ref()?;
            let mut exchange = Dict::new();
            exchange.insert("i", Value::from(step.index as i64));
            let cookie = step
                .request
                .as_ref()
                .and_then(|r| r.cookie_header.as_deref());
            exchange.insert("cookie", cookie.map_or(Value::Null, Value::from));
            exchange.insert("status", Value::from(i64::from(response.status)));
            exchange.insert(
                "set_cookie",
                Value::List(
                    response
                        .set_cookies
                        .iter()
                        .map(|cookie| Value::from(cookie.header()))
                        .collect(),
                ),
            );
            Some(Value::Dict(exchange))
        })
        .collect();
    println!("{}", to_python_json(&Value::List(exchanges)));
    ExitCode::SUCCESS
}
