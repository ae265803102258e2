// End-to-end tests that what the page says is true and that the cookie decoder never
// freezes the tab on a huge paste.
//
// - Every public conformance scenario (engine/tests/conformance/django-5.2/scenarios/*.json, read
//   at test time) is opened through a share link, and at every step the page must show the
//   Set-Cookie lines, status, jar and store of the public trace recorded from real Django.
// - Each statement of the page found wrong in review has a test here that fails on the page before the fix.
// - The decoder gives real Django's verdict on values made by Django 5.2
//   (src/ui/decoder/fixtures/django_cookies.json), refuses a paste past the page's inflate limit
//   at once, and decodes once after typing stops, not on every keystroke.
const { test, expect } = require("@playwright/test");
const { CONFORMANCE, ROOT, SCREENSHOTS, act, b64url, conformance, engineExchanges, inspectors, loadPartsBelow, shareLink, showAction, watchProblems } = require("./support");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const FIXTURES = path.join(ROOT, "src/ui/decoder/fixtures/django_cookies.json");

// ---------- helpers ----------

async function openLink(page, link) {
  await page.goto("about:blank");
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(link);
  await loadPartsBelow(page);
}

/** `repr()` of a JSON value as Python prints it (the strings, ints and containers in traces). */
function pyRepr(value) {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === "string") return pyStr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pyStr(k)}: ${pyRepr(v)}`).join(", ")}}`;
}

function pyStr(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of text) {
    const code = c.codePointAt(0);
    if (c === "\\") out += "\\\\";
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (c === quote) out += `\\${c}`;
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return out + quote;
}

/** Checks what the page shows after step `i` against the trace step. */
function expectStepMatchesTrace(shown, traced, engine, where) {
  const i = String(traced.i);
  expect(shown.jarStep, `${where}: the jar shows step ${i}`).toBe(i);
  expect(shown.storeStep, `${where}: the store shows step ${i}`).toBe(i);
  const jar = Object.entries(traced.jars).flatMap(([browser, cookies]) =>
    cookies.map((c) => ({ browser, name: c.name, value: c.value, expiresAt: c.expires_at })),
  );
  expect(
    shown.cookies.map((c) => ({ ...c, expiresAt: c.expiresAt === null ? null : Number(c.expiresAt) })),
    `${where}: jar`,
  ).toEqual(jar);
  if (traced.response) {
    const response = traced.response;
    expect(shown.responseStep, `${where}: the response shown is this step's`).toBe(i);
    const statusLines = shown.status.split("\n");
    expect(statusLines[0].startsWith(`HTTP/1.1 ${response.status}`), `${where}: ${shown.status}`).toBe(true);
    expect(statusLines.slice(1), `${where}: Vary`).toEqual(response.vary ? [`Vary: ${response.vary}`] : []);
    expect(shown.setCookies, `${where}: Set-Cookie`).toEqual(response.set_cookie.map((c) => c.header));
    expect(shown.noSetCookie, `${where}: the no-Set-Cookie note`).toBe(response.set_cookie.length === 0);
    if (response.exception) expect(shown.exception, `${where}: exception`).toMatch(new RegExp(`^${response.exception}`));
  }
  const store = traced.store;
  if (engine === "signed_cookies") {
    expect(shown.tables, `${where}: no table`).toEqual([]);
    expect(shown.storeText).toContain("Nothing on the server");
  }
  const decoded = (data) => (data === null ? "(does not verify: Django reads it as {})" : pyRepr(data));
  // Stored dicts are laid out as pprint.pp does: joining its lines gives repr().
  const oneLine = (text) => text.replace(/\n */g, " ");
  if (store.db) {
    expect(shown.db.map((r) => r.key), `${where}: django_session keys`).toEqual(store.db.map((r) => r.session_key));
    store.db.forEach((row, n) => {
      const cells = shown.db[n].cells;
      expect(cells[1], `${where}: session_data of ${row.session_key}`).toBe(row.session_data);
      expect(cells[2].startsWith(row.expire_date), `${where}: expire_date ${cells[2]}`).toBe(true);
      expect(oneLine(shown.db[n].decoded), `${where}: decoded ${row.session_key}`).toBe(decoded(row.data));
    });
  }
  if (store.cache) {
    expect(
      shown.cache.map((e) => ({ key: e.key, value: oneLine(e.cells[1]), expiresAt: e.expiresAt === "null" ? null : Number(e.expiresAt) })),
      `${where}: LocMemCache`,
    ).toEqual(store.cache.map((e) => ({ key: e.key, value: pyRepr(e.value), expiresAt: e.expires_at })));
  }
  if (store.files) {
    expect(
      shown.files.map((f) => ({ name: f.key, content: f.cells[1], mtime: Number(f.mtime), decoded: oneLine(f.decoded) })),
      `${where}: session files`,
    ).toEqual(store.files.map((f) => ({ name: f.name, content: f.content, mtime: f.mtime, decoded: decoded(f.data) })));
  }
}

