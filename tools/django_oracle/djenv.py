"""Configure real Django 5.2 the way the conformance README describes, and patch its clock,
its session-key generator and the file backend's mtimes.

Import this module, then call `setup(engine, cache_options, tmpdir)` exactly once per process
(Django settings can only be configured once; the batch runner uses one process per scenario).
"""

import os
import sqlite3
import sys
import time
import zlib
from datetime import datetime, timezone as dt_timezone

DEFAULT_SECRET = "oracle-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEFAULT_START = 1700000000

# The settings a scenario may override, with their defaults (README, "Settings").
SESSION_DEFAULTS = {
    "SECRET_KEY": DEFAULT_SECRET,
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
}


def generator_info(sqlite=True):
    import django

    info = {
        "django": django.get_version(),
        "python": "%d.%d.%d" % sys.version_info[:3],
        "zlib_runtime": zlib.ZLIB_RUNTIME_VERSION,
    }
    if sqlite:
        info["sqlite"] = sqlite3.sqlite_version
    return info


class Clock:
    """The scenario clock; `time.time()` and `timezone.now()` read it."""

    def __init__(self, start):
        self.now = float(start)

    def time(self):
        return self.now

    def datetime(self):
        return datetime.fromtimestamp(self.now, tz=dt_timezone.utc)


class KeyGenerator:
    """README "Session keys": first the scenario's preset `session_keys`, one per call; once
    they are used up, the n-th *generated* key (n = 1, 2, ...) is 'sess' + n zero-padded to 28
    digits. n counts only the calls after the preset keys ran out (the first generated key is
    always ...0001); a call whose key is then rejected because it exists() still counts."""

    def __init__(self, preset):
        self.preset = list(preset or [])
        self.generated = 0

    def __call__(self, length=32, allowed_chars=None):
        if self.preset:
            return self.preset.pop(0)
        self.generated += 1
        return "sess%028d" % self.generated


# README "Users": pk 1, 2 and 3, username user<pk>, these stored password hashes.
USERS = {
    1: "pbkdf2_sha256$1000000$oraclesalt1$bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ0",
    2: "pbkdf2_sha256$1000000$oraclesalt2$cdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ01",
    3: "pbkdf2_sha256$1000000$oraclesalt3$defghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ012",
}


def configure_settings(engine, cache_options, tmpdir):
    from django.conf import settings

    cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    opts = {}
    if cache_options:
        if "max_entries" in cache_options:
            opts["MAX_ENTRIES"] = cache_options["max_entries"]
        if "cull_frequency" in cache_options:
            opts["CULL_FREQUENCY"] = cache_options["cull_frequency"]
    if opts:
        cache["OPTIONS"] = opts
    settings.configure(
        DEBUG=False,
        USE_TZ=True,
        TIME_ZONE="UTC",
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
        ],
        DATABASES={
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
        },
        CACHES={"default": cache},
        SESSION_ENGINE="django.contrib.sessions.backends." + engine,
        SESSION_SERIALIZER="django.contrib.sessions.serializers.JSONSerializer",
        SESSION_CACHE_ALIAS="default",
        SESSION_FILE_PATH=tmpdir,
        ROOT_URLCONF="oracle_urls",
        ALLOWED_HOSTS=["*"],
        MIDDLEWARE=[],
        TEMPLATES=[],
        LOGGING_CONFIG=None,
        **SESSION_DEFAULTS,
    )


def setup(engine, cache_options, tmpdir, start, session_keys):
    """Configure Django, create the session table, install the patches.
    Returns (clock, keygen)."""
    import logging

    configure_settings(engine, cache_options, tmpdir)
    import django

    django.setup()
    logging.disable(logging.CRITICAL)

    clock = Clock(start)
    keygen = KeyGenerator(session_keys)

    # Clock: every caller in sessions/signing/cache/http uses `time.time()` or
    # `timezone.now()` through the module attribute, so patching the attributes suffices.
    time.time = clock.time
    from django.utils import timezone

    timezone.now = clock.datetime

    import django.contrib.sessions.backends.base as base

    base.get_random_string = keygen

    # File backend: every session file is written by mkstemp + shutil.move; give the
    # moved file mtime = clock.
    import shutil
    import types

    import django.contrib.sessions.backends.file as file_backend

    def move(src, dst, *a, **kw):
        r = shutil.move(src, dst, *a, **kw)
        os.utime(dst, (clock.now, clock.now))
        return r

    file_backend.shutil = types.SimpleNamespace(move=move)

    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session
    from django.db import connection

    with connection.schema_editor() as editor:
        editor.create_model(Session)
        for model in (ContentType, Permission, Group, User):
            editor.create_model(model)
    for pk, password in USERS.items():
        # The stored hash is written as is (never hashed again, never checked).
        User.objects.create(pk=pk, username="user%d" % pk, password=password)
    return clock, keygen


def set_password(pk, password):
    """The `set_password` step: user pk's stored password hash becomes `password` (changed
    elsewhere). Unknown users are an error in the scenario."""
    from django.contrib.auth.models import User

    user = User.objects.get(pk=pk)
    user.password = password
    user.save(update_fields=["password"])


# versions README: SESSION_SERIALIZER's scenario spellings.
SERIALIZERS = {
    "json": "django.contrib.sessions.serializers.JSONSerializer",
    "pickle": "django.contrib.sessions.serializers.PickleSerializer",
}


def apply_settings(overrides):
    from django.conf import settings

    for k, v in overrides.items():
        if k == "SESSION_SERIALIZER":
            setattr(settings, k, SERIALIZERS[v])
            continue
        if k not in SESSION_DEFAULTS:
            raise ValueError("setting not allowed in scenarios: %s" % k)
        setattr(settings, k, v)
