// End-to-end tests of the second real browser: the switch in "The world" runs Firefox's cookie
// rules, stays in the page's address across a reload, and tells a refused cookie in Firefox's
// own words, checked against the message recorded from real Firefox ESR 153
// (engine/tests/browser-rules/firefox/cases.json); the story of the cross-site POST login that
// keeps its session in Firefox and loses it in Chromium plays. Every test fails on a console
// error or an uncaught exception.
const { test, expect } = require("@playwright/test");
const { ROOT, SCREENSHOTS, act, loadPartsBelow, open } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

const FIREFOX_CASES = path.join(ROOT, "engine", "tests", "browser-rules", "firefox", "cases.json");

/** The recorded Firefox observation of `caseId`'s step `step`. */
function recorded(caseId, step) {
  const data = JSON.parse(fs.readFileSync(FIREFOX_CASES, "utf8"));
  const found = data.cases.find((c) => c.id === caseId);
  return found.outcome.steps[step];
}

async function tab(page, id) {
  await page.locator(`#tab-${id}`).click();
}

async function choose(page, choice) {
  await page.locator(`button[data-choice="${choice}"]`).click();
  await expect(page.locator(`button[data-choice="${choice}"]`)).toHaveAttribute("aria-pressed", "true");
}

test("the switch runs Firefox's rules, keeps them across a reload, and refuses in Firefox's recorded words", async ({ page }) => {
  const problems = await open(page);
  await tab(page, "world");
  await choose(page, "browser:Firefox");
  await expect(page.locator('[data-testid="browser-kind"]')).toHaveText("Firefox's cookie rules");
  await expect(page.locator('button[data-choice="third-party:partitioned"]')).toHaveAttribute("aria-pressed", "true");

  // Django's Secure session cookie over plain http: real Firefox logged exactly this.
  const secureOverHttp = recorded("django/secure-session-over-http", 0).firefox.set_cookie_rejected[0].messages[0];
  expect(secureOverHttp).toContain("“sessionid”");
  await tab(page, "settings");
  await page.locator('input[name="SESSION_COOKIE_SECURE"]').check();
  await act(page, "add-to-cart");
  const refused = page.locator('[data-testid="jar"] [data-testid="cookie-refused"]');
  await expect(refused).toContainText(`refused: ${secureOverHttp}`);
  await page.screenshot({ path: path.join(SCREENSHOTS, "firefox-secure-refused.png") });

  // The browser is part of the scenario, so the address carries it.
  await page.reload();
  await loadPartsBelow(page);
  await tab(page, "world");
  await expect(page.locator('[data-testid="browser-kind"]')).toHaveText("Firefox's cookie rules");
  await choose(page, "browser:Chromium");
  await expect(page.locator('[data-testid="browser-kind"]')).toHaveText("Chromium's cookie rules");
  await expect(refused).toContainText("refused: it is Secure but came over plain http");
  expect(problems).toEqual([]);
});

test("the story: a cross-site POST login keeps its session in Firefox and loses it in Chromium", async ({ page }) => {
  const problems = await open(page);
  const caption = page.locator('[data-testid="story-caption"]');
  const goToStep = async (n) => {
    const button = page.locator(".story-steps li button").nth(n - 1);
    if (!(await button.isVisible())) await page.locator(".story-steps summary").click();
    await button.click();
    await expect(caption).toContainText(`Step ${n}:`);
  };
  await page.locator('button[data-story="firefox-keeps-the-session"]').click();
  await expect(page.locator('[data-testid="story-body"] h3')).toHaveText("Works in Firefox, not in Chrome");
  await goToStep(1);
  await expect(page.locator('[data-testid="set-cookie"]').first()).not.toContainText("SameSite");
  await goToStep(3);
  await expect(caption).toContainText("Firefox does not treat a cookie without SameSite as Lax: the cookie is sent");
  await expect(caption).toContainText("more than 2 minutes old");
  await expect(page.locator('[data-testid="request-headers"]')).toContainText("Cookie: sessionid=");
  await goToStep(4);
  await expect(caption).toContainText("['1', ['book']] in Firefox and ['1', None] in Chromium");
  await goToStep(7);
  await expect(caption).toContainText("the cookie is sent in Firefox and sent in Chromium");
  await page.screenshot({ path: path.join(SCREENSHOTS, "story-firefox-keeps-the-session.png"), fullPage: true });
  expect(problems).toEqual([]);
});
