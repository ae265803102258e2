"""Inputs of the extra signing vectors (`engine/tests/conformance/extra/vectors-extra.json`).

`cases()` returns input-only case dicts; vectors.py runs real Django on each to fill in
`expected`, `serialized`, `compressed` (dumps) or `expected_error`, `expected`,
`python_exception` (loads). Needs Django configured (vectors.setup()).
"""

import random
import zlib

SECRET = "django-insecure-0123456789abcdefghijklmnopqrstuvwxyz!@#$%^&*(-_=+)"
UNICODE_SECRET = "clé-secrète-ключ-🔑"
SESSION_SALT = "django.contrib.sessions.SessionStore"
COOKIE_SALT = "django.contrib.sessions.backends.signed_cookies"
T0 = 1700000000


class Builder:
    def __init__(self):
        self.out = []
        self.n = {"dumps": 0, "loads": 0}

    def _id(self, op):
        i = self.n[op]
        self.n[op] += 1
        return "extra-%s-%05d" % (op, i)

    def dumps(self, tag, payload, *, secret=SECRET, fallbacks=(), salt=SESSION_SALT,
              timestamp=T0, compress=True):
        self.out.append({
            "id": self._id("dumps"), "op": "dumps", "tag": tag, "secret_key": secret,
            "fallback_keys": list(fallbacks), "salt": salt, "timestamp": timestamp,
            "compress": compress, "payload": payload,
        })

    def loads(self, tag, signed, *, secret=SECRET, fallbacks=(), salt=SESSION_SALT,
              timestamp=T0, max_age=None):
        self.out.append({
            "id": self._id("loads"), "op": "loads", "tag": tag, "secret_key": secret,
            "fallback_keys": list(fallbacks), "salt": salt, "timestamp": timestamp,
            "max_age": max_age, "signed": signed,
        })


# --- helpers that use real Django to build signed inputs ------------------------------------

def _signer(secret, salt):
    from django.core import signing

    return signing.TimestampSigner(key=secret, salt=salt)


def real_dumps(payload, *, secret=SECRET, salt=SESSION_SALT, timestamp=T0, compress=True):
    import time

    from django.core import signing

    real = time.time
    time.time = lambda: float(timestamp)
    try:
        return signing.dumps(payload, key=secret, salt=salt, compress=compress)
    finally:
        time.time = real


def sign_raw(value, *, secret=SECRET, salt=SESSION_SALT):
    """`value` + ':' + the signature Django's TimestampSigner would compute for it."""
    return "%s:%s" % (value, _signer(secret, salt).signature(value))


def b64(data):
    from django.core import signing

    return signing.b64_encode(data).decode()


def b62(n):
    from django.core import signing

    return signing.b62_encode(n)


def signed_payload(b64payload, *, ts=T0, secret=SECRET, salt=SESSION_SALT):
    return sign_raw("%s:%s" % (b64payload, ts if isinstance(ts, str) else b62(ts)),
                    secret=secret, salt=salt)


# --- compress boundary search ----------------------------------------------------------------

def _gain(payload):
    import json

    data = json.dumps(payload, separators=(",", ":")).encode("latin-1")
    return len(data) - len(zlib.compress(data))


def compress_boundary_payloads():
    """Payloads whose zlib saving (len(json) - len(zlib)) is exactly 0, 1, 2 and 3: a random
    prefix of two sizes followed by a growing run of one repeated character."""
    found = []
    rnd = random.Random(5)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    for size in (8, 60):
        base = "".join(rnd.choice(alphabet) for _ in range(size))
        want = [0, 1, 2, 3]
        for run in range(0, 2000):
            p = {"k": base + "x" * run}
            g = _gain(p)
            if g in want:
                want.remove(g)
                found.append((g, size, p))
            if not want:
                break
    return found


# --- the cases --------------------------------------------------------------------------------

