"""The simulated browser of the README ("The simulated browser (implement exactly this)")."""

from email.utils import parsedate_to_datetime

MAX_COOKIE = 4096


class Browsers:
    def __init__(self):
        self.jars = {}  # browser -> dict name -> [value, expires_at]  (insertion-ordered)
        self.saved = {}  # label -> (cookie name, value or None)

    def use(self, browser):
        return self.jars.setdefault(browser, {})

    def drop_expired(self, browser, now):
        jar = self.use(browser)
        for name in [n for n, (_, exp) in jar.items() if exp is not None and exp <= now]:
            del jar[name]

    def cookie_header(self, browser):
        jar = self.use(browser)
        if not jar:
            return None
        return "; ".join("%s=%s" % (n, v) for n, (v, _) in jar.items())

    def receive(self, browser, morsel, now):
        """Apply one Set-Cookie (a http.cookies.Morsel)."""
        jar = self.use(browser)
        name, value = morsel.key, morsel.coded_value
        if len(name) + len(value) > MAX_COOKIE:
            return
        max_age, expires = morsel["max-age"], morsel["expires"]
        if max_age != "":
            if int(max_age) <= 0:
                jar.pop(name, None)
                return
            expires_at = now + int(max_age)
        elif expires != "":
            expires_at = parsedate_to_datetime(expires).timestamp()
            if expires_at <= now:
                jar.pop(name, None)
                return
        else:
            expires_at = None
        if name in jar:
            jar[name][0] = value
            jar[name][1] = expires_at
        else:
            jar[name] = [value, expires_at]

    def close(self, browser):
        jar = self.use(browser)
        for name in [n for n, (_, exp) in jar.items() if exp is None]:
            del jar[name]

    def tamper(self, browser, name, mode, text):
        jar = self.use(browser)
        if mode == "delete":
            jar.pop(name, None)
        elif mode == "replace":
            if name in jar:
                jar[name][0] = text
            else:
                jar[name] = [text, None]
        elif mode in ("flip_last", "append"):
            if name not in jar:
                return
            v = jar[name][0]
            if mode == "append":
                v = v + text
            elif v:
                v = v[:-1] + ("1" if v[-1] == "0" else "0")
            jar[name][0] = v
        else:
            raise ValueError("unknown tamper mode %r" % mode)

    def save(self, browser, name, label):
        jar = self.use(browser)
        self.saved[label] = (name, jar[name][0] if name in jar else None)

    def restore(self, browser, label):
        """Replay: the remembered value as a cookie without expiry (position kept if the
        name is present), or delete the cookie if it was absent when saved."""
        jar = self.use(browser)
        name, value = self.saved[label]
        if value is None:
            jar.pop(name, None)
        else:
            jar[name] = [value, None]

    def snapshot(self):
        return {
            b: [{"name": n, "value": v, "expires_at": e} for n, (v, e) in self.jars[b].items()]
            for b in sorted(self.jars)
        }
