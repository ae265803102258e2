// End-to-end tests of the page shell keeping what the user has: storage at its quota (the saved
// playground cannot be set aside, so it is not written over until the user decides), two tabs
// editing at once (neither overwrites the other; a reload says what it opens), a link pasted
// into an open tab and Back / Forward (the page opens what the address says, and keeps what it
// replaces), and many playgrounds kept (one banner with a list). Every test fails on a console
// error or an uncaught exception.
const { test, expect } = require("@playwright/test");
const fs = require("node:fs");
const path = require("node:path");
const { SCREENSHOTS, act, open } = require("./support");
const hostile = require("./hostile.js");

const STATE_KEY = "sessionscope.state";
const ASIDE_PREFIX = "sessionscope.aside.";

const notice = (page) => page.locator('[data-testid="notice"]');
const engineShown = (page, engine) =>
  expect(page.locator(`.backend-picker button[data-engine="${engine}"]`)).toHaveAttribute("aria-pressed", "true");

/** Writes `entries` ({key: text}) into the page's storage, then opens `url` afresh. */
async function openWithStored(page, entries, url = "/") {
  await page.goto("/#embed"); // the embedded view never reads or writes the saved state
  await page.evaluate((entries) => {
    for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
  }, entries);
  await page.goto("about:blank");
  return open(page, url);
}

/** Fills the origin's localStorage up to its quota with filler entries; returns how many. */
async function fillStorage(page) {
  return page.evaluate(() => {
    let count = 0;
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      const text = "x".repeat(size);
      for (;;) {
        try {
          localStorage.setItem(`filler.${count}`, text);
          count += 1;
        } catch {
          break;
        }
      }
    }
    return count;
  });
}

/** Every entry of the page's storage but the fillers. */
async function stored(page) {
  return page.evaluate(() =>
    Object.fromEntries(Object.entries(localStorage).filter(([key]) => !key.startsWith("filler.")))
  );
}

/** The keys set aside in `entries`. */
const asideKeys = (entries) => Object.keys(entries).filter((key) => key.startsWith(ASIDE_PREFIX));

/** The steps of the saved playground text `text`. */
const steps = (text) => JSON.parse(text).scenario.steps;

const theirs = (name, engine = "signed_cookies") =>
  hostile.scenario(name, engine, [{ request: { view: "set", data: { cart: [name] } } }]);

test.describe("storage at its quota", () => {
  test("a link over a saved 300-step playground: nothing is written over it until space is freed", async ({ page }) => {
    const saved = hostile.savedState(hostile.growingStore(300));
    // Three big playgrounds kept from earlier visits: what the user can free.
    const pad = "p".repeat(200_000);
    const kept = Object.fromEntries(
      [1, 2, 3].map((n) => [`${ASIDE_PREFIX}${n}`, hostile.savedState(theirs(`kept ${n}`, "db"), { extra: { pad } })])
    );
    await page.goto("/#embed");
    await page.evaluate(([entries]) => {
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    }, [{ [STATE_KEY]: saved, ...kept }]);
    expect(await fillStorage(page)).toBeGreaterThan(0);
    await page.goto("about:blank");
    const problems = await open(page, `/#${hostile.shareFragment(theirs("shared"))}`);
    await engineShown(page, "signed_cookies");
    const held = notice(page).filter({ hasText: "Your playground cannot be set aside" });
    await expect(held).toContainText("Your playground (db, 300 steps) cannot be set aside");
    await expect(held).toContainText("storage for this page is full");
    await expect(held).toContainText("it is not overwritten");
    await expect(notice(page).filter({ hasText: "3 playgrounds are kept in this browser" })).toHaveCount(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "storage-full.png") });

    // A click: the saved playground is still there, byte for byte.
    await act(page, "read-cart");
    await expect(page.locator('[data-testid="scenario-json"]')).toContainText('"get"');
    expect((await stored(page))[STATE_KEY]).toEqual(saved);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      held.locator('button[data-notice-action="Download it"]').click(),
    ]);
    expect(fs.readFileSync(await download.path(), "utf8")).toEqual(saved);

    // The user frees space: the saved playground is set aside at once, then saving goes on.
    await notice(page).filter({ hasText: "playgrounds are kept" }).locator('button[data-notice-action="Discard all"]').click();
    await expect(held).toHaveCount(0);
    const now = notice(page).filter({ hasText: "Another playground is kept in this browser" });
    await expect(now).toContainText("(db, 300 steps)");
    let entries = await stored(page);
    expect(asideKeys(entries).map((key) => entries[key])).toEqual([saved]);
    await act(page, "add-to-cart");
    await expect.poll(async () => steps((await stored(page))[STATE_KEY]).length).toBe(3);
    entries = await stored(page);
    expect(asideKeys(entries).map((key) => entries[key])).toEqual([saved]);
    expect(problems).toEqual([]);
  });

  test("a saved state from a newer version is not written over until the user says replace", async ({ page }) => {
    const newer = hostile.savedState(hostile.growingStore(300), { version: 2 });
    await openWithStored(page, { [STATE_KEY]: newer }, "/#embed");
    await fillStorage(page);
    await page.goto("about:blank");
    const problems = await open(page, "/");
    const held = notice(page).filter({ hasText: "Your playground cannot be set aside" });
    await expect(held).toContainText("written by a newer Sessionscope (format version 2)");
    await expect(held).toContainText("storage for this page is full");
    await act(page, "add-to-cart");
    await act(page, "read-cart");
    expect((await stored(page))[STATE_KEY]).toEqual(newer);
    // The reload reopens this tab's two steps from its address, and still writes nothing.
    await page.reload();
    await expect(notice(page).filter({ hasText: "Your playground cannot be set aside" })).toHaveCount(1);
    await act(page, "add-to-cart");
    expect((await stored(page))[STATE_KEY]).toEqual(newer);

    // The user's word: replace it.
    expect((await stored(page))[STATE_KEY]).toEqual(newer);
    await notice(page).locator('button[data-notice-action="Replace it"]').click();
    await expect(notice(page).filter({ hasText: "cannot be set aside" })).toHaveCount(0);
    const replaced = JSON.parse((await stored(page))[STATE_KEY]);
    expect(replaced.version).toBe(1);
    expect(replaced.scenario.steps.map((step) => step.request?.view)).toEqual(["set", "get", "set"]);
    expect(problems).toEqual([]);
  });
});