// ---------- every public scenario ----------

const scenarioFiles = fs
  .readdirSync(path.join(CONFORMANCE, "scenarios"))
  .filter((name) => name.endsWith(".json"))
  .sort();

test("every public scenario opened through a share link shows the trace's bytes at every step", async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const problems = watchProblems(page, { failedRequests: false });
  expect(scenarioFiles.length).toBeGreaterThanOrEqual(35);
  for (const file of scenarioFiles) {
    const scenario = JSON.parse(fs.readFileSync(path.join(CONFORMANCE, "scenarios", file), "utf8"));
    const trace = JSON.parse(fs.readFileSync(path.join(CONFORMANCE, "traces", file), "utf8"));
    await openLink(page, shareLink(scenario));
    await expect(page.locator(`.backend-picker button[data-engine="${scenario.engine}"]`)).toHaveAttribute("aria-pressed", "true");
    const stepButtons = page.locator('nav[aria-label="Steps"] button');
    await expect(stepButtons).toHaveCount(trace.steps.length);
    for (const traced of trace.steps) {
      await stepButtons.nth(traced.i).click();
      await expect(page.locator('[data-testid="jar"]')).toHaveAttribute("data-step", String(traced.i));
      expectStepMatchesTrace(await inspectors(page), traced, scenario.engine, `${file} step ${traced.i}`);
    }
  }
  expect(problems).toEqual([]);
});

// ---------- statements that were wrong ----------

test("at first load each store names its own empty state", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  const store = page.locator('[data-testid="store"]');
  const expected = {
    db: "The django_session table is empty",
    cache: "LocMemCache holds no session",
    cached_db: "The django_session table is empty",
    file: "SESSION_FILE_PATH holds no session file",
    signed_cookies: "Nothing on the server",
  };
  for (const [engine, words] of Object.entries(expected)) {
    await page.locator(`.backend-picker button[data-engine="${engine}"]`).click();
    const start = page.locator('button[data-action="start-over"]');
    if (await start.isEnabled()) await start.click();
    await expect(store).toContainText(words);
    if (engine !== "signed_cookies") await expect(store).not.toContainText("signed_cookies the whole session");
  }
  expect(problems).toEqual([]);
});

test("the cart that outgrows a signed cookie: the old cookie is kept, and one size everywhere", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await page.locator('button[data-story="cart-outgrows-cookie"]').click();
  const steps = page.locator('nav[aria-label="Steps"] button');
  await steps.nth(3).click();
  const dropped = page.locator('[data-testid="cookie-dropped"]');
  await expect(dropped).toContainText("kept its previous session cookie");
  await expect(dropped).not.toContainText("session is lost");
  const meter = page.locator('[data-testid="size-meter"]');
  const over = Number((await meter.textContent()).match(/name \+ value: (\d+) \/ 4096/)[1]);
  const header = (await page.locator('[data-testid="set-cookie"]').first().textContent()).slice("Set-Cookie: ".length);
  const [nameEqualsValue] = header.split(";");
  expect(over, "name + value, without the =").toBe(nameEqualsValue.length - 1);
  await expect(page.locator('[data-testid="story-caption"]')).toContainText(`come to ${over} bytes`);
  // The jar still holds the previous cookie, sized the same way.
  const kept = Number((await dropped.textContent()).match(/\((\d+) bytes, name \+ value\)/)[1]);
  await expect(page.locator('[data-testid="jar"] .cookie-meta').first()).toContainText(`${kept} bytes (name + value)`);
  await page.screenshot({ path: path.join(SCREENSHOTS, "truth-cart-outgrows.png"), fullPage: true });
  expect(problems).toEqual([]);
});

