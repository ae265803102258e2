// End-to-end tests of the page's weight and of the parts loaded on demand (the page's budgets):
// - a first visit at 1280x720 fetches index.html and the files it links, and nothing else (no
//   part's code, no part's stylesheet), and those weigh at most 250 KiB = 256,000 bytes
//   brotli-compressed (quality 11, as `brotli --best` in scripts/bundle-size.sh);
// - opening Compare fetches its code and its stylesheet, then shows it styled;
// - a part whose code cannot be fetched says so, and "Try again" shows it once it can;
// - a part whose code was altered on the server is refused (its integrity), with the same
//   message;
// - the parts' loader (its digests of every module) is not part of a first visit: it comes with
//   the first part, with its own integrity; when it does not arrive or was altered, the part
//   says it did not load, and Try again fetches it again;
// - the guided tours and the inspectors load when they come near the window.
const { test, expect } = require("@playwright/test");
const { watchProblems } = require("./support");
const zlib = require("node:zlib");

const BUDGET = 250 * 1024;
const SPLIT_MODULE = /\/wasm-[0-9a-f]{16}\/(split_[a-z_]+|chunk_\d+)\.wasm$/;

function brotliSize(bytes) {
  return zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
}

/** The same-origin files index.html links (href or src), as absolute URLs. */
function linkedFiles(html, base) {
  const found = new Set();
  for (const match of html.matchAll(/<(?:link|script)\b[^>]*?\b(?:href|src)="?([^"\s>]+)/g)) {
    if (match[1].startsWith("data:")) continue;
    found.add(new URL(match[1], base).href);
  }
  return found;
}

/** Records every request's URL and the bytes of every response, in order. */
function recordFetches(page) {
  const fetched = [];
  const bodies = new Map();
  page.on("response", async (response) => {
    fetched.push(response.url());
    try {
      bodies.set(response.url(), await response.body());
    } catch {
      // A redirect or an aborted response has no body.
    }
  });
  return { fetched, bodies };
}

async function firstVisit(page, url) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(url);
  await expect(page.locator(".app")).toBeVisible();
  await expect(page.locator('[data-testid="stage"]')).toBeVisible();
  await page.waitForLoadState("networkidle");
}

test("a first visit fetches only the page and the files it links, within 250 KiB brotli", async ({ page, baseURL }) => {
  const problems = watchProblems(page);
  const { fetched, bodies } = recordFetches(page);
  const pageUrl = new URL("/", baseURL).href;
  await firstVisit(page, pageUrl);

  const html = bodies.get(pageUrl).toString("utf8");
  const linked = linkedFiles(html, pageUrl);
  const expected = new Set([pageUrl, ...linked]);
  const unexpected = fetched.filter((url) => !expected.has(url));
  expect(unexpected, "a first visit fetched files the page does not link").toEqual([]);
  expect(fetched.filter((url) => SPLIT_MODULE.test(url)), "no part's code on a first visit").toEqual([]);
  expect(fetched.filter((url) => /\/(compare|embed)-[0-9a-f]+\.css$/.test(url)), "no part's stylesheet").toEqual([]);
  for (const url of linked) expect(fetched, `the page links ${url} but did not fetch it`).toContain(url);

  let total = 0;
  const sizes = [];
  for (const url of expected) {
    const body = bodies.get(url);
    expect(body, `no body for ${url}`).toBeTruthy();
    const size = brotliSize(body);
    sizes.push(`${url.replace(pageUrl, "/")}: ${size}`);
    total += size;
  }
  console.log(`first visit: ${expected.size} files, ${total} bytes brotli (budget ${BUDGET})\n  ${sizes.join("\n  ")}`);
  expect(total, `the first visit weighs ${total} bytes brotli`).toBeLessThanOrEqual(BUDGET);
  expect(problems).toEqual([]);
});

test("opening Compare fetches its code and its stylesheet, then shows it styled", async ({ page }) => {
  const problems = watchProblems(page);
  const { fetched } = recordFetches(page);
  await firstVisit(page, "/");
  await page.locator('button[data-page="compare"]').click();
  const view = page.locator('[data-testid="compare-view"]');
  await expect(view).toBeVisible();
  expect(fetched.some((url) => /\/split_compare\.wasm$/.test(url)), "Compare's code was fetched").toBe(true);
  expect(fetched.some((url) => /\/compare-[0-9a-f]+\.css$/.test(url)), "Compare's stylesheet was fetched").toBe(true);
  // compare.css lays the view out as a column; without it the view would be a plain block.
  expect(await view.evaluate((element) => getComputedStyle(element).display)).toBe("flex");
  expect(problems).toEqual([]);
});