test("two tabs editing at once: neither overwrites the other, and a reload says what it opens", async ({ page }) => {
  const one = page;
  const problemsOne = await open(one, "/");
  await act(one, "add-to-cart");
  await expect.poll(async () => (await stored(one))[STATE_KEY]).toBeTruthy();

  const two = await one.context().newPage();
  const problemsTwo = await open(two, "/");
  await expect(notice(two)).toHaveCount(0);
  await act(two, "read-cart");
  // The first tab is told at once, and its playground kept apart.
  const told = notice(one).filter({ hasText: "Another tab saved its playground" });
  await expect(told).toContainText("(db, 2 steps)");
  await expect(told).toContainText("This tab's (db, 1 step) is kept too");
  await one.screenshot({ path: path.join(SCREENSHOTS, "two-tabs.png") });

  await act(one, "add-to-cart");
  await act(two, "delete-cart");
  await expect.poll(async () => asideKeys(await stored(one)).length).toBe(1);
  await expect
    .poll(async () => {
      const entries = await stored(one);
      return [entries[STATE_KEY], entries[asideKeys(entries)[0]]].map((text) => steps(text).length);
    })
    .toEqual([3, 2]);
  const entries = await stored(one);
  expect(steps(entries[STATE_KEY]).map((step) => step.request?.view)).toEqual(["set", "get", "delete"]);
  expect(steps(entries[asideKeys(entries)[0]]).map((step) => step.request?.view)).toEqual(["set", "set"]);
  await expect(told).toHaveCount(1);

  // Reloading the first tab reopens its own playground from where it is kept: not a shared link.
  await one.reload();
  await expect(notice(one).filter({ hasText: "Opened a shared scenario" })).toHaveCount(0);
  await expect(notice(one).first()).toContainText("Reopened a playground kept in this browser");
  await expect(notice(one).first()).toContainText("not a shared link");
  await expect(one.locator('[data-testid="scenario-json"]')).not.toContainText('"get"');
  await act(one, "read-cart");
  await expect.poll(async () => steps((await stored(one))[asideKeys(await stored(one))[0]]).length).toBe(3);
  expect(steps((await stored(one))[STATE_KEY]).length).toBe(3);

  // The second tab reloads its own, and is offered the first's.
  await two.reload();
  await expect(two.locator('[data-testid="scenario-json"]')).toContainText('"delete"');
  await expect(notice(two)).toContainText("Another playground is kept in this browser");
  expect(problemsOne).toEqual([]);
  expect(problemsTwo).toEqual([]);
});

