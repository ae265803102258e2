"""The extra session scenarios: each story is written once per engine it makes sense for.

    python3 stories.py OUT_SCENARIO_DIR     # (re)writes <story>__<engine>.json

A story is a function returning (description, fields, steps); `fields` may hold start_time,
settings, cache, session_keys. Steps are the README's step objects verbatim.
"""

import os
import random
import sys

import jsonio

ALL = ("db", "cache", "cached_db", "file", "signed_cookies")
CACHED = ("cache", "cached_db")
STORIES = []


def story(engines=ALL):
    def deco(fn):
        import inspect

        call = fn if inspect.signature(fn).parameters else (lambda engine: fn())
        STORIES.append((fn.__name__, engines, call))
        return fn

    return deco


def R(view, **kw):
    """A request step; view args first, then browser/path/secure/status/vary."""
    return {"request": dict(view=view, **kw)}


def op(view, **kw):
    return dict(view=view, **kw)


def multi(*ops, **kw):
    return {"request": dict(view="multi", ops=list(ops), **kw)}


def adv(s):
    return {"advance": s}


def settings(**kw):
    return {"settings": kw}


def tamper(mode, **kw):
    return {"tamper": dict(mode=mode, **kw)}


def save(label, **kw):
    return {"save_cookie": dict(**{"as": label}, **kw)}


def restore(label, **kw):
    return {"restore_cookie": dict(**{"from": label}, **kw)}


def close(browser=True):
    return {"close_browser": browser}


CLEAR_EXPIRED = {"clear_expired": True}


# ---------------------------------------------------------------------------------------
@story()
def dict_api(engine):
    return (
        "Mapping API: set with no data (never touches the session) and update({}) on a new "
        "session (accessed, modified, but empty: no cookie); update() keeps insertion order and "
        "overwrites in place; setdefault on an absent then a present key; contains; del of a "
        "present key and of an absent key (KeyError, nothing saved); pop of an absent key with "
        "a default and without one (KeyError); get with a default; is_empty.",
        {},
        [
            R("is_empty"),
            R("set", data={}),
            R("update", data={}),
            R("update", data={"b": 1, "a": [1, 2], "c": {"x": None}}),
            R("update", data={"a": "second", "d": True}),
            R("items"),
            R("setdefault", key="e", value={"n": 5}),
            R("setdefault", key="b", value=99),
            R("contains", key="e"),
            R("contains", key="zzz"),
            R("delete", key="c"),
            R("delete", key="c"),
            R("pop", key="nope", default=[0]),
            R("pop", key="nope"),
            R("get", key="nope", default="dflt"),
            R("keys"),
            R("is_empty"),
        ],
    )


@story()
def test_cookie_flow(engine):
    return (
        "set_test_cookie / test_cookie_worked / delete_test_cookie: a fresh browser checks "
        "test_cookie_worked (false, no cookie, Vary only); the main browser sets it, checks it "
        "on the next request, deletes it (session becomes empty but keeps its key), deletes it "
        "again (KeyError), then checks once more.",
        {},
        [
            R("test_cookie_worked", browser="other"),
            R("set_test_cookie"),
            R("test_cookie_worked"),
            R("items"),
            R("delete_test_cookie"),
            R("items"),
            R("delete_test_cookie"),
            R("test_cookie_worked"),
            R("is_empty"),
        ],
    )


@story()
def clear_vs_flush(engine):
    return (
        "clear() keeps the key and saves {}; reading after clear; clear() without any session "
        "(accessed, nothing saved); flush() on a cleared session deletes the record and the "
        "cookie; flush() when there is no cookie at all; flush then set in one request (a new "
        "key is issued instead of a deletion).",
        {},
        [
            R("set", data={"user": "u1", "n": 1}),
            R("clear"),
            R("items"),
            R("session_key"),
            R("is_empty"),
            R("clear", browser="second"),
            R("set", data={"after": "clear"}),
            R("flush"),
            R("flush"),
            R("items"),
            R("set", data={"x": 1}),
            multi(op("flush"), op("set", data={"y": 2}), op("session_key")),
            R("items"),
        ],
    )


@story()
def store_delete_race(engine):
    return (
        "Another request deletes the stored record (first with no session at all: result "
        "null): (1) before this request loads the session "
        "(store_delete alone, then a read: unknown key); (2) store_delete then set in one "
        "request before any load: a new key is created silently; (3) loaded, store_delete, "
        "then modified: save fails with SessionInterrupted (400, no cookie, no Vary) except "
        "for signed_cookies; (4) the session survives a read-only request after deletion.",
        {},
        [
            R("store_delete"),
            R("set", data={"a": 1}),
            R("store_delete"),
            R("get", key="a"),
            R("set", data={"b": 2}),
            multi(op("store_delete"), op("set", data={"c": 3})),
            R("items"),
            multi(op("get", key="c"), op("store_delete"), op("set", data={"d": 4})),
            R("items"),
            R("set", data={"e": 5}),
            multi(op("get", key="e"), op("store_delete"), op("get", key="e")),
            R("items"),
        ],
    )


