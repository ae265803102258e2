"""JSON in the conformance files' conventions: UTF-8, key order kept, indent=1,
ensure_ascii, floats in Python repr, trailing newline, never NaN/Infinity."""

import json


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def dumps(obj):
    return json.dumps(obj, indent=1, ensure_ascii=True, allow_nan=False) + "\n"


def dump(obj, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(dumps(obj))
