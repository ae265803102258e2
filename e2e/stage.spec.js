// End-to-end tests of the stage: envelopes that move, sized by the bytes the engine computed;
// the jar and the store on the stage at 1280x720; tours that stop at each step; the first
// visit; the keyboard; a setting change landing on the request it changed. Expected byte
// counts come from the engine run natively (`print_set_cookie`) on the page's own scenario.
const { test, expect } = require("@playwright/test");
const { SCREENSHOTS, act, engineExchanges, open } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

// How these tests open the page: ready when the stage shows; failed requests are not watched.
const AT_STAGE = { ready: '[data-testid="stage"]', failedRequests: false };

const progress = (page) => page.locator('[data-testid="progress"]');
const envelope = (page) => page.locator('.wire [data-testid="envelope"]');

/** Steps the player back, paused, until the progress reads `text`. */
async function stepBackTo(page, text) {
  const back = page.locator('[data-testid="player"] button[aria-label="Step back"]');
  for (let i = 0; i < 40 && !(await progress(page).textContent()).includes(text); i++) {
    await back.click();
  }
  await expect(progress(page)).toContainText(text);
}

test("first visit: one obvious action sends a request at once, nothing is disabled or blank", async ({ page }) => {
  const problems = await open(page, "/", { ...AT_STAGE, reducedMotion: "no-preference" });
  await expect(page.locator(".stage-explainer")).toContainText("A browser talks to a Django 6.1 site");
  const first = page.locator('[data-testid="first-request"]');
  await expect(first).toBeVisible();
  await expect(page.locator('[data-testid="player"] button.primary')).toBeEnabled();
  await expect(page.locator('[data-testid="stage"]')).not.toContainText("—");
  await expect(page.locator('[data-testid="stage-jar"]')).toContainText("No cookies yet");
  await expect(page.locator('[data-testid="stage-store"]')).toContainText("django_session");
  await first.click();
  await expect(first).toBeHidden();
  await expect(progress(page)).toContainText("request 1 of 1 · event");
  await expect(envelope(page)).toBeVisible();
  expect(problems).toEqual([]);
});

test("an envelope moves between the columns while a request plays", async ({ page }) => {
  const problems = await open(page, "/", { ...AT_STAGE, reducedMotion: "no-preference" });
  await page.locator('[data-testid="first-request"]').click();
  // Sample the envelope's position on every animation frame for two seconds.
  const samples = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const seen = [];
        const start = performance.now();
        const frame = () => {
          const element = document.querySelector('.wire [data-testid="envelope"]');
          if (element) {
            const box = element.getBoundingClientRect();
            seen.push({ title: element.querySelector("strong").textContent, x: Math.round(box.x) });
          }
          if (performance.now() - start < 2000) requestAnimationFrame(frame);
          else resolve(seen);
        };
        requestAnimationFrame(frame);
      }),
  );
  const byTitle = {};
  for (const { title, x } of samples) (byTitle[title] ||= new Set()).add(x);
  const moving = Object.entries(byTitle).filter(([, xs]) => xs.size >= 3);
  expect(moving.length, JSON.stringify(Object.keys(byTitle))).toBeGreaterThan(0);
  // The request travels right, from the browser towards Django.
  const request = samples.filter((s) => s.title === "no cookie").map((s) => s.x);
  expect(request.length).toBeGreaterThan(2);
  expect(request[request.length - 1]).toBeGreaterThan(request[0]);
  expect(problems).toEqual([]);
});

test("a signed-cookie request is heavier than a db one, both labelled with the engine's byte counts", async ({ page }) => {
  const problems = await open(page, "/", AT_STAGE);
  const measured = {};
  for (const engine of ["db", "signed_cookies"]) {
    await page.locator(`.backend-picker button[data-engine="${engine}"]`).click();
    const startOver = page.locator('button[data-action="start-over"]');
    if (await startOver.isEnabled()) await startOver.click();
    await act(page, "add-to-cart");
    await act(page, "add-to-cart");
    // The cookie the second request carries is the one the first response set.
    const exchanges = engineExchanges(await page.locator('[data-testid="scenario-json"]').textContent());
    const firstLine = exchanges[0].set_cookie[0].replace(/^Set-Cookie: /, "");
    const cookieHeader = firstLine.split(";")[0];
    await stepBackTo(page, "request 2 of 2 · event 1 of");
    const request = envelope(page);
    await expect(request).toHaveAttribute("data-bytes", String(cookieHeader.length));
    await expect(request).toContainText(`${cookieHeader.length} B`);
    await expect(request).toHaveAttribute("title", cookieHeader);
    measured[engine] = { bytes: cookieHeader.length, width: (await request.boundingBox()).width };
  }
  expect(measured.db.bytes).toBe("sessionid=".length + 32);
  expect(measured.signed_cookies.bytes).toBeGreaterThan(measured.db.bytes);
  expect(measured.signed_cookies.width).toBeGreaterThan(measured.db.width + 20);
  expect(problems).toEqual([]);
});

