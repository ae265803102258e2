"""Scenarios for the versions layout (tests/conformance/versions/README.md): the version
features on every engine. Writes one file per story and engine into OUT_DIR/scenarios.

    python3 version_stories.py OUT_DIR
"""

import os
import sys

import jsonio

ENGINES = ["db", "cache", "cached_db", "file", "signed_cookies"]


def req(view, **kw):
    d = {"view": view}
    d.update(kw)
    return {"request": d}


def pickle_values(engine):
    big = engine != "signed_cookies"
    data = {
        "text": "\u00e9" * 200,
        "mixed": "na\u00efve \u2603 \U0001f600",
        "floats": [1.5, -0.0, 1e300, 3.0, -2.25e-7],
        "ints": [0, 255, 256, 65535, 65536, -1, -129, 2147483647, -2147483648,
                 2147483648, 2 ** 63, -(2 ** 63), -(2 ** 63) - 1, 2 ** 70, -(2 ** 70)],
        "flags": [True, False, None],
        "nested": {"deep": {"deeper": [[], {}, [{"k": "v"}]]}},
        "singles": ["a", "a", "\u00e9", "\u00e9", "", "", "\u0100", "\u0100"],
    }
    steps = [req("set", data=data), req("items")]
    if big:
        steps.append(req("set", data={"many": ["x%d" % i for i in range(1200)] + ["a"]}))
        steps.append(req("set", data={"wide": {"w%d" % i: i for i in range(1000)}}))
        steps.append(req("get", key="text"))
    steps += [
        {"settings": {"SESSION_SERIALIZER": "json"}},
        req("get", key="text", default="lost"),
        req("set", data={"json": 1}),
        {"settings": {"SESSION_SERIALIZER": "pickle"}},
        req("get", key="json", default="lost"),
        req("set", data={"back": "\u00e9"}),
        req("items"),
    ]
    return {
        "engine": engine,
        "description": "PickleSerializer with every value type, large containers and serializer switches both ways.",
        "settings": {"SESSION_SERIALIZER": "pickle"},
        "steps": steps,
    }


def pickle_noop_and_flush(engine):
    return {
        "engine": engine,
        "description": "pickle: a noop, a flush and cycle_key, save every request.",
        "settings": {"SESSION_SERIALIZER": "pickle", "SESSION_SAVE_EVERY_REQUEST": True},
        "steps": [
            req("noop"),
            req("set", data={"a": [1, 2]}),
            {"advance": 3},
            req("noop", vary="Accept-Language"),
            req("cycle_key"),
            req("multi", ops=[{"view": "clear"}, {"view": "bool"}]),
            req("flush"),
            req("noop"),
        ],
    }


def async_flows(engine):
    return {
        "engine": engine,
        "description": "async cycle_key/flush/set_expiry/auth flows, with sync-only ops inside.",
        "steps": [
            req("async", ops=[{"view": "noop"}, {"view": "is_empty"}, {"view": "bool"},
                              {"view": "session_key"}]),
            req("async", ops=[{"view": "update", "data": {"cart": ["p1"], "n": 2}}]),
            req("async", ops=[{"view": "append", "key": "cart", "value": "p2"},
                              {"view": "get", "key": "cart"}]),
            {"advance": 7},
            req("async", ops=[{"view": "set_expiry", "value": {"timedelta": 600}},
                              {"view": "info"}, {"view": "delete", "key": "n"}]),
            req("async", ops=[{"view": "login", "user": 1}, {"view": "user"},
                              {"view": "cycle_key"}, {"view": "user"}]),
            {"set_password": {"user": 1, "password": "pbkdf2_sha256$1000000$x$changed"}},
            req("async", ops=[{"view": "user"}, {"view": "keys"}]),
            req("async", ops=[{"view": "set", "data": {"z": 1}}, {"view": "flush"},
                              {"view": "bool"}, {"view": "set_expiry", "value": 0}]),
            req("async", ops=[{"view": "set", "data": {"y": 1}}, {"view": "store_delete"}]),
            req("async", ops=[{"view": "get", "key": "y", "default": "gone"},
                              {"view": "pop", "key": "nope"},
                              {"view": "delete_test_cookie"}]),
            req("multi", ops=[{"view": "clear"}, {"view": "mark_modified"}]),
            req("async", ops=[{"view": "clear"}, {"view": "mark_modified"}, {"view": "get", "key": "q"}]),
            req("async", ops=[{"view": "set", "data": {}}, {"view": "logout"}]),
        ],
    }