test("the request line is the request's own path, and errors read as Python prints them", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  const scenario = {
    name: "paths",
    engine: "db",
    steps: [{ request: { view: "set", data: { cart: ["book"] }, path: "/cart/checkout?step=2" } }],
  };
  await openLink(page, shareLink(scenario));
  await expect(page.locator('[data-testid="request-headers"]')).toHaveText(
    "GET /cart/checkout?step=2 HTTP/1.1\nHost: site.test\n(no Cookie header)",
  );
  await expect(page.locator('[data-testid="view-result"] code')).toHaveText("None");

  const illegal = { name: "illegal", engine: "db", settings: { SESSION_COOKIE_NAME: "my session" }, steps: [{ request: { view: "set", data: { a: 1 } } }] };
  await openLink(page, shareLink(illegal));
  await expect(page.locator('[data-testid="exception"]')).toHaveText("CookieError: Illegal key 'my session'");
  expect(problems).toEqual([]);
});

test("values print as Python: the view's result and the stored session", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  const scenario = {
    name: "python",
    engine: "cache",
    steps: [
      { request: { view: "set", data: { cart: ["book", null, true] } } },
      { request: { view: "get", key: "cart" } },
    ],
  };
  await openLink(page, shareLink(scenario));
  await expect(page.locator('[data-testid="view-result"] code')).toHaveText("['book', None, True]");
  await expect(page.locator('[data-testid="store"] td.decoded pre').first()).toHaveText("{'cart': ['book', None, True]}");
  expect(problems).toEqual([]);
});

// ---------- new actions and stories ----------

test("the session API, login and clearsessions buttons run what the engine runs, with their Python", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await loadPartsBelow(page);
  const actions = [
    ["login", "login(request, User.objects.get(pk=1))"],
    ["read-user", "request.user"],
    ["add-to-cart", 'request.session["cart"] = ["book"]'],
    ["append", 'request.session["cart"].append("mug")'],
    ["append-mark-modified", "request.session.modified = True"],
    ["get-default", 'request.session.get("cart", [])'],
    ["setdefault", 'request.session.setdefault("cart", [])'],
    ["update", 'request.session.update({"theme": "dark"})'],
    ["pop", 'request.session.pop("cart", None)'],
    ["cycle-key", "request.session.cycle_key()"],
    ["set-test-cookie", "request.session.set_test_cookie()"],
    ["test-cookie-worked", "request.session.test_cookie_worked()"],
    ["delete-test-cookie", "request.session.delete_test_cookie()"],
    ["change-password", "user.set_password"],
    ["read-user", "request.user"],
    ["login-user-2", "login(request, User.objects.get(pk=2))"],
    ["logout", "logout(request)"],
    ["advance-two-weeks", "time.time()"],
    ["clearsessions", "manage.py clearsessions"],
  ];
  for (const [action, python] of actions) {
    // Each button carries the Python it stands for (shown under it, and as its title).
    expect(await (await showAction(page, action)).getAttribute("title")).toContain(python);
    await act(page, action);
  }
  const json = await page.locator('[data-testid="scenario-json"]').textContent();
  const exchanges = engineExchanges(json);
  const shown = page.locator('nav[aria-label="Steps"] button');
  for (const exchange of exchanges) {
    await shown.nth(exchange.i).click();
    await expect(page.locator('[data-testid="response"]')).toHaveAttribute("data-step", String(exchange.i));
    await expect(page.locator('[data-testid="response-status"]')).toContainText(`HTTP/1.1 ${exchange.status}`);
    expect(await page.locator('[data-testid="set-cookie"]').allTextContents()).toEqual(exchange.set_cookie);
  }
  // request.user after the password change: logged out.
  await shown.nth(14).click();
  await expect(page.locator('[data-testid="view-result"] code')).toHaveText("None");
  await shown.nth(1).click();
  await expect(page.locator('[data-testid="view-result"] code')).toHaveText("'1'");
  await page.locator(".controls").screenshot({ path: path.join(SCREENSHOTS, "truth-actions-world.png") });
  await page.locator("#tab-requests").click();
  await page.locator(".controls").screenshot({ path: path.join(SCREENSHOTS, "truth-actions-view.png") });
  await shown.nth(14).click();
  await page.locator('[data-testid="response"]').screenshot({ path: path.join(SCREENSHOTS, "truth-logged-out-after-password-change.png") });
  expect(problems).toEqual([]);
});

