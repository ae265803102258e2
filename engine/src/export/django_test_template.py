"""Sessionscope scenario {{scenario}}: Django {{series}} sessions, engine {{engine}}, step by step.

Exported by Sessionscope for Django {{series}} (its engine reproduces Django {{release}}).
Every expected value below (each Set-Cookie line, status, Vary, the view's result and
the stored session) is what Sessionscope's engine produced for this scenario; the
test runs the same steps through real Django and compares them byte for byte.

Run it on its own (pip install "django=={{series}}.*"):

    python {{module}}.py

Or in a project: copy this file into an app's tests (e.g. myapp/tests/{{module}}.py)
and run `python manage.py test myapp.tests.{{module}}`. It needs
django.contrib.contenttypes, auth and sessions in INSTALLED_APPS. For its own test
only it sets the session settings, SESSION_ENGINE, MIDDLEWARE (SessionMiddleware
alone), ROOT_URLCONF (this module), CACHES (a LocMemCache of its own) and
SESSION_FILE_PATH (a temporary folder), freezes the clock (time.time and
timezone.now) and fixes the session keys, as Sessionscope's oracle harness does.
"""
# Django {{series}} ({{release}}); SESSION_ENGINE = "{{engine_module}}"

# ---------------------------------------------------------------------------------------------
# The harness: how Sessionscope's oracle (tools/django_oracle) drives real Django, as a
# django.test.TestCase. A frozen clock (time.time and django.utils.timezone.now), fixed session
# keys (django.contrib.sessions.backends.base.get_random_string), file mtimes set to the clock,
# one view behind SessionMiddleware for every path, users 1-3 with fixed password hashes.
# ---------------------------------------------------------------------------------------------
import json
import logging
import os
import pickle
import shutil
import tempfile
import types
from datetime import datetime, timedelta, timezone as dt_timezone
from importlib import import_module
from unittest import mock

import django
from django.conf import settings

if not settings.configured:
    # Run on its own: a minimal project. The test case sets everything else for itself.
    settings.configure(
        DEBUG=False,
        USE_TZ=True,
        TIME_ZONE="UTC",
        SECRET_KEY="sessionscope-standalone-project",
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        MIDDLEWARE=[],
        TEMPLATES=[],
        LOGGING_CONFIG=None,
    )
    django.setup()

from django.contrib.sessions.backends import base as session_base  # noqa: E402
from django.contrib.sessions.backends import file as file_backend  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, TestCase, override_settings  # noqa: E402
from django.urls import re_path  # noqa: E402
from django.utils import timezone  # noqa: E402

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# The users every scenario has (pk, stored password hash: never checked as a password).
USERS = {
    1: "pbkdf2_sha256$1000000$oraclesalt1$bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ0",
    2: "pbkdf2_sha256$1000000$oraclesalt2$cdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ01",
    3: "pbkdf2_sha256$1000000$oraclesalt3$defghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ012",
}


# Django's defaults for the settings a scenario may change (the oracle's, SECRET_KEY aside).
SESSION_DEFAULTS = {
    "SECRET_KEY": "oracle-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "SECRET_KEY_FALLBACKS": [],
    "SESSION_COOKIE_NAME": "sessionid",
    "SESSION_COOKIE_AGE": 1209600,
    "SESSION_COOKIE_DOMAIN": None,
    "SESSION_COOKIE_PATH": "/",
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_SAVE_EVERY_REQUEST": False,
    "SESSION_EXPIRE_AT_BROWSER_CLOSE": False,
    "SESSION_SERIALIZER": "django.contrib.sessions.serializers.JSONSerializer",
}
SERIALIZERS = {
    "json": "django.contrib.sessions.serializers.JSONSerializer",
    "pickle": "django.contrib.sessions.serializers.PickleSerializer",
}
# A request step's own fields; the rest is the view's work.
REQUEST_FIELDS = ("browser", "path", "secure", "status", "vary", "origin", "kind", "from")
# Steps that change only the simulated browser.
BROWSER_ONLY = ("close_browser", "tamper", "save_cookie", "restore_cookie", "script")


class FrozenClock:
    """The scenario's clock: time.time() and timezone.now() read it; only steps move it."""

    def __init__(self, start):
        self.now = float(start)

    def time(self):
        return self.now

    def datetime(self):
        return datetime.fromtimestamp(self.now, tz=dt_timezone.utc)