def bool_states(engine):
    return {
        "engine": engine,
        "description": "bool(request.session) with a short cookie, a vanished record, after load, cycle and clear.",
        "steps": [
            {"tamper": {"mode": "replace", "text": "short"}},
            req("bool"),
            req("multi", ops=[{"view": "bool"}, {"view": "get", "key": "a"}, {"view": "bool"}]),
            {"tamper": {"mode": "replace", "text": "abcdefghijklmnopqrstuvwxyz012345"}},
            req("multi", ops=[{"view": "bool"}, {"view": "items"}, {"view": "bool"}]),
            req("set", data={"a": 1}),
            req("multi", ops=[{"view": "store_delete"}, {"view": "bool"}]),
            req("multi", ops=[{"view": "bool"}, {"view": "keys"}, {"view": "bool"}]),
            req("set", data={"b": 1}),
            req("multi", ops=[{"view": "cycle_key"}, {"view": "bool"}, {"view": "clear"}, {"view": "bool"}]),
            req("bool", browser="other"),
            req("multi", ops=[{"view": "flush"}, {"view": "bool"}, {"view": "set", "data": {"c": 1}}, {"view": "bool"}]),
            {"tamper": {"mode": "flip_last"}},
            req("multi", ops=[{"view": "bool"}, {"view": "is_empty"}, {"view": "get", "key": "c"}, {"view": "bool"}]),
        ],
    }


VARY = ["Accept-Encoding,", " Accept-Encoding", "Accept-Encoding , Cookie ", "cookie",
        "Cookie ", "* ", "", "Accept-Encoding,,Origin", "Accept-Encoding,\tOrigin",
        "COOKIE, accept-language", " , ,", "*", "Origin,*"]


def vary_values(engine):
    steps = [req("set", data={"a": 1})]
    for i, v in enumerate(VARY):
        view = ["get", "noop", "set"][i % 3]
        extra = {"key": "a"} if view == "get" else ({"data": {"a": i}} if view == "set" else {})
        steps.append(req(view, **extra, vary=v))
    steps.append({"settings": {"SESSION_SAVE_EVERY_REQUEST": True}})
    for v in VARY[:7]:
        steps.append(req("noop", vary=v))
    steps.append(req("flush", vary=" Accept-Encoding"))
    steps.append(req("noop", vary="Accept-Encoding,"))
    steps.append(req("multi", ops=[{"view": "set", "data": {"x": 1}}], status=500, vary="X ,"))
    return {
        "engine": engine,
        "description": "Vary values set by the view, on every engine, with and without SESSION_SAVE_EVERY_REQUEST.",
        "steps": steps,
    }


def cache_down(engine):
    return {
        "engine": engine,
        "description": "The cache goes down and comes back: saves, cycle_key, async, refills, clears.",
        "steps": [
            req("set", data={"a": 1}),
            {"cache_writes": "fail"},
            req("get", key="a"),
            req("set", data={"b": 2}),
            req("cycle_key"),
            req("async", ops=[{"view": "get", "key": "a"}, {"view": "cycle_key"}]),
            req("set", data={"c": 3}, browser="other"),
            {"cache_clear": True},
            req("get", key="a"),
            req("noop", browser="other"),
            {"cache_writes": "ok"},
            req("get", key="a"),
            req("async", ops=[{"view": "set", "data": {"d": 4}}, {"view": "cycle_key"}]),
            {"cache_writes": "fail"},
            req("flush"),
            req("get", key="d", default="none"),
            {"cache_writes": "ok"},
            {"cache_clear": True},
            req("items"),
        ],
    }


