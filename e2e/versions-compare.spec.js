// End-to-end tests of what the Django versions tell side by side:
//
// - Compare along Django versions: a SESSION_SAVE_EVERY_REQUEST scenario (shared versions
//   data, opened through a share link on 6.1) shows Django 4.2 against 6.1, and the rows that
//   differ are the Vary headers, with the bytes of real Django's traces and the differing
//   characters marked; the rows both share (Set-Cookie) are listed as alike.
// - The five stories told on versions open, with their key claims on the page, on the version
//   each opens on; the Vary story's captions follow the header's switch to 6.1.
// Screenshots go to e2e/screenshots/.
const { test, expect } = require("@playwright/test");
const { ROOT, SCREENSHOTS, open, shareLink } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

const VERSIONS_DATA = path.join(ROOT, "engine/tests/conformance/versions");

function scenarioOf(name) {
  return JSON.parse(fs.readFileSync(path.join(VERSIONS_DATA, "scenarios", `${name}.json`), "utf8"));
}

function traceOf(version, name) {
  return JSON.parse(fs.readFileSync(path.join(VERSIONS_DATA, "traces", `django-${version}`, `${name}.json`), "utf8"));
}

/** Opens Compare along Django versions and waits for its tables. */
async function openVersionsCompare(page) {
  await page.locator('button[data-page="compare"]').click();
  await page.locator('button[data-compare-axis="versions"]').click();
  await expect(page.locator('button[data-compare-axis="versions"]')).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("vdiff-summary")).toBeVisible();
}

/** The row `field` of the table of step `i` (0-based): its two cells' text and marked text. */
async function row(page, i, field) {
  const tr = page.getByTestId("versions-compare").locator(`section[data-step="${i}"] tr[data-field="${field}"]`);
  await expect(tr).toHaveCount(1);
  const cell = async (side) => {
    const td = tr.locator(`td[data-side="${side}"]`);
    return {
      text: (await td.locator("pre").count()) ? await td.locator("pre").textContent() : null,
      marked: await td.locator("mark").allTextContents(),
    };
  };
  return { left: await cell("left"), right: await cell("right") };
}

test("Compare along versions: 4.2 against 6.1 on SESSION_SAVE_EVERY_REQUEST differs in Vary, byte for byte", async ({ page }) => {
  const name = "v_save_every_request_vary__db";
  const problems = await open(page, shareLink({ ...scenarioOf(name), django: "6.1" }));
  await page.setViewportSize({ width: 1280, height: 900 });
  await openVersionsCompare(page);
  // The default pair: the page's version and the one that differs most.
  await expect(page.locator('select[data-versions-side="left"]')).toHaveValue("4.2");
  await expect(page.locator('select[data-versions-side="right"]')).toHaveValue("6.1");
  const old = traceOf("4.2", name);
  const fixed = traceOf("6.1", name);
  const differing = old.steps
    .filter((s) => s.response && s.response.vary !== fixed.steps[s.i].response.vary)
    .map((s) => s.i);
  expect(differing).toEqual([2, 4]);
  await expect(page.getByTestId("vdiff-summary")).toHaveText(
    "Django 4.2 and Django 6.1 differ in 2 fields at steps 3 and 5; differing bytes are marked.",
  );
  await expect(page.getByTestId("versions-compare").locator("section[data-step]")).toHaveCount(differing.length);
  // Step 3: the page that never touches the session. 4.2 sends no Vary at all.
  const untouched = await row(page, 2, "Vary");
  expect(old.steps[2].response.vary).toBeNull();
  expect(untouched.left.text).toBeNull();
  expect(untouched.right.text).toBe(`Vary: ${fixed.steps[2].response.vary}`);
  expect(untouched.right.marked).toEqual([`Vary: ${fixed.steps[2].response.vary}`]);
  // Step 5: the view's own Vary; 6.1 appends Cookie, and only that is marked.
  const viewVary = await row(page, 4, "Vary");
  expect(viewVary.left.text).toBe(`Vary: ${old.steps[4].response.vary}`);
  expect(viewVary.right.text).toBe(`Vary: ${fixed.steps[4].response.vary}`);
  expect(viewVary.left.marked).toEqual([]);
  expect(viewVary.right.marked).toEqual([", Cookie"]);
  // Both set the same cookie, as real Django did: listed as alike, not as a difference.
  for (const i of differing) {
    expect(old.steps[i].response.set_cookie.map((c) => c.header)).toEqual(
      fixed.steps[i].response.set_cookie.map((c) => c.header),
    );
    await expect(page.getByTestId("versions-compare").locator(`section[data-step="${i}"] tr[data-field="Set-Cookie"]`)).toHaveCount(0);
    await expect(page.getByTestId("versions-compare").locator(`section[data-step="${i}"] + .vdiff-same`)).toContainText("Set-Cookie");
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "compare-versions-vary.png"), fullPage: true });

  // Picking 5.2 for the left column: 5.2 and 6.1 agree here.
  await page.locator('select[data-versions-side="left"]').selectOption("5.2");
  await expect(page.getByTestId("vdiff-summary")).toHaveText(
    "Django 5.2 and Django 6.1 give the same bytes at every step of this scenario.",
  );
  // Picking 6.1 on the left swaps the columns.
  await page.locator('select[data-versions-side="left"]').selectOption("6.1");
  await expect(page.locator('select[data-versions-side="right"]')).toHaveValue("5.2");
  expect(problems).toEqual([]);
});

