// End-to-end tests of the browser that behaves like one (Chromium's cookie rules): new playgrounds run
// Chromium's cookie rules; a refused Secure cookie over http and a cross-site POST without the
// Lax cookie say why on the stage and in the jar; the third-party setting changes what a
// cross-site fetch() carries; the two stories play; the three exports download, parse, and the
// HAR replays through Playwright's routeFromHAR. Every test fails on a console error or an
// uncaught exception.
const { test, expect } = require("@playwright/test");
const { SCREENSHOTS, act, open } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

async function tab(page, id) {
  await page.locator(`#tab-${id}`).click();
}

async function choose(page, choice) {
  await page.locator(`button[data-choice="${choice}"]`).click();
  await expect(page.locator(`button[data-choice="${choice}"]`)).toHaveAttribute("aria-pressed", "true");
}

/** Steps the player forward to the last event. */
async function toEnd(page) {
  const forward = page.locator('button[aria-label="Step forward"]');
  for (let i = 0; i < 60 && (await forward.isEnabled()); i++) await forward.click();
  await expect(forward).toBeDisabled();
}

/** Steps the player back (←) until `locator` shows, at most `limit` events. */
async function stepBackUntil(page, locator, limit = 30) {
  for (let i = 0; i < limit && !(await locator.isVisible()); i++) {
    await page.locator('button[aria-label="Step back"]').click();
  }
  await expect(locator).toBeVisible();
}

const SECURE_OVER_HTTP = "refused: it is Secure but came over plain http";
const LAX_CROSS_SITE_POST = "not sent: SameSite=Lax and this is a cross-site POST";

test("a new playground runs Chromium's rules; a Secure cookie over http is refused and says why", async ({ page }) => {
  const problems = await open(page);
  await tab(page, "world");
  await expect(page.locator('[data-testid="browser-kind"]')).toHaveText("Chromium's cookie rules");
  await tab(page, "settings");
  await page.locator('input[name="SESSION_COOKIE_SECURE"]').check();
  await act(page, "add-to-cart");

  const jar = page.locator('[data-testid="jar"]');
  await expect(jar.locator('[data-testid="cookie-refused"]')).toContainText(SECURE_OVER_HTTP);
  await expect(jar).toContainText("Empty: the next request carries no Cookie header.");
  await expect(page.locator('[data-testid="set-cookie"]').first()).toContainText("; Secure");

  // On the stage, the Set-Cookie envelope bounces off the jar with the reason.
  const note = page.locator('[data-testid="stage"] [data-testid="env-note"]');
  await stepBackUntil(page, note);
  await expect(note).toHaveText(SECURE_OVER_HTTP);
  await page.screenshot({ path: path.join(SCREENSHOTS, "browser-secure-refused.png") });

  // Over https the same cookie is stored; back over http it is held back, with its reason.
  await tab(page, "requests");
  await choose(page, "scheme:https");
  await act(page, "add-to-cart");
  await expect(jar.locator('[data-testid="cookie-attributes"]')).toContainText("Secure");
  await choose(page, "scheme:http");
  await act(page, "read-cart");
  await expect(jar.locator('[data-testid="cookie-not-sent"]')).toHaveText(
    "not sent: it is Secure and this request is not over https",
  );
  const heldBack = page.locator('[data-testid="stage-jar"] [data-testid="held-back"]');
  await stepBackUntil(page, heldBack);
  await expect(heldBack).toHaveText("not sent: it is Secure and this request is not over https");
  expect(problems).toEqual([]);
});