test("a part whose code does not arrive says so, and Try again shows it once it can", async ({ page }) => {
  let blocked = true;
  await page.route(/\/split_decoder\.wasm$/, (route) => (blocked ? route.abort("connectionfailed") : route.continue()));
  await firstVisit(page, "/");
  await page.locator('button[data-page="decoder"]').click();
  const failed = page.locator('[data-testid="on-demand-failed"]');
  await expect(failed).toBeVisible();
  await expect(failed).toContainText("The code of the cookie decoder did not load from this address");
  await expect(page.locator('[data-testid="decoder-view"]')).toHaveCount(0);
  blocked = false;
  await failed.getByRole("button", { name: "Try again" }).click();
  await expect(page.locator('[data-testid="decoder-view"]')).toBeVisible();
  await expect(failed).toHaveCount(0);
  // The rest of the page worked on meanwhile: the playground is one click away and runs.
  await page.locator('button[data-page="playground"]').click();
  await page.locator('[data-testid="first-request"]').click();
  await expect(page.locator('[data-testid="first-request"]')).toHaveCount(0);
});

test("the parts' loader comes with the first part, and Try again fetches it again when it did not arrive", async ({ page }) => {
  let blocked = true;
  const loaderFetches = [];
  await page.route(/\/split_loader\.js$/, (route) => {
    loaderFetches.push(route.request().url());
    return blocked ? route.abort("connectionfailed") : route.continue();
  });
  await firstVisit(page, "/");
  expect(loaderFetches, "no loader on a first visit").toEqual([]);
  await page.locator('button[data-page="decoder"]').click();
  const failed = page.locator('[data-testid="on-demand-failed"]');
  await expect(failed).toContainText("The code of the cookie decoder did not load from this address");
  blocked = false;
  await failed.getByRole("button", { name: "Try again" }).click();
  await expect(page.locator('[data-testid="decoder-view"]')).toBeVisible();
  expect(loaderFetches.length).toBeGreaterThanOrEqual(2);
  // Every other part now comes through the loader that arrived.
  await page.locator('button[data-page="compare"]').click();
  await expect(page.locator('[data-testid="compare-view"]')).toBeVisible();
});

test("an altered loader of the parts is refused by its integrity, and the page works on", async ({ page }) => {
  await page.route(/\/split_loader\.js$/, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(`${await response.text()}\n;globalThis.altered=1;`);
    await route.fulfill({ response, body });
  });
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await firstVisit(page, "/");
  await page.locator('button[data-page="compare"]').click();
  await expect(page.locator('[data-testid="on-demand-failed"]')).toContainText("did not load");
  expect(await page.evaluate(() => globalThis.altered)).toBeUndefined();
  expect(errors.join("\n")).toMatch(/integrity/i);
  await page.locator('button[data-page="playground"]').click();
  await page.locator('[data-testid="first-request"]').click();
  await expect(page.locator('[data-testid="first-request"]')).toHaveCount(0);
});

test("a part whose code was altered on the server is refused by its integrity", async ({ page }) => {
  await page.route(/\/split_compare\.wasm$/, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length - 1] ^= 0x01;
    await route.fulfill({ response, body });
  });
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await firstVisit(page, "/");
  await page.locator('button[data-page="compare"]').click();
  await expect(page.locator('[data-testid="on-demand-failed"]')).toContainText("did not load");
  await expect(page.locator('[data-testid="compare-headline"]')).toHaveCount(0);
  expect(errors.join("\n")).toMatch(/integrity/i);
});

test("the guided tours and the inspectors load as they come near the window", async ({ page }) => {
  const problems = watchProblems(page);
  const { fetched } = recordFetches(page);
  await firstVisit(page, "/");
  const inspectors = page.locator('[data-testid="scenario-json"]');
  await expect(inspectors).toHaveCount(0);
  expect(fetched.some((url) => /\/split_inspectors\.wasm$/.test(url))).toBe(false);
  await page.mouse.wheel(0, 4000);
  await expect(page.locator("[data-story]").first()).toBeVisible();
  await page.mouse.wheel(0, 4000);
  await expect(inspectors).toBeAttached();
  expect(fetched.some((url) => /\/split_guide\.wasm$/.test(url))).toBe(true);
  expect(fetched.some((url) => /\/split_inspectors\.wasm$/.test(url))).toBe(true);
  expect(problems).toEqual([]);
});