for (const [story, engine, step, words] of [
  ["append-not-saved", "db", 1, "Nothing was saved."],
  ["clearsessions", "db", 4, "DELETE FROM django_session"],
  ["rotate-secret-key", "cache", 7, "logged out"],
]) {
  test(`the story ${story} tells what the trace shows`, async ({ page }) => {
    const problems = watchProblems(page, { failedRequests: false });
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.goto("/");
    await page.locator(`button[data-story="${story}"]`).click();
    await page.locator(`.story-engines button:has-text("${engine}")`).first().click();
    await expect(page.locator(`.backend-picker button[data-engine="${engine}"]`)).toHaveAttribute("aria-pressed", "true");
    await page.locator('nav[aria-label="Steps"] button').nth(step).click();
    const caption = page.locator('[data-testid="story-caption"]');
    await expect(caption).toContainText(`Step ${step + 1}:`);
    if (story === "append-not-saved") {
      await expect(page.locator('[data-testid="no-set-cookie"]')).toContainText(words);
      await expect(caption).toContainText("nothing is saved");
    } else {
      await expect(caption).toContainText(words);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, `truth-story-${story}.png`), fullPage: true });
    expect(problems).toEqual([]);
  });
}

// ---------- the decoder ----------

const fixtures = JSON.parse(fs.readFileSync(FIXTURES, "utf8")).cases;

/** The verdict Django's results give: the first salt that does not raise BadSignature decides. */
function djangoVerdict(fixture) {
  if (/^[a-z0-9]{32}$/.test(fixture.value)) return "session-key";
  const deciding = fixture.loads.find((r) => r.exception !== "BadSignature");
  if (!deciding) return "bad-signature";
  if (!deciding.exception) return "valid";
  return deciding.exception === "SignatureExpired" ? "signature-expired" : "malformed";
}

async function openDecoder(page) {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await page.locator('button[data-page="decoder"]').click();
  await expect(page.locator('[data-testid="decoder-view"]')).toBeVisible();
}

test("the decoder gives real Django's verdict on values Django made", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  for (const fixture of fixtures) {
    await page.clock.setFixedTime(new Date(fixture.now * 1000));
    await openDecoder(page);
    await page.locator('[data-testid="decoder-value"]').fill(fixture.value);
    await page.locator('[data-testid="decoder-secret"]').fill(fixture.secret_key);
    await page.locator('[data-testid="decoder-fallbacks"]').fill(fixture.fallbacks.join("\n"));
    const verdict = page.locator('[data-testid="decoder-verdict"]');
    await expect(verdict, fixture.name).toHaveAttribute("data-verdict", djangoVerdict(fixture));
    const deciding = fixture.loads.find((r) => r.exception !== "BadSignature");
    if (deciding && !deciding.exception) {
      await expect(verdict).toContainText(`"${deciding.salt}"`);
      await expect(verdict).toContainText(`verifies with ${fixture.verified_by}`);
    }
    if (fixture.name === "session_key") {
      await expect(page.locator('[data-testid="decoder-result"]')).toContainText("the cookie of the db, cache, cached_db and file backends");
      await expect(page.locator('[data-testid="decoder-result"]')).not.toContainText("not valid JSON");
    }
    if (fixture.name === "db_session_data_30_days_old") {
      await expect(verdict).toContainText("SessionBase.decode() passes none");
    }
    await page.locator('[data-testid="decoder-view"]').screenshot({ path: path.join(SCREENSHOTS, `truth-decoder-${fixture.name}.png`) });
  }
  expect(problems).toEqual([]);
});

