"""The scenario views (README, "Views"): each op takes `request.session` and returns the
JSON result."""

from datetime import datetime, timedelta


def _expiry_value(v):
    if isinstance(v, dict):
        if "timedelta" in v:
            return timedelta(seconds=v["timedelta"])
        if "datetime" in v:
            return datetime.fromisoformat(v["datetime"])
        raise ValueError("bad set_expiry value %r" % (v,))
    return v


def _key_error(fn):
    try:
        return fn()
    except KeyError:
        return {"error": "KeyError"}


MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def run_op(op, s, store_class, engine, request):
    view = op["view"]
    if view == "noop":
        return None
    if view == "set":
        for k, v in op["data"].items():
            s[k] = v
        return None
    if view == "update":
        s.update(op["data"])
        return None
    if view == "get":
        return s.get(op["key"], op.get("default"))
    if view == "pop":
        if "default" in op:
            return s.pop(op["key"], op["default"])
        return _key_error(lambda: s.pop(op["key"]))
    if view == "delete":

        def d():
            del s[op["key"]]

        return _key_error(d)
    if view == "setdefault":
        return s.setdefault(op["key"], op["value"])
    if view == "contains":
        return op["key"] in s
    if view == "keys":
        return list(s.keys())
    if view == "items":
        return dict(s.items())
    if view in ("clear", "flush", "cycle_key", "set_test_cookie"):
        getattr(s, view)()
        return None
    if view == "test_cookie_worked":
        return s.test_cookie_worked()
    if view == "delete_test_cookie":
        return _key_error(s.delete_test_cookie)
    if view == "set_expiry":
        s.set_expiry(_expiry_value(op["value"]))
        return None
    if view == "info":
        return {
            "session_key": s.session_key,
            "expiry_age": s.get_expiry_age(),
            "expiry_date": s.get_expiry_date().isoformat(),
            "expire_at_browser_close": s.get_expire_at_browser_close(),
        }
    if view == "session_key":
        return s.session_key
    if view == "is_empty":
        return s.is_empty()
    if view == "store_delete":
        key = s.session_key
        if engine != "signed_cookies":
            store_class().delete(key)
        return key
    if view == "append":

        def a():
            s[op["key"]].append(op["value"])

        return _key_error(a)
    if view == "mark_modified":
        s.modified = True
        return None
    if view == "login":
        from django.contrib.auth import login
        from django.contrib.auth.models import User

        login(request, User.objects.get(pk=op.get("user", 1)), backend=MODEL_BACKEND)
        return None
    if view == "logout":
        from django.contrib.auth import logout

        logout(request)
        return None
    if view == "user":
        from django.contrib.auth import get_user

        user = get_user(request)
        return str(user.pk) if user.is_authenticated else None
    if view == "bool":
        return bool(s)
    raise ValueError("unknown view %r" % view)


async def run_async_op(op, s, store_class, engine, request):
    """versions README, view `async`: each op through the a-prefixed session and auth API;
    ops without an async variant make the sync call from the coroutine."""
    import django.contrib.auth as auth

    view = op["view"]
    if view == "set":
        for k, v in op["data"].items():
            await s.aset(k, v)
        return None
    if view == "update":
        await s.aupdate(op["data"])
        return None
    if view == "get":
        return await s.aget(op["key"], op.get("default"))
    if view == "pop":
        if "default" in op:
            return await s.apop(op["key"], op["default"])
        try:
            return await s.apop(op["key"])
        except KeyError:
            return {"error": "KeyError"}
    if view == "setdefault":
        return await s.asetdefault(op["key"], op["value"])
    if view == "contains":
        return await s.ahas_key(op["key"])
    if view == "keys":
        return list(await s.akeys())
    if view == "items":
        return dict(await s.aitems())
    if view == "flush":
        await s.aflush()
        return None
    if view == "cycle_key":
        await s.acycle_key()
        return None
    if view == "set_expiry":
        await s.aset_expiry(_expiry_value(op["value"]))
        return None
    if view == "info":
        return {
            "session_key": s.session_key,
            "expiry_age": await s.aget_expiry_age(),
            "expiry_date": (await s.aget_expiry_date()).isoformat(),
            "expire_at_browser_close": await s.aget_expire_at_browser_close(),
        }
    if view == "set_test_cookie":
        await s.aset_test_cookie()
        return None
    if view == "test_cookie_worked":
        return await s.atest_cookie_worked()
    if view == "delete_test_cookie":
        try:
            await s.adelete_test_cookie()
        except KeyError:
            return {"error": "KeyError"}
        return None
    if view == "store_delete":
        key = s.session_key
        if key is not None:
            await store_class().adelete(key)
        return key
    if view == "login":
        from django.contrib.auth.models import User

        alogin = auth.alogin
        await alogin(request, await User.objects.aget(pk=op.get("user", 1)), backend=MODEL_BACKEND)
        return None
    if view == "logout":
        await auth.alogout(request)
        return None
    if view == "user":
        user = await auth.aget_user(request)
        return str(user.pk) if user.is_authenticated else None
    return run_op(op, s, store_class, engine, request)
