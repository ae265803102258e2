"""Compare two parsed JSON documents: ints and floats by value (1 == 1.0), key order
significant, `generator` ignored at the top level. Returns the first difference or None."""


def _num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def diff(a, b, path="$"):
    if _num(a) and _num(b):
        return None if a == b else "%s: %r != %r" % (path, a, b)
    if type(a) is not type(b):
        return "%s: type %s != %s (%r vs %r)" % (path, type(a).__name__, type(b).__name__, a, b)
    if isinstance(a, dict):
        if list(a) != list(b):
            return "%s: keys %r != %r" % (path, list(a), list(b))
        for k in a:
            if path == "$" and k == "generator":
                continue
            d = diff(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: length %d != %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r != %r" % (path, a, b)