/** A value whose payload is a zlib-compressed JSON list of zeros `jsonBytes` long. */
function inflatingValue(jsonBytes) {
  const count = Math.max(0, Math.floor((jsonBytes - 2) / 2));
  const json = Buffer.alloc(2 + count * 2 + 1);
  json.write("[");
  for (let i = 0; i < count; i++) json.write("0,", 1 + i * 2);
  json.write("0]", 1 + count * 2);
  return `.${b64url(zlib.deflateSync(json, { level: 9 }))}:1r31eq:c2lnbmF0dXJl`;
}

test("a decoder paste past the page's inflate limit is refused at once, with the limit named", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await openDecoder(page);
  const limit = Number(await page.locator('[data-testid="decoder-view"]').getAttribute("data-inflate-limit"));
  expect(limit).toBeGreaterThan(0);
  const value = inflatingValue(limit + 10);
  const started = Date.now();
  await page.locator('[data-testid="decoder-value"]').fill(value);
  const refused = page.locator('[data-testid="decoder-refused"]');
  await expect(refused).toBeVisible({ timeout: 5_000 });
  expect(Date.now() - started).toBeLessThan(3_000);
  const mib = limit % (1024 * 1024) === 0 ? `${limit / (1024 * 1024)} MiB` : null;
  if (mib) await expect(refused).toContainText(mib);
  await expect(refused).toContainText("MAX_DECOMPRESSED_LEN");
  await page.locator('[data-testid="decoder-view"]').screenshot({ path: path.join(SCREENSHOTS, "truth-decoder-refused.png") });
  expect(problems).toEqual([]);
});

for (const [label, jsonBytes] of [["5.2 KB inflating to 4 MB", 4_000_003], ["21.8 KB inflating to 16 MB", 16_000_003]]) {
  test(`a decoder paste of ${label} does not freeze the page, and typing a key decodes once`, async ({ page }) => {
    test.setTimeout(120_000);
    const problems = watchProblems(page, { failedRequests: false });
    await openDecoder(page);
    const limit = Number(await page.locator('[data-testid="decoder-view"]').getAttribute("data-inflate-limit"));
    const value = inflatingValue(jsonBytes);
    const finished = page.locator('[data-testid="decoder-result"], [data-testid="decoder-refused"]').first();
    const refusedOrDone = page.locator('[data-testid="decoder-verdict"], [data-testid="decoder-refused"]');
    await page.locator('[data-testid="decoder-value"]').fill(value);
    await expect(refusedOrDone).toHaveCount(1, { timeout: jsonBytes > limit ? 5_000 : 30_000 });
    if (jsonBytes > limit) await expect(page.locator('[data-testid="decoder-refused"]')).toBeVisible();
    // Count the decodes typing causes: every long task (> 50 ms) on the main thread.
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
    });
    const typing = Date.now();
    await page.locator('[data-testid="decoder-secret"]').pressSequentially("not-the-secret-key-0123456789", { delay: 20 });
    const typed = Date.now() - typing;
    await expect(finished).toBeVisible({ timeout: 30_000 });
    await page.waitForTimeout(1_000);
    const longTasks = await page.evaluate(() => window.__longTasks);
    // 29 keystrokes 20 ms apart, well under the 250 ms debounce: one decode after the last (a
    // second one if the machine stalls the keystrokes for more than 250 ms), never one per key.
    expect(typed, "typing is never held up by decoding").toBeLessThan(29 * 20 + 2_000);
    expect(longTasks.filter((d) => d > 200).length, `long tasks: ${longTasks}`).toBeLessThanOrEqual(2);
    expect(problems).toEqual([]);
  });
}
