// End-to-end tests of Compare along browsers: the playground's scenario with Chromium 156's
// cookie rules and with Firefox ESR 153's, side by side.
//
// - The recorded case samesite/aged-unspecified-cross-site-post, told with Django's session
//   cookie (SESSION_COOKIE_SAMESITE = None leaves SameSite out; set over https, 130 s later a
//   page on other.test POSTs a form to the site), opened through a share link: real Chromium
//   sent no Cookie header and real Firefox sent the cookie without SameSite
//   (engine/tests/browser-rules/cases.json and …/firefox/cases.json). The browsers mode marks
//   the whole Cookie header Firefox sent, byte for byte the engine's own trace in each browser,
//   and gives Chromium's reason for keeping it back.
// - The same scenario with the form on the site itself: both send it, and the mode says the two
//   browsers agree.
// - The Firefox story (a cross-site login POST five minutes on) in the browsers mode: the Cookie
//   header only Firefox sent, and the two servers parting from there.
// Every test fails on a console error or an uncaught exception. Screenshots go to
// e2e/screenshots/.
const { test, expect } = require("@playwright/test");
const { ROOT, SCREENSHOTS, engineExchanges, open, shareLink } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

const CASE = "samesite/aged-unspecified-cross-site-post";
const RECORDED = {
  chromium: path.join(ROOT, "engine/tests/browser-rules/cases.json"),
  firefox: path.join(ROOT, "engine/tests/browser-rules/firefox/cases.json"),
};

/** What real `browser` recorded at step `step` of the case. */
function recorded(browser, step) {
  const data = JSON.parse(fs.readFileSync(RECORDED[browser], "utf8"));
  return data.cases.find((c) => c.id === CASE).outcome.steps[step];
}

/** The case's steps as a Django scenario: the POST comes from `from`. */
function scenario(from) {
  return {
    name: "cross-site-post",
    engine: "db",
    browser_rules: "firefox",
    settings: { SESSION_COOKIE_SAMESITE: null },
    steps: [
      { request: { view: "set", data: { cart: ["book"] }, secure: true } },
      { advance: 130 },
      { request: { view: "get", key: "cart", path: "/echo", secure: true, kind: "form-post", from } },
    ],
  };
}

/** The Cookie header the engine's browser sent at step `i` of `s` (null: none). */
function engineCookie(s, browser, i) {
  const exchange = engineExchanges(JSON.stringify({ ...s, browser_rules: browser })).find((e) => e.i === i);
  return exchange.cookie;
}

/** Opens Compare along browsers and waits for its tables. */
async function openBrowsersCompare(page) {
  await page.locator('button[data-page="compare"]').click();
  await page.locator('button[data-compare-axis="browsers"]').click();
  await expect(page.locator('button[data-compare-axis="browsers"]')).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("browsers-compare").getByTestId("vdiff-summary")).toBeVisible();
}

/** The row `field` of the table of step `i` (0-based): its two cells' text and marked text. */
async function row(page, i, field) {
  const tr = page.getByTestId("browsers-compare").locator(`section[data-step="${i}"] tr[data-field="${field}"]`);
  await expect(tr).toHaveCount(1);
  const cell = async (side) => {
    const td = tr.locator(`td[data-side="${side}"]`);
    return {
      text: (await td.locator("pre").count()) ? await td.locator("pre").textContent() : null,
      marked: await td.locator("mark").allTextContents(),
    };
  };
  return { chromium: await cell("left"), firefox: await cell("right") };
}

