// End-to-end tests of hostile and careless input: input that froze or crashed the page (a scenario of 10,000
// steps in a link or in the saved state, 100,000 trivial steps, a million integers of session
// data, a signed cookie that inflates to megabytes) is refused before it runs, with a banner
// naming the limit; nothing the user had is lost (unreadable saved states, the playground a
// link replaces, unknown fields); fields say what is wrong with what they refuse; a long
// re-run says it is running. Every test fails on a console error or an uncaught exception.
const { test, expect } = require("@playwright/test");
const { SCREENSHOTS, act, open } = require("./support");
const fs = require("node:fs");
const path = require("node:path");
const hostile = require("./hostile.js");

const STATE_KEY = "sessionscope.state";
// How these tests open the page: failed requests are not counted as problems.
const QUIET = { failedRequests: false };

/** The page still works: a click adds a request and its Set-Cookie shows. */
async function expectUsable(page) {
  await act(page, "add-to-cart");
  await expect(page.locator('[data-testid="set-cookie"]').first()).toContainText("Set-Cookie: sessionid=");
}

/** Writes `text` as the saved playground, then opens the page. */
async function openWithSaved(page, text, url = "/") {
  await page.goto("/#embed"); // the embedded view never reads or writes the saved state
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STATE_KEY, text]);
  return open(page, url, QUIET);
}

const notice = (page) => page.locator('[data-testid="notice"]');