@story()
def clear_expired_cmd(engine):
    return (
        "clearsessions: three browsers with sessions expiring at different times (default age "
        "100 reaching exactly the clear_expired instant, and a set_expiry(30) integer age whose "
        "cookie is put aside and replayed at the end); clear_expired before, at and after the "
        "boundary; then the browsers read their sessions.",
        {"settings": {"SESSION_COOKIE_AGE": 100}},
        [
            R("set", data={"who": "a"}, browser="a"),
            adv(20),
            R("set", data={"who": "b"}, browser="b"),
            multi(op("set", data={"who": "c"}), op("set_expiry", value=30), browser="c"),
            save("c_cookie", browser="c"),
            tamper("delete", browser="c"),
            adv(50),
            CLEAR_EXPIRED,
            adv(30),
            CLEAR_EXPIRED,
            adv(0.5),
            CLEAR_EXPIRED,
            R("get", key="who", browser="a"),
            R("get", key="who", browser="b"),
            tamper("delete", browser="b"),
            adv(100),
            CLEAR_EXPIRED,
            restore("c_cookie", browser="c"),
            R("get", key="who", browser="c"),
        ],
    )


def _cull(freq):
    return (
        "LocMemCache with max_entries=3, cull_frequency=%d and five browsers: every cache set "
        "(new session or update) culls first when 3 entries are present; reads move an entry "
        "to the front; evicted sessions are lost (cache) or refilled from the DB (cached_db)."
        % freq,
        {"cache": {"max_entries": 3, "cull_frequency": freq}},
        [
            R("set", data={"n": 1}, browser="b1"),
            R("set", data={"n": 2}, browser="b2"),
            R("set", data={"n": 3}, browser="b3"),
            R("get", key="n", browser="b1"),
            R("set", data={"n": 4}, browser="b4"),
            R("get", key="n", browser="b2"),
            R("set", data={"m": 1}, browser="b3"),
            R("set", data={"n": 5}, browser="b5"),
            R("get", key="n", browser="b1"),
            R("get", key="n", browser="b4"),
            R("items", browser="b5"),
        ],
    )


@story(CACHED)
def cache_cull_f0(engine):
    return _cull(0)


@story(CACHED)
def cache_cull_f1(engine):
    return _cull(1)


@story(ALL)
def cache_cull_f2(engine):
    return _cull(2)


@story(CACHED)
def cache_cull_f3(engine):
    return _cull(3)


@story()
def save_every_request(engine):
    return (
        "SESSION_SAVE_EVERY_REQUEST=True with SESSION_COOKIE_AGE=100: untouched requests re-save "
        "and re-send the cookie (sliding expiry); a stale well-formed cookie with an unknown key "
        "gets a new empty session; a 500 response is not saved; a short cookie is deleted.",
        {"settings": {"SESSION_SAVE_EVERY_REQUEST": True, "SESSION_COOKIE_AGE": 100}},
        [
            R("noop"),
            R("set", data={"a": 1}),
            adv(60),
            R("noop"),
            adv(60),
            R("get", key="a"),
            R("noop", status=500),
            tamper("replace", text="unknownkey000000000000000000000a"),
            R("noop"),
            R("items"),
            tamper("replace", text="short"),
            R("noop"),
            R("noop", browser="fresh"),
        ],
    )


@story()
def cookie_name_change(engine):
    return (
        "SESSION_COOKIE_NAME changed mid-scenario: the old cookie is still sent but ignored, a "
        "second session is created under the new name, the file backend's file prefix "
        "follows the name; switching back finds the first session again; flush under each name.",
        {},
        [
            R("set", data={"v": "first"}),
            settings(SESSION_COOKIE_NAME="appsid"),
            R("get", key="v"),
            R("set", data={"v": "second"}),
            R("items"),
            settings(SESSION_COOKIE_NAME="sessionid"),
            R("items"),
            R("flush"),
            settings(SESSION_COOKIE_NAME="appsid"),
            R("items"),
            CLEAR_EXPIRED,
            R("flush"),
        ],
    )


@story()
def cookie_age_zero_and_small(engine):
    return (
        "SESSION_COOKIE_AGE=0: the cookie is sent with Max-Age=0 (the browser deletes it) and the "
        "stored record is already expired; the same value replayed in the same second is read; then SESSION_COOKIE_AGE=5: the session is read at "
        "4 s and, replayed, at exactly 5 s (the expiry boundary second) and at 6 s.",
        {"settings": {"SESSION_COOKIE_AGE": 0}},
        [
            R("set", data={"a": 1}),
            R("info"),
            tamper("replace", text=first_cookie_value(engine, {"a": 1})),
            R("get", key="a"),
            settings(SESSION_COOKIE_AGE=5),
            R("set", data={"b": 2}),
            save("five"),
            adv(4),
            R("get", key="b"),
            adv(1),
            restore("five"),
            R("get", key="b"),
            adv(1),
            restore("five"),
            R("get", key="b"),
        ],
    )


def _boundary(start, first, second):
    return (
        "Expiry boundary with start_time=%r and SESSION_COOKIE_AGE=60: the cookie is replayed "
        "(no browser-side expiry) %r s and then %r s after it was issued; db, cache and file "
        "expire at exactly the expiry instant, signed_cookies floors its timestamp."
        % (start, first, second),
        {"start_time": start, "settings": {"SESSION_COOKIE_AGE": 60}},
        [
            R("set", data={"k": "v"}),
            R("info"),
            save("c"),
            adv(first),
            restore("c"),
            R("get", key="k"),
            adv(second - first),
            restore("c"),
            R("get", key="k"),
        ],
    )


