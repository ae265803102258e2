"""Random session scenarios for differential testing against real Django.

Usage: python3 random_scenarios.py OUT_DIR FIRST_SEED COUNT  (writes OUT_DIR/scenarios/*.json).
See differential.sh, which also makes their traces with real Django and checks the engine.
"""
import json, random, sys, os
from datetime import datetime, timezone, timedelta

ENGINES = ["db", "cache", "cached_db", "file", "signed_cookies"]
WEIRD = ["x", "0", " ", ",", "\"", "\\", "é", "Ã©", "a b", ";", "=", "sess", "ABC", "%20"]

def rand_value(r, depth=0):
    k = r.randrange(8 if depth < 2 else 5)
    if k == 0: return r.randrange(-5, 100)
    if k == 1: return r.choice([0.5, 2.25, -1.0, 1e16, 0.1])
    if k == 2: return r.choice(["", "EUR", "é€😀", "a\"b"])
    if k == 3: return r.choice([True, False, None])
    if k == 4: return r.choice([r.randrange(10**20, 10**21), "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(r.choice([1000, 2900, 3000, 3100, 4000])))])
    if k == 5: return [rand_value(r, depth+1) for _ in range(r.randrange(3))]
    return {r.choice(["a", "b", "cart", "é"]): rand_value(r, depth+1) for _ in range(r.randrange(3))}

def expiry_arg(r, now):
    k = r.randrange(12)
    if k == 0: return 0
    if k == 1: return r.choice([1, 5, 30, 300, -10, 1209600])
    if k == 2: return r.choice([2.5, 90.7, 0.25, -0.5])
    if k == 3: return None
    if k == 4: return {"timedelta": r.choice([30, 2.5, -5, 0, 86400*3])}
    if k == 5:
        off = r.choice([0, 3600, -7200, 19800])
        dt = datetime.fromtimestamp(now + r.choice([-10, 0, 5, 60, 0.5, 3600]), tz=timezone(timedelta(seconds=off)))
        return {"datetime": dt.isoformat()}
    if k == 6: return r.choice(["abc", True, [1], 1.0])
    if k == 7: return {"datetime": "2023-11-14T22:14:20Z"}
    return r.choice([10, 60, 0, None])

def view(r, now, allow_multi=True):
    names = ["noop", "set", "set", "update", "get", "pop", "delete", "setdefault", "contains", "keys",
             "items", "clear", "flush", "cycle_key", "set_expiry", "set_expiry", "info", "session_key",
             "is_empty", "set_test_cookie", "test_cookie_worked", "delete_test_cookie", "store_delete"]
    names += ["append", "append", "mark_modified", "login", "login", "logout", "user", "user"]
    if allow_multi: names += ["multi", "multi"]
    v = r.choice(names)
    op = {"view": v}
    key = lambda: r.choice(["a", "b", "cart", "_session_expiry", "testcookie",
                            "_auth_user_id", "_auth_user_hash"])
    if v in ("set", "update"): op["data"] = {key(): rand_value(r) for _ in range(r.randrange(1, 3))}
    elif v in ("get", "pop"):
        op["key"] = key()
        if r.random() < 0.4: op["default"] = rand_value(r)
    elif v in ("delete", "contains"): op["key"] = key()
    elif v == "setdefault": op["key"] = key(); op["value"] = rand_value(r)
    elif v == "set_expiry": op["value"] = expiry_arg(r, now)
    elif v == "append": op["key"] = r.choice(["cart", "cart", key()]); op["value"] = rand_value(r)
    elif v == "login": op["user"] = r.choice([1, 1, 2, 3])
    elif v == "multi": op["ops"] = [view(r, now, False) for _ in range(r.randrange(1, 4))]
    return op

def scenario(seed):
    r = random.Random(seed)
    engine = ENGINES[seed % 5]
    start = r.choice([1700000000, 1700000000, 1700000000.25, 1700000000.999999, 1234567890.5])
    s = {"name": "fuzz_%05d__%s" % (seed, engine), "engine": engine, "start_time": start}
    if r.random() < 0.3:
        s["cache"] = {"max_entries": r.randrange(1, 5), "cull_frequency": r.randrange(0, 4)}
    if r.random() < 0.3:
        s["session_keys"] = r.sample(["sess0000000000000000000000000002", "sess0000000000000000000000000001",
                                      "customkey0000000000000000000000x", "short", "UPPERCASEKEY0000"], r.randrange(1, 3))
    if r.random() < 0.3:
        s["settings"] = {"SESSION_COOKIE_AGE": r.choice([0, 5, 60, 100])}
    now = start
    steps = []
    browsers = ["main", "main", "main", "other"]
    for _ in range(r.randrange(4, 16)):
        k = r.random()
        if k < 0.55:
            req = view(r, now)
            b = r.choice(browsers)
            if b != "main": req["browser"] = b
            if r.random() < 0.15: req["status"] = r.choice([404, 500, 503, 302])
            if r.random() < 0.15: req["vary"] = r.choice(["Accept-Encoding", "cookie", "Accept, Cookie", "*", ""])
            if r.random() < 0.1: req["secure"] = True; req["path"] = "/p"
            steps.append({"request": req})
        elif k < 0.68:
            a = r.choice([1, 5, 30, 59, 60, 61, 99, 100, 101, 0.5, 0.25, 299, 300, 1209600, 1209601, 0.000001, 4.999999, 10])
            now += a
            steps.append({"advance": a})
        elif k < 0.73:
            steps.append({"close_browser": True if r.random() < 0.7 else "other"})
        elif k < 0.80:
            opts = r.choice([
                {"SESSION_COOKIE_AGE": r.choice([0, 1, 5, 60, 100, 1209600])},
                {"SESSION_SAVE_EVERY_REQUEST": r.choice([True, False])},
                {"SESSION_EXPIRE_AT_BROWSER_CLOSE": r.choice([True, False])},
                {"SESSION_COOKIE_NAME": r.choice(["sessionid", "sid", "__Host-sid", "sess", "__Secure-x", "s"])},
                {"SESSION_SAVE_EVERY_REQUEST": True, "SESSION_COOKIE_AGE": r.choice([5, 10])},
                {"SESSION_COOKIE_SAMESITE": r.choice(["None", "Strict", None, "Lax"])},
                {"SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": False},
                {"SESSION_COOKIE_DOMAIN": ".example.com", "SESSION_COOKIE_PATH": "/p"},
                {"SECRET_KEY_FALLBACKS": []},
            ])
            steps.append({"settings": opts})
        elif k < 0.83:
            steps.append({"rotate_secret": "new-secret-%d" % r.randrange(100)})
        elif k < 0.90:
            mode = r.choice(["flip_last", "append", "replace", "delete"])
            t = {"mode": mode}
            if mode in ("append", "replace"): t["text"] = r.choice(WEIRD + ["x" * 4100, "sess0000000000000000000000000001", "e30:1r31eq:nV19Iiyh3Z6BWI47aeHRq1D7JGfMSYQO8x57Y56MVzk"])
            if r.random() < 0.2: t["browser"] = "other"
            if r.random() < 0.1: t["name"] = "other_cookie"
            steps.append({"tamper": t})
        elif k < 0.94:
            steps.append({"save_cookie": {"as": "L"}})
            steps.append({"request": view(r, now)})
            steps.append({"restore_cookie": {"from": "L"}})
        elif k < 0.97:
            steps.append({"set_password": {"user": r.choice([1, 2, 3]),
                                           "password": "pbkdf2_sha256$1$s$%d" % r.randrange(1000)}})
        else:
            steps.append({"clear_expired": True})
    s["steps"] = steps
    return s

if __name__ == "__main__":
    out, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(os.path.join(out, "scenarios"), exist_ok=True)
    for seed in range(first, first + count):
        sc = scenario(seed)
        with open(os.path.join(out, "scenarios", sc["name"] + ".json"), "w") as f:
            json.dump(sc, f, indent=1, ensure_ascii=False)
