// The page's speed, measured in headless Chromium against a release build (BASE_URL). Prints
// figures, asserts nothing. `node bench-page.js` (scripts/bench-page.sh) measures:
//   - a setting change on a 50- and a 200-request scenario: from the click to the next
//     animation frame (the frame that paints the re-run; on a scenario long enough for the
//     re-run to wait for a painted "Re-running…", the first frame after it), median of 10;
//   - opening "Compare engines" (the scenario on all five engines): the same, median of 10;
//   - playback with envelopes moving: frame times over four seconds at 1x (frames over 33 ms).
// `node bench-page.js start` (scripts/bench-start.sh) measures the page's start-up instead: see
// `startUp` below.
const { chromium } = require("@playwright/test");

const BASE_URL = process.env.BASE_URL || "http://127.0.0.1:8765";
const RUNS = 10;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ms = (value) => `${value.toFixed(1)} ms`;

/** A fresh page with `requests` add-to-cart requests (shown at once: reduced motion). */
async function pageWithRequests(browser, requests) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.goto(BASE_URL);
  await page.waitForSelector('button[data-action="add-to-cart"]');
  await page.evaluate(async (count) => {
    const button = document.querySelector('button[data-action="add-to-cart"]');
    for (let i = 0; i < count; i++) {
      button.click();
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }, requests);
  await page.waitForFunction(
    (count) => document.querySelectorAll(".timeline button").length === count,
    requests,
  );
  return { context, page };
}

/** Milliseconds from `click(selector)` to the next animation frame, `RUNS` times. */
async function clickToFrame(page, selector, between = null) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    times.push(
      await page.evaluate(
        (selector) =>
          new Promise((resolve) => {
            const element = document.querySelector(selector);
            // A long scenario re-runs after a painted "Re-running N steps…": wait for it.
            const busy = () => (document.querySelector('[data-testid="rerun-progress"]')?.textContent ?? "") !== "";
            const start = performance.now();
            element.click();
            requestAnimationFrame(function frame() {
              if (busy()) requestAnimationFrame(frame);
              else resolve(performance.now() - start);
            });
          }),
        selector,
      ),
    );
    if (between) await between();
    await page.waitForTimeout(50);
  }
  return times;
}

async function settingChange(browser, requests) {
  const { context, page } = await pageWithRequests(browser, requests);
  await page.locator("#tab-settings").click();
  // The tab's code loads when it is first opened (src/ui/components/on_demand.rs).
  await page.waitForSelector('input[name="SESSION_EXPIRE_AT_BROWSER_CLOSE"]');
  const times = await clickToFrame(page, 'input[name="SESSION_EXPIRE_AT_BROWSER_CLOSE"]');
  await context.close();
  return times;
}

async function compare(browser) {
  const { context, page } = await pageWithRequests(browser, 10);
  // Compare's code and stylesheet load when it is first opened: once, before the timed runs
  // (a first opening also waits for them: printed apart).
  const first = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const start = performance.now();
        document.querySelector('button[data-page="compare"]').click();
        requestAnimationFrame(function frame() {
          if (document.querySelector('[data-testid="compare-view"]')) resolve(performance.now() - start);
          else requestAnimationFrame(frame);
        });
      }),
  );
  console.log(`Compare, first opening (code and stylesheet fetched from a local server): ${ms(first)} to the first frame that shows it`);
  await page.locator('button[data-page="playground"]').click();
  const times = await clickToFrame(page, 'button[data-page="compare"]', async () => {
    await page.locator('button[data-page="playground"]').click();
  });
  await context.close();
  return times;
}

async function playback(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: "no-preference" });
  const page = await context.newPage();
  await page.goto(BASE_URL);
  await page.waitForSelector('[data-testid="first-request"]');
  for (let i = 0; i < 3; i++) await page.locator('button[data-action="add-to-cart"]').click();
  await page.evaluate(() => document.activeElement.blur());
  await page.locator('[data-testid="player"] button.primary').click();
  const frames = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const deltas = [];
        let moving = 0;
        let last = performance.now();
        const start = last;
        const frame = (now) => {
          deltas.push(now - last);
          last = now;
          if (deltas.length > 1 && document.querySelector(".wire .flight.travel")) moving += 1;
          if (now - start < 4000) requestAnimationFrame(frame);
          else resolve({ deltas: deltas.slice(1), moving });
        };
        requestAnimationFrame(frame);
      }),
  );
  await context.close();
  return frames;
}

