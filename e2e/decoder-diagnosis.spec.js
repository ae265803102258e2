// The decoder's diagnosis on values made by real Django (engine/tests/decoder/examples.json,
// the shared examples: Django 2.2 to 6.1, Flask, PyJWT): each case pasted as it comes (bare,
// quoted, URL-encoded, a Cookie header, a Set-Cookie line) with its keys, salt, max_age and
// cookie name, at its time (the page's clock fixed), must show the verdict
// `sessionscope decode --json` gives, in words with dates; a HAR built from real Django
// cookies shows the session cookie's story, and a HAR without cookies says how to save one.
const { test, expect } = require("@playwright/test");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, SCREENSHOTS, open } = require("./support");

const EXAMPLES = JSON.parse(
  fs.readFileSync(path.join(ROOT, "engine/tests/decoder/examples.json"), "utf8"),
).cases;
const KNOWN_SALTS = [
  "django.contrib.sessions.backends.signed_cookies",
  "django.contrib.sessions.SessionStore",
  "django.core.signing",
];

async function openDecoder(page, unixSeconds) {
  await page.clock.setFixedTime(new Date(unixSeconds * 1000));
  const problems = await open(page);
  await page.locator('button[data-page="decoder"]').click();
  await expect(page.locator('[data-testid="decoder-view"]')).toBeVisible();
  return problems;
}

/** Fills the form as a case asks, at its time. */
async function fillCase(page, c) {
  await page.clock.setFixedTime(new Date(c.time * 1000));
  await page.locator('[data-testid="decoder-secret"]').fill(c.keys[0]);
  await page.locator('[data-testid="decoder-fallbacks"]').fill(c.keys.slice(1).join("\n"));
  if (c.salt === null) {
    await page.locator('[data-testid="decoder-salt"]').selectOption("auto");
  } else if (KNOWN_SALTS.includes(c.salt)) {
    await page.locator('[data-testid="decoder-salt"]').selectOption(c.salt);
  } else {
    await page.locator('[data-testid="decoder-salt"]').selectOption("custom");
    await page.locator('[data-testid="decoder-custom-salt"]').fill(c.salt);
  }
  if (c.max_age === null) {
    await page.locator('[data-testid="decoder-age"]').selectOption("django");
    await page.locator('[data-testid="decoder-seconds"]').fill("1209600");
  } else if (c.max_age === "none") {
    await page.locator('[data-testid="decoder-age"]').selectOption("none");
  } else {
    await page.locator('[data-testid="decoder-age"]').selectOption("custom");
    await page.locator('[data-testid="decoder-seconds"]').fill(String(c.max_age));
  }
  await page.locator('[data-testid="decoder-cookie-name"]').fill(c.cookie_name ?? "sessionid");
  await page.locator('[data-testid="decoder-value"]').fill(c.input);
}

/** What each verdict must say, beyond its name (dates and words, not floats of seconds). */
const WORDS = {
  "dec-p-001": ["valid", "it expires in 13 days 23 h (at 2025-10-23 08:53:20 UTC)"],
  "dec-p-002": ["SECRET_KEY_FALLBACKS[0]", "Also in the header, not the session cookie: theme, _ga."],
  "dec-p-003": ["expired at 2025-10-23 08:53:20 UTC (0.5 s ago)", "HttpOnly: JavaScript cannot read it"],
  "dec-p-005": ["not signed with salt \"django.contrib.sessions.backends.signed_cookies\"", "django.contrib.sessions.SessionStore"],
  "dec-p-006": ["HMAC-SHA1", "Django 4.0 and later check only SHA-256"],
  "dec-p-008": ["does not match", "Found in a URL-encoded value"],
  "dec-p-011": ["not valid zlib data"],
  "dec-p-012": ["a JSON Web Token"],
  "dec-p-013": ["a Flask session cookie", "Also in the header, not the session cookie: csrftoken, messages, _ga."],
  "dec-p-016": ["expired at 2025-10-23 08:53:20 UTC (0.9 s ago)"],
};

test("each shared example made by real Django shows its diagnosis in words", async ({ page }) => {
  test.setTimeout(120_000);
  const problems = await openDecoder(page, EXAMPLES[0].time);
  const shot = new Set();
  for (const c of EXAMPLES) {
    await fillCase(page, c);
    const diagnosis = page.locator('[data-testid="decoder-diagnosis"]');
    await expect(diagnosis, c.id).toHaveAttribute("data-diagnosis", c.expected.verdict);
    const result = page.locator('[data-testid="decoder-result"]');
    for (const words of WORDS[c.id] ?? []) {
      await expect(result, `${c.id}: ${words}`).toContainText(words);
    }
    if (c.expected.key) await expect(diagnosis, c.id).toContainText(c.expected.key);
    await expect(result).not.toContainText(/\d\.\d{4,} s/);
    if (!shot.has(c.expected.verdict)) {
      shot.add(c.expected.verdict);
      await result.screenshot({ path: path.join(SCREENSHOTS, `decoder-${c.expected.verdict}.png`) });
    }
  }
  expect(shot.size).toBe(8);
  expect(problems).toEqual([]);
});

