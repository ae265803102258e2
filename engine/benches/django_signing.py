#!/usr/bin/env python3
"""CPython Django's side of `cargo bench --bench signing`, driven round by round.

Usage: django_signing.py PAYLOADS.json
PAYLOADS.json: {"secret": str, "now": number, "payloads": [{"label": str, "value": any}]}.
Then reads requests from stdin, one per line: `<label>\t<op>\t<seconds>`, and answers each with
one JSON line {"label", "op", "ops_per_sec", "output"}: the calls per second of one round of
`seconds` (timed in growing batches), and what the call returned for dumps/encode (so the
caller can check byte equality). The benchmark alternates these rounds with its own, so both
sides see the same load on a busy machine.
"""
import json
import sys
import time

from django.conf import settings

SESSION_SALT = "django.contrib.sessions.SessionStore"


def one_round(call, seconds):
    """Calls per second of `call` over one round of at least `seconds`."""
    batch, total_calls, started = 1, 0, time.perf_counter()
    while True:
        for _ in range(batch):
            call()
        total_calls += batch
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return total_calls / elapsed
        batch *= 2


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    settings.configure(SECRET_KEY=spec["secret"], SECRET_KEY_FALLBACKS=[])
    from django.core import signing

    now = spec["now"]
    signing.time.time = lambda: now  # the timestamp only; perf_counter is untouched
    rows = {}
    for payload in spec["payloads"]:
        label, value = payload["label"], payload["value"]
        dumped = signing.dumps(value)
        encoded = signing.dumps(value, salt=SESSION_SALT, compress=True)
        rows[(label, "dumps")] = (lambda v=value: signing.dumps(v), dumped)
        rows[(label, "loads")] = (lambda d=dumped: signing.loads(d), None)
        rows[(label, "encode")] = (
            lambda v=value: signing.dumps(v, salt=SESSION_SALT, compress=True), encoded)
        rows[(label, "decode")] = (lambda e=encoded: signing.loads(e, salt=SESSION_SALT), None)
    for call, _ in rows.values():
        call()
    print("ready", flush=True)
    for line in sys.stdin:
        label, op, seconds = line.rstrip("\n").split("\t")
        call, output = rows[(label, op)]
        rate = one_round(call, float(seconds))
        print(json.dumps({"label": label, "op": op, "ops_per_sec": rate, "output": output}),
              flush=True)


if __name__ == "__main__":
    main()