test("Compare along browsers: Firefox sends the cookie without SameSite with a late cross-site POST, Chromium keeps it back", async ({ page }) => {
  const crossSite = scenario("https://other.test/launch");
  const problems = await open(page, shareLink(crossSite));
  await page.emulateMedia({ reducedMotion: "reduce", colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openBrowsersCompare(page);
  const compare = page.getByTestId("browsers-compare");
  await expect(compare.locator("thead th").nth(1)).toHaveText("Chromium");
  await expect(compare.locator("thead th").nth(2)).toHaveText("Firefox");

  // The real browsers: Chromium sent nothing, keeping the cookie without SameSite back as Lax;
  // Firefox sent only that cookie.
  const chromiumSaw = recorded("chromium", 1);
  const firefoxSaw = recorded("firefox", 1);
  expect(chromiumSaw.cookie_header).toBeNull();
  expect(chromiumSaw.chromium.cookies_not_sent.find((c) => c.name === "unspec").reasons).toEqual([
    "SchemefulSameSiteUnspecifiedTreatedAsLax",
  ]);
  expect(firefoxSaw.cookie_header).toBe("unspec=1");

  // The page, with Django's session cookie in that place: the engine's trace in each browser,
  // and the page's cells, agree with them byte for byte.
  expect(engineCookie(crossSite, "chromium", 2)).toBeNull();
  const sent = engineCookie(crossSite, "firefox", 2);
  expect(sent).toMatch(/^sessionid=sess\d{28}$/);
  const cookie = await row(page, 2, "Cookie");
  expect(cookie.chromium.text).toBeNull();
  await expect(compare.locator('section[data-step="2"] tr[data-field="Cookie"] td[data-side="left"]')).toHaveText("none");
  expect(cookie.firefox.text).toBe(`Cookie: ${sent}`);
  expect(cookie.firefox.marked).toEqual([`Cookie: ${sent}`]);
  const kept = await row(page, 2, "Kept back: sessionid");
  expect(kept.chromium.text).toContain("no SameSite (treated as Lax) and this is a cross-site POST");
  expect(kept.firefox.text).toBeNull();
  // What the view read then differs too: the cart, or nothing.
  const result = await row(page, 2, "Result");
  expect([result.chromium.text, result.firefox.text]).toEqual(["None", "['book']"]);
  // The first request is alike in both: not a table, and the summary names step 3 only.
  await expect(compare.locator('section[data-step="0"]')).toHaveCount(0);
  await expect(compare.getByTestId("vdiff-summary")).toHaveText(/^Chromium and Firefox differ in \d+ fields at step 3; differing bytes are marked\.$/);
  await expect(compare.locator("section[data-step]")).toHaveCount(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, "compare-browsers-1280-light.png"), fullPage: true });
  expect(problems).toEqual([]);
});

test("Compare along browsers: a POST from the site itself carries the cookie in both, and the mode says they agree", async ({ page }) => {
  const sameSite = scenario("https://site.test/launch");
  const problems = await open(page, shareLink(sameSite));
  await openBrowsersCompare(page);
  expect(engineCookie(sameSite, "chromium", 2)).toBe(engineCookie(sameSite, "firefox", 2));
  await expect(page.getByTestId("browsers-compare").getByTestId("vdiff-summary")).toHaveText(
    "Chromium and Firefox give the same bytes at every step of this scenario.",
  );
  await expect(page.getByTestId("browsers-compare").locator("section[data-step]")).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("Compare along browsers on the Firefox story: only Firefox sends the session cookie with the login POST", async ({ page }) => {
  const problems = await open(page);
  await page.emulateMedia({ reducedMotion: "reduce", colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('button[data-story="firefox-keeps-the-session"]').click();
  await expect(page.locator('[data-testid="story-body"] h3')).toHaveText("Works in Firefox, not in Chrome");
  await openBrowsersCompare(page);
  const cookie = await row(page, 2, "Cookie");
  expect(cookie.chromium.text).toBeNull();
  expect(cookie.firefox.text).toMatch(/^Cookie: sessionid=[a-z0-9]{32}$/);
  expect(cookie.firefox.marked).toEqual([cookie.firefox.text]);
  const kept = await row(page, 2, "Kept back: sessionid");
  expect(kept.chromium.text).toContain("more than 2 minutes old");
  const result = await row(page, 3, "Result");
  expect([result.chromium.text, result.firefox.text]).toEqual(["['1', None]", "['1', ['book']]"]);
  // Chromium's login made a new session beside the cart's, Firefox's cycled the cart's key: the
  // servers differ to the end.
  await expect(page.getByTestId("browsers-compare").getByTestId("vdiff-summary")).toHaveText(
    /^Chromium and Firefox differ in \d+ fields at steps 3, 4, 5, 6, 7 and 8; differing bytes are marked\.$/,
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, "compare-browsers-story-1280-light.png"), fullPage: true });
  expect(problems).toEqual([]);
});