test("a link pasted into an open tab opens, and Back and Forward open what the address says", async ({ page }) => {
  const problems = await open(page, "/");
  await act(page, "add-to-cart");
  await expect(page).toHaveURL(/#v1\./);
  const mine = page.url();

  // Pasted into the address bar: only the fragment changes.
  await page.goto(`/#${hostile.shareFragment(theirs("shared"))}`);
  await engineShown(page, "signed_cookies");
  await expect(notice(page)).toHaveCount(1);
  await expect(notice(page)).toContainText("Opened a shared scenario; your playground is kept");
  await expect(notice(page)).toContainText("(db, 1 step)");
  // The next clicks keep it (and the page's own address updates open nothing again).
  await act(page, "read-cart");
  await act(page, "read-cart");
  await expect(page.locator('[data-testid="scenario-json"]')).toContainText('"shared"');
  await expect(page).not.toHaveURL(mine);
  await expect(notice(page)).toHaveCount(1);
  const shared = page.url();

  // Back: my playground, from where it is kept.
  await page.goBack();
  await expect(page).toHaveURL(mine);
  await engineShown(page, "db");
  await expect(page.locator('[data-testid="scenario-json"]')).not.toContainText('"shared"');
  await expect(notice(page).first()).toContainText("Reopened a playground kept in this browser");
  await act(page, "add-to-cart");
  // Forward: the shared one, as it was left.
  await page.goForward();
  await expect(page).toHaveURL(shared);
  await engineShown(page, "signed_cookies");
  await expect(page.locator('[data-testid="scenario-json"]')).toContainText('"shared"');
  const entries = await stored(page);
  const everything = [STATE_KEY, ...asideKeys(entries)].map((key) => steps(entries[key]).length).sort();
  expect(everything).toEqual([2, 3]);
  // A reload opens the same, without calling it a shared scenario.
  await page.reload();
  await engineShown(page, "signed_cookies");
  await expect(page.locator('[data-testid="scenario-json"]')).toContainText('"shared"');
  await expect(notice(page).filter({ hasText: "Opened a shared scenario" })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("twenty links opened in one tab leave one banner with a list", async ({ page }) => {
  const problems = await open(page, "/");
  await act(page, "add-to-cart");
  for (let n = 1; n <= 20; n += 1) {
    await page.goto(`/#${hostile.shareFragment(theirs(`link ${n}`, n % 2 ? "cache" : "file"))}`);
    await expect(page.locator('[data-testid="scenario-json"]')).toContainText(`"link ${n}"`);
    await act(page, "read-cart");
  }
  await expect(notice(page)).toHaveCount(2); // the last link's, and the summary
  await page.goto("/");
  await expect(page.locator('[data-testid="scenario-json"]')).toContainText('"link 20"');
  await expect(notice(page)).toHaveCount(1);
  const summary = notice(page);
  await expect(summary).toContainText("20 playgrounds are kept in this browser");
  expect((await summary.boundingBox()).height).toBeLessThan(200);
  await summary.locator("summary").click();
  const lines = summary.locator('[data-testid="kept"]');
  await expect(lines).toHaveCount(20);
  await expect(lines.first()).toContainText("db, 1 step");
  await page.screenshot({ path: path.join(SCREENSHOTS, "kept-list.png") });

  // Each line: discard, download, switch to.
  await lines.nth(1).locator('button[data-notice-action="Discard it"]').click();
  await expect(lines).toHaveCount(19);
  await expect(summary).toContainText("19 playgrounds are kept in this browser");
  expect(asideKeys(await stored(page))).toHaveLength(19);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    lines.nth(1).locator('button[data-notice-action="Download it"]').click(),
  ]);
  expect(JSON.parse(fs.readFileSync(await download.path(), "utf8")).scenario.name).toBe("link 2");
  await lines.first().locator('button[data-notice-action="Switch to it"]').click();
  await engineShown(page, "db");
  await expect(notice(page).first()).toContainText("Switched playgrounds");

  // Discard all: everything kept goes, the playground on the page stays.
  await page.reload();
  await expect(notice(page)).toContainText("19 playgrounds are kept in this browser");
  await notice(page).locator('button[data-notice-action="Discard all"]').click();
  await expect(notice(page)).toHaveCount(0);
  const entries = await stored(page);
  expect(asideKeys(entries)).toEqual([]);
  expect(JSON.parse(entries[STATE_KEY]).scenario.steps.length).toBe(1);
  await page.reload();
  await expect(notice(page)).toHaveCount(0);
  expect(problems).toEqual([]);
});
