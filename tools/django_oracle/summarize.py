"""Print a compact, human-readable summary of traces (for reviewing generated cases).

    python3 summarize.py TRACE.json [...]
"""

import json
import sys

import jsonio


def short(v, n=70):
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return s if len(s) <= n else s[: n - 3] + "..."


def store_line(store):
    parts = []
    for row in store.get("db", []):
        parts.append("db:%s=%s@%s" % (row["session_key"][-4:], short(row["data"], 40), row["expire_date"][11:]))
    for row in store.get("cache", []):
        parts.append("c:%s=%s@%s" % (row["key"][-4:], short(row["value"], 40), row["expires_at"]))
    for row in store.get("files", []):
        parts.append("f:%s=%s m%s" % (row["name"][-8:], short(row["data"], 40), row["mtime"]))
    return " | ".join(parts)


def main(paths):
    for p in paths:
        t = jsonio.load(p)
        print("=== %s" % t["scenario"])
        prev_j = prev_s = None
        for s in t["steps"]:
            line = "%2d %-60s now=%s" % (s["i"], short(s["step"], 60), s["now"])
            print(line)
            if "request" in s:
                r, resp = s["request"], s["response"]
                print("     > [%s] %s" % (r["browser"], short(r["cookie_header"], 90)))
                print("     < %s %s res=%s vary=%s" % (resp["status"], resp["exception"] or "", short(resp["result"], 80), resp["vary"]))
                for c in resp["set_cookie"]:
                    print("       SC %s" % short(c["output"], 150))
            if "queries" in s:
                print("     Q %s" % "; ".join(q["sql"].split()[0] for q in s["queries"]))
            j = short({b: [(c["name"], c["value"][-6:], c["expires_at"]) for c in v] for b, v in s["jars"].items()}, 200)
            st = store_line(s["store"])
            if j != prev_j:
                print("     J %s" % j)
            if st != prev_s:
                print("     S %s" % st)
            prev_j, prev_s = j, st


if __name__ == "__main__":
    main(sys.argv[1:])
