// End-to-end tests of embedding in documentation, against the release build served
// under a sub-path, /docs/sessionscope/ (scripts/test.sh lays it out with
// scripts/build-site.sh), with the example docs page beside it at /docs/sessionscope/example/.
//
// - The example page at 1280, 700 and 390 px, light and dark (the opposite of the system's, so
//   `theme=` is what decides): every frame loads from the sub-path, opens on the tour's first
//   step with Play in sight and no scrolling inside the frame, plays when Play is pressed, is as
//   tall as its content (embed.js), and takes the page's theme.
// - The embed alone at frame sizes from 320x360 to 800x560: Play and the first caption in sight.
// - The reader cannot lose anything: Start over returns to the shared scenario; the saved
//   playground is untouched; Open in Sessionscope opens the same scenario.
// - The playground's address follows it (scenario and step), without secrets, and a reload
//   shows the same place without a banner; old `#v1.` links still open; `?step=` opens there.
// - A build whose script or wasm does not load says so in plain text.
const { test, expect } = require("@playwright/test");
const { SCREENSHOTS, failedRequestReason } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

const SITE = "/docs/sessionscope/";
const EXAMPLE = `${SITE}example/`;
const FRAMES = ["frame-cart", "frame-signed", "frame-db"];
const EXAMPLE_HTML = fs.readFileSync(path.join(__dirname, "..", "docs", "example", "index.html"), "utf8");
/** The cart tour on db, as the example page embeds it (`v1.…`). */
const CART_FRAGMENT = EXAMPLE_HTML.match(/data-testid="frame-cart"[^>]*?src="[^"#]*#([^"]+)"/)[1];

/** Records page errors and every request that failed or answered 4xx/5xx, in any frame. */
function watch(page) {
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    // A frame the docs page reloads (its theme toggle) cancels the fetches still on their way.
    const reason = failedRequestReason(request);
    if (reason) problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** The frame inside `<iframe data-testid=id>` (with `theme=` in its address, if given), once its embed is on screen. */
async function embedIn(page, id, theme) {
  const iframe = page.locator(`iframe[data-testid="${id}"]`);
  await iframe.scrollIntoViewIfNeeded();
  await expect
    .poll(async () => (await (await iframe.elementHandle()).contentFrame())?.url() ?? "")
    .toContain(`${SITE}?embed=1${theme ? `&theme=${theme}` : ""}`);
  const frame = await (await iframe.elementHandle()).contentFrame();
  await expect(frame.locator('[data-testid="embed"]')).toBeVisible();
  return { iframe, frame };
}

/** How the frame's viewport compares to its content: {content, viewport, scrollY}. */
async function fit(frame) {
  return frame.evaluate(() => ({
    content: Math.ceil(document.querySelector(".app.embed").getBoundingClientRect().bottom + scrollY),
    viewport: innerHeight,
    scrollY,
  }));
}

/** Whether `locator` lies inside its frame's viewport, without scrolling. */
async function inSight(locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight && box.height > 0 && scrollY === 0;
  });
}