def async_more(engine):
    return {
        "engine": engine,
        "description": "async: sync-only ops that load, the cache down under async writes, auth mixes, expiry values.",
        "steps": [
            req("async", ops=[{"view": "delete", "key": "x"}, {"view": "is_empty"}]),
            req("set", data={"a": [1]}),
            req("async", ops=[{"view": "append", "key": "a", "value": 2}]),
            req("async", ops=[{"view": "get", "key": "a"}, {"view": "append", "key": "a", "value": 3}]),
            {"cache_clear": True},
            req("async", ops=[{"view": "delete", "key": "a"}]),
            req("async", ops=[{"view": "set_expiry", "value": {"datetime": "2023-11-15T00:00:00+00:00"}},
                              {"view": "info"}]),
            req("async", ops=[{"view": "set_expiry", "value": None}, {"view": "info"}]),
            {"cache_writes": "fail"},
            req("async", ops=[{"view": "set", "data": {"w": 1}}, {"view": "cycle_key"}]),
            req("async", ops=[{"view": "set", "data": {"w": 2}}], browser="fresh"),
            {"cache_writes": "ok"},
            req("async", ops=[{"view": "login", "user": 3}]),
            req("user"),
            req("login", user=2),
            req("async", ops=[{"view": "user"}, {"view": "logout"}, {"view": "bool"}]),
            req("async", ops=[{"view": "set", "data": {"s": 1}}, {"view": "store_delete"},
                              {"view": "get", "key": "s"}]),
            req("async", ops=[{"view": "flush"}, {"view": "set_test_cookie"},
                              {"view": "test_cookie_worked"}]),
            req("async", ops=[{"view": "test_cookie_worked"}, {"view": "delete_test_cookie"},
                              {"view": "delete_test_cookie"}]),
        ],
    }


def pickle_more(engine):
    return {
        "engine": engine,
        "description": "pickle with tampering, a rotated secret, the cache down, expiry values.",
        "settings": {"SESSION_SERIALIZER": "pickle"},
        "steps": [
            req("set", data={"t": "caf\u00e9", "f": 0.1}),
            {"tamper": {"mode": "flip_last"}},
            req("get", key="t", default="tampered"),
            req("set", data={"u": [1, "x"]}),
            {"rotate_secret": "second-secret-key"},
            req("items"),
            req("set_expiry", value=300),
            req("info"),
            {"cache_writes": "fail"},
            req("set", data={"v": None}),
            {"cache_writes": "ok"},
            req("items"),
            {"settings": {"SESSION_SERIALIZER": "json"}},
            req("noop"),
            req("items"),
            req("set", data={"j": True}),
            {"settings": {"SESSION_SERIALIZER": "pickle"}},
            req("items"),
            req("flush"),
        ],
    }


def lru_async(engine):
    if engine != "cache":
        return None
    return {
        "engine": "cache",
        "description": "the async collision check and the LRU: acreate via asave, alogin, an expired colliding entry.",
        "cache": {"max_entries": 3, "cull_frequency": 3},
        "session_keys": [
            "k1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "k2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "k1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "k3cccccccccccccccccccccccccccccc",
            "k2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "k4dddddddddddddddddddddddddddddd",
            "k1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "k5eeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
        ],
        "steps": [
            req("set", data={"who": "a"}, browser="a"),
            req("set", data={"who": "b"}, browser="b"),
            req("async", ops=[{"view": "set", "data": {"who": "c"}}], browser="c"),
            req("async", ops=[{"view": "login", "user": 1}], browser="b"),
            req("set", data={"who": "d"}, browser="d"),
            req("get", key="who", browser="a"),
            req("get", key="who", browser="c"),
            {"advance": 1300000},
            req("async", ops=[{"view": "set", "data": {"who": "e"}}], browser="e"),
            req("get", key="who", browser="a"),
        ],
    }


STORIES = {
    "vx_pickle_values": pickle_values,
    "vx_pickle_noop_flush": pickle_noop_and_flush,
    "vx_async_flows": async_flows,
    "vx_bool_states": bool_states,
    "vx_vary_values": vary_values,
    "vx_cache_down": cache_down,
    "vx_async_more": async_more,
    "vx_pickle_more": pickle_more,
    "vx_lru_async": lru_async,
}


def main(argv):
    out = os.path.join(argv[1], "scenarios")
    os.makedirs(out, exist_ok=True)
    for name, build in STORIES.items():
        for engine in ENGINES:
            scenario = build(engine)
            if scenario is None:
                continue
            full = "%s__%s" % (name, engine)
            doc = {"name": full, "description": scenario.pop("description")}
            doc.update(scenario)
            jsonio.dump(doc, os.path.join(out, full + ".json"))


if __name__ == "__main__":
    main(sys.argv)