test.describe("input that broke the page is refused before it runs, naming the limit", () => {
  test("a link to 10,000 steps (the store growing all along)", async ({ page }) => {
    const problems = await open(page, `/#${hostile.shareFragment(hostile.growingStore(10_000))}`, QUIET);
    await expect(notice(page)).toHaveCount(1);
    await expect(notice(page)).toContainText("This link could not be opened");
    await expect(notice(page)).toContainText("The scenario has 10,000 steps, and this page runs at most 500 steps");
    await page.screenshot({ path: path.join(SCREENSHOTS, "limit-steps-link.png") });
    await expectUsable(page);
    expect(problems).toEqual([]);
  });

  test("the same scenario saved in this browser", async ({ page }) => {
    const saved = hostile.savedState(hostile.growingStore(10_000));
    const problems = await openWithSaved(page, saved);
    await expect(notice(page).first()).toContainText("Your saved playground could not be opened");
    await expect(notice(page).first()).toContainText("at most 500 steps");
    await expect(notice(page).first()).toContainText("Nothing is deleted");
    await expectUsable(page);
    // Set aside, byte for byte, not deleted.
    const aside = await page.evaluate(() => localStorage.getItem("sessionscope.aside.1"));
    expect(aside).toEqual(saved);
    expect(problems).toEqual([]);
  });

  test("a link to 100,000 trivial steps", async ({ page }) => {
    const problems = await open(page, `/#${hostile.shareFragment(hostile.trivialSteps(100_000))}`, QUIET);
    // 1.4 MB of JSON: over the one inflate limit of the page before its steps are even counted.
    await expect(notice(page)).toContainText(/The link's data inflates to more than [\d.]+ [KM]iB, the most this page reads/);
    await expectUsable(page);
    expect(problems).toEqual([]);
  });

  test("a link whose session holds a million integers", async ({ page }) => {
    // 2 MB of JSON in a 2.8 KB link: over the one inflate limit of the page.
    const problems = await open(page, `/#${hostile.shareFragment(hostile.bigSessionData(1_000_000))}`, QUIET);
    await expect(notice(page)).toContainText(/The link's data inflates to more than [\d.]+ [KM]iB, the most this page reads/);
    await expectUsable(page);
    // A hundred thousand fit in the document, not in a step.
    await page.goto(`/#${hostile.shareFragment(hostile.bigSessionData(100_000))}`);
    await page.reload();
    await expect(notice(page)).toContainText("Step 1 carries 195.3 KiB of data, and this page takes at most 16 KiB per step");
    await expectUsable(page);
    expect(problems).toEqual([]);
  });

  const inflating = {
    4: "By step 1 a session holds more than 16 KiB of data, and this page takes at most 16 KiB per session",
    // The cookie text itself is over the data a step may carry.
    16: "Step 1 carries 20.3 KiB of data, and this page takes at most 16 KiB per step",
  };
  for (const [megabytes, message] of Object.entries(inflating)) {
    test(`a link with its SECRET_KEY and a signed cookie inflating to ${megabytes} MB`, async ({ page }) => {
      const link = hostile.shareFragment(hostile.inflatingCookie(megabytes * 1_000_000));
      expect(link.length).toBeLessThan(1000);
      const problems = await open(page, `/#${link}`, QUIET);
      await expect(notice(page)).toContainText(message);
      await expectUsable(page);
      expect(problems).toEqual([]);
    });
  }

  test("a scenario at the limits opens, and a step past them is refused with a banner", async ({ page }) => {
    const problems = await open(page, `/#${hostile.shareFragment(hostile.growingStore(499))}`, QUIET);
    await expect(notice(page)).toHaveCount(0);
    await expect(page.locator('[data-testid="store"] tr').nth(200)).toBeAttached();
    await act(page, "add-to-cart");
    await expect(page.locator('[data-testid="rerun-progress"]')).toBeEmpty();
    await act(page, "read-cart");
    await expect(notice(page)).toContainText("This step was not added");
    await expect(notice(page)).toContainText("the scenario has 501 steps, and this page runs at most 500 steps");
    await page.screenshot({ path: path.join(SCREENSHOTS, "limit-step-refused.png") });
    expect(problems).toEqual([]);
  });

  test("a long re-run says it is running, then shows the new result", async ({ page }) => {
    const problems = await open(page, `/#${hostile.shareFragment(hostile.growingStore(400))}`, QUIET);
    const progress = page.locator('[data-testid="rerun-progress"]');
    await page.evaluate(() => {
      window.__progress = [];
      const target = document.querySelector('[data-testid="rerun-progress"]');
      new MutationObserver(() => window.__progress.push(target.textContent)).observe(target, {
        childList: true,
        subtree: true,
        characterData: true,
      });
    });
    await page.locator('.backend-picker button[data-engine="file"]').click();
    await expect(page.locator('.backend-picker button[data-engine="file"]')).toHaveAttribute("aria-pressed", "true");
    await expect(progress).toBeEmpty();
    expect(await page.evaluate(() => window.__progress)).toContain("Re-running 400 steps…");
    await expect(page.locator('[data-testid="store"]')).toContainText("sessionid");
    expect(problems).toEqual([]);
  });
});

test.describe("nothing the user had is lost", () => {
  test("a state saved by a newer version is kept aside, offered for download, discarded only on request", async ({ page }) => {
    const newer = hostile.savedState(hostile.growingStore(4), { version: 2 });
    const problems = await openWithSaved(page, newer);
    const banner = notice(page).first();
    await expect(banner).toContainText("written by a newer Sessionscope (format version 2)");
    await expect(banner).toContainText("Nothing is deleted");
    await page.screenshot({ path: path.join(SCREENSHOTS, "saved-newer-version.png") });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      banner.locator('button[data-notice-action="Download it"]').click(),
    ]);
    expect(fs.readFileSync(await download.path(), "utf8")).toEqual(newer);

    // A change saves the new playground; the old state stays aside, and is offered again.
    await act(page, "add-to-cart");
    await page.reload();
    const again = notice(page).first();
    await expect(again).toContainText("A saved playground this page cannot open is kept");
    expect(await page.evaluate(() => localStorage.getItem("sessionscope.aside.1"))).toEqual(newer);
    await again.locator('button[data-notice-action="Discard it"]').click();
    expect(await page.evaluate(() => localStorage.getItem("sessionscope.aside.1"))).toBeNull();
    await page.reload();
    await expect(notice(page)).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test("opening a link sets the saved playground aside, and the user can switch back", async ({ page }) => {
    const mine = hostile.scenario("mine", "file", [
      { request: { view: "set", data: { cart: ["mine"] } } },
      { advance: 60 },
    ]);
    const problems = await openWithSaved(page, hostile.savedState(mine));
    await expect(page.locator('.backend-picker button[data-engine="file"]')).toHaveAttribute("aria-pressed", "true");

    const theirs = hostile.scenario("theirs", "signed_cookies", [{ request: { view: "set", data: { cart: ["theirs"] } } }]);
    await page.goto(`/#${hostile.shareFragment(theirs)}`);
    await page.reload();
    await expect(page.locator('.backend-picker button[data-engine="signed_cookies"]')).toHaveAttribute("aria-pressed", "true");
    const banner = notice(page).first();
    await expect(banner).toContainText("Opened a shared scenario; your playground is kept");
    await expect(banner).toContainText("(file, 2 steps)");
    await page.screenshot({ path: path.join(SCREENSHOTS, "link-over-saved.png") });
    // The first change saves the link's scenario as the playground: mine is still there.
    await act(page, "read-cart");
    await page.goto("/");
    await expect(page.locator('.backend-picker button[data-engine="signed_cookies"]')).toHaveAttribute("aria-pressed", "true");
    const kept = notice(page).first();
    await expect(kept).toContainText("Another playground is kept in this browser");
    await kept.locator('button[data-notice-action="Switch to it"]').click();
    await expect(page.locator('.backend-picker button[data-engine="file"]')).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator('[data-testid="scenario-json"]')).toContainText('"mine"');
    await expect(notice(page).first()).toContainText("Switched playgrounds");
    // And back: the shared one (with the step added to it) took mine's place aside.
    await notice(page).first().locator('button[data-notice-action="Switch to it"]').click();
    await expect(page.locator('.backend-picker button[data-engine="signed_cookies"]')).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator('[data-testid="scenario-json"]')).toContainText('"theirs"');
    await expect(page.locator('[data-testid="scenario-json"]')).toContainText('"get"');
    expect(problems).toEqual([]);
  });

  test("fields the page does not know survive the next save", async ({ page }) => {
    const text = hostile.savedState(hostile.scenario("mine", "db", [], { notes: ["from a newer version"] }), {
      extra: { theme: { accent: "teal" } },
    });
    const problems = await openWithSaved(page, text);
    await expect(notice(page)).toHaveCount(0);
    await act(page, "add-to-cart");
    await expect(page.locator('[data-testid="set-cookie"]').first()).toBeVisible();
    const saved = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STATE_KEY));
    expect(saved.theme).toEqual({ accent: "teal" });
    expect(saved.scenario.notes).toEqual(["from a newer version"]);
    expect(saved.scenario.steps.length).toBe(1);
    expect(problems).toEqual([]);
  });
});

