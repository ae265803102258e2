// End-to-end tests of the playground's release build: every byte the page shows must be what
// the engine computes. The expected bytes come from the same engine run natively
// (`cargo run --example print_set_cookie`) on the scenario the page itself reports.
const { test, expect } = require("@playwright/test");
const { ENGINES, SCREENSHOTS, act, engineExchanges, open } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

/** Opens the page, failing the test on any console error, uncaught exception or failed request. */
async function openPlayground(page, { reducedMotion = "reduce" } = {}) {
  const problems = await open(page, "/", { reducedMotion });
  await expect(page.locator(".backend-picker button")).toHaveCount(ENGINES.length);
  return problems;
}

async function pickEngine(page, engine) {
  await page.locator(`.backend-picker button[data-engine="${engine}"]`).click();
  await expect(page.locator(`.backend-picker button[data-engine="${engine}"]`)).toHaveAttribute(
    "aria-pressed",
    "true",
  );
}

async function scenarioJson(page) {
  return page.locator('[data-testid="scenario-json"]').textContent();
}

/** The page's Set-Cookie lines and status line must equal the engine's for the last request. */
async function expectPageMatchesEngine(page) {
  const exchanges = engineExchanges(await scenarioJson(page));
  expect(exchanges.length).toBeGreaterThan(0);
  const last = exchanges[exchanges.length - 1];
  const response = page.locator('[data-testid="response"]');
  await expect(response.locator('[data-testid="response-status"]')).toContainText(
    `HTTP/1.1 ${last.status}`,
  );
  if (last.set_cookie.length === 0) {
    await expect(response.locator('[data-testid="no-set-cookie"]')).toBeVisible();
  } else {
    const lines = response.locator('[data-testid="set-cookie"]');
    await expect(lines).toHaveText(last.set_cookie);
    // Byte for byte, not just modulo whitespace.
    expect(await lines.allTextContents()).toEqual(last.set_cookie);
  }
  return last;
}

test("every backend runs the cart story with the engine's exact Set-Cookie bytes", async ({ page }) => {
  const problems = await openPlayground(page);
  for (const engine of ENGINES) {
    await pickEngine(page, engine);
    const startOver = page.locator('button[data-action="start-over"]');
    if (await startOver.isEnabled()) await startOver.click();
    for (const action of ["add-to-cart", "add-to-cart", "read-cart", "advance-hour", "add-to-cart"]) {
      await act(page, action);
      if (!action.startsWith("advance")) await expectPageMatchesEngine(page);
    }
    const last = await expectPageMatchesEngine(page);
    expect(last.set_cookie[0]).toMatch(/^Set-Cookie: sessionid=/);
    await expect(page.locator('[data-testid="jar"] [data-cookie="sessionid"]')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, `backend-${engine}.png`), fullPage: true });
  }
  expect(problems).toEqual([]);
});

test("switching backend re-runs the same steps on the new engine", async ({ page }) => {
  const problems = await openPlayground(page);
  await act(page, "add-to-cart");
  await pickEngine(page, "signed_cookies");
  const last = await expectPageMatchesEngine(page);
  // A signed cookie carries the data: its value has the payload:timestamp:signature shape.
  expect(last.set_cookie[0]).toMatch(/^Set-Cookie: sessionid=[^;]+:[0-9A-Za-z]+:[^;:]+;/);
  await expect(page.locator('[data-testid="cookie-value"] .part-signature')).toBeVisible();
  await expect(page.locator('[data-testid="jar"]')).toContainText("verified with SECRET_KEY");
  await expect(page.locator('[data-testid="store"]')).toContainText("Nothing on the server");
  expect(problems).toEqual([]);
});

