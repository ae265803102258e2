// End-to-end tests of the features around the playground: share links (and their secrets),
// the saved playground, banners for corrupt links and storage, guided tours, the engine
// comparison, settings.py, the cookie decoder and the embedded view. Every test fails on a
// console error or an uncaught exception.
const { test, expect } = require("@playwright/test");
const { ENGINES, SCREENSHOTS, act, open, watchProblems } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

async function shareLink(page, { includeSecrets = false } = {}) {
  await page.locator('[data-testid="share-button"]').click();
  if (includeSecrets) await page.locator('[data-testid="share-secrets"]').check();
  const link = await page.locator('[data-testid="share-link"]').inputValue();
  expect(link).toMatch(/#v1\.[A-Za-z0-9_-]+$/);
  await expect(page).toHaveURL(link);
  return link;
}

/** Everything that must be byte-identical after a round trip through a link. */
async function bytesOnPage(page) {
  return {
    scenario: await page.locator('[data-testid="scenario-json"]').textContent(),
    setCookie: await page.locator('[data-testid="set-cookie"]').allTextContents(),
    jar: await page.locator('[data-testid="jar"]').textContent(),
    store: await page.locator('[data-testid="store"]').textContent(),
  };
}

test("a shared link reproduces the same bytes, on reload and in a fresh browser", async ({ page, browser }) => {
  const problems = await open(page);
  await page.locator(`.backend-picker button[data-engine="signed_cookies"]`).click();
  for (const action of ["add-to-cart", "advance-hour", "read-cart", "add-to-cart"]) await act(page, action);
  const before = await bytesOnPage(page);
  expect(before.setCookie.length).toBeGreaterThan(0);
  const link = await shareLink(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "share-panel.png") });

  await page.reload();
  await expect(page.locator('[data-testid="scenario-json"]')).toHaveText(before.scenario);
  expect(await bytesOnPage(page)).toEqual(before);

  const context = await browser.newContext();
  const other = await context.newPage();
  const otherProblems = await open(other, link);
  await expect(other.locator('[data-testid="scenario-json"]')).toHaveText(before.scenario);
  expect(await bytesOnPage(other)).toEqual(before);
  await expect(other.locator('[data-testid="notice"]')).toHaveCount(0);
  await context.close();
  expect(problems).toEqual([]);
  expect(otherProblems).toEqual([]);
});

test("a SECRET_KEY stays out of a link unless the box is ticked", async ({ page, browser }) => {
  const problems = await open(page);
  await page.locator("#tab-settings").click();
  const secret = page.locator('input[name="SECRET_KEY"]');
  await secret.fill("my-very-own-production-secret");
  await secret.press("Enter");
  await page.locator(`.backend-picker button[data-engine="signed_cookies"]`).click();
  await act(page, "add-to-cart");
  const withheld = await shareLink(page);
  await page.locator('[data-testid="share-secrets"]').check();
  const included = await page.locator('[data-testid="share-link"]').inputValue();
  expect(included).not.toEqual(withheld);
  const sent = await bytesOnPage(page);

  const context = await browser.newContext();
  const receiver = await context.newPage();
  const receiverProblems = await open(receiver, withheld);
  const notice = receiver.locator('[data-testid="notice"]');
  await expect(notice).toContainText("Shared without its SECRET_KEY");
  await expect(receiver.locator('[data-testid="scenario-json"]')).not.toContainText("my-very-own-production-secret");
  expect((await bytesOnPage(receiver)).setCookie).not.toEqual(sent.setCookie);

  // The link with the secret, opened as a new page load (not a hashchange in the open page).
  await receiver.goto("about:blank");
  await receiver.goto(included);
  await receiver.reload();
  expect(await bytesOnPage(receiver)).toEqual(sent);
  await context.close();
  expect(problems).toEqual([]);
  expect(receiverProblems).toEqual([]);
});