class FixedKeys:
    """get_random_string for session keys: the scenario's preset keys first, then
    'sess' + n zero-padded to 28 digits (n counts only the calls after the presets)."""

    def __init__(self, preset):
        self.preset = list(preset)
        self.generated = 0

    def __call__(self, length=32, allowed_chars=None):
        if self.preset:
            return self.preset.pop(0)
        self.generated += 1
        return "sess%028d" % self.generated


# What the next request's view does; the test sets it before each request.
CURRENT = {"op": None, "status": 200, "vary": None, "result": None}


def _expiry_value(v):
    if isinstance(v, dict):
        if "timedelta" in v:
            return timedelta(seconds=v["timedelta"])
        if "datetime" in v:
            return datetime.fromisoformat(v["datetime"])
    return v


def _key_error(fn):
    try:
        return fn()
    except KeyError:
        return {"error": "KeyError"}


def run_op(op, s, request):
    """One operation on request.session, as the oracle's views.py runs it; returns the
    view's result."""
    view = op["view"]
    if view == "noop":
        return None
    if view == "set":
        for k, v in op["data"].items():
            s[k] = v
        return None
    if view == "update":
        s.update(op["data"])
        return None
    if view == "get":
        return s.get(op["key"], op.get("default"))
    if view == "pop":
        if "default" in op:
            return s.pop(op["key"], op["default"])
        return _key_error(lambda: s.pop(op["key"]))
    if view == "delete":
        return _key_error(lambda: s.__delitem__(op["key"]))
    if view == "setdefault":
        return s.setdefault(op["key"], op["value"])
    if view == "contains":
        return op["key"] in s
    if view == "keys":
        return list(s.keys())
    if view == "items":
        return dict(s.items())
    if view in ("clear", "flush", "cycle_key", "set_test_cookie"):
        getattr(s, view)()
        return None
    if view == "test_cookie_worked":
        return s.test_cookie_worked()
    if view == "delete_test_cookie":
        return _key_error(s.delete_test_cookie)
    if view == "set_expiry":
        s.set_expiry(_expiry_value(op["value"]))
        return None
    if view == "info":
        return {
            "session_key": s.session_key,
            "expiry_age": s.get_expiry_age(),
            "expiry_date": s.get_expiry_date().isoformat(),
            "expire_at_browser_close": s.get_expire_at_browser_close(),
        }
    if view == "session_key":
        return s.session_key
    if view == "is_empty":
        return s.is_empty()
    if view == "store_delete":
        key = s.session_key
        if not settings.SESSION_ENGINE.endswith(".signed_cookies"):
            type(s)().delete(key)
        return key
    if view == "append":
        return _key_error(lambda: s[op["key"]].append(op["value"]))
    if view == "mark_modified":
        s.modified = True
        return None
    if view == "login":
        from django.contrib.auth import get_user_model, login

        user = get_user_model().objects.get(pk=op.get("user", 1))
        login(request, user, backend=MODEL_BACKEND)
        return None
    if view == "logout":
        from django.contrib.auth import logout

        logout(request)
        return None
    if view == "user":
        from django.contrib.auth import get_user

        user = get_user(request)
        return str(user.pk) if user.is_authenticated else None
    if view == "bool":
        return bool(s)
    raise ValueError("unknown view %r" % view)