test("changing a setting re-runs the scenario and changes the bytes", async ({ page }) => {
  const problems = await openPlayground(page);
  await act(page, "add-to-cart");
  const setCookie = page.locator('[data-testid="set-cookie"]').first();
  await expect(setCookie).toContainText("HttpOnly");

  await page.locator("#tab-settings").click();
  await page.locator('input[name="SESSION_COOKIE_HTTPONLY"]').uncheck();
  await expect(setCookie).not.toContainText("HttpOnly");
  await expectPageMatchesEngine(page);

  const cookieName = page.locator('input[name="SESSION_COOKIE_NAME"]');
  await cookieName.fill("cartid");
  await cookieName.press("Enter");
  await expect(setCookie).toContainText("Set-Cookie: cartid=");
  await expectPageMatchesEngine(page);

  await page.locator('select[name="SESSION_COOKIE_SAMESITE"]').selectOption("Strict");
  await expect(setCookie).toContainText("SameSite=Strict");
  await expectPageMatchesEngine(page);
  expect(problems).toEqual([]);
});

test("a stuffed signed cookie goes over 4096 bytes and the browser drops it", async ({ page }) => {
  const problems = await openPlayground(page);
  await pickEngine(page, "signed_cookies");
  await act(page, "stuff-cart");
  await expectPageMatchesEngine(page);
  await expect(page.locator('[data-testid="cookie-dropped"]')).toBeVisible();
  await expect(page.locator('[data-testid="size-meter"]')).toHaveClass(/over/);
  await expect(page.locator('[data-testid="jar"]')).toContainText("Empty");
  await page.screenshot({ path: path.join(SCREENSHOTS, "cookie-too-big.png"), fullPage: true });
  expect(problems).toEqual([]);
});

test("faults produce what Django would", async ({ page }) => {
  const problems = await openPlayground(page);
  await act(page, "add-to-cart");
  await act(page, "table-missing");
  await act(page, "read-cart");
  await expectPageMatchesEngine(page);
  await expect(page.locator('[data-testid="store"]')).toContainText("no such table");
  await act(page, "repair");
  await act(page, "server-error");
  const last = await expectPageMatchesEngine(page);
  expect(last.status).toBe(500);
  await page.screenshot({ path: path.join(SCREENSHOTS, "faults.png"), fullPage: true });
  expect(problems).toEqual([]);
});

test("the player animates a request and answers Space, left and right", async ({ page }) => {
  const problems = await openPlayground(page, { reducedMotion: "no-preference" });
  const position = page.locator(".player .position");
  await act(page, "add-to-cart");
  await expect(page.locator('button[aria-label="Pause"]')).toBeVisible();
  // Space on the focused action button would press it again: the player's keys act when
  // focus is on no control.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("Space");
  await expect(page.locator('button[aria-label="Play"]')).toBeVisible();
  const paused = await position.textContent();
  await page.keyboard.press("ArrowRight");
  await expect(position).not.toHaveText(paused);
  await page.keyboard.press("ArrowLeft");
  await expect(position).toHaveText(paused);
  await page.locator('.speed button:has-text("4×")').click();
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("Space");
  await expect(page.locator('button[aria-label="Play"]')).toBeVisible({ timeout: 20_000 });
  const shown = await position.getAttribute("data-position");
  expect(shown).toBe(await position.getAttribute("data-len"));
  await expect(position).toContainText("request 1 of 1 · event");
  await expect(page.locator('[data-testid="narration"] .sentence')).not.toBeEmpty();
  expect(problems).toEqual([]);
});

test("screenshots: desktop light and dark, phone", async ({ browser }) => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme, reducedMotion: "reduce", viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto("/");
    for (const action of ["add-to-cart", "add-to-cart", "advance-hour", "read-cart"]) await act(page, action);
    await page.locator('[data-testid="player"] button[aria-label="Step back"]').click();
    await page.screenshot({ path: path.join(SCREENSHOTS, `desktop-${colorScheme}.png`), fullPage: true });
    await context.close();
  }
  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, reducedMotion: "reduce" });
  const page = await phone.newPage();
  await page.goto("/");
  await pickEngine(page, "signed_cookies");
  await act(page, "add-to-cart");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "phone.png"), fullPage: true });
  await phone.close();
});
