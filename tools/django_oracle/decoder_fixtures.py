"""Cookies and session_data made by real Django 5.2, with what Django says about each: the
fixture of the playground's cookie decoder (src/ui/decoder/fixtures/django_cookies.json).

    python3 tools/django_oracle/decoder_fixtures.py src/ui/decoder/fixtures/django_cookies.json

Every value is produced by Django's own session stores (signed_cookies, db, cached_db) or by
`django.core.signing`, at a patched clock. For each value the fixture records, from Django:

* `loads`: `signing.loads(value, key=SECRET_KEY, fallback_keys=SECRET_KEY_FALLBACKS,
  salt=salt, max_age=...)` for each salt Django signs sessions with, in the decoder's order,
  with the `max_age` Django passes for that salt (`SESSION_COOKIE_AGE` for the signed_cookies
  cookie, as `signed_cookies.SessionStore.load` does; none for stored session_data, as
  `SessionBase.decode` does; none for plain `signing.loads`): the data, or the exception's
  class and message;
* `verified_by`: which key alone verifies the signature with the salt that verified
  (`"SECRET_KEY"` or `"SECRET_KEY_FALLBACKS[n]"`), or null;
* `backend`: what the session backend itself makes of it at that time (`SessionStore.decode`
  for session_data, `signed_cookies.SessionStore.load` for the cookie), where that applies.

The session key is drawn by Django's real `get_random_string` (so regenerating gives another
key); everything else is deterministic.
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import djenv  # noqa: E402
import jsonio  # noqa: E402

OLD_KEY = djenv.DEFAULT_SECRET
NEW_KEY = "rotated-secret-key-for-the-decoder-fixture-0123456789"
T0 = 1700000000
DAY = 86400
TWO_WEEKS = 1209600
COOKIE_SALT = "django.contrib.sessions.backends.signed_cookies"
STORE_SALT = "django.contrib.sessions.SessionStore"
DEFAULT_SALT = "django.core.signing"
# The salts the decoder tries, in its order, with the max_age Django reads each with.
SALTS = [(COOKIE_SALT, TWO_WEEKS), (STORE_SALT, None), (DEFAULT_SALT, None)]
CART = {"cart": ["book", "mug", "book"], "_auth_user_id": "1"}
# Long enough for zlib to pay off: the cookie starts with "." (compressed payload).
BIG_CART = {"cart": ["django-book", "mug", "sticker"] * 12}


def loads_results(value, secret, fallbacks):
    from django.core import signing

    results = []
    for salt, max_age in SALTS:
        entry = {"salt": salt, "max_age": max_age}
        try:
            entry["data"] = signing.loads(
                value, key=secret, fallback_keys=fallbacks, salt=salt, max_age=max_age
            )
        except Exception as error:  # noqa: BLE001 - recording whatever Django raises
            entry["exception"] = type(error).__name__
            entry["message"] = str(error)
        results.append(entry)
    return results


def verifying_key(value, secret, fallbacks, results):
    """Which key alone verifies the signature with the first salt that did not give a
    BadSignature (max_age left out: expiry is not the question)."""
    from django.core import signing

    first = next(
        (r for r in results if r.get("exception") != "BadSignature"), None
    )
    if first is None:
        return None
    keys = [("SECRET_KEY", secret)] + [
        ("SECRET_KEY_FALLBACKS[%d]" % i, key) for i, key in enumerate(fallbacks)
    ]
    for name, key in keys:
        try:
            signing.TimestampSigner(key=key, fallback_keys=[], salt=first["salt"]).unsign(value)
            return name
        except signing.BadSignature:
            continue
    return None


def case(name, what, value, now, secret=OLD_KEY, fallbacks=(), backend=None):
    djenv_clock.now = float(now)
    fallbacks = list(fallbacks)
    results = loads_results(value, secret, fallbacks)
    entry = {
        "name": name,
        "what": what,
        "value": value,
        "now": now,
        "secret_key": secret,
        "fallbacks": fallbacks,
        "loads": results,
        "verified_by": verifying_key(value, secret, fallbacks, results),
    }
    if backend is not None:
        entry["backend"] = backend(value)
    return entry


def signed_cookie_at(at, data):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    djenv_clock.now = float(at)
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def stored_session_data(engine_module, at, data):
    """Saves a session with `engine_module`'s SessionStore at `at`; returns its key and the
    session_data column of its django_session row."""
    from importlib import import_module

    from django.contrib.sessions.models import Session

    djenv_clock.now = float(at)
    store = import_module(engine_module).SessionStore()
    store.update(data)
    store.save()
    row = Session.objects.get(session_key=store.session_key)
    return store.session_key, row.session_data


def backend_decode(value):
    from django.contrib.sessions.backends.db import SessionStore

    return {"call": "SessionStore().decode(session_data)", "result": SessionStore().decode(value)}


def cookie_load(value):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    return {
        "call": "signed_cookies.SessionStore(session_key=cookie).load()",
        "result": SessionStore(session_key=value).load(),
    }


def build():
    from django.core import signing

    cases = []
    cookie = signed_cookie_at(T0, CART)
    cases.append(case(
        "signed_cookies_cookie", "the signed_cookies backend's session cookie, an hour old",
        cookie, T0 + 3600, backend=cookie_load))
    cases.append(case(
        "expired_cookie", "the same cookie two weeks and a second after it was signed",
        cookie, T0 + TWO_WEEKS + 1, backend=cookie_load))
    tampered = cookie[:-1] + ("1" if cookie[-1] == "0" else "0")
    cases.append(case(
        "tampered_cookie", "the same cookie with its last character changed",
        tampered, T0 + 3600, backend=cookie_load))

    key, db_data = stored_session_data("django.contrib.sessions.backends.db", T0, CART)
    cases.append(case(
        "db_session_data_30_days_old", "session_data of a db row, read 30 days later",
        db_data, T0 + 30 * DAY, backend=backend_decode))
    _, cached_db_data = stored_session_data(
        "django.contrib.sessions.backends.cached_db", T0 + 60, {"theme": "dark"})
    cases.append(case(
        "cached_db_session_data", "session_data of a cached_db row",
        cached_db_data, T0 + 120, backend=backend_decode))
    cases.append(case(
        "session_key", "the cookie of the db, cache, cached_db and file backends",
        key, T0 + 3600))

    djenv_clock.now = float(T0)
    plain = signing.dumps({"a": 1})
    cases.append(case(
        "signing_dumps_default_salt", "signing.dumps({'a': 1}) with no salt", plain, T0 + 60))

    compressed = signed_cookie_at(T0, BIG_CART)
    cases.append(case(
        "compressed_cookie", "a signed_cookies cookie whose payload zlib compresses",
        compressed, T0 + 60, backend=cookie_load))

    # SECRET_KEY rotated: the cookie signed with the old key verifies through the fallback.
    from django.test.utils import override_settings

    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        cases.append(case(
            "fallback_key_cookie", "the signed_cookies cookie after SECRET_KEY was rotated",
            cookie, T0 + 3600, secret=NEW_KEY, fallbacks=[OLD_KEY], backend=cookie_load))
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        cases.append(case(
            "rotated_without_fallback", "the same cookie once the old key left the fallbacks",
            cookie, T0 + 3600, secret=NEW_KEY, backend=cookie_load))
    return {
        "format": "sessionscope-decoder-fixture/1",
        "generator": djenv.generator_info(sqlite=True),
        "script": "tools/django_oracle/decoder_fixtures.py",
        "cases": cases,
    }


djenv_clock = None

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as tmpdir:
        # The db row's key is drawn by Django's own get_random_string (VALID_KEY_CHARS) before
        # djenv patches it; the cached_db row gets the harness's sess… key.
        from django.utils.crypto import get_random_string

        preset = [get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")]
        djenv_clock, _ = djenv.setup("db", None, tmpdir, T0, preset)
        jsonio.dump(build(), sys.argv[1])
