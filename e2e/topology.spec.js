// End-to-end tests of requests in flight at once (the shared topology data).
//
// - Each topology story is a shared scenario (STORIES): on every engine it is told on, at each
//   step the page shows the jar, the stored rows and the Set-Cookie lines real Django produced
//   (traces/<scenario>__<engine>), and the instance that served the request.
// - On its concurrent step the stage draws both requests on the wire at once, each tagged with
//   its tab, lists the phases in order (the last save marked) and points at the lost value.
const { test, expect } = require("@playwright/test");
const { ROOT, SCREENSHOTS, inspectors, loadPartsBelow, shareLink, watchProblems } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

const TOPOLOGY = path.join(ROOT, "engine/tests/conformance/topology");

function scenarioOf(name) {
  return JSON.parse(fs.readFileSync(path.join(TOPOLOGY, "scenarios", `${name}.json`), "utf8"));
}

function traceOf(name) {
  return JSON.parse(fs.readFileSync(path.join(TOPOLOGY, "traces", `${name}.json`), "utf8"));
}

const stepButtons = (page) => page.locator('nav[aria-label="Steps"] button');

// Every topology story, the shared scenario it tells and the engines it is told on.
const STORIES = [
  { id: "lost-cart-two-tabs", scenario: "lost_update_two_tabs", engines: ["db", "cache", "cached_db", "file", "signed_cookies"] },
  { id: "logout-while-other-tab-saves", scenario: "logout_while_other_tab_saves", engines: ["db", "cache", "cached_db", "file", "signed_cookies"] },
  { id: "locmem-per-worker", scenario: "per_worker_locmem", engines: ["cache", "cached_db"] },
  { id: "random-secret-per-pod", scenario: "random_secret_per_pod", engines: ["db", "cache", "cached_db", "signed_cookies"] },
  { id: "secret-rotation-one-phase", scenario: "secret_rotation_one_phase", engines: ["db", "signed_cookies"] },
  { id: "secret-rotation-two-phase", scenario: "secret_rotation_two_phase", engines: ["db", "signed_cookies"] },
  { id: "file-unshared-disks", scenario: "file_unshared_disks", engines: ["file"] },
];

async function openStory(page, engine, id = "lost-cart-two-tabs") {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await page.locator(`button[data-story="${id}"]`).click();
  // A story told on one engine has no engine buttons: it opens on that engine.
  await page.locator('[data-testid="story-body"] h3').waitFor();
  const engines = page.locator(`.story-engines button:has-text("${engine}")`);
  if ((await engines.count()) > 0) await engines.first().click();
  await expect(page.locator(`.backend-picker button[data-engine="${engine}"]`)).toHaveAttribute("aria-pressed", "true");
  await loadPartsBelow(page);
}