test("corrupt links and corrupt saved state show a banner and a working page", async ({ page }) => {
  const problems = await open(page, "/#v1.this*is*not*base64");
  const notice = page.locator('[data-testid="notice"]');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText("This link could not be opened");
  await expect(notice).toContainText("'*'");
  await page.screenshot({ path: path.join(SCREENSHOTS, "corrupt-link-banner.png") });
  await notice.locator('button[aria-label="Dismiss"]').click();
  await expect(notice).toHaveCount(0);
  await act(page, "add-to-cart");
  await expect(page.locator('[data-testid="set-cookie"]').first()).toContainText("Set-Cookie: sessionid=");

  await page.goto("/#v2.AAAA");
  await page.reload();
  await expect(notice).toContainText("v2");
  await expect(notice).toContainText("saved in this browser");

  await page.goto("/#v1.eJzLSM3JyVcoyUgtSgUAGcYETQ");
  await page.reload();
  await expect(notice).toContainText("not JSON");

  await page.evaluate(() => localStorage.setItem("sessionscope.state", '{"format":"sessionscope-state","version":1,"scenario":{"engine":"redis"}'));
  await page.goto("/");
  await expect(notice).toContainText("Your saved playground could not be opened");
  await expect(page.locator(".backend-picker button")).toHaveCount(ENGINES.length);
  expect(problems).toEqual([]);
});

test("the playground is kept across reloads", async ({ page }) => {
  const problems = await open(page);
  await page.locator(`.backend-picker button[data-engine="file"]`).click();
  await act(page, "add-to-cart");
  await act(page, "read-cart");
  const before = await bytesOnPage(page);
  await page.reload();
  await expect(page.locator('[data-testid="scenario-json"]')).toHaveText(before.scenario);
  expect(await bytesOnPage(page)).toEqual(before);
  await expect(page.locator(`.backend-picker button[data-engine="file"]`)).toHaveAttribute("aria-pressed", "true");
  expect(problems).toEqual([]);
});

test("a story plays with a caption for each step", async ({ page }) => {
  const problems = watchProblems(page);
  await page.emulateMedia({ reducedMotion: "no-preference" });
  await page.goto("/");
  await page.locator('button[data-story="logout-signed-cookie"]').click();
  await expect(page.locator('[data-testid="story-body"] h3')).toHaveText("Logout does not revoke a signed cookie");
  await expect(page.locator(`.backend-picker button[data-engine="signed_cookies"]`)).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator('button[aria-label="Pause"]')).toBeVisible();
  await page.locator('.speed button:has-text("4×")').click();
  const caption = page.locator('[data-testid="story-caption"]');
  await expect(caption).toContainText("Step 1:");
  // The tour stops at the end of each step; Next plays the next one.
  for (let step = 2; step <= 7; step++) {
    await page.locator('[data-testid="tour-next"]').click({ timeout: 20_000 });
    await expect(caption).toContainText(`Step ${step}:`);
  }
  await expect(caption).toContainText("SignatureExpired");
  await page.locator('.story-steps summary').click();
  await page.locator('.story-steps li button').nth(4).click();
  await expect(caption).toContainText("Step 5: It still works");
  await page.screenshot({ path: path.join(SCREENSHOTS, "story.png"), fullPage: true });

  // The same story on db: its captions say the copy is revoked.
  await page.locator('.story-engines button:has-text("db")').first().click();
  await page.locator('.story-steps li button').nth(4).click();
  await expect(caption).toContainText("Logging out revoked it");
  expect(problems).toEqual([]);
});

test("compare runs the scenario on every backend with a row per figure", async ({ page }) => {
  const problems = await open(page);
  await page.locator('button[data-story="shopping-cart"]').click();
  await page.locator('button[data-page="compare"]').click();
  const table = page.locator('[data-testid="compare-table"]');
  await expect(table.locator("thead th[data-engine-column]")).toHaveCount(5);
  for (const engine of ENGINES) {
    await expect(table.locator(`th[data-engine-column="${engine}"]`)).toBeVisible();
  }
  await expect(table.locator("tbody tr")).toHaveCount(10);
  const logout = table.locator("tbody tr", { hasText: "Logout revokes" });
  await expect(logout.locator("td").nth(4)).toContainText("No");
  await expect(logout.locator("td").nth(0)).toContainText("Yes");
  const restart = table.locator("tbody tr", { hasText: "Survives a cache restart" });
  await expect(restart.locator("td").nth(1)).toContainText("No");
  await expect(page.locator('[data-testid="chart-cookie"] .series')).toHaveCount(5);
  await expect(page.locator('[data-testid="compare-column"]')).toHaveCount(5);
  await page.screenshot({ path: path.join(SCREENSHOTS, "compare.png"), fullPage: true });

  await page.locator('button[aria-label="Next step"]').click();
  await expect(page.locator('[data-testid="compare-step"]')).toHaveText("step 2/7");
  await expect(page.locator('[data-testid="compare-column"]').first()).toContainText("Set-Cookie: sessionid=");

  await page.locator('button[data-compare-engine="file"]').click();
  await expect(table.locator("thead th[data-engine-column]")).toHaveCount(4);
  expect(problems).toEqual([]);
});

