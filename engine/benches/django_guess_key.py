"""The Django side of benches/guess_key.rs: how many candidate keys per second real Django
checks against a signed value with its own `signing.loads` (CPython, one core).

    python3 django_guess_key.py make KEY SALT          -> prints a login session cookie
    python3 django_guess_key.py time COOKIE SALT SECONDS < keys  -> prints "keys tried seconds"

`make` signs the session a logged-in user has (`login()`'s three keys) as the signed_cookies
backend does (`signing.dumps(..., salt=SALT, compress=True)`). `time` reads one key per line
and calls `signing.loads(COOKIE, key=k, fallback_keys=[], salt=SALT)` for each, catching
`BadSignature`, until SECONDS have passed or the keys run out.
"""

import sys
import time

import django
from django.conf import settings

settings.configure(SECRET_KEY="unused", SECRET_KEY_FALLBACKS=[])
django.setup()

from django.core import signing  # noqa: E402

SESSION = {
    "_auth_user_id": "1",
    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
    "_auth_user_hash": "2f1e0bdc9b3c4b1a9e8f7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928",
}


def main():
    command = sys.argv[1]
    if command == "make":
        key, salt = sys.argv[2], sys.argv[3]
        print(signing.dumps(SESSION, key=key, salt=salt, compress=True))
        return
    cookie, salt, seconds = sys.argv[2], sys.argv[3], float(sys.argv[4])
    keys = sys.stdin.read().splitlines()
    loads, bad = signing.loads, signing.BadSignature
    tried = 0
    start = time.perf_counter()
    deadline = start + seconds
    for key in keys:
        try:
            loads(cookie, key=key, fallback_keys=[], salt=salt)
        except bad:
            pass
        tried += 1
        if tried % 1000 == 0 and time.perf_counter() > deadline:
            break
    print(tried, time.perf_counter() - start)


main()