for (const story of STORIES) {
  for (const engine of story.engines) {
    test(`${story.id} on ${engine} shows real Django's bytes and the serving instance at every step`, async ({ page }) => {
      const problems = watchProblems(page, { failedRequests: false });
      await openStory(page, engine, story.id);
      const trace = traceOf(`${story.scenario}__${engine}`);
      await expect(stepButtons(page)).toHaveCount(trace.steps.length);
      for (const traced of trace.steps) {
        await stepButtons(page).nth(traced.i).click();
        await expect(stepButtons(page).nth(traced.i)).toHaveAttribute("aria-current", "step");
        // (The jar inspector names the last step that changed or sent the jar; the response
        // inspector, the request's own step.)
        if (traced.request) await expect(page.locator('[data-testid="response"]')).toHaveAttribute("data-step", String(traced.i));
        const shown = await inspectors(page);
        const jar = Object.entries(traced.jars).flatMap(([browser, cookies]) =>
          cookies.map((c) => ({ browser, name: c.name, value: c.value })),
        );
        expect(shown.cookies.map(({ browser, name, value }) => ({ browser, name, value })), `step ${traced.i}: jar`).toEqual(jar);
        if (traced.store.db) {
          expect(
            shown.db.map((r) => ({ key: r.key, data: r.cells[1] })),
            `step ${traced.i}: django_session rows`,
          ).toEqual(traced.store.db.map((r) => ({ key: r.session_key, data: r.session_data })));
        }
        if (traced.response) {
          expect(shown.setCookies, `step ${traced.i}: Set-Cookie`).toEqual(traced.response.set_cookie.map((c) => c.header));
        }
        // A request served by one of several instances names it on the stage.
        const instance = traced.request && traced.request.instance;
        // (A scenario without instances runs as its one default instance, "web", left unnamed.)
        if (instance && instance !== "web") {
          await expect(page.locator('[data-testid="stage-instance"]'), `step ${traced.i}: instance`).toHaveText(` · ${instance}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
}

test("two envelopes travel at once, tagged with their tabs, and the lost value is pointed at", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await openStory(page, "db");
  const trace = traceOf("lost_update_two_tabs__db");
  const race = trace.steps[1];
  await stepButtons(page).nth(1).click();
  const phases = page.locator('[data-testid="in-flight-phases"] li');
  await expect(phases).toHaveCount(race.phases.length);
  expect(await phases.evaluateAll((items) => items.map((li) => li.dataset.phase))).toEqual(race.phases.map((p) => p.phase));
  await expect(page.locator('[data-phase="B:respond"]')).toHaveClass(/saved-last/);
  // The stored cart after B's save is the one real Django kept: A's "mug" is not in it.
  const stored = race.phases[race.phases.length - 1].store.db[0].data.cart;
  expect(stored).not.toContain("mug");
  await expect(page.locator('[data-testid="lost-value"]')).toContainText('A saved "mug" in cart');
  // A step opens at its last event (B's response); step back to B's send: A waits at Django,
  // B is on its way, both requests in flight at once.
  const back = page.locator('button[title="Step back (←)"]');
  const current = page.locator(".in-flight-phases .current");
  for (let i = 0; i < 40 && (await current.getAttribute("data-phase")) !== "B:send"; i++) await back.click();
  await expect(current).toHaveAttribute("data-phase", "B:send");
  const envelopes = page.locator('[data-testid="in-flight-envelope"]');
  await expect(envelopes).toHaveCount(2);
  await expect(envelopes.nth(0)).toContainText("A · tab main");
  await expect(envelopes.nth(1)).toContainText("B · tab main");
  await expect(page.locator(".flight.parked")).toHaveAttribute("style", /--to: 50\.0%/);
  await expect(page.locator(".flight.travel")).toHaveAttribute("style", /--from: 16\.7%; --to: 50\.0%/);
  await page.locator('[data-testid="stage"]').screenshot({ path: path.join(SCREENSHOTS, "topology-two-envelopes.png") });
  expect(problems).toEqual([]);
});

// A link, a saved playground and a new address with instances or concurrent steps are read by
// the topology code the page loads on demand: the page loads it first, then reads them.
async function expectTraceShown(page, name, added = 0) {
  const trace = traceOf(name);
  await expect(stepButtons(page)).toHaveCount(trace.steps.length + added);
  const last = trace.steps[trace.steps.length - 1];
  await stepButtons(page).nth(last.i).click();
  await expect(page.locator('[data-testid="jar"]')).toHaveAttribute("data-step", String(last.i));
  const shown = await inspectors(page);
  const jar = Object.entries(last.jars).flatMap(([browser, cookies]) => cookies.map((c) => ({ browser, name: c.name, value: c.value })));
  expect(shown.cookies.map(({ browser, name, value }) => ({ browser, name, value }))).toEqual(jar);
}

test("a share link with several instances opens at once, saved, and again after a reload", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(shareLink(scenarioOf("random_secret_per_pod__db")));
  await loadPartsBelow(page);
  await expectTraceShown(page, "random_secret_per_pod__db");
  await expect(page.locator('[data-testid="notice"]')).toHaveCount(0);
  // One more request is saved with the rest; the saved playground has instances too, and a
  // reload reads it after the code has loaded.
  await page.locator('button[data-action="read-cart"]').click();
  await expect(stepButtons(page)).toHaveCount(traceOf("random_secret_per_pod__db").steps.length + 1);
  await page.goto("/");
  await loadPartsBelow(page);
  await expectTraceShown(page, "random_secret_per_pod__db", 1);
  await expect(page.locator('[data-testid="stage-instance"]')).toHaveText(" · web1");
  await expect(page.locator('[data-testid="notice"]')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("a new address with concurrent steps opens in a page that never loaded their code", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await loadPartsBelow(page);
  const link = shareLink(scenarioOf("logout_while_other_tab_saves__cached_db"));
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, link.slice(link.indexOf("#")));
  await expectTraceShown(page, "logout_while_other_tab_saves__cached_db");
  expect(problems).toEqual([]);
});

// "The world" builds the same worlds by hand: two tabs adding to the cart at once, then two
// instances, each with its own LocMemCache, behind a round-robin balancer.
test("the two-tabs action loses an item and the servers panel puts two workers behind the balancer", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await loadPartsBelow(page);
  await page.locator('.backend-picker button[data-engine="cache"]').click();
  await page.locator('button[data-action="add-to-cart"]').click();
  // Two tabs at once: both load the cart before either saves, so A's "mug" is lost.
  await page.locator("#tab-world").click();
  await page.locator('button[data-action="two-tabs-at-once"]').click();
  await expect(page.locator('[data-testid="in-flight-phases"] li')).toHaveCount(6);
  await expect(page.locator('[data-testid="lost-value"]')).toContainText('A saved "mug" in cart');
  await page.locator('[data-testid="stage"]').screenshot({ path: path.join(SCREENSHOTS, "servers-two-tabs.png") });
  // Two workers, each with its own LocMemCache, round robin: the cart is saved on web1 and the
  // next request goes to web2.
  const choose = async (choice) => {
    await page.locator(`button[data-choice="${choice}"]`).click();
    await expect(page.locator(`button[data-choice="${choice}"]`)).toHaveAttribute("aria-pressed", "true");
  };
  await expect(page.locator('button[data-choice="cache:LocMemCache per process"]')).toBeDisabled();
  await choose("instances:2: web1, web2");
  await choose("cache:LocMemCache per process");
  await expect(page.locator('[data-testid="servers-note"]')).toContainText("LocMemCache");
  await page.locator('[data-testid="servers-choice"]').screenshot({ path: path.join(SCREENSHOTS, "servers-panel.png") });
  await stepButtons(page).nth(0).click();
  await expect(page.locator('[data-testid="stage-instance"]')).toHaveText(" · web1");
  await page.locator("#tab-requests").click();
  await page.locator('button[data-action="read-cart"]').click();
  // (Round robin at each send: the cart's request web1, the tabs web2 and web1, this one web2.)
  await expect(page.locator('[data-testid="stage-instance"]')).toHaveText(" · web2");
  const written = JSON.parse(await page.locator('[data-testid="scenario-json"]').textContent());
  expect(written.instances).toEqual({ web1: { cache: "own" }, web2: { cache: "own" } });
  expect(problems).toEqual([]);
});

// Compare runs the same interleaving on every engine (all five, its default) and says what
// each race lost, and where.
test("Compare says, per engine, what the same two-tabs races lose: the store's item, or the jar's for signed cookies", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(shareLink(scenarioOf("lost_update_two_tabs__db")));
  await loadPartsBelow(page);
  await page.locator('button[data-page="compare"]').click();
  const races = page.locator('[data-testid="compare-races"]');
  await expect(races).toBeVisible();
  const cell = (row, engine) => races.locator("tbody tr").nth(row).locator(`td[data-engine="${engine}"]`);
  await expect(races.locator("tbody tr")).toHaveCount(2);
  for (const engine of ["db", "cache", "cached_db", "file"]) {
    // Race 1: both views load before either saves; real Django's store keeps B's cart.
    const stored = traceOf(`lost_update_two_tabs__${engine}`).steps[2].response.result;
    expect(stored).not.toContain("mug");
    await expect(cell(0, engine)).toHaveText(`lost: A's "mug" in cart, in the store`);
    await expect(cell(1, engine)).toHaveText("nothing lost");
  }
  // Signed cookies: the jar keeps the last cookie, in both races (real Django's final carts).
  const signed = traceOf("lost_update_two_tabs__signed_cookies");
  expect(signed.steps[4].response.result).not.toContain("lamp");
  await expect(cell(0, "signed_cookies")).toHaveText(`lost: A's "mug" in cart, in the browser's jar`);
  await expect(cell(1, "signed_cookies")).toHaveText(`lost: A's "lamp" in cart, in the browser's jar`);
  await page.locator(".compare-races").screenshot({ path: path.join(SCREENSHOTS, "compare-races.png") });
  expect(problems).toEqual([]);
});