test("settings.py shows the configuration as Python and copies it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const problems = await open(page);
  await page.locator(`.backend-picker button[data-engine="cache"]`).click();
  await page.locator("#tab-settings").click();
  await page.locator('input[name="SESSION_COOKIE_HTTPONLY"]').uncheck();
  const text = page.locator('[data-testid="settings-py-text"]');
  await expect(text).toContainText('SESSION_ENGINE = "django.contrib.sessions.backends.cache"');
  await expect(text).toContainText("SESSION_COOKIE_HTTPONLY = False");
  await page.locator('[data-testid="copy-settings-py"]').click();
  await expect(page.locator('[data-testid="copy-settings-py"]')).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toEqual(await text.textContent());
  await page.locator('[data-testid="settings-py"]').screenshot({ path: path.join(SCREENSHOTS, "settings-py.png") });
  expect(problems).toEqual([]);
});

test("the decoder takes a cookie apart and gives Django's verdict", async ({ page }) => {
  const problems = await open(page);
  await page.locator('button[data-page="decoder"]').click();
  await page.locator('[data-testid="decoder-example"]').click();
  const verdict = page.locator('[data-testid="decoder-verdict"]');
  await expect(verdict).toContainText("Valid");
  await expect(verdict).toContainText("signed 3 hours ago");
  await expect(page.locator('[data-testid="decoder-contents"]')).toContainText("django-book");
  await expect(page.locator('[data-testid="decoder-result"]')).toContainText("zlib-compressed JSON");
  await page.screenshot({ path: path.join(SCREENSHOTS, "decoder.png"), fullPage: true });

  await page.locator('[data-testid="decoder-secret"]').fill("not-the-key");
  await expect(verdict).toContainText("BadSignature");

  const value = page.locator('[data-testid="decoder-value"]');
  await value.fill("sessionid=eyJhIjoxfQ:1r31eq:broken");
  await expect(verdict).toContainText("BadSignature");
  await expect(page.locator('[data-testid="decoder-contents"]')).toContainText('"a": 1');
  expect(problems).toEqual([]);
});

test("embed mode shows only the stage and the player, from the first step, and the snippet points at it", async ({ page, browser }) => {
  const problems = await open(page);
  await page.locator('button[data-story="shopping-cart"]').click();
  await page.locator('[data-testid="share-button"]').click();
  const snippet = await page.locator('[data-testid="embed-snippet"]').inputValue();
  const src = snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, "&");
  expect(src).toContain("?embed=1#v1.");

  const context = await browser.newContext({ viewport: { width: 800, height: 560 } });
  const embedded = await context.newPage();
  const embedProblems = await open(embedded, src);
  await expect(embedded.locator('[data-testid="embed"]')).toBeVisible();
  await expect(embedded.locator(".controls")).toHaveCount(0);
  await expect(embedded.locator(".inspectors")).toHaveCount(0);
  await expect(embedded.locator('[data-testid="player"]')).toBeVisible();
  await expect(embedded.locator(".embed-header")).toContainText("The shopping cart");
  await expect(embedded.locator('[data-testid="story-caption"]')).toContainText("Step 1:");
  await embedded.screenshot({ path: path.join(SCREENSHOTS, "embed.png") });
  const stored = await embedded.evaluate(() => localStorage.getItem("sessionscope.state"));
  expect(stored).toBeNull();
  await context.close();
  expect(problems).toEqual([]);
  expect(embedProblems).toEqual([]);
});
