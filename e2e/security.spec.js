// End-to-end tests of the page's security: it runs under its own strict
// Content-Security-Policy (a meta tag, so any static host serves it) with no violation while
// every feature is used, nothing it does leaves its origin, the wasm is checked against its
// integrity digest, and a SECRET_KEY goes into a link only when ticked and never into the address.
const { test, expect } = require("@playwright/test");
const { SCREENSHOTS, act } = require("./support");
const fs = require("node:fs");
const path = require("node:path");
const hostile = require("./hostile.js");


const POLICY =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * Records, for `page`, every CSP violation the document reports, every console error, every
 * uncaught exception and every request that leaves the page's origin.
 */
async function watch(page, baseURL) {
  const origin = new URL(baseURL).origin;
  const seen = { violations: [], errors: [], offOrigin: [], requests: 0 };
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push(`${event.violatedDirective}: ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error") seen.errors.push(message.text());
  });
  page.on("pageerror", (error) => seen.errors.push(error.message));
  page.on("request", (request) => {
    seen.requests += 1;
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.origin !== origin) seen.offOrigin.push(request.url());
  });
  seen.violations = async () => page.evaluate(() => window.__violations);
  return seen;
}

/** Clicks every enabled action button of every controls tab once. */
async function pressEveryAction(page) {
  const tabs = page.locator('.controls [role="tab"]');
  for (let i = 0; i < (await tabs.count()); i += 1) {
    await tabs.nth(i).click();
    const panel = page.locator('[role="tabpanel"]:visible');
    const buttons = panel.locator("button[data-action]:enabled");
    const ids = await buttons.evaluateAll((list) => list.map((b) => b.dataset.action));
    for (const id of ids) {
      if (id === "start-over") continue;
      const button = panel.locator(`button[data-action="${id}"]`);
      if (await button.isEnabled()) await button.click();
    }
  }
}

test("the page runs under its strict policy, with no violation and nothing leaving its origin, while every feature is used", async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const seen = await watch(page, baseURL);
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await expect(page.locator(".backend-picker button").first()).toBeVisible();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(policy).toEqual(POLICY);
  expect(await page.locator("script:not([src])").count()).toBe(0);

  // Playground: every engine, every action.
  for (const engine of ["db", "cache", "cached_db", "file", "signed_cookies"]) {
    await page.locator(`.backend-picker button[data-engine="${engine}"]`).click();
    await act(page, "add-to-cart");
  }
  await pressEveryAction(page);
  // settings and settings.py
  await page.locator("#tab-settings").click();
  await page.locator('input[name="SESSION_COOKIE_NAME"]').fill("cartid");
  await page.locator('input[name="SESSION_COOKIE_NAME"]').press("Enter");
  await page.locator('[data-testid="copy-settings-py"]').click();
  await expect(page.locator('[data-testid="copy-settings-py"]')).toHaveText("Copied");
  // A story, played.
  await page.locator('button[data-story="shopping-cart"]').click();
  await expect(page.locator('[data-testid="story-body"] h3')).toBeVisible();
  // Compare.
  await page.locator('button[data-page="compare"]').click();
  await expect(page.locator('[data-testid="compare-table"]')).toBeVisible();
  await page.locator('button[aria-label="Next step"]').click();
  // Decoder.
  await page.locator('button[data-page="decoder"]').click();
  await page.locator('[data-testid="decoder-example"]').click();
  await expect(page.locator('[data-testid="decoder-verdict"]')).toContainText("Valid");
  // Share (with the secret, copied) and the embedded view of the link.
  await page.locator('button[data-page="playground"]').click();
  await page.locator('[data-testid="share-button"]').click();
  await page.locator('[data-testid="copy-link"]').click();
  const snippet = await page.locator('[data-testid="embed-snippet"]').inputValue();
  const embedUrl = snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, "&");
  const embedded = await context.newPage();
  const seenEmbedded = await watch(embedded, baseURL);
  await embedded.goto(embedUrl);
  await expect(embedded.locator('[data-testid="embed"]')).toBeVisible();
  // The embed opens on the first step (Step back is disabled there): play it.
  await embedded.locator('[data-testid="player"] button[aria-label="Play"]').click();
  // A refused link and a banner.
  await page.goto(`/#${hostile.shareFragment(hostile.trivialSteps(1000))}`);
  await page.reload();
  await expect(page.locator('[data-testid="notice"]')).toContainText("at most 500 steps");

  expect(await seen.violations()).toEqual([]);
  expect(await seenEmbedded.violations()).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(seenEmbedded.errors).toEqual([]);
  expect(seen.offOrigin).toEqual([]);
  expect(seenEmbedded.offOrigin).toEqual([]);
  expect(seen.requests).toBeGreaterThan(3);
});

test("a policy violation would be seen: the check is not blind", async ({ page, baseURL }) => {
  const seen = await watch(page, baseURL);
  await page.goto("/");
  await expect(page.locator(".backend-picker button").first()).toBeVisible();
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__ran = true";
    document.body.append(script);
  });
  await expect.poll(seen.violations).toHaveLength(1);
  expect(await page.evaluate(() => window.__ran)).toBeUndefined();
});

test("the wasm is checked against its integrity digest: altered bytes do not run", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.route(/_bg\.wasm$/, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length - 1] ^= 0xff;
    await route.fulfill({ response, body });
  });
  await page.goto("/");
  const failure = page.locator(".boot-failure");
  await expect(failure).toBeVisible();
  await expect(failure).toContainText("could not start");
  await expect(page.locator(".backend-picker")).toHaveCount(0);
  const integrity = await page.locator('link[rel="preload"][type="application/wasm"]').getAttribute("integrity");
  expect(integrity).toMatch(/^sha256-/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "boot-failure.png") });
});

test("a SECRET_KEY goes into a link only when ticked, never into the address, and the box starts unticked", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await page.locator("#tab-settings").click();
  const secret = page.locator('input[name="SECRET_KEY"]');
  await secret.fill("my-very-own-production-secret");
  await secret.press("Enter");
  await act(page, "add-to-cart");
  const share = page.locator('[data-testid="share-button"]');
  await share.click();
  const box = page.locator('[data-testid="share-secrets"]');
  await expect(box).not.toBeChecked();
  const withheld = await page.locator('[data-testid="share-link"]').inputValue();
  await box.check();
  const included = await page.locator('[data-testid="share-link"]').inputValue();
  expect(included).not.toEqual(withheld);
  // The address follows the playground without its keys, whatever the box says.
  await expect(page).toHaveURL(withheld);
  await page.locator('.share-panel button[aria-label="Close"]').click();
  await expect(page).toHaveURL(withheld);
  await share.click();
  await expect(box).not.toBeChecked();
  await expect(page.locator('[data-testid="share-link"]')).toHaveValue(withheld);
  await share.click();
  await expect(page).toHaveURL(withheld);
});