/** A HAR 1.2 of four requests around a login, carrying real Django 5.2 and 4.2 cookies. */
function loginHar({ cookies = true } = {}) {
  const cart = EXAMPLES.find((c) => c.id === "dec-p-001").input;
  const setCookie = EXAMPLES.find((c) => c.id === "dec-p-004").input.replace(/^Set-Cookie: /, "");
  const user = setCookie.split(";")[0].split("=").slice(1).join("=");
  const entry = (seconds, method, url, cookie, set) => ({
    startedDateTime: new Date(seconds * 1000).toISOString(),
    time: 10,
    request: {
      method, url, httpVersion: "HTTP/1.1", cookies: [], queryString: [], headersSize: -1, bodySize: 0,
      headers: cookies && cookie ? [{ name: "Cookie", value: cookie }] : [],
    },
    response: {
      status: 200, statusText: "OK", httpVersion: "HTTP/1.1", cookies: [], redirectURL: "",
      headersSize: -1, bodySize: 0, content: { size: 0, mimeType: "text/html" },
      headers: cookies && set ? [{ name: "Set-Cookie", value: set }] : [],
    },
    cache: {}, timings: { send: 0, wait: 10, receive: 0 },
  });
  return JSON.stringify({
    log: {
      version: "1.2", creator: { name: "decoder-diagnosis.spec.js", version: "1" },
      entries: [
        entry(1760000000, "GET", "https://shop.example/cart/", null,
          `sessionid=${cart}; expires=Thu, 23 Oct 2025 08:53:20 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax`),
        entry(1760000010, "POST", "https://shop.example/login/", `csrftoken=abc; sessionid=${cart}`, setCookie),
        entry(1760000020, "GET", "https://shop.example/", `csrftoken=abc; sessionid=${user}`, null),
        entry(1760000030, "POST", "https://shop.example/logout/", `csrftoken=abc; sessionid=${user}`,
          'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'),
      ],
    },
  });
}

test("a HAR file shows the session cookie's story, each value diagnosed", async ({ page }) => {
  const problems = await openDecoder(page, 1760000100);
  const key = EXAMPLES.find((c) => c.id === "dec-p-001").keys[0];
  await page.locator('[data-testid="decoder-secret"]').fill(key);
  await page.locator('[data-testid="decoder-har-file"]').setInputFiles({
    name: "shop.har", mimeType: "application/json", buffer: Buffer.from(loginHar()),
  });
  const events = page.locator('[data-testid="har-event"]');
  await expect(events).toHaveCount(6);
  const kinds = await events.evaluateAll((items) => items.map((li) => li.dataset.kind));
  expect(kinds).toEqual(["created", "sent", "rotated by login()", "sent", "sent", "deleted"]);
  await expect(events.nth(2)).toContainText("_auth_user_id");
  await expect(events.nth(2).locator("[data-diagnosis]")).toHaveAttribute("data-diagnosis", "valid");
  await expect(events.nth(0)).toContainText("2025-10-09 08:53:20 UTC");
  await expect(page.locator('[data-testid="decoder-result"]')).toContainText("Other cookies: csrftoken.");
  await page.locator('[data-testid="decoder-result"]').screenshot({ path: path.join(SCREENSHOTS, "decoder-har.png") });

  await page.locator('[data-testid="decoder-har-file"]').setInputFiles({
    name: "sanitized.har", mimeType: "application/json", buffer: Buffer.from(loginHar({ cookies: false })),
  });
  const error = page.locator('[data-testid="decoder-har-error"]');
  await expect(error).toContainText("saved without sensitive data");
  await expect(error).toContainText("Export HAR (with sensitive data)");
  expect(problems).toEqual([]);
});

test("a curl command and a Set-Cookie line are read as a developer copies them", async ({ page }) => {
  const c = EXAMPLES.find((x) => x.id === "dec-p-001");
  const problems = await openDecoder(page, c.time);
  await fillCase(page, { ...c, input: `curl 'https://shop.example/cart/' \\\n  -H 'accept: text/html' \\\n  -b 'csrftoken=abc; sessionid=${c.input}'` });
  await expect(page.locator('[data-testid="decoder-found"]')).toHaveAttribute("data-form", "curl");
  await expect(page.locator('[data-testid="decoder-others"]')).toContainText("csrftoken");
  await expect(page.locator('[data-testid="decoder-diagnosis"]')).toHaveAttribute("data-diagnosis", "valid");
  const line = EXAMPLES.find((x) => x.id === "dec-p-004");
  await fillCase(page, line);
  await expect(page.locator('[data-testid="decoder-attributes"]')).toContainText("SameSite=Lax");
  await expect(page.locator('[data-testid="decoder-attributes"]')).toContainText("Max-Age=1209600: the browser keeps it 14 days");
  expect(problems).toEqual([]);
});
