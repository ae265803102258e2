//! Compare along Django versions: the playground's scenario run on two Django releases, and,
//! step by step, every field the two runs show with whether it differs ([`super::fields`]).
//! Both sides come from [`sessionscope_engine::scenario::run_with`], the version being an
//! input of the run.

use sessionscope_engine::scenario::Injected;
use sessionscope_engine::scenario::{self, Scenario, Trace};
use sessionscope_engine::version::DjangoVersion;

use super::fields::{line_up, SideBySide};

/// The scenario on two versions.
pub type VersionComparison = SideBySide<DjangoVersion>;

/// Runs `scenario` on `left` and `right` (its own version is ignored) and lines the two
/// traces up field by field.
pub fn compare_versions(
    scenario: &Scenario,
    left: DjangoVersion,
    right: DjangoVersion,
    code: Injected,
) -> VersionComparison {
    let left_trace = run_on(scenario, left, code);
    let right_trace = run_on(scenario, right, code);
    line_up(left, &left_trace, right, &right_trace)
}

/// The version to set beside `page` by default: the one whose bytes differ from `page`'s in
/// the most fields for this scenario (the farthest release on a tie), or, when none differs,
/// the farthest release. The pair comes oldest first.
pub fn default_pair(
    scenario: &Scenario,
    page: DjangoVersion,
    code: Injected,
) -> (DjangoVersion, DjangoVersion) {
    let distance = |v: DjangoVersion| (v as usize).abs_diff(page as usize);
    let page_trace = run_on(scenario, page, code);
    let other = DjangoVersion::ALL
        .into_iter()
        .filter(|v| *v != page)
        .map(|v| {
            let differing =
                line_up(page, &page_trace, v, &run_on(scenario, v, code)).differing_fields();
            (v, differing)
        })
        .max_by_key(|(v, differing)| (*differing, distance(*v)))
        .map_or(DjangoVersion::V4_2, |(v, _)| v);
    (page.min(other), page.max(other))
}

/// A column of the versions comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The left column.
    Left,
    /// The right column.
    Right,
}

/// The pair after the reader picks `version` for `side`: picking the version the other
/// column shows swaps the two, so the columns never show one version twice.
pub fn pick(
    (left, right): (DjangoVersion, DjangoVersion),
    side: Side,
    version: DjangoVersion,
) -> (DjangoVersion, DjangoVersion) {
    match side {
        Side::Left if version == right => (right, left),
        Side::Left => (version, right),
        Side::Right if version == left => (right, left),
        Side::Right => (left, version),
    }
}