def cases():
    b = Builder()

    # Floats in Python repr form (both exponent thresholds, extremes, negative zero).
    floats = [1e16, 1e-05, 5e-324, 1.7976931348623157e308, -0.0, 0.1 + 0.2,
              123456789012345680.0, 1e15, 9999999999999998.0, 0.0001, 0.00011, 1e22,
              2.5e-308, -1.5e-10, 9007199254740993.0, 1.0, 100.0, 3.141592653589793,
              2.2250738585072014e-308, 4.35, 1e-07, 1.5e+300, 12345.678]
    for x in floats:
        b.dumps("float", {"f": x}, compress=False)
    b.dumps("float-list", floats, compress=True)
    b.dumps("float-list", floats, compress=False, salt="django.core.signing")

    # Big and boundary integers.
    ints = [2 ** 64, -2 ** 100, 10 ** 300, 2 ** 63 - 1, -2 ** 63, 2 ** 53 + 1, -1, 0]
    for x in ints:
        b.dumps("int", {"i": x}, compress=False)
    b.dumps("int-list", ints, compress=True)

    # Unicode: astral, controls, DEL, separators, C1 controls, BOM, noncharacters, escapes.
    texts = ["😀", "𝄞 clef", "\U0010FFFF", "\x00\x01\x1f", "\x7f", "\u2028\u2029",
             "\x80\x9f\xa0", "\ufeff", "\ufffe\uffff", "/<>&'\"\\", "\b\f\n\r\t",
             "caf\u00e9 na\u00efve \u00e6\u00f8\u00e5", "\u65e5\u672c\u8a9e", "\u0627\u0644"]
    for t in texts:
        b.dumps("unicode-value", {"u": t}, compress=False)
    b.dumps("unicode-key", {"\U0001F511": 1, "\x7f": 2, "\u2028": 3, "": 4}, compress=False)
    b.dumps("unicode-value", {"all": "".join(texts)}, compress=True)

    # Key order and nesting.
    b.dumps("key-order", {"b": 1, "a": 2, "c": {"z": 1, "y": 2}}, compress=False)
    b.dumps("key-order", {"10": 0, "9": 1, "": 2, " ": 3, "A": 4, "a": 5}, compress=False)
    deep = []
    for _ in range(40):
        deep = [deep]
    b.dumps("nested-deep-list", deep, compress=True)
    d = {}
    for i in range(30):
        d = {"k%d" % i: d}
    b.dumps("nested-deep-dict", d, compress=True)
    b.dumps("nested", {"a": [{"b": [None, True, False, {"c": []}]}, {}], "d": {"e": {}}},
            compress=False)

    # Top-level non-dict payloads.
    for p in ["string", "", 0, None, True, [], [1, "two", 3.0]]:
        b.dumps("toplevel-or-scalar", p, compress=False)

    # Compression boundaries.
    for gain, size, p in compress_boundary_payloads():
        b.dumps("compress-boundary:gain=%d" % gain, p, compress=True)
    b.dumps("compress-repetitive", {"k": "ab" * 500}, compress=True)
    b.dumps("compress-repetitive", {"k": "ab" * 500}, compress=False)

    # Secrets, salts, timestamps.
    for secret in (UNICODE_SECRET, "\x00nul-in-secret", "x", "🔑" * 20, "tab\tand space "):
        b.dumps("secret", {"a": 1}, secret=secret, compress=False)
    for salt in ("s\u00e5lt-\U0001F9C2", "", "django.core.signing.TimestampSigner",
                 "a:b:c", "signer", " "):
        b.dumps("salt", {"a": 1}, salt=salt, compress=False)
    for ts in (0, 61, 62, 3843, 3844, 4102444800, 253402300799, 2 ** 40):
        b.dumps("timestamp", {"a": 1}, timestamp=ts, compress=False)
    b.dumps("fallbacks-ignored-by-dumps", {"a": 1}, fallbacks=["old-1", "old-2"])

    # --- loads ---
    v = {"cart": {"p1": 2}, "n": 1.5}
    good = real_dumps(v)
    good_c = real_dumps({"items": ["x" * 20] * 10})
    b.loads("roundtrip", good)
    b.loads("roundtrip-compressed", good_c)
    # max_age boundaries with fractional now.
    for now, tag in ((T0 + 60, "boundary-equal"), (T0 + 59.999999, "boundary-fraction-below"),
                     (T0 + 60.25, "boundary-fraction-above"), (T0 + 60.75, "boundary-fraction-above"),
                     (T0 + 0.5, "max-age-zero-half-second"), (T0 + 0.999999, "max-age-zero-fraction")):
        b.loads("expired-%s" % tag, good, timestamp=now, max_age=0 if "zero" in tag else 60)
    b.loads("expired-boundary-fraction-big-age", good, timestamp=T0 + 1209600.5, max_age=1209600)
    b.loads("future-timestamp-ok", good, timestamp=T0 - 0.5, max_age=0)
    b.loads("expired-max-age-ignored-when-null", good, timestamp=T0 + 10 ** 9)

    # Fallbacks.
    fb_val = real_dumps(v, secret=UNICODE_SECRET)
    b.loads("fallback-first", fb_val, secret="new-key", fallbacks=[UNICODE_SECRET, "other"])
    b.loads("fallback-third", fb_val, secret="new-key", fallbacks=["a", "b", UNICODE_SECRET])
    b.loads("fallback-expired", fb_val, secret="new-key", fallbacks=[UNICODE_SECRET],
            timestamp=T0 + 61, max_age=60)
    b.loads("fallback-boundary", fb_val, secret="new-key", fallbacks=[UNICODE_SECRET],
            timestamp=T0 + 60, max_age=60)
    b.loads("fallback-missing", fb_val, secret="new-key", fallbacks=["a"])
    b.loads("fallback-current-also-valid", fb_val, secret=UNICODE_SECRET, fallbacks=["a"])
    b.loads("fallback-empty-salt", real_dumps(v, salt="", secret="old"), salt="",
            secret="new", fallbacks=["old"])
    b.loads("cookie-salt-vs-session-salt", real_dumps(v, salt=COOKIE_SALT), salt=SESSION_SALT)
    b.loads("non-ascii-salt", real_dumps(v, salt="s\u00e5lt-\U0001F9C2"),
            salt="s\u00e5lt-\U0001F9C2")

    # Malformed base64 (payload signed correctly).
    for tag, p in (("malformed-base64-length-1", "a"), ("malformed-base64-length-5", "eyJhI"),
                   ("malformed-base64-length-9", "eyJhIjoxf"),
                   ("base64-only-junk", "!!!!"), ("base64-only-padding", "===="),
                   ("base64-inner-padding", "eyJh=IjoxfQ"),
                   ("base64-junk-chars-padding-counted", "e.y.J.h.I.j.o.x.f.Q"),
                   ("base64-junk-chars-discarded-ok", "e.y.J.h.IjoxfQ"),
                   ("base64-whitespace-discarded", "eyJh IjoxfQ"),
                   ("base64-standard-and-urlsafe-mixed", b64(b'{"k":"\xfb\xff\xfe?"}').replace("-", "+"))):
        b.loads(tag, signed_payload(p))
    # Compressed-payload errors.
    raw = zlib.compress(b'{"a":[1,2,3],"b":"hello hello hello hello"}')
    for tag, p in (("dot-prefixed-truncated-zlib-1", "." + b64(raw[:1])),
                   ("dot-prefixed-truncated-zlib-half", "." + b64(raw[: len(raw) // 2])),
                   ("dot-prefixed-missing-adler", "." + b64(raw[:-4])),
                   ("dot-prefixed-bad-adler", "." + b64(raw[:-1] + bytes([raw[-1] ^ 1]))),
                   ("dot-prefixed-trailing-garbage", "." + b64(raw + b"junk")),
                   ("dot-prefixed-raw-deflate", "." + b64(raw[2:-4])),
                   ("dot-prefixed-double-dot", ".." + b64(raw)),
                   ("dot-prefixed-level-0", "." + b64(zlib.compress(b'{"a":1}', 0))),
                   ("dot-prefixed-empty", ".")):
        b.loads(tag, signed_payload(p))
    # JSON-level oddities.
    for tag, data in (("json-empty-payload", b""), ("json-bom-latin1", b'\xef\xbb\xbf{}'),
                      ("json-negative-zero-int", b"-0"), ("json-negative-zero-float", b"-0.0"),
                      ("json-exponent-float", b"1e2"), ("json-big-int", b"123456789012345678901234567890"),
                      ("json-escaped-astral", b'{"s":"\\ud83d\\ude00"}'),
                      ("json-latin1-high-byte", b'{"s":"\xff\x80"}'),
                      ("json-trailing-garbage", b'{"a":1}x'),
                      ("json-trailing-whitespace", b'{"a":1}\n\t '),
                      ("json-single-quotes", b"{'a':1}"),
                      ("json-top-level-string", b'"text"'),
                      ("json-duplicate-keys-last-wins-order", b'{"a":1,"b":2,"a":3}')):
        b.loads(tag, signed_payload(b64(data)))
    # Timestamp field oddities.
    for tag, ts in (("timestamp-zero", "0"), ("timestamp-dash-only", "-"),
                    ("timestamp-negative-zero", "-0"), ("timestamp-plus-sign", "+1r31eq"),
                    ("timestamp-space", " 1r31eq"), ("timestamp-huge", "zzzzzzzzzzzz"),
                    ("timestamp-leading-zeros", "0001r31eq")):
        b.loads(tag, signed_payload(b64(b'{"a":1}'), ts=ts), max_age=60)
    # Signature / separator oddities.
    body = "%s:%s" % (b64(b'{"a":1}'), b62(T0))
    b.loads("signature-empty", body + ":")
    b.loads("signature-lowercased", good.lower())
    b.loads("only-separators", "::")
    b.loads("one-separator", body)
    b.loads("signature-with-trailing-newline", good + "\n")
    b.loads("leading-separator", ":" + good)
    return b.out