/** Relative luminance of a computed `rgb(…)` colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  const linear = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

for (const width of [1280, 700, 390]) {
  for (const theme of ["light", "dark"]) {
    test(`the example docs page at ${width} px, ${theme}: frames load from the sub-path, fit, play and take the theme`, async ({ page }) => {
      const problems = watch(page);
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: theme === "dark" ? "light" : "dark", reducedMotion: "no-preference" });
      await page.goto(`${EXAMPLE}?theme=${theme}`);
      for (const id of FRAMES) {
        const { iframe, frame } = await embedIn(page, id, theme);
        const address = new URL(frame.url());
        expect(address.pathname).toBe(SITE);
        expect(address.searchParams.get("theme")).toBe(theme);
        expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        const background = luminance(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor));
        expect(theme === "dark" ? background < 0.1 : background > 0.8, `${id} background ${background}`).toBe(true);

        await expect(frame.locator('[data-testid="story-caption"]')).toContainText("Step 1:");
        const play = frame.locator('[data-testid="player"] .player-buttons button[aria-label="Play"]');
        expect(await inSight(play), `${id}: Play in sight`).toBe(true);
        // As tall as its content: no scrolling inside, no empty band under it.
        await expect.poll(async () => {
          const { content, viewport } = await fit(frame);
          return viewport - content;
        }).toBeGreaterThanOrEqual(0);
        const { content, viewport } = await fit(frame);
        expect(viewport - content, `${id}: ${viewport} px frame for ${content} px`).toBeLessThanOrEqual(2);
        expect(Number(await iframe.getAttribute("data-sessionscope-height"))).toBeGreaterThan(0);

        const position = frame.locator('[data-testid="player"] .position');
        const before = Number(await position.getAttribute("data-position"));
        await play.click();
        await expect.poll(async () => Number(await position.getAttribute("data-position"))).toBeGreaterThan(before);
        // The tour stops at the end of its first step, and the frame still fits what it shows.
        await expect(frame.locator('[data-testid="tour-next"]')).toBeEnabled({ timeout: 20_000 });
        await frame.locator('[data-testid="tour-next"]').click();
        await expect(frame.locator('[data-testid="story-caption"]')).toContainText("Step 2:");
        await expect.poll(async () => {
          const now = await fit(frame);
          return Math.abs(now.viewport - now.content);
        }).toBeLessThanOrEqual(2);
      }
      await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: path.join(SCREENSHOTS, `embed-docs-${width}-${theme}.png`), fullPage: true });
      expect(problems).toEqual([]);
    });
  }
}

test("the theme toggle of the docs page passes the theme on to the frames", async ({ page }) => {
  const problems = watch(page);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(EXAMPLE);
  const { frame } = await embedIn(page, "frame-cart");
  expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
  await page.locator("#theme-toggle").click(); // auto → light
  await page.locator("#theme-toggle").click(); // light → dark
  await expect(page).toHaveURL(/theme=dark/);
  await expect
    .poll(async () => {
      const again = await (await page.locator('iframe[data-testid="frame-cart"]').elementHandle()).contentFrame();
      return again.evaluate(() => document.documentElement.dataset.theme ?? "").catch(() => "");
    })
    .toBe("dark");
  expect(problems).toEqual([]);
});

for (const [width, height] of [
  [320, 360],
  [390, 480],
  [560, 420],
  [800, 360],
  [800, 560],
]) {
  test(`the embed at ${width}x${height} opens on the first step with Play and the caption in sight`, async ({ page }) => {
    const problems = watch(page);
    await page.setViewportSize({ width, height });
    await page.goto(`${SITE}?embed=1#${CART_FRAGMENT}`);
    await expect(page.locator('[data-testid="embed"]')).toBeVisible();
    const play = page.locator('[data-testid="player"] .player-buttons button[aria-label="Play"]');
    expect(await inSight(play)).toBe(true);
    await expect(page.locator('[data-testid="story-caption"]')).toContainText("Step 1:");
    expect(await inSight(page.locator('[data-testid="story-caption"]'))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, `embed-${width}x${height}.png`) });
    expect(problems).toEqual([]);
  });
}

test("the reader cannot lose anything: Start over returns to the shared scenario, nothing is saved", async ({ page, context }) => {
  const problems = watch(page);
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(SITE);
  await page.locator('button[data-story="sliding-expiry"]').click();
  await page.locator('[data-testid="tour-next"]').click();
  const saved = await page.evaluate(() => JSON.stringify(localStorage));
  expect(saved).toContain("sessionscope.state");

  const embedded = await context.newPage();
  await embedded.emulateMedia({ reducedMotion: "reduce" });
  await embedded.goto(`${SITE}?embed=1&step=3#${CART_FRAGMENT}`);
  const caption = embedded.locator('[data-testid="story-caption"]');
  await expect(caption).toContainText("Step 3:");
  // Next first finishes the step the caption tells (here at once: reduced motion), then moves on.
  const position = embedded.locator('[data-testid="player"] .position');
  const start = Number(await position.getAttribute("data-position"));
  await embedded.locator('[data-testid="tour-next"]').click();
  await expect.poll(async () => Number(await position.getAttribute("data-position"))).toBeGreaterThan(start);
  await expect(caption).toContainText("Step 3:");
  await embedded.locator('[data-testid="tour-next"]').click();
  await expect(caption).toContainText("Step 4:");
  await expect(embedded.locator('button[data-action="undo"]')).toHaveCount(0);
  await embedded.locator('button[data-action="start-over"]').click();
  await expect(caption).toContainText("Step 1:");
  await expect(embedded.locator(".timeline button")).toHaveCount(7);
  const full = await embedded.locator('[data-testid="open-full"]').getAttribute("href");
  expect(full).toContain(`${SITE}#v1.`);
  expect(full).not.toContain("embed");
  expect(await embedded.evaluate(() => JSON.stringify(localStorage))).toEqual(saved);
  // autoplay=1 plays the first step at once.
  await embedded.emulateMedia({ reducedMotion: "no-preference" });
  await embedded.goto(`${SITE}?embed=1&autoplay=1&unknown=x#${CART_FRAGMENT}`);
  await expect
    .poll(async () => Number(await embedded.locator('[data-testid="player"] .position').getAttribute("data-position")))
    .toBeGreaterThan(1);
  expect(await embedded.evaluate(() => JSON.stringify(localStorage))).toEqual(saved);
  expect(problems).toEqual([]);
});

test("the playground's address follows it, without secrets, and a reload shows the same place", async ({ page }) => {
  const problems = watch(page);
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(SITE);
  const entries = await page.evaluate(() => history.length);
  await page.locator('button[data-story="shopping-cart"]').click();
  await page.locator('[data-testid="tour-next"]').click();
  await page.locator('[data-testid="tour-next"]').click();
  await expect(page).toHaveURL(/\?step=3#v1\./);
  expect(await page.evaluate(() => history.length)).toBe(entries);
  await page.reload();
  await expect(page.locator('[data-testid="story-caption"]')).toContainText("Step 3:");
  await expect(page.locator('[data-testid="notice"]')).toHaveCount(0);

  // A SECRET_KEY of the user's own never reaches the address; the reload keeps it, quietly.
  await page.locator("#tab-settings").click();
  const secret = page.locator('input[name="SECRET_KEY"]');
  await secret.fill("my-very-own-production-secret");
  await secret.press("Enter");
  await expect(page).toHaveURL(/#v1\./);
  const document = await page.evaluate(async (url) => {
    const data = url.split("#")[1].slice(3).replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text();
  }, page.url());
  expect(document).toContain('"secrets":"withheld"');
  expect(document).not.toContain("production");
  await page.reload();
  await expect(page.locator('[data-testid="notice"]')).toHaveCount(0);
  await page.locator("#tab-settings").click();
  await expect(page.locator('input[name="SECRET_KEY"]')).toHaveValue("my-very-own-production-secret");

  // A link to "step 2", and an old link without a step (the end): each a new page load, as
  // the query differs.
  await page.goto(`${SITE}?step=2#${CART_FRAGMENT}`);
  await expect(page.locator('[data-testid="story-caption"]')).toContainText("Step 2:");
  await page.goto(`${SITE}#${CART_FRAGMENT}`);
  await expect(page.locator('[data-testid="story-caption"]')).toContainText("Step 7:");
  expect(problems).toEqual([]);
});

test("the Share panel offers HTML, Markdown and reStructuredText snippets, each to copy", async ({ page }) => {
  const problems = watch(page);
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(SITE);
  await page.locator('button[data-story="shopping-cart"]').click();
  await page.locator('[data-testid="share-button"]').click();
  const snippet = page.locator('[data-testid="embed-snippet"]');
  // The story arrives with the tours' code and words, fetched on the click: its snippet follows.
  const storySnippet = /^<iframe src="http:\/\/[^"]+\/docs\/sessionscope\/\?embed=1#v1\.[\w-]+" title="Sessionscope: The shopping cart \(db\)"/;
  await expect(snippet).toHaveValue(storySnippet);
  const html = await snippet.inputValue();
  expect(html).toMatch(storySnippet);
  expect(html).toContain('loading="lazy"');
  expect(html).toMatch(/<script src="http:\/\/[^"]+\/docs\/sessionscope\/embed\.js" defer><\/script>$/);
  await page.locator('button[data-snippet-format="markdown"]').click();
  const markdown = await snippet.inputValue();
  expect(markdown).toMatch(/^<iframe [^>]*title="[^"]+"[^>]*loading="lazy"><\/iframe>$/);
  expect(markdown).not.toContain("style=");
  await page.locator('button[data-snippet-format="rst"]').click();
  const rst = await snippet.inputValue();
  expect(rst.startsWith(".. raw:: html\n\n   <iframe ")).toBe(true);
  await expect(page.locator('[data-testid="copy-snippet"]')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "share-snippets.png") });
  expect(problems).toEqual([]);
});

test("a copy whose script or wasm does not load says so in plain text", async ({ page }) => {
  await page.route(/\/boot-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto(SITE);
  await expect(page.locator("body")).toContainText("did not load");
  await page.unroute(/\/boot-[^/]*\.js$/);
  await page.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto(`${SITE}?embed=1`);
  const failure = page.locator(".boot-failure");
  await expect(failure).toBeVisible();
  await expect(failure).toContainText("could not start");
  await expect(page.locator("#boot-status")).toHaveCount(1); // the status line became the message
});