@story()
def expiry_boundary_int(engine):
    return _boundary(1700000000, 59, 60)


@story()
def expiry_boundary_frac25(engine):
    return _boundary(1700000000.25, 59.75, 60)


@story()
def expiry_boundary_frac75(engine):
    return _boundary(1700000000.75, 59.25, 60)


@story()
def set_expiry_variants(engine):
    return (
        "set_expiry with an int, a float (90.7: Max-Age=90), a timedelta of 30.5 s, an aware "
        "datetime with a +02:00 offset, one with microseconds, None (removes the key: setting "
        "it again moves it to the end) and 0; info after each; advance past 90 s.",
        {"start_time": 1700000000.25},
        [
            R("set", data={"a": 1}),
            multi(op("set_expiry", value=90), op("info")),
            multi(op("set_expiry", value=90.7), op("info")),
            multi(op("set_expiry", value={"timedelta": 30.5}), op("info")),
            multi(op("set_expiry", value={"datetime": "2023-11-15T02:13:20+02:00"}), op("info")),
            multi(
                op("set_expiry", value={"datetime": "2023-11-15T00:14:00.123456+02:00"}),
                op("info"),
            ),
            multi(op("set_expiry", value=None), op("info")),
            multi(op("set", data={"z": 0}), op("set_expiry", value=120), op("keys")),
            adv(100),
            R("info"),
            multi(op("set_expiry", value=0), op("info")),
            multi(op("set_expiry", value=None), op("set_expiry", value=None), op("info")),
        ],
    )


@story()
def status_and_vary(engine):
    return (
        "Response status and Vary: 404 saves; 500 does not save or set a cookie but still "
        "varies; flush in a 500 still deletes the cookie; an existing Vary is extended "
        "(Accept-Encoding), not duplicated (Cookie, lower-case 'accept-encoding, cookie'), "
        "collapsed by '*', and left alone when the session is not touched.",
        {},
        [
            R("set", data={"a": 1}, status=404),
            R("set", data={"b": 2}, status=500),
            R("items", status=500),
            R("get", key="a", vary="Accept-Encoding"),
            R("set", data={"c": 3}, vary="Cookie"),
            R("get", key="c", vary="accept-encoding, cookie"),
            R("get", key="c", vary="*"),
            R("noop", vary="Accept-Encoding"),
            R("session_key", vary="Accept-Language"),
            R("flush", status=500, vary="Accept-Encoding"),
            R("items", status=404),
        ],
    )


