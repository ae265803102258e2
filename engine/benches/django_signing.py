#!/usr/bin/env python3
"""CPython Django's side of `cargo bench --bench signing`.

Usage: django_signing.py PAYLOADS.json SECONDS_PER_ROW
PAYLOADS.json: {"secret": str, "now": number, "payloads": [{"label": str, "value": any}]}.
Prints one JSON object per line: {"label", "op", "ops_per_sec", "output"} where `output` is
what the timed call returned for dumps/encode (so the caller can check byte equality).
"""
import json
import sys
import time

from django.conf import settings

SESSION_SALT = "django.contrib.sessions.SessionStore"


ROUNDS = 5  # must match ROUNDS in benches/signing.rs


def measure(call, seconds):
    """Calls per second of `call`: the best of ROUNDS rounds sharing `seconds`."""
    call()
    best = 0.0
    for _ in range(ROUNDS):
        batch, total_calls, started = 1, 0, time.perf_counter()
        while True:
            for _ in range(batch):
                call()
            total_calls += batch
            elapsed = time.perf_counter() - started
            if elapsed >= seconds / ROUNDS:
                break
            batch *= 2
        best = max(best, total_calls / elapsed)
    return best


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    seconds = float(sys.argv[2])
    settings.configure(SECRET_KEY=spec["secret"], SECRET_KEY_FALLBACKS=[])
    from django.core import signing

    now = spec["now"]
    real_time = time.time
    for payload in spec["payloads"]:
        label, value = payload["label"], payload["value"]
        signing.time.time = lambda: now  # the timestamp only; perf_counter is untouched
        dumped = signing.dumps(value)
        encoded = signing.dumps(value, salt=SESSION_SALT, compress=True)
        rows = [
            ("dumps", lambda: signing.dumps(value), dumped),
            ("loads", lambda: signing.loads(dumped), None),
            ("encode", lambda: signing.dumps(value, salt=SESSION_SALT, compress=True), encoded),
            ("decode", lambda: signing.loads(encoded, salt=SESSION_SALT), None),
        ]
        for op, call, output in rows:
            rate = measure(call, seconds)
            print(json.dumps({"label": label, "op": op, "ops_per_sec": rate, "output": output}),
                  flush=True)
        signing.time.time = real_time


if __name__ == "__main__":
    main()