test("Compare along versions: pickle on 4.2 against the ImportError of 5.2", async ({ page }) => {
  const name = "v_pickle_serializer__db";
  const problems = await open(page, shareLink({ ...scenarioOf(name), django: "5.2" }));
  await openVersionsCompare(page);
  await expect(page.locator('select[data-versions-side="left"]')).toHaveValue("4.2");
  const old = traceOf("4.2", name);
  const removed = traceOf("5.2", name);
  const status = await row(page, 0, "Status");
  expect([status.left.text, status.right.text]).toEqual([String(old.steps[0].response.status), String(removed.steps[0].response.status)]);
  const raised = await row(page, 0, "Raised past the middleware");
  expect(raised.right.text).toBe(removed.steps[0].response.exception);
  const key = old.steps[0].store.db[0].session_key;
  // The pickle code loads on demand; Compare runs again when it is here.
  await expect(page.getByTestId("versions-compare").locator(`section[data-step="0"] tr[data-field="django_session row ${key}"] td[data-side="left"] pre`)).toHaveText(/^gAWV/);
  const stored = await row(page, 0, `django_session row ${key}`);
  expect(stored.left.text.startsWith(old.steps[0].store.db[0].session_data)).toBe(true);
  expect(stored.right.text).toBeNull();
  await expect(page.getByTestId("versions-compare").locator('tr[data-field="Warning"] td[data-side="left"]')).toHaveText(old.warnings[0]);
  expect(problems).toEqual([]);
});

/** Every caption of the open story, from its list of steps. */
async function captions(page) {
  const summary = page.locator(".story-steps summary");
  if (!(await page.locator(".story-steps ol li").first().isVisible())) await summary.click();
  return page.locator(".story-steps ol li").allTextContents();
}

/** Opens a story and waits for its captions; returns the intro and captions as one text. */
async function openStory(page, id, title) {
  await page.locator(`button[data-story="${id}"]`).click();
  await expect(page.locator('[data-testid="story-body"] h3')).toHaveText(title);
  await expect(page.getByTestId("story-caption")).toContainText("Step 1:");
  const intro = await page.locator(".story-intro").textContent();
  return `${intro}\n${(await captions(page)).join("\n")}`;
}

const STORIES = [
  {
    id: "vary-shared-cache",
    title: "Vary: Cookie and the shared cache",
    version: "4.2",
    claims: [
      "CVE-2026-35192",
      "but Django 4.2 adds no Vary header",
      "Django 4.2 leaves it alone (Vary: Accept-Encoding)",
      "Set-Cookie: sessionid=",
    ],
  },
  {
    id: "pickle-sessions",
    title: "Pickle sessions and why 5.0 removed them",
    version: "4.2",
    claims: [
      "RemovedInDjango50Warning: PickleSerializer is deprecated",
      "cart = {'sku-1': 2}",
      "PROTO 5, GLOBAL 'os system', SHORT_BINUNICODE 'touch /tmp/pwned', TUPLE1, REDUCE, STOP",
      "refused: opcode GLOBAL 'os system' at offset 2 would make Python import or call code; it was not run",
    ],
  },
  {
    id: "session-bool",
    title: "Is the session empty?",
    version: "6.1",
    claims: ["bool(request.session) is False", "so the session is still true: True", "now it is False"],
  },
  {
    id: "going-async",
    title: "Going async",
    version: "6.1",
    claims: ["then aget('cart'): ['book']", "aget_user() gives user '1'", "On 4.2 the first request is a 500 (AttributeError)"],
  },
  {
    id: "cache-down",
    title: "The cache is down",
    version: "4.2",
    claims: [
      "Django 4.2 lets ConnectionError through, a 500, no Set-Cookie",
      "it now holds {'cart': ['book', 'pen']}",
      "The cache still holds {'cart': ['book']}",
      "cart = ['book'], the old cart",
    ],
  },
];

test("the five version stories open on their version with their claims on the page", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  const problems = await open(page);
  for (const story of STORIES) {
    await openStory(page, story.id, story.title);
    await expect(page.locator(`.version-switch button[data-django="${story.version}"]`)).toHaveAttribute("aria-pressed", "true");
    // A story on a pickle scenario runs again once the pickle code has arrived (it loads on
    // demand): its captions are read until they hold what the engine's run says.
    for (const claim of story.claims) {
      await expect
        .poll(async () => `${await page.locator(".story-intro").textContent()}\n${(await captions(page)).join("\n")}`, {
          message: `${story.id}: ${claim}`,
        })
        .toContain(claim);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, `story-${story.id}.png`), fullPage: true });
  }
  expect(problems).toEqual([]);
});

test("the Vary story's captions follow the switch to 6.1, and the response shows the header", async ({ page }) => {
  const problems = await open(page);
  await openStory(page, "vary-shared-cache", "Vary: Cookie and the shared cache");
  await page.locator('.version-switch button[data-django="6.1"]').click();
  await expect(page.getByTestId("django-runs")).toHaveText(/^Django 6\.1's session engines/);
  const text = (await captions(page)).join("\n");
  expect(text).toContain("and Django 6.1 adds Vary: Cookie");
  expect(text).toContain("Django 6.1 appends Cookie: Vary: Accept-Encoding, Cookie");
  await page.locator(".story-steps li button").nth(2).click();
  await expect(page.getByTestId("story-caption")).toContainText("Step 3:");
  await expect(page.getByTestId("response-status")).toHaveText(/\nVary: Cookie$/);
  // A story not written for a version hides its captions there.
  await openStory(page, "session-bool", "Is the session empty?");
  await page.locator('.version-switch button[data-django="4.2"]').click();
  await expect(page.locator(".story-left")).toContainText("Django version it is not written for");
  expect(problems).toEqual([]);
});