fn run_on(scenario: &Scenario, version: DjangoVersion, code: Injected) -> Trace {
    let mut on_version = scenario.clone();
    on_version.django = Some(version);
    scenario::run_with(&on_version, code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::compare::fields::{Field, StepFields};
    use sessionscope_engine::json::{parse_python_json, Value};
    use sessionscope_engine::scenario::FULL;

    const V4_2: DjangoVersion = DjangoVersion::V4_2;
    const V5_2: DjangoVersion = DjangoVersion::V5_2;
    const V6_1: DjangoVersion = DjangoVersion::V6_1;

    fn scenario(name: &str) -> Scenario {
        let path = format!(
            "{}/engine/tests/conformance/versions/scenarios/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// The response field `key` of step `i` in real Django's trace (`null` when absent).
    fn traced(version: DjangoVersion, name: &str, i: usize, key: &str) -> Value {
        let path = format!(
            "{}/engine/tests/conformance/versions/traces/django-{}/{name}.json",
            env!("CARGO_MANIFEST_DIR"),
            version.name()
        );
        let trace = parse_python_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let Some(Value::List(steps)) = trace.as_dict().unwrap().get("steps").cloned() else {
            panic!("{name}: no steps")
        };
        let step = steps[i].as_dict().unwrap().clone();
        step.get("response")
            .and_then(|r| r.as_dict())
            .and_then(|r| r.get(key))
            .cloned()
            .unwrap_or(Value::Null)
    }

    fn field<'a>(comparison: &'a VersionComparison, step: usize, name: &str) -> &'a Field {
        comparison.steps[step]
            .fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("step {step} has no {name}"))
    }

    fn names(step: &StepFields) -> Vec<&str> {
        step.differing().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn save_every_request_sends_vary_cookie_from_5_2_and_never_on_4_2() {
        let name = "v_save_every_request_vary__db";
        let c = compare_versions(&scenario(name), V4_2, V6_1, FULL);
        assert_eq!(c.differing_steps(), [2, 4]);
        assert_eq!(names(&c.steps[2]), ["Vary"]);
        assert_eq!(names(&c.steps[4]), ["Vary"]);
        let untouched = field(&c, 2, "Vary");
        assert_eq!(untouched.left, None);
        assert_eq!(untouched.right.as_deref(), Some("Vary: Cookie"));
        let with_view_vary = field(&c, 4, "Vary");
        assert_eq!(
            with_view_vary.left.as_deref(),
            Some("Vary: Accept-Encoding")
        );
        assert_eq!(
            with_view_vary.right.as_deref(),
            Some("Vary: Accept-Encoding, Cookie")
        );
        // The bytes are real Django's.
        for (version, text) in [(V4_2, &with_view_vary.left), (V6_1, &with_view_vary.right)] {
            let vary = traced(version, name, 4, "vary");
            assert_eq!(
                text.as_deref(),
                vary.as_str().map(|v| format!("Vary: {v}")).as_deref()
            );
        }
        assert_eq!(traced(V4_2, name, 2, "vary"), Value::Null);
        // Both set the same cookie: only the header differs.
        let set_cookie = field(&c, 2, "Set-Cookie");
        assert!(!set_cookie.differs());
        assert!(set_cookie
            .left
            .as_deref()
            .unwrap()
            .starts_with("Set-Cookie: sessionid=sess0000000000000000000000000001; expires="));
        assert_eq!(c.differing_fields(), 2);
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn pickle_sessions_work_on_4_2_and_are_an_import_error_from_5_0() {
        let name = "v_pickle_serializer__db";
        let c = compare_versions(&scenario(name), V4_2, V5_2, FULL);
        let status = field(&c, 0, "Status");
        assert_eq!(
            (status.left.as_deref(), status.right.as_deref()),
            (Some("200"), Some("500"))
        );
        let raised = field(&c, 0, "Raised past the middleware");
        assert_eq!(raised.left, None);
        assert_eq!(raised.right.as_deref(), Some("ImportError"));
        assert_eq!(
            traced(V5_2, name, 0, "exception"),
            Value::from("ImportError")
        );
        // 4.2 stores a pickle (base64 of 80 05 …: "gAWV") and says PickleSerializer is deprecated.
        let row = field(&c, 0, "django_session row sess0000000000000000000000000001");
        assert!(row.left.as_deref().unwrap().starts_with("gAWV"), "{row:?}");
        assert_eq!(row.right, None, "5.2 stores nothing");
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0]
            .left
            .as_deref()
            .unwrap()
            .starts_with("RemovedInDjango50Warning: PickleSerializer is deprecated"));
        assert_eq!(c.warnings[0].right, None);
    }

    #[test]
    fn the_async_api_is_a_500_on_4_2() {
        let name = "v_async_api__db";
        let c = compare_versions(&scenario(name), V4_2, V6_1, FULL);
        let raised = field(&c, 0, "The view raised");
        assert_eq!(raised.left.as_deref(), Some("AttributeError"));
        assert_eq!(raised.right, None);
        assert_eq!(
            traced(V4_2, name, 0, "view_exception"),
            Value::from("AttributeError")
        );
        let status = field(&c, 0, "Status");
        assert_eq!(status.left.as_deref(), Some("500"));
        assert_eq!(status.right.as_deref(), Some("200"));
        let set_cookie = field(&c, 0, "Set-Cookie");
        assert_eq!(set_cookie.left, None, "4.2 saves nothing");
        assert!(set_cookie.right.is_some());
    }

    #[test]
    fn bool_of_an_empty_session_is_false_only_on_6_1() {
        let name = "v_session_bool__db";
        let c = compare_versions(&scenario(name), V5_2, V6_1, FULL);
        let result = field(&c, 0, "Result");
        assert_eq!(
            (result.left.as_deref(), result.right.as_deref()),
            (Some("True"), Some("False"))
        );
        assert_eq!(traced(V6_1, name, 0, "result"), Value::Bool(false));
        assert_eq!(traced(V5_2, name, 0, "result"), Value::Bool(true));
    }

    #[test]
    fn cached_db_with_the_cache_down_raises_on_4_2_and_sets_the_cookie_from_5_1() {
        let name = "v_cached_db_cache_down__cached_db";
        let c = compare_versions(&scenario(name), V4_2, V5_2, FULL);
        let status = field(&c, 1, "Status");
        assert_eq!(
            (status.left.as_deref(), status.right.as_deref()),
            (Some("500"), Some("200"))
        );
        assert_eq!(
            traced(V4_2, name, 1, "exception"),
            Value::from("ConnectionError")
        );
        assert_eq!(traced(V5_2, name, 1, "status"), Value::from(200));
        let set_cookie = field(&c, 1, "Set-Cookie");
        assert_eq!(set_cookie.left, None);
        assert!(set_cookie.right.is_some());
        // The row is written on both: the DB write comes before the cache's.
        let row = field(&c, 1, "django_session row sess0000000000000000000000000001");
        assert!(!row.differs());
        assert!(row.left.is_some());
    }

    #[test]
    fn a_scenario_no_version_changes_gives_equal_fields_and_the_default_pair_is_the_farthest() {
        let cart = scenario("cart_basic__file");
        let c = compare_versions(&cart, V4_2, V6_1, FULL);
        assert!(c.differing_steps().is_empty());
        assert!(c.steps.iter().all(|s| !s.fields.is_empty()));
        assert_eq!(default_pair(&cart, V6_1, FULL), (V4_2, V6_1));
        assert_eq!(default_pair(&cart, V4_2, FULL), (V4_2, V6_1));
    }

    #[test]
    fn picking_the_other_columns_version_swaps_the_columns() {
        assert_eq!(pick((V4_2, V6_1), Side::Left, V5_2), (V5_2, V6_1));
        assert_eq!(pick((V4_2, V6_1), Side::Right, V5_2), (V4_2, V5_2));
        assert_eq!(pick((V4_2, V6_1), Side::Left, V6_1), (V6_1, V4_2));
        assert_eq!(pick((V4_2, V6_1), Side::Right, V4_2), (V6_1, V4_2));
        assert_eq!(pick((V4_2, V6_1), Side::Right, V6_1), (V4_2, V6_1));
    }

    #[test]
    fn the_default_pair_is_the_version_that_differs_most() {
        let vary = scenario("v_save_every_request_vary__db");
        assert_eq!(default_pair(&vary, V6_1, FULL), (V4_2, V6_1));
        assert_eq!(default_pair(&vary, V5_2, FULL), (V4_2, V5_2));
        let boolean = scenario("v_session_bool__db");
        assert_eq!(default_pair(&boolean, V5_2, FULL), (V5_2, V6_1));
        assert_eq!(default_pair(&boolean, V6_1, FULL), (V4_2, V6_1));
    }
}
