"""Signing vectors (README Part 1) computed by real `django.core.signing`.

    python3 vectors.py check PUBLIC_VECTORS.json      # recompute every case from its inputs
    python3 vectors.py build OUT.json                 # write the extra vectors (extra_vectors.py)
"""

import sys
import time

import djenv
import jsonio

FORMAT = "django-signing-vectors/1"

_now = [0.0]


def setup():
    from django.conf import settings

    settings.configure(
        SECRET_KEY=djenv.DEFAULT_SECRET, SECRET_KEY_FALLBACKS=[], USE_TZ=True, DEBUG=False
    )
    import django

    django.setup()
    time.time = lambda: _now[0]


def _env(case):
    from django.conf import settings

    settings.SECRET_KEY = case["secret_key"]
    settings.SECRET_KEY_FALLBACKS = list(case["fallback_keys"])
    _now[0] = float(case["timestamp"])  # time.time() is always a float


def _exc_name(e):
    cls = type(e)
    mod = cls.__module__
    name = cls.__qualname__ if mod == "builtins" else "%s.%s" % (mod, cls.__qualname__)
    return "%s: %s" % (name, e)


def dumps_case(inp):
    """inp: id, op, tag, secret_key, fallback_keys, salt, timestamp, compress, payload."""
    from django.core import signing

    _env(inp)
    expected = signing.dumps(inp["payload"], salt=inp["salt"], compress=inp["compress"])
    serialized = signing.JSONSerializer().dumps(inp["payload"]).decode("latin-1")
    out = {k: inp[k] for k in ("id", "op", "tag", "secret_key", "fallback_keys", "salt",
                               "timestamp", "compress", "payload")}
    out["expected"] = expected
    out["serialized"] = serialized
    out["compressed"] = expected.startswith(".")
    return out


def loads_case(inp):
    """inp: id, op, tag, secret_key, fallback_keys, salt, timestamp, max_age, signed."""
    from django.core import signing

    _env(inp)
    out = {k: inp[k] for k in ("id", "op", "tag", "secret_key", "fallback_keys", "salt",
                               "timestamp", "max_age", "signed")}
    try:
        value = signing.loads(inp["signed"], salt=inp["salt"], max_age=inp["max_age"])
        err, exc = None, None
    except signing.SignatureExpired as e:
        value, err, exc = None, "SignatureExpired", _exc_name(e)
    except signing.BadSignature as e:
        value, err, exc = None, "BadSignature", _exc_name(e)
    except Exception as e:
        value, err, exc = None, "MalformedPayload", _exc_name(e)
    out["expected_error"] = err
    out["expected"] = value
    out["python_exception"] = exc
    return out


def compute(case):
    return dumps_case(case) if case["op"] == "dumps" else loads_case(case)


def check(path):
    import compare

    doc = jsonio.load(path)
    ok = 0
    for case in doc["cases"]:
        d = compare.diff(compute(case), case, "$")
        if d:
            print("DIFF %s: %s" % (case["id"], d))
        else:
            ok += 1
    print("vectors: %d/%d reproduced from %s" % (ok, len(doc["cases"]), path))
    return ok == len(doc["cases"])


def build(path):
    import extra_vectors

    cases = [compute(c) for c in extra_vectors.cases()]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    doc = {"format": FORMAT, "generator": djenv.generator_info(sqlite=False), "cases": cases}
    jsonio.dumps(doc)  # refuses NaN/Infinity
    jsonio.dump(doc, path)
    print("vectors: %d extra cases written to %s" % (len(cases), path))
    return True


if __name__ == "__main__":
    setup()
    mode, path = sys.argv[1], sys.argv[2]
    sys.exit(0 if (check(path) if mode == "check" else build(path)) else 1)
