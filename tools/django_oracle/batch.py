"""Run many scenarios, one subprocess each (2 at a time), optionally checking the traces.

    python3 batch.py SCENARIO_DIR OUT_DIR [--check EXPECTED_TRACE_DIR]
"""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import compare
import jsonio

HERE = os.path.dirname(os.path.abspath(__file__))


def run_one(scenario_path, trace_path):
    p = subprocess.run(
        [sys.executable, os.path.join(HERE, "scenario.py"), scenario_path, trace_path],
        capture_output=True,
        text=True,
    )
    return p.returncode, p.stderr


def run_dir(scenario_dir, out_dir, jobs=2):
    os.makedirs(out_dir, exist_ok=True)
    names = sorted(n for n in os.listdir(scenario_dir) if n.endswith(".json"))
    with ThreadPoolExecutor(jobs) as ex:
        results = list(
            ex.map(
                lambda n: run_one(os.path.join(scenario_dir, n), os.path.join(out_dir, n)),
                names,
            )
        )
    failed = 0
    for n, (rc, err) in zip(names, results):
        if rc != 0:
            failed += 1
            print("ERROR %s:\n%s" % (n, err), file=sys.stderr)
        elif err.strip():
            print(err.strip(), file=sys.stderr)
    return names, failed


def check(names, out_dir, expected_dir):
    ok = 0
    for n in names:
        got = jsonio.load(os.path.join(out_dir, n))
        want = jsonio.load(os.path.join(expected_dir, n))
        d = compare.diff(got, want)
        if d:
            print("DIFF %s: %s" % (n, d))
        else:
            ok += 1
    print("traces: %d/%d identical to %s" % (ok, len(names), expected_dir))
    return ok == len(names)


def main(argv):
    scenario_dir, out_dir = argv[1], argv[2]
    names, failed = run_dir(scenario_dir, out_dir)
    good = failed == 0
    if "--check" in argv:
        good = check(names, out_dir, argv[argv.index("--check") + 1]) and good
    else:
        print("traces: %d generated into %s (%d errors)" % (len(names), out_dir, failed))
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
