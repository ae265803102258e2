#!/usr/bin/env python3
"""Runs Django test modules exported by `sessionscope export-test` in one Python process: one
test database, every module's TestCase, a summary line `exported tests: N passed, M failed`.

    run-exported-tests.py MODULE.py... [--expect-fail MODULE.py [--expect-message TEXT]...]

Modules after --expect-fail must fail (a changed expected byte): the run prints the failure
message and fails unless each such module failed with every --expect-message text in it.
Exit status 0 only when every module passed and every expected failure happened.
"""

import importlib.util
import io
import sys
import time
import unittest


def load(path, index):
    name = "exported_%d_%s" % (index, path.rsplit("/", 1)[-1][:-3])
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # ROOT_URLCONF names the module
    spec.loader.exec_module(module)
    return module


def main(argv):
    passing, failing, messages, mode = [], [], [], "pass"
    for arg in argv:
        if arg == "--expect-fail":
            mode = "fail"
        elif arg == "--expect-message":
            mode = "message"
        elif mode == "message":
            messages.append(arg)
            mode = "fail"
        else:
            (failing if mode == "fail" else passing).append(arg)
    if not passing:
        print("run-exported-tests: no module given", file=sys.stderr)
        return 2

    started = time.perf_counter()
    modules = [(path, load(path, i)) for i, path in enumerate(passing + failing)]
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0)
    runner.setup_test_environment()
    databases = runner.setup_databases()
    passed = failed = 0
    ok = True
    try:
        for path, module in modules:
            suite = unittest.defaultTestLoader.loadTestsFromModule(module)
            stream = io.StringIO()
            result = unittest.TextTestRunner(stream=stream, verbosity=0).run(suite)
            problems = result.failures + result.errors
            clean = result.wasSuccessful() and result.testsRun > 0 and not result.skipped
            if path in failing:
                text = "\n".join(trace for _, trace in problems)
                missing = [m for m in messages if m not in text]
                if clean or not result.failures or missing:
                    ok = False
                    print("FAIL %s: expected to fail with %r; %s" % (
                        path, messages, "it passed" if clean else "got:\n" + text))
                else:
                    last = text.strip().splitlines()
                    print("changed byte caught in %s:\n  %s" % (
                        path.rsplit("/", 1)[-1], "\n  ".join(last[-6:])))
                continue
            if clean:
                passed += 1
            else:
                failed += 1
                print("FAIL %s" % path)
                print(stream.getvalue())
    finally:
        runner.teardown_databases(databases)
        runner.teardown_test_environment()
    print("%d modules in one process: %.1f s" % (len(modules), time.perf_counter() - started))
    print("exported tests: %d passed, %d failed" % (passed, failed))
    return 0 if ok and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