test("a cross-site form POST goes without the SameSite=Lax session cookie", async ({ page }) => {
  const problems = await open(page);
  await act(page, "add-to-cart");
  await expect(page.locator('[data-testid="jar"] [data-cookie="sessionid"]')).toBeVisible();
  await tab(page, "requests");
  await choose(page, "sender:form POST on other.test");
  await expect(page.locator('[data-testid="request-target"]')).toHaveText("http://site.test/");
  await act(page, "read-cart");

  await expect(page.locator('[data-testid="request-headers"]')).toContainText("POST / HTTP/1.1");
  await expect(page.locator('[data-testid="request-headers"]')).not.toContainText("Cookie:");
  await expect(page.locator('[data-testid="jar"] [data-testid="cookie-not-sent"]')).toHaveText(
    LAX_CROSS_SITE_POST,
  );
  const heldBack = page.locator('[data-testid="stage-jar"] [data-testid="held-back"]');
  await stepBackUntil(page, heldBack);
  await expect(heldBack).toHaveText(LAX_CROSS_SITE_POST);
  await page.screenshot({ path: path.join(SCREENSHOTS, "browser-cross-site-post.png") });

  // A link from the same other site is a top-level GET: the Lax cookie goes.
  await choose(page, "sender:link on other.test");
  await act(page, "read-cart");
  await expect(page.locator('[data-testid="request-headers"]')).toContainText("Cookie: sessionid=");
  await expect(page.locator('[data-testid="jar"] [data-testid="cookie-not-sent"]')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("the third-party setting decides whether a cross-site fetch() carries a SameSite=None cookie", async ({ page }) => {
  const problems = await open(page);
  await tab(page, "world");
  await choose(page, "site:https://site.test");
  await choose(page, "third-party:blocked");
  await tab(page, "settings");
  await page.locator('input[name="SESSION_COOKIE_SECURE"]').check();
  await page.locator('select[name="SESSION_COOKIE_SAMESITE"]').selectOption("None");
  await act(page, "add-to-cart");
  await expect(page.locator('[data-testid="jar"] [data-testid="cookie-attributes"]')).toContainText(
    "Secure · HttpOnly · SameSite=None",
  );
  await tab(page, "requests");
  await choose(page, "sender:fetch() on other.test");
  await act(page, "read-cart");
  const notSent = page.locator('[data-testid="jar"] [data-testid="cookie-not-sent"]');
  await expect(notSent).toHaveText("not sent: third-party cookies are blocked and this is a cross-site fetch()");
  await expect(page.locator('[data-testid="request-headers"]')).not.toContainText("Cookie:");

  await tab(page, "world");
  await choose(page, "third-party:allowed");
  // The change re-runs the scenario (the player stops where the bytes changed).
  await toEnd(page);
  await expect(notSent).toHaveCount(0);
  await expect(page.locator('[data-testid="request-headers"]')).toContainText("Cookie: sessionid=");
  await choose(page, "third-party:blocked");
  await toEnd(page);
  await expect(notSent).toHaveCount(1);
  expect(problems).toEqual([]);
});

test("the simple jar stays for documents without browser_rules, and a script sees no HttpOnly cookie", async ({ page }) => {
  const problems = await open(page);
  await act(page, "add-to-cart");
  await act(page, "script-reads-cookie");
  await expect(page.locator('[data-testid="event-detail"]')).toContainText('document.cookie == ""');
  await tab(page, "world");
  await choose(page, "browser:simple jar");
  await expect(page.locator('[data-testid="browser-kind"]')).toContainText("simple jar");
  await expect(page.locator('button[data-action="script-reads-cookie"]')).toBeDisabled();
  expect(problems).toEqual([]);
});

test("the two stories play: a Secure cookie over http, a cross-site POST login", async ({ page }) => {
  const problems = await open(page);
  const caption = page.locator('[data-testid="story-caption"]');
  const goToStep = async (n) => {
    const button = page.locator(".story-steps li button").nth(n - 1);
    if (!(await button.isVisible())) await page.locator(".story-steps summary").click();
    await button.click();
    await expect(caption).toContainText(`Step ${n}:`);
  };
  await page.locator('button[data-story="secure-cookie-over-http"]').click();
  await expect(page.locator('[data-testid="story-body"] h3')).toHaveText("A Secure cookie over plain http");
  await goToStep(1);
  await expect(caption).toContainText(SECURE_OVER_HTTP);
  await expect(page.locator('[data-testid="jar"] [data-testid="cookie-refused"]')).toContainText(SECURE_OVER_HTTP);
  await goToStep(6);
  await expect(caption).toContainText("not sent: it is Secure and this request is not over https");
  await expect(page.locator('[data-testid="jar"] [data-testid="cookie-not-sent"]')).toHaveText(
    "not sent: it is Secure and this request is not over https",
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, "story-secure-over-http.png"), fullPage: true });

  await page.locator('button[data-story="cross-site-post-login"]').click();
  await expect(page.locator('[data-testid="story-body"] h3')).toHaveText("A cross-site POST login loses the session");
  await goToStep(2);
  await expect(caption).toContainText(LAX_CROSS_SITE_POST);
  await expect(page.locator('[data-testid="jar"] [data-testid="cookie-not-sent"]')).toContainText(
    `${LAX_CROSS_SITE_POST} (the response then replaced it)`,
  );
  await goToStep(3);
  await expect(caption).toContainText("['1', None]: logged in as user 1, and the cart is gone");
  expect(problems).toEqual([]);
});

/** Clicks an export button and returns the downloaded file's name and text. */
async function download(page, kind) {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(`button[data-export="${kind}"]`).click(),
  ]);
  const saved = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), path: saved, text: fs.readFileSync(saved, "utf8") };
}