test.describe("fields say what is wrong with what they refuse", () => {
  test("SESSION_COOKIE_AGE", async ({ page }) => {
    const problems = await open(page, "/", QUIET);
    await act(page, "add-to-cart");
    await page.locator("#tab-settings").click();
    const age = page.locator('input[name="SESSION_COOKIE_AGE"]');
    const problem = page.locator('[data-testid="cookie-age-problem"]');
    const setCookie = page.locator('[data-testid="set-cookie"]').first();
    const expectations = [
      ["1e308", "OverflowError"],
      ["99999999999999999999", "OverflowError"],
      ["abc", "TypeError: unsupported operand type(s) for +: 'float' and 'str'"],
      ["1.5", "Django would accept it (Max-Age=1"],
    ];
    for (const [value, django] of expectations) {
      await age.fill(value);
      await age.press("Enter");
      await expect(problem).toBeVisible();
      await expect(problem).toContainText(django);
      await expect(problem).toContainText("SESSION_COOKIE_AGE stays 1209600");
      await expect(age).toHaveAttribute("aria-invalid", "true");
      await expect(setCookie).toContainText("Max-Age=1209600");
    }
    await page.locator('[data-testid="settings-py"]').scrollIntoViewIfNeeded();
    await page.locator(".settings-grid").screenshot({ path: path.join(SCREENSHOTS, "field-cookie-age.png") });
    await age.fill("3600");
    await age.press("Enter");
    await expect(problem).toBeHidden();
    await expect(setCookie).toContainText("Max-Age=3600");
    expect(problems).toEqual([]);
  });

  test("set_expiry and the clock", async ({ page }) => {
    const problems = await open(page, "/", QUIET);
    const expiry = page.locator("#custom-expiry");
    if (!(await expiry.isVisible())) {
      const panel = page.locator('[role="tabpanel"]', { has: expiry });
      await page.locator(`#${await panel.getAttribute("aria-labelledby")}`).click();
    }
    await expiry.fill("abc");
    await page.locator('button[data-action="expiry-custom"]').click();
    const expiryProblem = page.locator('[data-testid="custom-expiry-problem"]');
    await expect(expiryProblem).toContainText("ValueError: Invalid isoformat string");
    await expect(page.locator('[data-testid="set-cookie"]')).toHaveCount(0);
    // A number Django stores even though no date can hold it: the engine answers as Django does.
    await expiry.fill("99999999999999999999");
    await page.locator('button[data-action="expiry-custom"]').click();
    await expect(expiryProblem).toBeHidden();
    await expect(page.locator('[data-testid="response-status"]')).toContainText("500");

    const clock = page.locator('[data-testid="clock"]');
    await page.locator("#tab-world").click(); // the clock's tab loads its code when opened
    const before = await clock.textContent();
    const advance = page.locator("#custom-advance");
    if (!(await advance.isVisible())) {
      const panel = page.locator('[role="tabpanel"]', { has: advance });
      await page.locator(`#${await panel.getAttribute("aria-labelledby")}`).click();
    }
    const advanceProblem = page.locator('[data-testid="custom-advance-problem"]');
    for (const [value, message] of [["-5", "does not move the clock forward"], ["NaN", "NaN is not a number"], ["1e300", "9999-12-31"]]) {
      await advance.fill(value);
      await page.locator('button[data-action="advance-custom"]').click();
      await expect(advanceProblem).toContainText(message);
      await expect(clock).toHaveText(before);
    }
    await advance.fill("90");
    await page.locator('button[data-action="advance-custom"]').click();
    await expect(advanceProblem).toBeHidden();
    await expect(clock).not.toHaveText(before);
    expect(problems).toEqual([]);
  });
});
