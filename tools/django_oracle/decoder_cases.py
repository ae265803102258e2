"""More `sessionscope decode --json` cases, made and judged by real Django (the layout of the
shared decoder examples, `format: sessionscope-decoder-cases/1`).

Two steps, each in the Python that has the Django it needs (see regenerate_decoder.sh):

    python decoder_cases.py make MAKER > values-MAKER.json     # in that maker's venv
    python decoder_cases.py judge values-*.json > cases.json    # in Django 5.2's venv

`make` runs one real Django (2.2, 3.2 with DEFAULT_HASHING_ALGORITHM='sha1', 4.2, 5.2, 6.1),
or Flask/itsdangerous and PyJWT (`tools`), at a patched `time.time()`, and records each value
it produces: the signed_cookies backend's cookie and its Set-Cookie line (SessionMiddleware
over a view), a db backend's session_data (SessionStore().encode), signing.dumps with and
without a salt, values signed by TimestampSigner over payloads that do not read.

`judge` wraps each value in an input form (bare, quoted, URL-encoded, Cookie header with other
cookies, Set-Cookie line, curl command) and a decode request (keys, salt, max_age, time), and
asks Django 5.2 what it makes of it: TimestampSigner(key, salt, algorithm).unsign over every
key, salt and algorithm, then unsign with the max_age Django uses and unsign_object (the
payload), exactly the conventions of the examples' `about` block. The value inside the form
is the one the maker produced (never re-read from the form), so the form cannot bias the
verdict.
"""

import json
import random
import warnings
import sys
import time

SECRET = "django-insecure-9f%l3k(x)r2=b@e$w7!q^t0z&m4v8#s1n6y5c*h-u_p+j"
NEW_SECRET = "rotated-2026-secret-key-\u00e9t\u00e9-0123456789abcdefghij"
OLD_22_SECRET = "an-old-django-2.2-secret-key-for-the-decoder"
FOREIGN_SECRET = "not-this-projects-key"
COOKIE_SALT = "django.contrib.sessions.backends.signed_cookies"
STORE_SALT = "django.contrib.sessions.SessionStore"
DEFAULT_SALT = "django.core.signing"
DEFAULT_SALTS = [COOKIE_SALT, STORE_SALT, DEFAULT_SALT]
APP_SALT = "shop.password-reset"
T0 = 1760000000
TWO_WEEKS = 1209600

DATA = [
    {"cart": {"p1": 2, "p17": 1}, "currency": "EUR", "total": 19.99},
    {"_auth_user_id": "42", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
     "_auth_user_hash": "5f2c1a0e9d8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a"},
    {"big": 2 ** 80 + 7, "neg": -(2 ** 70), "pi": 3.141592653589793, "tiny": 5e-324, "e": 1e22},
    {"name": "Zo\u00eb \U0001F36A", "quote": "a \"b\" \\ c", "nl": "x\ny", "empty": {}, "l": []},
    {"history": ["/products/%d/" % i for i in range(40)], "tz": "Europe/Paris"},
    {"flag": True, "none": None, "zero": 0, "float_int": 2.0, "nested": [[1, [2, [3]]]]},
]


def configure(hashing=None):
    from django.conf import settings

    options = dict(
        SECRET_KEY=SECRET,
        INSTALLED_APPS=["django.contrib.sessions", "django.contrib.contenttypes"],
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        USE_TZ=True,
        ALLOWED_HOSTS=["*"],
    )
    if hashing:
        options["DEFAULT_HASHING_ALGORITHM"] = hashing
    settings.configure(**options)
    import django

    django.setup()


class FrozenClock:
    now = float(T0)


def freeze():
    time.time = lambda: FrozenClock.now


def at(seconds):
    FrozenClock.now = float(seconds)


def made_by(label):
    import django

    return "Django %s (CPython %d.%d.%d)%s" % (
        django.get_version(), *sys.version_info[:3], label)