test("the trace, the scenario and the HAR download; the HAR replays through routeFromHAR", async ({ page, browser }) => {
  const problems = await open(page);
  await act(page, "add-to-cart");
  await tab(page, "requests");
  await choose(page, "sender:form POST on other.test");
  await act(page, "read-cart");
  await page.locator('[data-testid="share-button"]').click();
  await expect(page.locator('[data-testid="export-menu"]')).toBeVisible();

  const trace = await download(page, "trace");
  expect(trace.name).toBe("sessionscope-playground-db.trace.json");
  const traceJson = JSON.parse(trace.text);
  expect(traceJson.format).toBe("django-session-trace/1");
  expect(traceJson.steps).toHaveLength(2);

  const scenario = await download(page, "scenario");
  const scenarioJson = JSON.parse(scenario.text);
  expect(scenarioJson.browser_rules).toBe("chromium");
  expect(scenarioJson.steps).toHaveLength(2);
  expect(scenarioJson.steps[1].request.kind).toBe("form-post");

  const har = await download(page, "har");
  expect(har.name).toMatch(/\.har$/);
  const log = JSON.parse(har.text).log;
  expect(log.version).toBe("1.2");
  expect(log.creator.name).toBe("Sessionscope");
  expect(log.entries).toHaveLength(2);
  for (const entry of log.entries) {
    for (const field of ["startedDateTime", "time", "request", "response", "cache", "timings"]) {
      expect(entry).toHaveProperty(field);
    }
    for (const part of [entry.request, entry.response]) {
      expect(Array.isArray(part.cookies)).toBe(true);
      expect(Array.isArray(part.headers)).toBe(true);
    }
    expect(typeof entry.timings.send).toBe("number");
    expect(typeof entry.timings.wait).toBe("number");
    expect(typeof entry.timings.receive).toBe("number");
  }
  const [first, post] = log.entries;
  expect(first.request.method).toBe("GET");
  expect(first.response.cookies.map((c) => c.name)).toEqual(["sessionid"]);
  expect(post.request.method).toBe("POST");
  expect(post.request.cookies).toEqual([]);

  // Re-import: Playwright serves the recorded responses for the recorded requests.
  const context = await browser.newContext();
  await context.routeFromHAR(har.path, { url: "http://site.test/**", notFound: "abort" });
  const replay = await context.newPage();
  const response = await replay.goto("http://site.test/");
  expect(response.status()).toBe(first.response.status);
  expect(await response.text()).toBe(first.response.content.text);
  // The replayed Set-Cookie lands in the replaying browser's own jar.
  const replayed = await context.cookies("http://site.test/");
  expect(replayed.map((c) => [c.name, c.value])).toEqual([["sessionid", first.response.cookies[0].value]]);
  await context.close();
  expect(problems).toEqual([]);
});