def _blob(n, seed):
    rnd = random.Random(seed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(rnd.choice(alphabet) for _ in range(n))


@story()
def oversized_cookie(engine):
    return (
        "A large incompressible value: signed_cookies produces a Set-Cookie over 4096 bytes "
        "that the browser ignores (it keeps the previous cookie); the server-side engines just "
        "store it. Then the value is removed again.",
        {},
        [
            R("set", data={"small": 1}),
            R("set", data={"blob": _blob(4000, 7)}),
            R("keys"),
            R("pop", key="small"),
            R("keys"),
            R("delete", key="blob"),
            R("items"),
        ],
    )


@story()
def cookie_size_limit(engine):
    # The two blob lengths are chosen so that the signed_cookies cookie is exactly 4096 bytes
    # (name + value) and then 4097 (see fit_cookie_blobs()).
    n_ok, n_over = fit_cookie_blobs()
    return (
        "signed_cookies cookie size limit: a value giving exactly len(name)+len(value) = 4096 is "
        "accepted by the browser, 4097 is ignored (other engines: plain storage).",
        {},
        [
            R("set", data={"blob": _blob(n_ok, 11)}),
            R("get", key="blob"),
            R("set", data={"blob": _blob(n_over, 11)}),
            R("get", key="blob"),
        ],
    )


_FIT = []


def fit_cookie_blobs(start=1700000000):
    """Find blob lengths whose signed_cookies cookie is 4087 and 4088 chars (name 'sessionid')."""
    if _FIT:
        return _FIT[0]
    import time

    signing = _django_signing()
    real = time.time
    time.time = lambda: float(start)
    found = {}
    try:
        for n in range(3800, 4200):
            v = signing.dumps(
                {"blob": _blob(n, 11)},
                compress=True,
                salt="django.contrib.sessions.backends.signed_cookies",
            )
            total = len("sessionid") + len(v)
            if total in (4096, 4097) and total not in found:
                found[total] = n
            if len(found) == 2:
                break
    finally:
        time.time = real
    _FIT.append((found[4096], found[4097]))
    return _FIT[0]


@story()
def multi_browser_replay(engine):
    return (
        "Cookie replay across browsers: the main browser's cookie is copied into a second "
        "browser; both share the session; main cycles its key; the copy is then stale "
        "(except for signed_cookies); restoring a label saved while the cookie was absent "
        "deletes it.",
        {},
        [
            save("none"),
            R("set", data={"user": "alice"}),
            save("stolen"),
            restore("stolen", browser="thief"),
            R("get", key="user", browser="thief"),
            R("set", data={"thief": True}, browser="thief"),
            R("items"),
            R("cycle_key"),
            R("items", browser="thief"),
            R("items"),
            restore("none"),
            R("items"),
        ],
    )


@story()
def tamper_modes(engine):
    return (
        "Cookie tampering: append junk, flip the last char, replace with a value containing "
        "upper-case letters, delete, replace with a quoted value whose unquoted form is the "
        "real key, and one with an escaped comma; an unrelated extra cookie is sent along.",
        {},
        [
            R("set", data={"a": 1}),
            save("good"),
            tamper("append", text="x"),
            R("get", key="a"),
            restore("good"),
            tamper("flip_last"),
            R("get", key="a"),
            restore("good"),
            tamper("replace", text="theme=dark", name="prefs"),
            R("get", key="a"),
            tamper("delete"),
            R("get", key="a"),
            tamper("replace", text="SESS0000000000000000000000000001"),
            R("get", key="a"),
            tamper("replace", text='"quoted\\054value"'),
            R("get", key="a"),
        ],
    )


@story()
def quoted_cookie_value(engine):
    key = first_cookie_value(engine, {"q": 1})
    # The same value with one char written as an octal escape (\\060 = "0", \\145 = "e").
    escaped = key[:-2] + "\\060" + key[-1] if engine != "signed_cookies" else "\\145" + key[1:]
    return (
        "A quoted cookie value: the session cookie is replayed wrapped in double quotes "
        "(Python's cookie parser unquotes it, so the session is found), then quoted with an "
        "octal escape inside, then quoted around a value with a space; finally the original.",
        {},
        [
            R("set", data={"q": 1}),
            save("good"),
            tamper("replace", text='"%s"' % key),
            R("get", key="q"),
            tamper("replace", text='"%s"' % escaped),
            R("set", data={"r": 2}),
            tamper("replace", text='"with space"'),
            R("get", key="q"),
            restore("good"),
            R("items"),
        ],
    )


def _django_signing():
    from django.conf import settings as dj

    if not dj.configured:
        import djenv

        dj.configure(SECRET_KEY=djenv.DEFAULT_SECRET, SECRET_KEY_FALLBACKS=[])
    from django.core import signing

    return signing


def first_cookie_value(engine, data, start=1700000000):
    """The cookie value the first session of a scenario gets (default settings)."""
    if engine != "signed_cookies":
        return "sess%028d" % 1
    import time

    signing = _django_signing()
    real = time.time
    time.time = lambda: float(start)
    try:
        return signing.dumps(
            data, compress=True, salt="django.contrib.sessions.backends.signed_cookies"
        )
    finally:
        time.time = real


@story()
def short_and_unknown_cookies(engine):
    return (
        "Cookie values shorter than 8 chars are deleted even by a view that never touches the "
        "session; an 8-char unknown value is left alone by noop and deleted (or replaced by an "
        "empty signed cookie) once the session is read; an empty value.",
        {},
        [
            tamper("replace", text="abc"),
            R("noop"),
            tamper("replace", text="abcdefg"),
            R("session_key"),
            tamper("replace", text="abcdefgh"),
            R("noop"),
            R("get", key="x"),
            tamper("replace", text=""),
            R("noop"),
            R("set", data={"x": 1}),
            R("get", key="x"),
        ],
    )


@story()
def rotate_secret_fallbacks(engine):
    return (
        "SECRET_KEY rotated twice (fallbacks = [second, first]); data signed with the first key "
        "still verifies via the second fallback; re-saving re-signs with the newest key; "
        "dropping all fallbacks makes the stored data undecodable (an empty session that keeps "
        "its key, or a fresh signed cookie); a non-ASCII secret.",
        {},
        [
            R("set", data={"a": 1}),
            R("set", data={"b": 2}, browser="other"),
            {"rotate_secret": "second-secret-key-abcdefghijklmnopqrstuvwxyz-0123"},
            R("get", key="a"),
            {"rotate_secret": "clé-secrète-ключ-🔑-third"},
            R("items"),
            R("set", data={"a": 10}),
            settings(SECRET_KEY_FALLBACKS=[]),
            R("items"),
            R("items", browser="other"),
            R("set", data={"c": 3}, browser="other"),
            R("items", browser="other"),
        ],
    )


@story()
def cookie_attribute_variants(engine):
    return (
        "Cookie attributes: SameSite=None (the deletion also gets Secure), SameSite omitted "
        "(null), HttpOnly off, a __Secure- name, a __Host- name (deletion gets Secure even "
        "without SESSION_COOKIE_SECURE), a Domain, and expire-at-browser-close cookies.",
        {"settings": {"SESSION_COOKIE_SAMESITE": "None", "SESSION_COOKIE_SECURE": True}},
        [
            R("set", data={"a": 1}, secure=True),
            R("flush", secure=True),
            settings(SESSION_COOKIE_SAMESITE=None, SESSION_COOKIE_SECURE=False,
                     SESSION_COOKIE_HTTPONLY=False, SESSION_COOKIE_DOMAIN="example.org"),
            R("set", data={"b": 2}),
            R("flush"),
            settings(SESSION_COOKIE_NAME="__Secure-sid", SESSION_COOKIE_SAMESITE="Strict",
                     SESSION_COOKIE_SECURE=True, SESSION_COOKIE_DOMAIN=None),
            R("set", data={"c": 3}, secure=True),
            R("flush", secure=True),
            settings(SESSION_COOKIE_NAME="__Host-sid", SESSION_COOKIE_SECURE=False,
                     SESSION_COOKIE_SAMESITE="Lax", SESSION_EXPIRE_AT_BROWSER_CLOSE=True),
            R("set", data={"d": 4}),
            R("info"),
            R("flush"),
        ],
    )


@story()
def browser_close_setting(engine):
    return (
        "SESSION_EXPIRE_AT_BROWSER_CLOSE=True: default sessions get no expires/Max-Age; a "
        "per-session set_expiry(300) overrides it, set_expiry(None) restores it; close_browser "
        "on a named browser; the stored expiry stays SESSION_COOKIE_AGE; then with "
        "SESSION_SAVE_EVERY_REQUEST an untouched request re-sends a browser-session cookie.",
        {"settings": {"SESSION_EXPIRE_AT_BROWSER_CLOSE": True}},
        [
            R("set", data={"a": 1}, browser="laptop"),
            R("info", browser="laptop"),
            multi(op("set_expiry", value=300), op("info"), browser="laptop"),
            close("laptop"),
            R("get", key="a", browser="laptop"),
            multi(op("set_expiry", value=None), op("info"), browser="laptop"),
            close("laptop"),
            R("get", key="a", browser="laptop"),
            R("set", data={"p": 1}, browser="phone"),
            close("phone"),
            R("items", browser="phone"),
            settings(SESSION_SAVE_EVERY_REQUEST=True),
            R("set", data={"q": 2}, browser="phone"),
            R("noop", browser="phone"),
            close("phone"),
            R("noop", browser="phone"),
        ],
    )


@story()
def session_keys_preset(engine):
    return (
        "Preset key generator outputs: the first session takes a preset key; the next preset "
        "is the same key again, which already exists, so it is rejected and the generator's "
        "next output is used (the first generated key, sess...0001: only generated keys are "
        "numbered); cycle_key consumes the next output.",
        {"session_keys": ["preset00000000000000000000000001", "preset00000000000000000000000001"]},
        [
            R("set", data={"a": 1}, browser="b1"),
            R("set", data={"b": 2}, browser="b2"),
            R("session_key", browser="b2"),
            R("cycle_key", browser="b1"),
            R("session_key", browser="b1"),
            R("set", data={"c": 3}, browser="b3"),
        ],
    )


@story()
def session_keys_invalid_chars(engine):
    return (
        "A preset session key with upper-case letters (outside [a-z0-9]): db and cache store it "
        "as is; the file backend rejects it (InvalidSessionKey while checking exists()).",
        {"session_keys": ["UPPERcase000000000000000000000001"]},
        [
            R("set", data={"a": 1}),
            R("items"),
            R("set", data={"b": 2}, browser="other"),
            R("items", browser="other"),
        ],
    )


@story()
def cycle_key_variants(engine):
    return (
        "cycle_key without any session (a key is created, nothing else stored), cycle_key "
        "inside a 500 response (the new key is stored but never sent, the old record is gone), "
        "cycle_key followed by flush, and set_expiry then cycle_key.",
        {},
        [
            R("cycle_key"),
            R("set", data={"a": 1}),
            R("cycle_key", status=500),
            R("items"),
            R("set", data={"b": 2}),
            multi(op("cycle_key"), op("flush")),
            R("items"),
            multi(op("set", data={"c": 3}), op("set_expiry", value=50), op("cycle_key"), op("info")),
            R("info"),
        ],
    )


@story()
def data_types(engine):
    return (
        "Session values of every JSON kind: astral and control characters, DEL, U+2028, floats "
        "in exponent form, -0.0, 2**70, nested containers and non-ASCII keys; read back and "
        "partially overwritten (key order kept).",
        {"start_time": 1700000000.5},
        [
            R("set", data={
                "text": "h\u00e9llo \U0001F600 \u2028 \x7f \x01\t\n\"\\/<>&",
                "cl\u00e9": "\u043a\u043b\u044e\u0447",
                "floats": [0.1, 1e16, 1e-05, -0.0, 1.5e300, 123456789012345680.0, 0.30000000000000004],
                "ints": [1180591620717411303424, -18446744073709551616, 0],
                "nested": {"a": [[], {}, [None, True, False]], "b": {"c": {"d": "e"}}},
            }),
            R("items"),
            R("set", data={"text": "plain", "new": 1}),
            R("items"),
            R("pop", key="floats"),
            R("keys"),
        ],
    )


@story()
def fractional_start_cart(engine):
    return (
        "A cart flow on a fractional clock (start_time=1700000000.5, advances of 0.25 s and "
        "1.5 s) with SESSION_COOKIE_AGE=3600: expires is floored, Max-Age is an int, stored "
        "expiry keeps microseconds, the file mtime follows the clock; finally read 1.0 s and "
        "0.5 s before the stored expiry (the file backend floors the remaining age to 0 and "
        "expires early).",
        {"start_time": 1700000000.5, "settings": {"SESSION_COOKIE_AGE": 3600}},
        [
            R("set", data={"cart": {"p1": 1}}),
            adv(0.25),
            R("info"),
            R("set", data={"cart": {"p1": 2}}),
            adv(1.5),
            R("get", key="cart"),
            R("cycle_key"),
            adv(3598.5),
            R("info"),
            adv(0.5),
            R("get", key="cart"),
            adv(0.5),
            R("get", key="cart"),
        ],
    )


@story()
def set_expiry_replay(engine):
    return (
        "set_expiry(30) then the cookie is replayed 31 s later: db and cache have expired it, "
        "the file backend never expires an integer expiry (it is an age from now), "
        "signed_cookies ignores set_expiry and uses SESSION_COOKIE_AGE; the same with "
        "set_expiry(timedelta 30) (a stored datetime, which the file backend does honour).",
        {},
        [
            multi(op("set", data={"a": 1}), op("set_expiry", value=30)),
            save("int30"),
            adv(31),
            restore("int30"),
            R("get", key="a"),
            R("set", data={"b": 2}, browser="two"),
            multi(op("set_expiry", value={"timedelta": 30}), op("info"), browser="two"),
            save("td30", browser="two"),
            adv(31),
            restore("td30", browser="two"),
            R("get", key="b", browser="two"),
        ],
    )


@story()
def datetime_expiry_fractional(engine):
    return (
        "start_time 1700000000.25 and set_expiry(datetime 22:13:30Z): the remaining age 9.75 s "
        "is floored to 9, so the cache entry expires at .25 of second 9 while the db row expires "
        "at second 10; reading at 9.5 s (cached_db refills its cache from the db with a floored "
        "age of 0, i.e. already expired) and at exactly 10 s.",
        {"start_time": 1700000000.25},
        [
            multi(op("set", data={"k": 1}), op("set_expiry", value={"datetime": "2023-11-14T22:13:30+00:00"}), op("info")),
            save("c"),
            adv(9.25),
            restore("c"),
            R("get", key="k"),
            R("info"),
            adv(0.5),
            restore("c"),
            R("get", key="k"),
        ],
    )


@story()
def negative_expiry():
    return (
        "Expiry in the past: set_expiry(-800) gives Max-Age=-800 and an expires date in the "
        "past (the browser drops the cookie); the stored record is already expired; the same "
        "value is replayed; then set_expiry(timedelta -0.25 s) and a datetime 1 s in the past, "
        "with info (the age floors to -1).",
        {},
        [
            R("set", data={"a": 1}),
            save("c"),
            multi(op("set_expiry", value=-800), op("info")),
            restore("c"),
            R("get", key="a"),
            R("set", data={"b": 2}, browser="two"),
            multi(op("set_expiry", value={"timedelta": -0.25}), op("info"), browser="two"),
            R("set", data={"c": 3}, browser="three"),
            multi(op("set_expiry", value={"datetime": "2023-11-14T22:13:19+00:00"}), op("info"),
                  browser="three"),
        ],
    )


@story()
def cookie_age_changed_midway():
    return (
        "SESSION_COOKIE_AGE lowered after the session was issued: stored expiries keep the old "
        "age (db/cache/file record, cookie Max-Age) but the file backend recomputes from the "
        "mtime and signed_cookies checks the signature age against the new value; then raised "
        "again.",
        {},
        [
            R("set", data={"a": 1}),
            R("info"),
            settings(SESSION_COOKIE_AGE=10),
            adv(11),
            R("get", key="a"),
            R("info"),
            settings(SESSION_COOKIE_AGE=1209600),
            R("get", key="a"),
        ],
    )


# ---------------------------------------------------------------------------------------
# Preset keys colliding with cycle_key, and django.contrib.auth (README "Users").

PASSWORD_1 = "pbkdf2_sha256$1000000$oraclesalt1$bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ0"
NEW_PASSWORD_1 = "pbkdf2_sha256$1000000$newsalt1$zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONM0"
NEW_PASSWORD_2 = "argon2$argon2id$v=19$m=102400,t=2,p=8$bmV3c2FsdDI$changedhash2"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_auth_hash(password, secret="oracle-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"):
    """AbstractBaseUser._get_session_auth_hash (salted_hmac, sha256), computed here so that
    stories can store a correct or a wrong hash themselves."""
    import hashlib
    import hmac

    salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
    key = hashlib.sha256((salt + secret).encode()).digest()
    return hmac.new(key, password.encode(), hashlib.sha256).hexdigest()


def set_password(user, password):
    return {"set_password": {"user": user, "password": password}}


@story()
def session_keys_cycle_collision(engine):
    return (
        "Preset keys colliding with cycle_key: the README's example (a session created with "
        "key A, then cycle_key draws A again, which exists and is rejected, then sess...0001), "
        "a preset key already held by another browser's session, and login() (which cycles the "
        "key) drawing after the presets ran out. signed_cookies never draws keys.",
        {"session_keys": [
            "presetkeya000000000000000000000a", "presetkeya000000000000000000000a",
            "presetkeyb000000000000000000000b", "presetkeyb000000000000000000000b",
        ]},
        [
            R("set", data={"a": 1}),
            R("cycle_key"),
            R("session_key"),
            R("set", data={"b": 2}, browser="two"),
            R("cycle_key", browser="two"),
            R("session_key", browser="two"),
            R("login", user=1),
            R("session_key"),
            R("items"),
        ],
    )


@story()
def auth_set_password(engine):
    return (
        "A password changed elsewhere (set_password step) changes the user's session auth hash: "
        "the next request.user flushes the session (logged out, cookie deleted), in every "
        "browser of that user; another user's session is untouched; logging in again stores "
        "the new hash.",
        {},
        [
            R("set", data={"cart": ["book"]}),
            R("login", user=1),
            R("login", user=1, browser="two"),
            R("login", user=2, browser="three"),
            R("user"),
            set_password(1, NEW_PASSWORD_1),
            R("items"),
            R("user"),
            R("user"),
            R("user", browser="two"),
            R("user", browser="three"),
            R("login", user=1),
            R("user"),
            R("items"),
        ],
    )


@story()
def auth_login_again(engine):
    return (
        "login() when the session already has a user: the same user with the same hash keeps "
        "the key (no cycle_key, no flush; keys keep their position); the same user after a "
        "password change, a tampered _auth_user_hash, or another user: flush first; a session "
        "holding _auth_user_id without a hash.",
        {},
        [
            R("set", data={"cart": ["book"]}),
            R("login", user=1),
            R("session_key"),
            R("set", data={"note": "x"}),
            R("login", user=1),
            R("session_key"),
            R("items"),
            set_password(1, NEW_PASSWORD_1),
            R("login", user=1),
            R("items"),
            R("set", data={"_auth_user_hash": "0" * 64}),
            R("login", user=1),
            R("items"),
            R("login", user=3),
            R("items"),
            R("delete", key="_auth_user_hash"),
            R("login", user=3),
            R("items"),
        ],
    )


@story()
def auth_rotate_with_fallback(engine):
    return (
        "SECRET_KEY rotated with the old key kept in SECRET_KEY_FALLBACKS: the stored session "
        "still decodes, and request.user finds that only a fallback reproduces _auth_user_hash, "
        "so get_user() cycles the key and stores the hash under the new key; the next request "
        "verifies normally. Rotating twice leaves the login key as the second fallback.",
        {},
        [
            R("set", data={"cart": ["book"]}),
            R("login", user=1),
            {"rotate_secret": "rotated-secret-key-one-000000000000000000000000"},
            R("user"),
            R("items"),
            R("user"),
            R("login", user=2, browser="two"),
            {"rotate_secret": "rotated-secret-key-two-000000000000000000000000"},
            {"rotate_secret": "rotated-secret-key-three-0000000000000000000000"},
            R("user", browser="two"),
            R("items", browser="two"),
        ],
    )


@story()
def auth_rotate_without_fallback(engine):
    return (
        "SECRET_KEY rotated and the old key dropped from SECRET_KEY_FALLBACKS: engines that sign "
        "what they store (db, file, signed_cookies, cached_db's rows) can no longer read the "
        "session at all; the cache engine stores the dict unsigned, so the data loads but "
        "_auth_user_hash no longer verifies and request.user flushes the session.",
        {},
        [
            R("set", data={"cart": ["book"]}),
            R("login", user=1),
            {"rotate_secret": "rotated-secret-key-one-000000000000000000000000"},
            settings(SECRET_KEY_FALLBACKS=[]),
            R("user"),
            R("items"),
            R("login", user=1),
            R("user"),
            R("items"),
        ],
    )


@story()
def auth_in_multi(engine):
    return (
        "login() and logout() inside one request: login then request.user then logout then "
        "request.user; logout then login (a flushed session gets a new key on save); an "
        "anonymous cart kept through login then a second login as another user (flush); a "
        "login of an unknown user (DoesNotExist before login() runs: 500, nothing saved). "
        "(A login followed by an exception in the same request is avoided: Django's 500 "
        "handler, requires_csrf_token, then sets a random csrftoken cookie because login() "
        "rotated the CSRF token.)",
        {},
        [
            multi(op("set", data={"cart": ["book"]}), op("login", user=1), op("user"), op("items")),
            multi(op("user"), op("logout"), op("user"), op("items")),
            multi(op("logout"), op("login", user=2), op("user")),
            multi(op("login", user=2), op("login", user=3), op("items"), op("user")),
            multi(op("logout"), op("login", user=1)),
            multi(op("set", data={"a": 1}), op("login", user=9)),
            R("user"),
            R("items"),
        ],
    )


@story()
def auth_several_browsers(engine):
    return (
        "The same user logged in from several browsers gets one session per browser; logout in "
        "one leaves the others; a replayed cookie after logout is dead for server-side engines "
        "but still logged in for signed_cookies, until the password changes.",
        {},
        [
            R("login", user=1),
            R("login", user=1, browser="laptop"),
            R("login", user=2, browser="phone"),
            R("user", browser="laptop"),
            save("before_logout"),
            R("logout"),
            R("user"),
            R("user", browser="laptop"),
            restore("before_logout"),
            R("user"),
            R("items"),
            set_password(1, NEW_PASSWORD_1),
            R("user"),
            R("user", browser="laptop"),
            R("user", browser="phone"),
            set_password(2, NEW_PASSWORD_2),
            R("user", browser="phone"),
        ],
    )


@story()
def auth_session_values(engine):
    return (
        "What get_user() makes of hand-written session values: _auth_user_id as an int, with "
        "spaces, with a sign, as a float, as a Unicode digit, null, an unknown pk, text that is "
        "not an integer (ValidationError: 500), a wrong or missing backend, an empty or "
        "missing hash (flush), a hash under the current key (verified).",
        {},
        [
            R("set", data={"_auth_user_id": 1, "_auth_user_backend": MODEL_BACKEND,
                           "_auth_user_hash": session_auth_hash(PASSWORD_1)}),
            R("user"),
            R("set", data={"_auth_user_id": " +1 "}),
            R("user"),
            R("set", data={"_auth_user_id": 1.9}),
            R("user"),
            R("set", data={"_auth_user_id": "\u0661"}),
            R("user"),
            R("set", data={"_auth_user_id": True}),
            R("user"),
            R("set", data={"_auth_user_id": "4"}),
            R("user"),
            R("set", data={"_auth_user_id": None}),
            R("user"),
            R("set", data={"_auth_user_id": "1.0"}),
            R("user"),
            R("set", data={"_auth_user_id": "1", "_auth_user_backend": "django.contrib.auth.backends.RemoteUserBackend"}),
            R("user"),
            R("delete", key="_auth_user_backend"),
            R("user"),
            R("set", data={"_auth_user_backend": MODEL_BACKEND, "_auth_user_hash": ""}),
            R("user"),
            R("items"),
            R("set", data={"_auth_user_id": "1", "_auth_user_backend": MODEL_BACKEND}),
            R("user"),
            R("items"),
        ],
    )


@story()
def append_and_mark_modified(engine):
    return (
        "In-place mutation: append then mark_modified in one request saves; mark_modified "
        "before append saves too (modified is read at response time); append to a missing key "
        "(KeyError) or to a value that is not a list (AttributeError: 500); results of one "
        "request share the session's list (a get or items before an append shows the append; "
        "after set replaces the list, the old result no longer changes); mark_modified alone "
        "on a new session (empty: no cookie) and on an existing one (saved again).",
        {},
        [
            R("set", data={"cart": ["book"], "count": 1}),
            multi(op("append", key="cart", value="mug"), op("mark_modified")),
            R("get", key="cart"),
            multi(op("mark_modified"), op("append", key="cart", value="pen")),
            R("get", key="cart"),
            R("append", key="missing", value=1),
            R("append", key="count", value=1),
            multi(op("get", key="cart"), op("append", key="cart", value={"nested": [1]}),
                  op("items"), op("append", key="cart", value="lamp"),
                  op("set", data={"cart": ["new"]}), op("append", key="cart", value="ink"),
                  op("get", key="cart"), op("setdefault", key="cart", value=[]),
                  op("append", key="cart", value="last")),
            R("get", key="cart"),
            multi(op("setdefault", key="list", value=[1]), op("append", key="list", value=2),
                  op("pop", key="list"), op("append", key="list", value=3)),
            R("mark_modified", browser="fresh"),
            adv(60),
            R("mark_modified"),
            R("info"),
        ],
    )


@story()
def append_save_every_request(engine):
    return (
        "append with SESSION_SAVE_EVERY_REQUEST: every request saves, so an in-place append is "
        "stored without marking the session modified; an append that raises KeyError still "
        "leaves an accessed session that is saved; append on a browser without a session.",
        {"settings": {"SESSION_SAVE_EVERY_REQUEST": True}},
        [
            R("set", data={"cart": ["book"]}),
            adv(10),
            R("append", key="cart", value="mug"),
            R("get", key="cart"),
            adv(10),
            R("append", key="nothing", value="x"),
            R("append", key="cart", value="pen", browser="other"),
            settings(SESSION_SAVE_EVERY_REQUEST=False),
            R("append", key="cart", value="lost"),
            R("get", key="cart"),
        ],
    )


@story()
def pop_on_failed_load(engine):
    return (
        "pop() as the first access of a session that fails to load: SessionBase.pop evaluates "
        "`self.modified = self.modified or key in self._session`, reading modified (False) "
        "before the load; signed_cookies (bad signature) and file (expired file) call create() "
        "in load(), which sets modified = True, but the assignment then writes False back: no "
        "cookie is sent (the file backend has already written a new, orphaned file). get() "
        "in the same situation keeps modified = True.",
        {"settings": {"SESSION_COOKIE_AGE": 100}},
        [
            R("set", data={"a": 1}),
            tamper("flip_last"),
            R("pop", key="a", default="gone"),
            R("get", key="a"),
            tamper("delete"),
            multi(op("set", data={"b": 2}), op("set_expiry", value=0), browser="two"),
            adv(150),
            R("pop", key="b", default=None, browser="two"),
            R("items", browser="two"),
            tamper("delete", browser="two"),
            multi(op("set", data={"c": 3}), op("set_expiry", value=0), browser="three"),
            adv(150),
            multi(op("pop", key="c"), op("items"), browser="three"),
            R("items", browser="three"),
        ],
    )


def build(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    written = []
    for name, engines, fn in STORIES:
        for engine in engines:
            description, fields, steps = fn(engine)
            full = "%s__%s" % (name, engine)
            doc = {"name": full, "description": description, "engine": engine}
            for k in ("start_time", "settings", "cache", "session_keys"):
                if k in fields:
                    doc[k] = fields[k]
            doc["steps"] = steps
            jsonio.dump(doc, os.path.join(out_dir, full + ".json"))
            written.append(full)
    return written


if __name__ == "__main__":
    names = build(sys.argv[1])
    print("scenarios: %d written (%d stories)" % (len(names), len(STORIES)))
