"""Random scenarios with the versions features (async and bool views, cache_writes and
cache_clear steps, SESSION_SERIALIZER switches), for differential testing of the version
profile against real Django 4.2, 5.2, 6.0 and 6.1.

    python3 version_fuzz.py OUT_DIR FIRST_SEED COUNT   (writes OUT_DIR/scenarios/*.json)

Built on random_scenarios.py. Nested dict keys are one-character strings only: CPython shares
repeated dict keys of one JSON document, which pickle then writes as BINGET (the versions README
keeps such repeats out of its data; so does this).
"""
import json
import os
import random
import sys

import random_scenarios as base


def rand_value(r, depth=0):
    k = r.randrange(8 if depth < 2 else 5)
    if k == 0:
        return r.randrange(-300, 70000) if r.random() < 0.5 else r.choice([-1, 2**31, -2**31 - 1, 2**64, -2**63])
    if k == 1:
        return r.choice([0.5, 2.25, -1.0, 1e16, 0.1, -0.0, 1e-300])
    if k == 2:
        return r.choice(["", "EUR", "é€😀", "a\"b", "é", "x", "\u0100"])
    if k == 3:
        return r.choice([True, False, None])
    if k == 4:
        return r.choice([r.randrange(10**20, 10**21), "é" * r.choice([100, 128, 200])])
    if k == 5:
        return [rand_value(r, depth + 1) for _ in range(r.randrange(4))]
    return {r.choice(["a", "b", "é"]): rand_value(r, depth + 1) for _ in range(r.randrange(3))}


base.rand_value = rand_value

ASYNC_OK = {"noop", "set", "update", "get", "pop", "delete", "setdefault", "contains", "keys",
            "items", "clear", "flush", "cycle_key", "set_expiry", "info", "session_key",
            "is_empty", "set_test_cookie", "test_cookie_worked", "delete_test_cookie",
            "store_delete", "append", "mark_modified", "login", "logout", "user"}


def mutate(s, r):
    pickle = False
    if r.random() < 0.35:
        s.setdefault("settings", {})["SESSION_SERIALIZER"] = "pickle"
        pickle = True
    steps = []
    for step in s["steps"]:
        (kind, arg), = step.items()
        if kind == "clear_expired" and pickle:
            continue
        if kind == "settings" and r.random() < 0.3:
            pickle = not pickle
            steps.append({"settings": {"SESSION_SERIALIZER": "pickle" if pickle else "json"}})
        if kind == "request":
            x = r.random()
            if x < 0.3:
                ops = [base.view(r, 1700000000, False) for _ in range(r.randrange(1, 4))]
                ops = [op for op in ops if op["view"] in ASYNC_OK] or [{"view": "bool"}]
                if r.random() < 0.3:
                    ops.insert(r.randrange(len(ops) + 1), {"view": "bool"})
                new = {"view": "async", "ops": ops}
                for k in ("browser", "status", "vary", "secure", "path"):
                    if k in arg:
                        new[k] = arg[k]
                step = {"request": new}
            elif x < 0.4:
                arg = dict(arg)
                for k in ("data", "key", "default", "value", "user", "ops"):
                    arg.pop(k, None)
                arg["view"] = "bool"
                step = {"request": arg}
        steps.append(step)
        if r.random() < 0.12:
            steps.append({"cache_writes": r.choice(["fail", "ok", "ok"])})
        if r.random() < 0.05:
            steps.append({"cache_clear": True})
    s["steps"] = steps
    s["name"] = s["name"].replace("fuzz_", "vfuzz_")
    return s


if __name__ == "__main__":
    out, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(os.path.join(out, "scenarios"), exist_ok=True)
    for seed in range(first, first + count):
        sc = mutate(base.scenario(seed), random.Random(seed * 7919 + 1))
        with open(os.path.join(out, "scenarios", sc["name"] + ".json"), "w") as f:
            json.dump(sc, f, indent=1, ensure_ascii=False)