async def run_async_op(op, s, request):
    """The `async` view: each op through the a-prefixed session and auth API."""
    import django.contrib.auth as auth

    view = op["view"]
    if view == "set":
        for k, v in op["data"].items():
            await s.aset(k, v)
        return None
    if view == "update":
        await s.aupdate(op["data"])
        return None
    if view == "get":
        return await s.aget(op["key"], op.get("default"))
    if view == "pop":
        if "default" in op:
            return await s.apop(op["key"], op["default"])
        try:
            return await s.apop(op["key"])
        except KeyError:
            return {"error": "KeyError"}
    if view == "setdefault":
        return await s.asetdefault(op["key"], op["value"])
    if view == "contains":
        return await s.ahas_key(op["key"])
    if view == "keys":
        return list(await s.akeys())
    if view == "items":
        return dict(await s.aitems())
    if view == "flush":
        await s.aflush()
        return None
    if view == "cycle_key":
        await s.acycle_key()
        return None
    if view == "set_expiry":
        await s.aset_expiry(_expiry_value(op["value"]))
        return None
    if view == "info":
        return {
            "session_key": s.session_key,
            "expiry_age": await s.aget_expiry_age(),
            "expiry_date": (await s.aget_expiry_date()).isoformat(),
            "expire_at_browser_close": await s.aget_expire_at_browser_close(),
        }
    if view == "set_test_cookie":
        await s.aset_test_cookie()
        return None
    if view == "test_cookie_worked":
        return await s.atest_cookie_worked()
    if view == "delete_test_cookie":
        try:
            await s.adelete_test_cookie()
        except KeyError:
            return {"error": "KeyError"}
        return None
    if view == "store_delete":
        key = s.session_key
        if key is not None:
            await type(s)().adelete(key)
        return key
    if view == "login":
        from django.contrib.auth import get_user_model

        user = await get_user_model().objects.aget(pk=op.get("user", 1))
        await auth.alogin(request, user, backend=MODEL_BACKEND)
        return None
    if view == "logout":
        await auth.alogout(request)
        return None
    if view == "user":
        user = await auth.aget_user(request)
        return str(user.pk) if user.is_authenticated else None
    return run_op(op, s, request)


def scenario_view(request):
    """The one view: runs the current step's operations on request.session and returns an
    empty response with the step's status (and Vary, if the step sets one)."""
    op = CURRENT["op"]
    s = request.session
    CURRENT["result"] = None
    if op["view"] == "async":
        from asgiref.sync import async_to_sync

        async def run_all():
            return [await run_async_op(o, s, request) for o in op["ops"]]

        result = async_to_sync(run_all)()
    elif op["view"] == "multi":
        result = [run_op(o, s, request) for o in op["ops"]]
    else:
        result = run_op(op, s, request)
    CURRENT["result"] = result
    response = HttpResponse(b"", status=CURRENT["status"])
    if CURRENT["vary"] is not None:
        response["Vary"] = CURRENT["vary"]
    return response


# ROOT_URLCONF is this module: every path reaches the scenario's view.
urlpatterns = [re_path(r"", scenario_view)]


def as_json(value):
    """The compact JSON Django's JSONSerializer writes (key order kept): how values compare."""
    return json.dumps(value, separators=(",", ":"))


