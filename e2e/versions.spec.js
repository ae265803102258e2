// End-to-end tests of the Django version switch (4.2 LTS, 5.2 LTS, 6.0, 6.1).
//
// - Shared versions scenarios (engine/tests/conformance/versions/scenarios/*.json, read at test
//   time) are opened through a share link naming each version, and at every step the page must
//   show the status, Vary, Set-Cookie lines, jar and stored bytes that real Django of that
//   version produced (traces/django-X.Y/).
// - The switch: new playgrounds run 6.1; a document naming no version runs 5.2; flipping the
//   switch changes the header and the bytes, and the address keeps the choice; an embed's
//   `django=` runs the embedded scenario on that version.
const { test, expect } = require("@playwright/test");
const { ROOT, inspectors, loadPartsBelow, open, shareLink, showAction, watchProblems } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

const VERSIONS_DATA = path.join(ROOT, "engine/tests/conformance/versions");
const VERSIONS = ["4.2", "5.2", "6.0", "6.1"];

/** Scenarios whose bytes differ between versions, and one that differs in none. */
const SCENARIOS = [
  "v_save_every_request_vary__db",
  "v_pickle_serializer__db",
  "v_pickle_serializer__signed_cookies",
  "v_async_api__cache",
  "v_session_bool__db",
  "cart_basic__file",
];

function scenarioOf(name) {
  return JSON.parse(fs.readFileSync(path.join(VERSIONS_DATA, "scenarios", `${name}.json`), "utf8"));
}

function traceOf(version, name) {
  return JSON.parse(fs.readFileSync(path.join(VERSIONS_DATA, "traces", `django-${version}`, `${name}.json`), "utf8"));
}

/** Checks the page after step `traced.i` against the trace step of real Django. */
function expectStep(page, traced, where) {
  const i = String(traced.i);
  expect(page.jarStep, `${where}: the jar shows step ${i}`).toBe(i);
  const jar = Object.entries(traced.jars).flatMap(([browser, cookies]) =>
    cookies.map((c) => ({ browser, name: c.name, value: c.value })),
  );
  expect(
    page.cookies.map(({ browser, name, value }) => ({ browser, name, value })),
    `${where}: jar`,
  ).toEqual(jar);
  if (traced.response) {
    const response = traced.response;
    expect(page.responseStep, `${where}: the response shown is this step's`).toBe(i);
    const lines = page.status.split("\n");
    expect(lines[0].startsWith(`HTTP/1.1 ${response.status}`), `${where}: ${page.status}`).toBe(true);
    expect(lines.slice(1), `${where}: Vary`).toEqual(response.vary ? [`Vary: ${response.vary}`] : []);
    expect(page.setCookies, `${where}: Set-Cookie`).toEqual(response.set_cookie.map((c) => c.header));
    if (response.exception) expect(page.exception, `${where}: exception`).toMatch(new RegExp(`^${response.exception}`));
  }
  const store = traced.store;
  if (store.db) {
    expect(
      page.db.map((r) => ({ key: r.key, data: r.cells[1] })),
      `${where}: django_session rows`,
    ).toEqual(store.db.map((r) => ({ key: r.session_key, data: r.session_data })));
  }
  if (store.cache) {
    const live = store.cache.filter((e) => e.expires_at === null || e.expires_at > traced.now);
    expect(page.cache.map((e) => e.key), `${where}: LocMemCache keys`).toEqual(
      expect.arrayContaining(live.map((e) => e.key)),
    );
  }
  if (store.files) {
    expect(
      page.files.map((f) => ({ name: f.key, content: f.cells[1] })),
      `${where}: session files`,
    ).toEqual(store.files.map((f) => ({ name: f.name, content: f.content })));
  }
}

const stepButtons = (page) => page.locator('nav[aria-label="Steps"] button');