test("at 1280x720 the jar, the store and the player are on screen while a request plays", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems = await open(page, "/", AT_STAGE);
  await act(page, "add-to-cart");
  await act(page, "add-to-cart");
  await stepBackTo(page, "request 2 of 2 · event 1 of");
  for (const part of ["stage-jar", "stage-store", "player", "narration"]) {
    const box = await page.locator(`[data-testid="${part}"]`).boundingBox();
    expect(box, part).not.toBeNull();
    expect(box.y, part).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, part).toBeLessThanOrEqual(720);
  }
  await expect(page.locator('[data-testid="stage-jar"] .record')).toHaveCount(1);
  await expect(page.locator('[data-testid="stage-store"] .record')).toHaveCount(1);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "stage-1280x720.png") });
  expect(problems).toEqual([]);
});

test("a tour stops at the end of each step, with Next and Back on the stage", async ({ page }) => {
  const problems = await open(page, "/", { ...AT_STAGE, reducedMotion: "no-preference" });
  await page.locator('button[data-story="shopping-cart"]').click();
  const caption = page.locator('[data-testid="stage"] [data-testid="story-caption"]');
  const next = page.locator('[data-testid="tour-next"]');
  const back = page.locator('[data-testid="tour-back"]');
  await expect(caption).toContainText("Step 1:");
  await page.locator('.speed button:has-text("4×")').click();
  // Step 1 plays, then the player stops there: the caption stays while it is read.
  await expect(page.locator('[data-testid="player"] button[aria-label="Play"]')).toBeVisible({ timeout: 10_000 });
  await page.waitForTimeout(1_500);
  await expect(caption).toContainText("Step 1:");
  await expect(back).toBeDisabled();
  await expect(next).toBeEnabled();
  await next.click();
  await expect(caption).toContainText("Step 2:");
  await expect(next).toBeEnabled({ timeout: 10_000 });
  await page.waitForTimeout(1_000);
  await expect(caption).toContainText("Step 2:");
  await back.click();
  await expect(caption).toContainText("Step 1:");
  await expect(page.locator('[data-testid="player"] button[aria-label="Play"]')).toBeVisible();
  expect(problems).toEqual([]);
});

test("Space and Enter press a focused button; Space elsewhere plays and pauses", async ({ page }) => {
  const problems = await open(page, "/", AT_STAGE);
  const chips = page.locator(".timeline button");
  const add = page.locator('button[data-action="add-to-cart"]');
  await add.focus();
  await page.keyboard.press("Space");
  await expect(chips).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(chips).toHaveCount(2);
  // Space on a focused engine button picks that engine instead of playing.
  const signed = page.locator('.backend-picker button[data-engine="signed_cookies"]');
  await signed.focus();
  await page.keyboard.press("Space");
  await expect(signed).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator('[data-testid="player"] button[aria-label="Play"]')).toBeVisible();
  // With focus on nothing in particular, Space drives the player.
  await page.evaluate(() => document.activeElement.blur());
  await page.emulateMedia({ reducedMotion: "no-preference" });
  await page.keyboard.press("Space");
  await expect(page.locator('[data-testid="player"] button[aria-label="Pause"]')).toBeVisible();
  await page.keyboard.press("Space");
  await expect(page.locator('[data-testid="player"] button[aria-label="Play"]')).toBeVisible();
  expect(problems).toEqual([]);
});

test("a setting changed mid-scenario lands on the first request whose bytes changed", async ({ page }) => {
  const problems = await open(page, "/", AT_STAGE);
  await act(page, "read-cart");
  await act(page, "add-to-cart");
  await act(page, "add-to-cart");
  await page.locator("#tab-settings").click();
  await page.locator('input[name="SESSION_EXPIRE_AT_BROWSER_CLOSE"]').check();
  const effect = page.locator('[data-testid="setting-effect"]');
  await expect(effect).toContainText("SESSION_EXPIRE_AT_BROWSER_CLOSE = True");
  await expect(effect).toContainText("request 2: the Set-Cookie lost expires and Max-Age");
  await expect(effect.locator(".before")).toContainText("Max-Age=1209600");
  await expect(effect.locator(".after")).not.toContainText("Max-Age");
  await expect(progress(page)).toContainText("request 2 of 3");
  await expect(page.locator('.timeline button[aria-current="step"]')).toContainText("2.");
  const shown = envelope(page);
  await expect(shown).toContainText("Set-Cookie");
  await expect(shown).not.toContainText("Max-Age");
  expect(problems).toEqual([]);
});