class SessionscopeTestCase(TestCase):
    """Runs one scenario's steps through real Django and compares every byte with what
    Sessionscope's engine produced. Subclasses set the class attributes below."""

    django_version = (5, 2)
    scenario_json = "{}"  # the scenario, as Sessionscope's documents hold it
    trace_json = "{}"  # the engine's trace of it: every expected byte

    def setUp(self):
        super().setUp()
        # Read as the oracle reads its files: json.loads, once per run.
        self.scenario = json.loads(self.scenario_json)
        self.trace = json.loads(self.trace_json)
        self.engine = self.scenario["engine"]
        self.start_time = self.scenario.get("start_time", 1700000000)
        self.session_keys = self.scenario.get("session_keys", [])
        cache_options = self.scenario.get("cache", {})
        self.cache_options = {
            "MAX_ENTRIES": cache_options.get("max_entries", 300),
            "CULL_FREQUENCY": cache_options.get("cull_frequency", 3),
        }
        self.assertEqual(
            django.VERSION[:2],
            self.django_version,
            "this test holds the bytes of Django %d.%d; this is Django %s: export the scenario "
            "again for this version" % (self.django_version + (django.get_version(),)),
        )
        self.clock = FrozenClock(self.start_time)
        self.keys = FixedKeys(self.session_keys)
        self.session_dir = tempfile.mkdtemp(prefix="sessionscope-")
        self.addCleanup(shutil.rmtree, self.session_dir, True)
        self.cache_writes_fail = False
        self.response = None
        self._forget_file_storage_path()
        self.addCleanup(self._forget_file_storage_path)

        def move(src, dst, *args, **kwargs):
            moved = shutil.move(src, dst, *args, **kwargs)
            os.utime(dst, (self.clock.now, self.clock.now))
            return moved

        for patch in (
            mock.patch("time.time", self.clock.time),
            mock.patch.object(timezone, "now", self.clock.datetime),
            mock.patch.object(session_base, "get_random_string", self.keys),
            mock.patch.object(file_backend, "shutil", types.SimpleNamespace(move=move)),
        ):
            patch.start()
            self.addCleanup(patch.stop)
        # Django logs 4xx/5xx responses and cache errors; the assertions say what matters.
        for name in ("django.request", "django.security", "django.contrib.sessions"):
            logger = logging.getLogger(name)
            self.addCleanup(logger.setLevel, logger.level)
            logger.setLevel(logging.CRITICAL + 1)
        cache = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sessionscope-%s" % self.id(),
        }
        if self.scenario.get("cache"):
            cache["OPTIONS"] = self.cache_options
        self.use_settings(
            SESSION_ENGINE="django.contrib.sessions.backends." + self.engine,
            SESSION_CACHE_ALIAS="default",
            SESSION_FILE_PATH=self.session_dir,
            CACHES={"default": cache},
            MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware"],
            ROOT_URLCONF=__name__,
            AUTHENTICATION_BACKENDS=[MODEL_BACKEND],
            USE_TZ=True,
            TIME_ZONE="UTC",
        )
        self.use_settings(**SESSION_DEFAULTS)
        self.apply_settings(self.scenario.get("settings", {}))
        caches["default"].clear()
        self._install_failing_cache_writes()
        from django.contrib.auth import get_user_model

        User = get_user_model()
        for pk, password in USERS.items():
            User.objects.update_or_create(
                pk=pk, defaults={User.USERNAME_FIELD: "user%d" % pk, "password": password}
            )

    @staticmethod
    def _forget_file_storage_path():
        # The file backend remembers SESSION_FILE_PATH on its class the first time it runs.
        if "_storage_path" in file_backend.SessionStore.__dict__:
            del file_backend.SessionStore._storage_path

    def _install_failing_cache_writes(self):
        cache = caches["default"]
        for name in ("set", "add"):
            original = getattr(cache, name)

            def failing(*args, _original=original, **kwargs):
                if self.cache_writes_fail:
                    raise ConnectionError("cache down")
                return _original(*args, **kwargs)

            setattr(cache, name, failing)

    def use_settings(self, **values):
        """These settings from now on, until the test ends."""
        override = override_settings(**values)
        override.enable()
        self.addCleanup(override.disable)

    def apply_settings(self, changes):
        """A scenario's `settings` (serializers by their short names)."""
        changes = dict(changes)
        if "SESSION_SERIALIZER" in changes:
            changes["SESSION_SERIALIZER"] = SERIALIZERS[changes["SESSION_SERIALIZER"]]
        if changes:
            self.use_settings(**changes)

    # The scenario, step by step ----------------------------------------------------------

    def run_scenario(self):
        for step, traced in zip(self.scenario["steps"], self.trace["steps"]):
            (kind, arg), = step.items()
            label = "%d (%s)" % (traced["i"], kind)
            if kind == "request":
                sent = traced["request"]
                op = {k: v for k, v in arg.items() if k not in REQUEST_FIELDS}
                label = "%d (GET %s, view %s)" % (traced["i"], sent["path"], arg["view"])
                self.request(op, path=sent["path"], secure=sent["secure"],
                             cookie=sent["cookie_header"], status=arg.get("status", 200),
                             vary=arg.get("vary"))
                expected = traced["response"]
                self.expect_response(
                    label,
                    status=expected["status"],
                    set_cookie=[c["header"] for c in expected["set_cookie"]],
                    vary=expected["vary"],
                    result=as_json(expected["result"]),
                )
            elif kind == "advance":
                self.clock.now += arg
            elif kind == "settings":
                self.apply_settings(arg)
            elif kind == "rotate_secret":
                self.use_settings(
                    SECRET_KEY_FALLBACKS=[settings.SECRET_KEY] + list(settings.SECRET_KEY_FALLBACKS),
                    SECRET_KEY=arg,
                )
            elif kind == "clear_expired":
                import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
            elif kind == "set_password":
                self.set_password(arg["user"], arg["password"])
            elif kind in ("cache_clear", "cache_restart"):
                caches["default"].clear()
            elif kind == "cache_writes":
                self.cache_writes_fail = arg == "fail"
            elif kind in BROWSER_ONLY:
                continue  # the browser's jar: Django sees it in the next Cookie header
            else:
                self.fail("step %s: Sessionscope cannot run this step in Django" % label)
            self.expect_store(label, traced)

    def expect_store(self, label, traced):
        store = traced["store"]
        if "db" in store:
            self.expect_db(label, [
                (r["session_key"], r["session_data"], r["expire_date"]) for r in store["db"]
            ])
        if "cache" in store:
            self.expect_cache(label, [
                (e["key"], as_json(e["value"]), e["expires_at"])
                for e in store["cache"]
                if e["expires_at"] is None or e["expires_at"] > traced["now"]
            ])
        if "files" in store:
            self.expect_files(label, [(f["name"], f["content"], f["mtime"]) for f in store["files"]])

    # Steps --------------------------------------------------------------------------------

    def request(self, op, path="/", secure=False, cookie=None, status=200, vary=None):
        """One request from the browser with this Cookie header (None: no header)."""
        CURRENT.update(op=op, status=status, vary=vary, result=None)
        extra = {} if cookie is None else {"HTTP_COOKIE": cookie}
        client = Client(raise_request_exception=False)
        self.response = client.get(path, secure=secure, **extra)
        self.result = as_json(CURRENT["result"])

    def set_password(self, pk, password):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(pk=pk)
        user.password = password
        user.save(update_fields=["password"])

    # What Django did, compared with the engine's bytes -----------------------------------

    def expect_response(self, step, status, set_cookie, vary, result):
        r = self.response
        where = "step %s: " % step
        self.assertEqual(r.status_code, status, where + "status (Django != Sessionscope)")
        got = ["Set-Cookie: " + m.OutputString() for m in r.cookies.values()]
        self.assertEqual(got, set_cookie, where + "Set-Cookie lines (Django != Sessionscope)")
        self.assertEqual(r.get("Vary"), vary, where + "Vary header (Django != Sessionscope)")
        self.assertEqual(self.result, result, where + "the view's result (Django != Sessionscope)")

    def expect_db(self, step, rows):
        from django.contrib.sessions.models import Session

        got = [
            (s.session_key, s.session_data, s.expire_date.isoformat())
            for s in Session.objects.order_by("session_key")
        ]
        self.assertEqual(
            got, rows, "step %s: django_session rows (key, data, expire_date) "
            "(Django != Sessionscope)" % step
        )

    def expect_cache(self, step, entries):
        cache = caches["default"]
        got = []
        for key, pickled in list(cache._cache.items()):
            expires_at = cache._expire_info.get(key)
            if expires_at is not None and expires_at <= self.clock.now:
                continue  # expired, evicted when next touched
            got.append((key, as_json(pickle.loads(pickled)), expires_at))
        self.assertEqual(
            got, entries, "step %s: live cache entries, most recently used first "
            "(key, session, expires_at) (Django != Sessionscope)" % step
        )

    def expect_files(self, step, files):
        got = []
        for name in sorted(os.listdir(self.session_dir)):
            full = os.path.join(self.session_dir, name)
            with open(full, encoding="ascii") as f:
                got.append((name, f.read(), os.stat(full).st_mtime))
        self.assertEqual(
            got, files, "step %s: session files (name, content, mtime) "
            "(Django != Sessionscope)" % step
        )


def main():
    """`python this_file.py`: a test database, the test, a verdict (exit status 1 if it fails)."""
    import sys
    import unittest

    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=1)
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules["__main__"])
    runner.setup_test_environment()
    databases = runner.setup_databases()
    try:
        result = runner.run_suite(suite)
    finally:
        runner.teardown_databases(databases)
        runner.teardown_test_environment()
    sys.exit(0 if result.wasSuccessful() else 1)


class {{class_name}}(SessionscopeTestCase):
    """{{description}}"""

    django_version = ({{major}}, {{minor}})

    def test_scenario(self):
        self.run_scenario()

    # The scenario (steps, settings, clock, keys), as Sessionscope's documents hold it.
    scenario_json = r'''
{{scenario_json}}
'''

    # Sessionscope's trace of it: for each step the Cookie header the browser sent, then the
    # status, every Set-Cookie line ("header"), Vary, the view's result and the store after it
    # (django_session rows, cache entries, files), which the test asserts step by step.
    trace_json = r'''
{{trace_json}}
'''

if __name__ == "__main__":
    main()
