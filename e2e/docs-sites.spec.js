// End-to-end tests of the documentation package (python/sessionscope-docs) in real sites: the
// Sphinx site under /docs-sphinx/ and the MkDocs site under /docs-mkdocs/ that
// scripts/test-docs-sites.sh builds into the served release build (scripts/test.sh runs it
// before serving), each embedding two guided tours with the directive, each with its own copy
// of the playground.
//
// - JavaScript on: both frames load the playground from the docs' own path, open on the tour,
//   play when Play is pressed, and take the height of their content (embed.js); the static
//   rendering stays out of sight.
// - JavaScript off: the frames are hidden and each embed shows its static rendering (every
//   step of the tour, its caption), with exactly the Set-Cookie lines, Cookie headers and jar
//   values of the engine's own trace of the same scenario (`sessionscope run --key-seed`).
const { test, expect } = require("@playwright/test");
const { SCREENSHOTS, failedRequestReason } = require("./support");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const STORIES = JSON.parse(
  fs.readFileSync(path.join(ROOT, "python/sessionscope-docs/src/sessionscope_docs/stories.json"), "utf8"),
);
const BINARY = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "debug", "sessionscope");

const SITES = [
  { name: "sphinx", page: "/docs-sphinx/index.html", playground: "/docs-sphinx/_static/sessionscope/" },
  { name: "mkdocs", page: "/docs-mkdocs/", playground: "/docs-mkdocs/sessionscope/" },
];
const TOURS = [
  { story: "shopping-cart", engine: "db" },
  { story: "logout-signed-cookie", engine: "signed_cookies" },
];

/** The engine's trace of a bundled tour, drawing the keys as the page does. */
function engineTrace({ story, engine }) {
  const document = STORIES[story].engines[engine].document;
  const output = execFileSync(BINARY, ["run", "-", "--key-seed", document.key_seed], {
    input: JSON.stringify(document.scenario),
    encoding: "utf8",
  });
  return JSON.parse(output);
}

/** Records page errors and every request that failed or answered 4xx/5xx, in any frame. */
function watch(page) {
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = failedRequestReason(request);
    if (reason) problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
}

for (const site of SITES) {
  test(`${site.name}: the frames load from the docs' own path, play and size themselves`, async ({ page }) => {
    const problems = watch(page);
    await page.emulateMedia({ reducedMotion: "no-preference" });
    const response = await page.goto(site.page);
    expect(response.status(), `${site.page} is served (scripts/test-docs-sites.sh builds it)`).toBe(200);
    const iframes = page.locator("iframe.sessionscope-frame");
    await expect(iframes).toHaveCount(TOURS.length);
    await expect(page.locator(".sessionscope-static")).toHaveCount(0); // inside <noscript>: not rendered
    for (let index = 0; index < TOURS.length; index += 1) {
      const iframe = iframes.nth(index);
      await iframe.scrollIntoViewIfNeeded();
      await expect
        .poll(async () => (await (await iframe.elementHandle()).contentFrame())?.url() ?? "")
        .toContain(`${site.playground}?embed=1#v1.`);
      const frame = await (await iframe.elementHandle()).contentFrame();
      await expect(frame.locator('[data-testid="embed"]')).toBeVisible();
      // The link names the tour: the playground recognises it and shows its captions.
      await expect(frame.locator('[data-testid="story-caption"]')).toContainText("Step 1:");
      // embed.js took the content's height from the frame's message.
      await expect.poll(async () => Number(await iframe.getAttribute("data-sessionscope-height"))).toBeGreaterThan(0);
      const fits = () =>
        frame.evaluate(() => {
          const content = Math.ceil(document.querySelector(".app.embed").getBoundingClientRect().bottom + scrollY);
          return Math.abs(innerHeight - content);
        });
      await expect.poll(fits).toBeLessThanOrEqual(2);
      const position = frame.locator('[data-testid="player"] .position');
      const before = Number(await position.getAttribute("data-position"));
      await frame.locator('[data-testid="player"] .player-buttons button[aria-label="Play"]').click();
      await expect.poll(async () => Number(await position.getAttribute("data-position"))).toBeGreaterThan(before);
      await expect(frame.locator('[data-testid="tour-next"]')).toBeEnabled({ timeout: 20_000 });
    }
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENSHOTS, `docs-${site.name}-js.png`), fullPage: true });
    expect(problems).toEqual([]);
  });

  test(`${site.name}: without JavaScript each embed shows the steps with the engine's bytes`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(site.page);
    expect(response.status()).toBe(200);
    await expect(page.locator("iframe.sessionscope-frame").first()).toBeHidden();
    const renderings = page.locator(".sessionscope-embed .sessionscope-static");
    await expect(renderings).toHaveCount(TOURS.length);
    for (let index = 0; index < TOURS.length; index += 1) {
      const tour = TOURS[index];
      const rendering = renderings.nth(index);
      await expect(rendering).toBeVisible();
      expect(await rendering.getAttribute("data-engine")).toBe(tour.engine);
      const trace = engineTrace(tour);
      const steps = rendering.locator(".ss-step");
      await expect(steps).toHaveCount(trace.steps.length);
      const captions = STORIES[tour.story].engines[tour.engine].captions;
      for (let i = 0; i < trace.steps.length; i += 1) {
        const step = steps.nth(i);
        const expected = trace.steps[i];
        await expect(step.locator(".ss-caption")).toHaveText(captions[i]);
        const shownSetCookie = await step.locator("code[data-set-cookie]").allTextContents();
        const traceSetCookie = (expected.response?.set_cookie ?? []).map((line) => line.output);
        expect(shownSetCookie, `${tour.story} step ${i + 1}: Set-Cookie`).toEqual(traceSetCookie);
        const shownCookie = await step.locator("code[data-cookie-header]").allTextContents();
        const traceCookie = expected.request?.cookie_header ? [expected.request.cookie_header] : [];
        expect(shownCookie, `${tour.story} step ${i + 1}: Cookie`).toEqual(traceCookie);
        const shownJar = await step.locator("code[data-jar-value]").allTextContents();
        const traceJar = Object.values(expected.jars).flat().map((cookie) => cookie.value);
        expect(shownJar, `${tour.story} step ${i + 1}: jar`).toEqual(traceJar);
      }
      const setCookies = trace.steps.flatMap((step) => step.response?.set_cookie ?? []);
      expect(setCookies.length, `${tour.story}: a tour that sets cookies`).toBeGreaterThan(0);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, `docs-${site.name}-nojs.png`), fullPage: true });
    await context.close();
  });
}