for (const version of VERSIONS) {
  test(`Django ${version}: share links of the versions scenarios show that version's bytes`, async ({ page }) => {
    test.setTimeout(5 * 60_000);
    const problems = watchProblems(page, { failedRequests: false });
    await page.emulateMedia({ reducedMotion: "reduce" });
    for (const name of SCENARIOS) {
      const scenario = { ...scenarioOf(name), django: version };
      const trace = traceOf(version, name);
      await page.goto("about:blank");
      await page.goto(shareLink(scenario));
      await loadPartsBelow(page);
      await expect(page.locator(`.version-switch button[data-django="${version}"]`)).toHaveAttribute("aria-pressed", "true");
      await expect(page.getByTestId("django-runs")).toContainText(`Django ${version}'s`);
      await expect(stepButtons(page)).toHaveCount(trace.steps.length);
      for (const traced of trace.steps) {
        await stepButtons(page).nth(traced.i).click();
        await expect(page.locator('[data-testid="jar"]')).toHaveAttribute("data-step", String(traced.i));
        expectStep(await inspectors(page), traced, `${version} ${name} step ${traced.i}`);
      }
    }
    expect(problems).toEqual([]);
  });
}

test("a new playground runs Django 6.1; a link naming no version runs 5.2", async ({ page }) => {
  const problems = await open(page, "/");
  await expect(page.getByTestId("django-runs")).toHaveText(/^Django 6\.1's session engines/);
  await expect(page.locator('.version-switch button[aria-pressed="true"]')).toHaveText("6.1");
  const old = scenarioOf("v_save_every_request_vary__db");
  await page.goto(shareLink(old));
  await expect(page.locator('.version-switch button[aria-pressed="true"]')).toHaveText("5.2 LTS");
  await expect(page.getByTestId("django-runs")).toHaveText(/^Django 5\.2's session engines/);
  expect(problems).toEqual([]);
});

test("flipping the switch changes the header and the bytes, and the address keeps it", async ({ page }) => {
  const problems = await open(page, shareLink(scenarioOf("v_save_every_request_vary__db")));
  const status = page.getByTestId("response-status");
  // The request that never touches the session, under SESSION_SAVE_EVERY_REQUEST.
  await stepButtons(page).nth(2).click();
  await expect(status).toHaveText(/\nVary: Cookie$/);
  await page.locator('.version-switch button[data-django="4.2"]').click();
  await expect(page.getByTestId("django-runs")).toHaveText(/^Django 4\.2's session engines/);
  await expect(page.locator('.version-switch button[data-django="4.2"]')).toHaveAttribute("aria-pressed", "true");
  await stepButtons(page).nth(2).click();
  await expect(status).toHaveText(/^HTTP\/1\.1 200/);
  await expect(status).not.toContainText("Vary");
  // The address now carries a scenario naming 4.2: opening it again runs 4.2.
  await expect(page).toHaveURL(/#v1\./);
  const address = page.url();
  await page.goto("about:blank");
  await page.goto(address);
  await expect(page.locator('.version-switch button[data-django="4.2"]')).toHaveAttribute("aria-pressed", "true");
  await stepButtons(page).nth(2).click();
  await expect(status).not.toContainText("Vary");
  await page.locator('.version-switch button[data-django="6.1"]').click();
  await stepButtons(page).nth(2).click();
  await expect(status).toHaveText(/\nVary: Cookie$/);
  expect(problems).toEqual([]);
});

test("an embed's django= parameter runs the shared scenario on that version", async ({ page }) => {
  const link = shareLink(scenarioOf("v_save_every_request_vary__db"));
  const problems = await open(page, `/?embed=1&django=4.2${link.slice(1)}`);
  const full = await page.getByTestId("open-full").getAttribute("href");
  await page.goto("about:blank");
  await page.goto(full);
  await expect(page.locator('.version-switch button[data-django="4.2"]')).toHaveAttribute("aria-pressed", "true");
  await stepButtons(page).nth(2).click();
  await expect(page.getByTestId("response-status")).toHaveText(/^HTTP\/1\.1 200/);
  await expect(page.getByTestId("response-status")).not.toContainText("Vary");
  expect(problems).toEqual([]);
});

test("the async buttons show the awaited Python and run where the version has the async API", async ({ page }) => {
  const problems = await open(page, "/");
  const aset = await showAction(page, "aset");
  await expect(aset).toBeEnabled();
  await expect(aset.locator("code")).toHaveText('await request.session.aset("theme", "dark")');
  await aset.click();
  await expect(page.getByTestId("response-status")).toHaveText(/^HTTP\/1\.1 200/);
  await expect(page.getByTestId("set-cookie")).toHaveCount(1);
  await page.locator('.version-switch button[data-django="4.2"]').click();
  await expect(aset).toBeDisabled();
  await expect(aset.locator("code")).toContainText("new in Django 5.1");
  expect(problems).toEqual([]);
});