/**
 * One first visit (a fresh context: no cache, no saved playground) at 1280x720, with the CPU
 * slowed `throttle` times (CDP Emulation.setCPUThrottlingRate; 1 = not slowed). Times are from
 * navigation (performance.timeOrigin: the start of the fetch of index.html), read in the page:
 *   - `ready`: the stage is usable. The first animation frame in which the stage's first action,
 *     "Send the first request" ([data-testid="first-request"]), is in the page, visible (it has
 *     a size) and enabled. At that moment the page clicks it;
 *   - `answered`: the first frame after that click in which the player shows the step it made
 *     ("request 1 of 1" in [data-testid="progress"]). A load whose click makes no step fails the
 *     benchmark, so `ready` never counts a button that does nothing;
 *   - `paint`: the first contentful paint (the "loading" text of index.html), for comparison.
 */
async function startUp(browser, throttle) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen = {};
    window.__startUp = new Promise((resolve, reject) => {
      const button = () => document.querySelector('[data-testid="first-request"]');
      const usable = (element) => element && !element.disabled && element.getBoundingClientRect().width > 0;
      const stepShown = () =>
        (document.querySelector('[data-testid="progress"]')?.textContent ?? "").includes("request 1 of 1");
      const frame = (now) => {
        if (seen.ready === undefined && usable(button())) {
          seen.ready = now;
          button().click();
        }
        if (seen.ready !== undefined && stepShown()) {
          seen.answered = now;
          resolve(seen);
          return;
        }
        if (now > 60_000) reject(new Error(`no usable stage within 60 s: ${JSON.stringify(seen)}`));
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  await page.goto(BASE_URL);
  const times = await page.evaluate(() => window.__startUp);
  times.paint = await page.evaluate(
    () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
  );
  await context.close();
  return times;
}

async function startUpBench(browser) {
  const LOADS = 5;
  for (const throttle of [4, 1]) {
    const loads = [];
    for (let i = 0; i < LOADS; i++) loads.push(await startUp(browser, throttle));
    const column = (key) => loads.map((load) => load[key]);
    const line = (key) => `median ${ms(median(column(key)))} (${column(key).map((v) => v.toFixed(0)).join(", ")})`;
    const label = throttle === 1 ? "CPU not throttled" : `CPU throttled ${throttle}x`;
    console.log(`start-up, ${label}, 1280x720, ${LOADS} first visits:`);
    console.log(`  stage usable (Send the first request visible and enabled): ${line("ready")}${throttle === 4 ? "; target < 500 ms" : ""}`);
    console.log(`  its click's step shown:                                     ${line("answered")}`);
    console.log(`  first contentful paint:                                     ${line("paint")}`);
  }
}

/** A setting change, Compare and playback (scripts/bench-page.sh). */
async function speedBench(browser) {
  for (const requests of [50, 200]) {
    const times = await settingChange(browser, requests);
    console.log(
      `setting change, ${requests} requests: median ${ms(median(times))} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}; target ${requests === 50 ? "< 16" : "< 50"} ms)`,
    );
  }
  const compareTimes = await compare(browser);
  console.log(
    `compare on five engines (10 requests): median ${ms(median(compareTimes))} (max ${ms(Math.max(...compareTimes))}; target < 30 ms)`,
  );
  const { deltas, moving } = await playback(browser);
  const slow = deltas.filter((delta) => delta > 33).length;
  const fps = deltas.length / (deltas.reduce((a, b) => a + b, 0) / 1000);
  console.log(
    `playback at 1x, 4 s: ${deltas.length} frames (${moving} with an envelope travelling), ${fps.toFixed(1)} fps, median frame ${ms(median(deltas))}, longest ${ms(Math.max(...deltas))}, frames over 33 ms: ${slow}`,
  );
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
  if (process.argv[2] === "start") await startUpBench(browser);
  else await speedBench(browser);
  await browser.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
