"""Session cookies set by real Django with keys from the decoder's built-in list of common keys
(static/common-secret-keys.txt), for the page's "try a list of common keys" end-to-end test
(e2e/key-guess.spec.js):

    python3 tools/django_oracle/guess_key_fixtures.py e2e/fixtures/guess-key.json

* `found`: the cookie the signed_cookies backend sets (`SessionStore.save()`, which is
  `signing.dumps(session, salt="django.contrib.sessions.backends.signed_cookies",
  compress=True)`) with `SECRET_KEY` a startproject-style key from the list, and the line it is
  on;
* `stored`: `session_data` as the db backend stores it (`SessionBase.encode`) under another key
  of the list;
* `not_found`: a cookie under a key no list holds (`get_random_secret_key()`).

The clock is Django's own (`time.time()`): the values differ at every run; the test reads them
from the file.
"""

import json
import os
import sys

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
LIST = os.path.join(HERE, "..", "..", "static", "common-secret-keys.txt")
FOUND_KEY = "django-insecure-change-this-later"
STORED_KEY = "django-insecure-r!)+o@o+0i2amyor^6it+u&p#wqal*!8q55!cntxfbn!8mqp1i"
SESSION = {"_auth_user_id": "1", "cart": {"django-book": 2}}


def line_of(key, keys):
    return keys.index(key) + 1


def main(out):
    with open(LIST, encoding="utf-8") as f:
        keys = f.read().splitlines()
    settings.configure(
        SECRET_KEY=FOUND_KEY,
        SECRET_KEY_FALLBACKS=[],
        INSTALLED_APPS=["django.contrib.sessions"],
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    )
    django.setup()
    from django.contrib.sessions.backends.db import SessionStore as DbStore
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.core.management.utils import get_random_secret_key
    from django.core import signing

    store = SessionStore()
    store.update(SESSION)
    store.save()
    cookie = store.session_key
    assert SessionStore(cookie).load() == SESSION

    with settings_key(STORED_KEY):
        stored = DbStore().encode(SESSION)
        assert DbStore().decode(stored) == SESSION

    secret = get_random_secret_key()
    assert secret not in keys
    not_found = signing.dumps(
        SESSION, key=secret, salt="django.contrib.sessions.backends.signed_cookies", compress=True
    )
    fixture = {
        "generator": "tools/django_oracle/guess_key_fixtures.py, Django %s" % django.get_version(),
        "found": {
            "cookie": cookie,
            "key": FOUND_KEY,
            "line": line_of(FOUND_KEY, keys),
            "salt": "django.contrib.sessions.backends.signed_cookies",
        },
        "stored": {
            "session_data": stored,
            "key": STORED_KEY,
            "line": line_of(STORED_KEY, keys),
            "salt": "django.contrib.sessions.SessionStore",
        },
        "not_found": {"cookie": not_found},
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


class settings_key:
    """SECRET_KEY set to `key` for a while (what override_settings does)."""

    def __init__(self, key):
        self.key = key

    def __enter__(self):
        self.old = settings.SECRET_KEY
        settings.SECRET_KEY = self.key

    def __exit__(self, *exc):
        settings.SECRET_KEY = self.old


if __name__ == "__main__":
    main(sys.argv[1])
