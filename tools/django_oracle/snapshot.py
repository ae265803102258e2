"""Backend state after a step (README, trace `store`)."""

import os
import pickle

from django.conf import settings
from django.core import signing

STORE_SALT = "django.contrib.sessions.SessionStore"


def _decode(data):
    """Informative `data`: the decoded value under the current settings (SESSION_SERIALIZER
    included), None if it fails. Any warning this emits is not the scenario's."""
    import warnings

    from django.utils.module_loading import import_string

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            serializer = import_string(settings.SESSION_SERIALIZER)
            return signing.loads(data, salt=STORE_SALT, serializer=serializer)
        except Exception:
            return None


def _db():
    from django.contrib.sessions.models import Session

    rows = []
    for s in Session.objects.order_by("session_key"):
        rows.append(
            {
                "session_key": s.session_key,
                "session_data": s.session_data,
                "expire_date": s.expire_date.isoformat(),
                "data": _decode(s.session_data),
            }
        )
    return rows


def _cache():
    from django.core.cache import caches

    c = caches["default"]
    out = []
    for key, pickled in list(c._cache.items()):
        out.append(
            {"key": key, "value": pickle.loads(pickled), "expires_at": c._expire_info.get(key)}
        )
    return out


def _files():
    path = settings.SESSION_FILE_PATH
    out = []
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        with open(full, encoding="ascii") as f:
            content = f.read()
        out.append(
            {
                "name": name,
                "content": content,
                "mtime": os.stat(full).st_mtime,
                "data": _decode(content),
            }
        )
    return out


def store(engine):
    if engine == "db":
        return {"db": _db()}
    if engine == "cached_db":
        return {"db": _db(), "cache": _cache()}
    if engine == "cache":
        return {"cache": _cache()}
    if engine == "file":
        return {"files": _files()}
    return {}