def make_django(maker, hashing=None, secret=SECRET):
    configure(hashing)
    freeze()
    from django.conf import settings
    from django.core import signing
    from django.http import HttpResponse
    from django.test import RequestFactory, override_settings
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.contrib.sessions.backends.db import SessionStore as DbStore

    label = ", DEFAULT_HASHING_ALGORITHM='%s'" % hashing if hashing else ""
    out = []

    def record(recipe, value, when, how, key=SECRET, **extra):
        entry = {"maker": maker, "recipe": recipe, "value": value, "made_at": when,
                 "key": key, "made_by": made_by(label) + ": " + how + "; time.time()=%r" % when}
        entry.update(extra)
        out.append(entry)

    def middleware_cookie(data, when, key):
        at(when)
        with override_settings(SECRET_KEY=key):
            def view(request):
                request.session.update(data)
                return HttpResponse("ok")
            response = SessionMiddleware(view)(RequestFactory().get("/"))
            morsel = response.cookies[settings.SESSION_COOKIE_NAME]
            return morsel.value, morsel.output(header="Set-Cookie:")

    for i, data in enumerate(DATA):
        when = T0 + 1000 * i + (0.9 if i % 3 == 2 else 0)
        value, line = middleware_cookie(data, when, secret)
        record("cookie", value, when,
               "SessionMiddleware (signed_cookies), a view writing request.session; "
               "response.cookies['sessionid']", key=secret, set_cookie=line, data_index=i)
        at(when)
        with override_settings(SECRET_KEY=secret):
            stored = DbStore().encode(data)
        record("store", stored, when, "db.SessionStore().encode(data)", key=secret, data_index=i)
        at(when)
        record("dumps", signing.dumps(data, key=secret), when, "signing.dumps(data, key=...)",
               key=secret, data_index=i)
        at(when)
        record("dumps_app_salt", signing.dumps(data, key=secret, salt=APP_SALT, compress=True),
               when, "signing.dumps(data, key=..., salt=%r, compress=True)" % APP_SALT,
               key=secret, data_index=i)
    if maker in ("dj52", "dj61", "dj42"):
        # Verified values whose payload or timestamp does not read.
        for name, payload in [
            ("not_zlib", ".dGhpcyBpcyBub3QgemxpYiBkYXRh"),
            ("not_json", "bm90IGpzb24"),
            ("not_base64", "eyJhIjox*"),
        ]:
            at(T0)
            signer = signing.TimestampSigner(key=secret, salt=DEFAULT_SALT)
            record("broken_" + name, signer.sign(payload), T0,
                   "signing.TimestampSigner(key=..., salt='django.core.signing').sign(%r)" % payload,
                   key=secret)
        plain = signing.Signer(key=secret, salt=COOKIE_SALT).sign("eyJhIjoxfQ")
        record("broken_no_timestamp", plain, T0,
               "signing.Signer(key=..., salt=signed_cookies salt).sign('eyJhIjoxfQ')", key=secret)
        bad_ts = signing.Signer(key=secret, salt=COOKIE_SALT).sign("eyJhIjoxfQ:1v6m!m")
        record("broken_timestamp", bad_ts, T0,
               "signing.Signer(key=..., salt=signed_cookies salt).sign('eyJhIjoxfQ:1v6m!m')",
               key=secret)
        # A big cookie: a browser keeps 4096 bytes of name and value.
        at(T0)
        rnd = random.Random(5)
        big = {"blob": "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(3600))}
        value, line = middleware_cookie(big, T0, secret)
        record("big_cookie", value, T0, "SessionMiddleware with 3600 random characters of data",
               key=secret, set_cookie=line, data=big)
    print(json.dumps(out, indent=1))


def make_tools():
    freeze()
    warnings.simplefilter("ignore")
    from importlib.metadata import version

    import flask
    import jwt

    out = []
    for i, data in enumerate(DATA[:3]):
        at(T0 + i)
        app = flask.Flask("decoder_cases")
        app.secret_key = "flask-secret-%d" % i

        @app.route("/")
        def index():
            flask.session.update(data)
            return "ok"

        response = app.test_client().get("/")
        line = response.headers["Set-Cookie"]
        value = line.split(";")[0].split("=", 1)[1]
        out.append({"maker": "tools", "recipe": "flask", "value": value, "made_at": T0 + i,
                    "made_by": "Flask %s (itsdangerous %s): a view writing flask.session; time.time()=%r"
                    % (version("flask"), version("itsdangerous"), T0 + i)})
    for alg, key in [("HS256", "jwt-secret"), ("HS512", "another-jwt-secret")]:
        at(T0)
        token = jwt.encode({"sub": "42", "iat": T0, "exp": T0 + 300}, key, algorithm=alg)
        out.append({"maker": "tools", "recipe": "jwt", "value": token, "made_at": T0,
                    "made_by": "PyJWT %s: jwt.encode(claims, key, algorithm=%r)" % (jwt.__version__, alg)})
    print(json.dumps(out, indent=1))


# ---------------------------------------------------------------------------------------------
# judge (Django 5.2)


def judge_value(value, keys, salt, max_age, now, foreign):
    """The expected object, by Django 5.2's TimestampSigner over every key, salt, algorithm."""
    from django.core import signing

    nulls = {"salt": None, "key": None, "algorithm": None, "signed_at": None,
             "compressed": None, "data": None}
    if foreign:
        return dict(verdict="not_django", **nulls)
    if ":" not in value:
        return dict(verdict="malformed", **nulls)
    salts = [salt] + [s for s in DEFAULT_SALTS if s != salt] if salt is not None else DEFAULT_SALTS
    found = None
    for algorithm in ("sha256", "sha1"):
        for s in salts:
            for i, key in enumerate(keys):
                plain = signing.Signer(key=key, fallback_keys=[], salt=s, algorithm=algorithm)
                # TimestampSigner's salt default differs from Signer's only for salt=None.
                try:
                    plain.unsign(value)
                except signing.BadSignature:
                    continue
                found = (s, i, algorithm)
                break
            if found:
                break
        if found:
            break
    if not found:
        return dict(verdict="bad_signature", **nulls)
    s, i, algorithm = found
    signer = signing.TimestampSigner(key=keys[i], fallback_keys=[], salt=s, algorithm=algorithm)
    result = {"salt": s, "key": "SECRET_KEY" if i == 0 else "SECRET_KEY_FALLBACKS[%d]" % (i - 1),
              "algorithm": algorithm}
    with_ts = value.rsplit(":", 1)[0]
    result["compressed"] = with_ts.rsplit(":", 1)[0].startswith(".") if ":" in with_ts else with_ts.startswith(".")
    result["signed_at"] = None
    result["data"] = None
    try:
        result["signed_at"] = signing.b62_decode(with_ts.rsplit(":", 1)[1])
    except Exception:
        return dict(verdict="malformed", **result)
    if max_age == "none":
        limit = None
    elif max_age is not None:
        limit = max_age
    else:
        limit = TWO_WEEKS if s == COOKIE_SALT else None
    at(now)
    expired = False
    try:
        signer.unsign(value, max_age=limit)
    except signing.SignatureExpired:
        expired = True
    except Exception:
        return dict(verdict="malformed", **result)
    try:
        data = signer.unsign_object(value)
    except Exception:
        return dict(verdict="malformed", **result)
    result["data"] = data
    if algorithm == "sha1":
        verdict = "legacy_sha1"
    elif salt is not None and s != salt:
        verdict = "other_salt"
    elif expired:
        verdict = "expired"
    elif i > 0:
        verdict = "valid_with_fallback"
    else:
        verdict = "valid"
    return dict(verdict=verdict, **result)


def judge(paths):
    configure()
    freeze()
    import django

    rnd = random.Random(22)
    values = []
    for path in paths:
        with open(path) as f:
            values.extend(json.load(f))
    cases = []

    def add(entry, form, text, keys, now, salt=None, max_age=None, cookie_name=None, note=""):
        expected = judge_value(entry["value"], keys, salt, max_age, now,
                               entry["recipe"] in ("flask", "jwt"))
        cases.append({
            "id": "dec-x-%03d" % (len(cases) + 1), "form": form, "input": text, "keys": keys,
            "salt": salt, "max_age": max_age, "cookie_name": cookie_name, "time": now,
            "expected": expected, "note": note, "made_by": entry["made_by"],
        })

    others = ['csrftoken=ehGAkWvj7FAc9QeWJKY40uvSwMFLZDe1', '_ga=GA1.2.663925448.1666453392',
              'theme="dark"', 'messages=W1siX19qc29uX21lc3NhZ2UiXQ:1v6mOr:x']

    def altered(entry, value):
        """The entry with another value (its Set-Cookie line carrying that value)."""
        copy = dict(entry, value=value)
        if "set_cookie" in entry:
            copy["set_cookie"] = entry["set_cookie"].replace(entry["value"], value)
        return copy

    def form_of(entry, cookie_name="sessionid"):
        """A random input form holding the maker's value."""
        value = entry["value"]
        kind = rnd.choice(["bare", "quoted", "url_encoded", "cookie_header", "curl", "set_cookie"])
        if kind == "set_cookie" and "set_cookie" in entry and cookie_name == "sessionid":
            return kind, entry["set_cookie"]
        if kind == "quoted":
            return kind, '"%s"' % value
        if kind == "url_encoded" and ":" in value:
            return kind, value.replace(":", "%3A")
        if kind in ("cookie_header", "curl", "set_cookie"):
            pairs = rnd.sample(others, rnd.randint(1, 3))
            pairs.insert(rnd.randint(0, len(pairs)), "%s=%s" % (cookie_name, value))
            header = "; ".join(pairs)
            if kind == "curl":
                return "curl", "curl 'https://shop.example/cart/' -H 'accept: text/html' -H 'Cookie: %s'" % header
            return "cookie_header", "Cookie: " + header
        return "bare", value

    for entry in values:
        recipe, made_at, key = entry["recipe"], entry["made_at"], entry.get("key", SECRET)
        legacy = entry["maker"] in ("dj22", "dj32sha1")
        if recipe in ("flask", "jwt"):
            name = "session" if recipe == "flask" else "sessionid"
            form, text = form_of(entry, name)
            add(entry, form, text, [SECRET], made_at + 5,
                cookie_name=name if form in ("cookie_header", "curl") and name != "sessionid" else None,
                note=recipe)
            continue
        if recipe == "cookie":
            late = rnd.choice([0.5, 1, 3600, 30 * 86400])
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + rnd.randint(1, TWO_WEEKS - 1), note="cookie, in time")
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + TWO_WEEKS + late, note="cookie, late by %r s" % late)
            form, text = form_of(entry)
            add(entry, form, text, [key], float(int(made_at)) + TWO_WEEKS, note="cookie, at the limit")
            form, text = form_of(entry)
            add(entry, form, text, [NEW_SECRET, FOREIGN_SECRET, key], made_at + 60,
                note="cookie after a key rotation (fallback 1)")
            form, text = form_of(entry)
            add(entry, form, text, [NEW_SECRET], made_at + 60, note="cookie, key not given")
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 60, salt=STORE_SALT,
                note="cookie decoded with --salt SessionStore")
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 90, max_age=60, note="cookie, --max-age 60")
            tampered = altered(entry, entry["value"][:-5] + ("AAAAA" if not entry["value"].endswith("AAAAA") else "BBBBB"))
            form, text = form_of(tampered)
            add(tampered, form, text, [key], made_at + 60, note="signature changed")
            if len(entry["value"]) > 60:
                cut = altered(entry, entry["value"][: len(entry["value"]) - 17])
                form, text = form_of(cut)
                add(cut, form, text, [key], made_at + 60, note="cut short")
        elif recipe == "store":
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 400 * 86400, note="session_data, a year later")
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 5, salt=COOKIE_SALT,
                note="session_data with --salt signed_cookies")
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 5, max_age="none", note="--max-age none")
        elif recipe == "dumps":
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 5, note="signing.dumps")
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 120, max_age=100, note="--max-age 100, 120 s")
        elif recipe == "dumps_app_salt":
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 30, salt=APP_SALT, max_age=60, note="app salt")
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 30, note="app salt not given")
            form, text = form_of(entry)
            add(entry, form, text, [FOREIGN_SECRET, key], made_at + 61, salt=APP_SALT, max_age=60,
                note="app salt, fallback, expired")
        elif recipe.startswith("broken_") or recipe == "big_cookie":
            form, text = form_of(entry)
            add(entry, form, text, [key], made_at + 5, note=recipe)
            if recipe == "big_cookie":
                cut = altered(entry, entry["value"][: 4096 - len("sessionid=")])
                add(cut, "bare", cut["value"], [key], made_at + 5, note="big cookie cut at 4096 bytes")
    # Hand-written values that have no separator.
    for text in ["not-a-cookie", "k1q8w4mzu2c6x0r5t9y3e7p1a4s8d2f6"]:
        add({"value": text, "recipe": "hand", "made_by": "hand-written"}, "bare", text, [SECRET],
            T0, note="no ':'")
    counts = {}
    for case in cases:
        counts[case["expected"]["verdict"]] = counts.get(case["expected"]["verdict"], 0) + 1
    print(json.dumps({
        "format": "sessionscope-decoder-cases/1",
        "seed": 22,
        "about": "the conventions of the shared examples (tests/decoder/examples.json, about)",
        "generator": {"judge": "Django %s (CPython %d.%d.%d)" % (django.get_version(), *sys.version_info[:3]),
                      "script": "tools/django_oracle/decoder_cases.py"},
        "counts": {"total": len(cases), "verdict": counts},
        "cases": cases,
    }, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        maker = sys.argv[2]
        if maker == "tools":
            make_tools()
        elif maker == "dj22":
            make_django(maker, secret=OLD_22_SECRET)
        elif maker == "dj32sha1":
            make_django(maker, hashing="sha1")
        else:
            make_django(maker)
    elif sys.argv[1] == "judge":
        judge(sys.argv[2:])
