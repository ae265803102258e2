// What the end-to-end specs share: where screenshots go, the engines, the problem watcher every
// test ends on, opening the page, the action helper, share links for conformance scenarios and
// the engine run natively on a scenario.
const { expect } = require("@playwright/test");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const ROOT = path.resolve(__dirname, "..");
const SCREENSHOTS = path.join(__dirname, "screenshots");
fs.mkdirSync(SCREENSHOTS, { recursive: true });
const CONFORMANCE = path.join(ROOT, "engine/tests/conformance/django-5.2");
const ENGINES = ["db", "cache", "cached_db", "file", "signed_cookies"];

/**
 * Why a request failed, or null when the browser cancelled it: a page left or a frame reloaded
 * before a fetch on its way finished (a part's code, say) is not a failure; the next page
 * fetches what it needs again.
 */
function failedRequestReason(request) {
  const reason = request.failure()?.errorText ?? "failed";
  return reason === "net::ERR_ABORTED" ? null : reason;
}

/**
 * Collects console errors and uncaught exceptions (and, unless `failedRequests` is false, failed
 * requests) for a test to expect none of at its end.
 */
function watchProblems(page, { failedRequests = true } = {}) {
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("crash", () => problems.push("the tab crashed"));
  if (failedRequests) page.on("requestfailed", (request) => {
    const reason = failedRequestReason(request);
    if (reason) problems.push(`request failed: ${request.url()} (${reason})`);
  });
  return problems;
}

/**
 * The button of an action, in view: a button in a controls tab that is not shown is revealed by
 * opening its tab. The tabs "The world" and "settings.py" load their code when first opened
 * (src/ui/components/on_demand.rs), so the button may not exist until then.
 */
async function showAction(page, action) {
  const button = page.locator(`button[data-action="${action}"]`);
  if (!(await button.isVisible())) {
    for (const tab of ["requests", "world", "settings"]) {
      await page.locator(`#tab-${tab}`).click();
      if (await button.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false)) break;
    }
  }
  return button;
}

/** Presses an action button, opening the tab that holds it first when it is hidden. */
async function act(page, action) {
  await (await showAction(page, action)).click();
}

/**
 * Loads the parts below the stage, which load as they come into view (the guided tours and the
 * inspectors: the cookie jar, the request and response, the store, the scenario JSON): scrolls
 * to the end of the page, waits for them, and scrolls back to the top. Nothing to do in the
 * embedded view.
 */
async function loadPartsBelow(page) {
  await page.locator(".app").first().waitFor({ state: "attached" });
  if (await page.locator(".app.embed").count()) return;
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.locator('[data-testid="story-guide"]').waitFor({ state: "attached" });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.locator('[data-testid="scenario-json"]').waitFor({ state: "attached" });
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** What shows once the page is ready: the backend picker, or the embedded view. */
const READY = ".backend-picker button, [data-testid='embed']";

/**
 * Opens `url` and waits until the page is ready and the parts below the stage have loaded;
 * returns the problems it watches for (watchProblems), for the test to expect none of at its
 * end. Options: `reducedMotion` ("reduce" unless a test wants motion), `failedRequests`
 * (watched unless false), `ready` (a selector whose first match must be visible).
 */
async function open(page, url = "/", { reducedMotion = "reduce", failedRequests = true, ready = READY } = {}) {
  const problems = watchProblems(page, { failedRequests });
  await page.emulateMedia({ reducedMotion });
  await page.goto(url);
  await expect(page.locator(ready).first()).toBeVisible();
  await loadPartsBelow(page);
  return problems;
}

/**
 * Runs the engine natively on `scenarioJson` (the example print_set_cookie, which scripts/test.sh
 * builds): per request step, the Cookie header sent, its status and Set-Cookie lines.
 */
function engineExchanges(scenarioJson) {
  const binary = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "debug", "examples", "print_set_cookie");
  return JSON.parse(execFileSync(binary, { input: scenarioJson, encoding: "utf8" }));
}

/** A conformance file: `kind` is "scenarios" or "traces". */
function conformance(kind, name) {
  return JSON.parse(fs.readFileSync(path.join(CONFORMANCE, kind, `${name}.json`), "utf8"));
}

function b64url(bytes) {
  return Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The keys the conformance harness's generator returns: sess + n on 28 digits. */
function generatedKeys(count) {
  return Array.from({ length: count }, (_, i) => `sess${String(i + 1).padStart(28, "0")}`);
}

/**
 * A share link (`#v1.` + base64url(zlib(document)), src/ui/page/document/) for a conformance scenario.
 * The conformance harness draws `sess…0001`, `sess…0002`, … once a scenario's own keys run out;
 * the link presets enough of them so the page draws the same keys.
 */
function shareLink(scenario) {
  const preset = scenario.session_keys || [];
  const withKeys = { ...scenario, session_keys: [...preset, ...generatedKeys(scenario.steps.length * 2 + 8)] };
  const document = { scenario: withKeys, key_seed: "1", secrets: "included" };
  return `/#v1.${b64url(zlib.deflateSync(Buffer.from(JSON.stringify(document))))}`;
}

/**
 * What the jar, response and store inspectors show, read in one go (the jar's cookies, the
 * response's status and Set-Cookie lines, the store's rows), for a spec to compare with a trace.
 */
async function inspectors(page) {
  return page.evaluate(() => {
    const text = (el) => (el ? el.textContent : null);
    const jar = document.querySelector('[data-testid="jar"]');
    const response = document.querySelector('[data-testid="response"]');
    const store = document.querySelector('[data-testid="store"]');
    const rows = (testid) =>
      [...store.querySelectorAll(`table[data-testid="${testid}"] tbody tr[data-key]`)].map((tr) => ({
        key: tr.dataset.key,
        cells: [...tr.children].map((td) => td.textContent),
        decoded: text(tr.querySelector("td.decoded pre")),
        expiresAt: tr.dataset.expiresAt ?? null,
        mtime: tr.dataset.mtime ?? null,
      }));
    return {
      jarStep: jar.dataset.step ?? null,
      cookies: [...jar.querySelectorAll(".cookie")].map((c) => ({
        browser: c.dataset.browser,
        name: c.dataset.cookie,
        value: text(c.querySelector('[data-testid="cookie-value"]')),
        expiresAt: c.dataset.expiresAt ?? null,
      })),
      responseStep: response.dataset.step ?? null,
      status: text(response.querySelector('[data-testid="response-status"]')),
      setCookies: [...response.querySelectorAll('[data-testid="set-cookie"]')].map((el) => el.textContent),
      noSetCookie: !!response.querySelector('[data-testid="no-set-cookie"]'),
      exception: text(response.querySelector('[data-testid="exception"]')),
      storeStep: store.dataset.step ?? null,
      storeText: store.textContent,
      tables: [...store.querySelectorAll("table")].map((t) => t.dataset.testid),
      db: rows("db-rows"),
      cache: rows("cache-entries"),
      files: rows("session-files"),
    };
  });
}

module.exports = { ROOT, SCREENSHOTS, CONFORMANCE, ENGINES, failedRequestReason, watchProblems, open, engineExchanges, act, showAction, loadPartsBelow, conformance, b64url, generatedKeys, shareLink, inspectors };
