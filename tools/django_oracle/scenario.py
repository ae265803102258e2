"""Run one session scenario through real Django and write its trace.

    python3 scenario.py SCENARIO.json TRACE.json

One scenario per process: Django settings, LocMemCache and the file backend's storage path
are process-global.
"""

import sys
import tempfile
import warnings

import djenv
import jsonio
from browser import Browsers

DB_ENGINES = ("db", "cached_db")


class QueryLog:
    """Records (sql, params) of statements touching django_session, as the ORM sends them
    (before the SQLite backend rewrites %s to ?)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        if "django_session" in sql:
            self.queries.append(
                {"sql": sql, "params": list(params) if params is not None else []}
            )
        return execute(sql, params, many, context)


def capture_queries(fn):
    from django.db import connection

    log = QueryLog()
    with connection.execute_wrapper(log):
        value = fn()
    return value, log.queries


def do_request(req, engine, clock, browsers):
    from django.conf import settings
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.core.handlers.exception import convert_exception_to_response
    from django.http import HttpResponse
    from django.test import RequestFactory

    import views

    browser = req.get("browser", "main")
    path = req.get("path", "/")
    secure = req.get("secure", False)
    status = req.get("status", 200)
    vary = req.get("vary")

    browsers.drop_expired(browser, clock.now)
    header = browsers.cookie_header(browser)

    request = RequestFactory().get(path, secure=secure)
    request.META.pop("HTTP_COOKIE", None)
    if header is not None:
        request.META["HTTP_COOKIE"] = header

    state = {"result": None, "exception": None, "view_exception": None}

    def view(request):
        s = request.session
        store_class = type(s)
        try:
            if req["view"] == "async":
                from asgiref.sync import async_to_sync

                async def run_all():
                    out = []
                    for op in req["ops"]:
                        out.append(await views.run_async_op(op, s, store_class, engine, request))
                    return out

                state["result"] = async_to_sync(run_all)()
            elif req["view"] == "multi":
                state["result"] = [
                    views.run_op(op, s, store_class, engine, request) for op in req["ops"]
                ]
            else:
                state["result"] = views.run_op(req, s, store_class, engine, request)
        except Exception as e:
            state["result"] = None
            if VERSIONS:
                state["view_exception"] = type(e).__name__
            else:
                state["exception"] = type(e).__name__
            raise
        response = HttpResponse(b"", status=status)
        if vary is not None:
            response["Vary"] = vary
        return response

    middleware = SessionMiddleware(convert_exception_to_response(view))
    original = middleware.process_response

    def process_response(request, response):
        try:
            return original(request, response)
        except Exception as e:
            state["exception"] = type(e).__name__
            raise

    middleware.process_response = process_response
    original_request = middleware.process_request

    def process_request(request):
        try:
            return original_request(request)
        except Exception as e:
            if VERSIONS:
                state["exception"] = type(e).__name__
            raise

    middleware.process_request = process_request
    handler = convert_exception_to_response(middleware)

    if engine in DB_ENGINES:
        response, queries = capture_queries(lambda: handler(request))
    else:
        response, queries = handler(request), None

    set_cookie = []
    for morsel in response.cookies.values():
        output = morsel.OutputString()
        set_cookie.append(
            {
                "name": morsel.key,
                "value": morsel.coded_value,
                "output": output,
                "header": "Set-Cookie: " + output,
                "attributes": {k: v for k, v in morsel.items() if v != ""},
            }
        )
        browsers.receive(browser, morsel, clock.now)

    trace_request = {
        "browser": browser,
        "path": path,
        "secure": secure,
        "cookie_header": header,
    }
    trace_response = {
        "status": response.status_code,
        "exception": state["exception"],
    }
    if state["view_exception"] is not None:
        trace_response["view_exception"] = state["view_exception"]
    trace_response.update({
        "result": state["result"],
        "vary": response.get("Vary"),
        "set_cookie": set_cookie,
    })
    return trace_request, trace_response, queries


# versions README: the trace format with `view_exception` apart from `exception` (set
# ORACLE_VERSIONS=1), the `cache_writes` step, and the `warnings` list.
import os

VERSIONS = os.environ.get("ORACLE_VERSIONS") == "1"
CACHE_WRITES = {"fail": False}
WARNINGS = []


def install_failing_writes():
    """`cache_writes: fail`: LocMemCache's set() and add() raise ConnectionError before
    changing anything (aset/aadd call them)."""
    from django.core.cache import caches

    cache = caches["default"]
    for name in ("set", "add"):
        original = getattr(cache, name)

        def failing(*args, _original=original, **kwargs):
            if CACHE_WRITES["fail"]:
                raise ConnectionError("cache down")
            return _original(*args, **kwargs)

        setattr(cache, name, failing)


def record_warning(message, category, filename, lineno, file=None, line=None):
    if category.__name__ == "CacheKeyWarning":
        return
    text = "%s: %s" % (category.__name__, message)
    if text not in WARNINGS:
        WARNINGS.append(text)


def lint_other_jars(browsers, browser, now, name, i):
    """The README drops expired cookies "before each request"; whether that means only the
    requesting browser's jar is not pinned down by the public data. Warn when it matters, so
    that generated scenarios can avoid the ambiguity."""
    for b, jar in browsers.jars.items():
        if b != browser and any(e is not None and e <= now for _, e in jar.values()):
            print("WARNING %s step %d: browser %r holds an expired cookie during a request "
                  "of %r" % (name, i, b, browser), file=sys.stderr)


def run(scenario):
    engine = scenario["engine"]
    tmpdir = tempfile.mkdtemp(prefix="oracle-sessions-")
    clock, _ = djenv.setup(
        engine,
        scenario.get("cache"),
        tmpdir,
        scenario.get("start_time", djenv.DEFAULT_START),
        scenario.get("session_keys"),
    )
    from django.conf import settings
    from importlib import import_module

    import snapshot

    djenv.apply_settings(scenario.get("settings", {}))
    install_failing_writes()
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    browsers = Browsers()
    steps = []
    for i, step in enumerate(scenario["steps"]):
        if len(step) != 1:
            raise ValueError("step %d must have exactly one key" % i)
        (kind, arg), = step.items()
        out = {"i": i, "step": step}
        extra = {}
        if kind == "request":
            lint_other_jars(browsers, arg.get("browser", "main"), clock.now, scenario["name"], i)
            r, resp, q = do_request(arg, engine, clock, browsers)
            extra["request"], extra["response"] = r, resp
            if q is not None:
                extra["queries"] = q
        elif kind == "advance":
            clock.now += arg
        elif kind == "close_browser":
            browsers.close("main" if arg is True else arg)
        elif kind == "settings":
            djenv.apply_settings(arg)
        elif kind == "rotate_secret":
            old = settings.SECRET_KEY
            djenv.apply_settings(
                {
                    "SECRET_KEY_FALLBACKS": [old] + list(settings.SECRET_KEY_FALLBACKS),
                    "SECRET_KEY": arg,
                }
            )
        elif kind == "tamper":
            browsers.tamper(
                arg.get("browser", "main"),
                arg.get("name", settings.SESSION_COOKIE_NAME),
                arg["mode"],
                arg.get("text", ""),
            )
        elif kind == "save_cookie":
            browsers.save(
                arg.get("browser", "main"),
                arg.get("name", settings.SESSION_COOKIE_NAME),
                arg["as"],
            )
        elif kind == "restore_cookie":
            browsers.restore(arg.get("browser", "main"), arg["from"])
        elif kind == "set_password":
            djenv.set_password(arg["user"], arg["password"])
        elif kind == "cache_writes":
            CACHE_WRITES["fail"] = arg == "fail"
        elif kind == "cache_clear":
            from django.core.cache import caches

            caches["default"].clear()
        elif kind == "clear_expired":
            if engine in DB_ENGINES:
                _, q = capture_queries(store_class.clear_expired)
                extra["queries"] = q
            else:
                store_class.clear_expired()
        else:
            raise ValueError("unknown step %r" % kind)
        out["now"] = clock.now
        out.update(extra)
        out["jars"] = browsers.snapshot()
        out["store"] = snapshot.store(engine)
        steps.append(out)
    trace = {
        "format": "django-session-trace/1",
        "scenario": scenario["name"],
        "engine": engine,
        "generator": djenv.generator_info(),
    }
    if WARNINGS:
        trace["warnings"] = WARNINGS
    trace["steps"] = steps
    return trace


def main(argv):
    # LocMemCache warns about keys memcached would refuse (e.g. a cookie with a space).
    warnings.simplefilter("always")
    warnings.showwarning = record_warning
    scenario_path, trace_path = argv[1], argv[2]
    scenario = jsonio.load(scenario_path)
    jsonio.dump(run(scenario), trace_path)


if __name__ == "__main__":
    main(sys.argv)
