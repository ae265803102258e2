#!/usr/bin/env node
// Measures how the playground copes with the big, hostile inputs of e2e/hostile.js, in headless Chromium
// against a running build: for each input, the time until the page is usable (or gives up),
// the main thread's busy time until then (CDP Performance.getMetrics TaskDuration: steadier
// than the wall clock on a busy machine), the renderer's peak memory (VmHWM), the wasm memory
// and the JS heap, and how long one click on "Add to cart" then takes. Prints a table; a
// figure, not a test (nothing fails on time).
//
//   python3 -m http.server 8765 --directory dist &   # or: trunk serve
//   node scripts/measure-load.js http://127.0.0.1:8765 [input-name ...]
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const { chromium } = require(path.join(ROOT, "e2e/node_modules/@playwright/test"));
const hostile = require(path.join(ROOT, "e2e/hostile.js"));

const INPUTS = {
  "steps-10-link": () => ({ link: hostile.growingStore(10) }),
  "steps-500-link": () => ({ link: hostile.growingStore(500) }),
  "steps-1000-link": () => ({ link: hostile.growingStore(1000) }),
  "steps-2000-link": () => ({ link: hostile.growingStore(2000) }),
  "steps-4000-link": () => ({ link: hostile.growingStore(4000) }),
  "steps-10000-link": () => ({ link: hostile.growingStore(10000) }),
  "steps-10000-saved": () => ({ saved: hostile.growingStore(10000) }),
  "trivial-100000-link": () => ({ link: hostile.trivialSteps(100000) }),
  "ints-1000000-link": () => ({ link: hostile.bigSessionData(1000000) }),
  // Over the work limit (16 KiB sessions changed by 500 requests): what the limit prevents.
  "data-16KiB-500-db": () => ({ link: hostile.bigSessionChangedOften(16 * 1024, 500, "db") }),
  "cookie-1MB-link": () => ({ link: hostile.inflatingCookie(1_000_000) }),
  // Just within the limits: 499 growing steps; the 1 MiB work limit reached by a 3.9 KiB
  // session changed by 250 requests, or a 15 KiB one by 62; the first on cached_db too.
  "limit-steps-499": () => ({ link: hostile.growingStore(499) }),
  "limit-work-4KiB-250-db": () => ({ link: hostile.bigSessionChangedOften(3900, 250, "db") }),
  "limit-work-15KiB-62-db": () => ({ link: hostile.bigSessionChangedOften(15 * 1024, 62, "db") }),
  "limit-work-4KiB-250-cached_db": () => ({ link: hostile.bigSessionChangedOften(3900, 250, "cached_db") }),
  "cookie-4MB-link": () => ({ link: hostile.inflatingCookie(4_000_000) }),
  "cookie-16MB-link": () => ({ link: hostile.inflatingCookie(16_000_000) }),
};

/** Peak resident memory of the renderer processes, in MB (Linux /proc). */
async function rendererPeakMb(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
  let peak = 0;
  for (const process of processInfo.filter((p) => p.type === "renderer")) {
    try {
      const status = fs.readFileSync(`/proc/${process.id}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)[1]);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // The process is gone (crashed tab).
    }
  }
  return Math.round(peak);
}

async function measure(baseUrl, name) {
  const input = INPUTS[name]();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--enable-precise-memory-info"],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, reducedMotion: "reduce" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message.slice(0, 80)));
  page.on("crash", () => errors.push("tab crashed"));
  await page.addInitScript(() => {
    addEventListener("TrunkApplicationStarted", (event) => {
      window.__wasm = event.detail.wasm;
    });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  let url = `${baseUrl}/`;
  if (input.saved) {
    await page.goto(`${baseUrl}/#embed`);
    await page.evaluate((text) => localStorage.setItem("sessionscope.state", text), hostile.savedState(input.saved));
  }
  if (input.link) url = `${baseUrl}/#${hostile.shareFragment(input.link)}`;
  const started = Date.now();
  let outcome = "usable";
  try {
    await page.goto(url, { timeout: 120_000 });
    await page.locator('.backend-picker button, [data-testid="notice"]').first().waitFor({ timeout: 120_000 });
  } catch (error) {
    outcome = `gave up: ${error.message.split("\n")[0].slice(0, 60)}`;
  }
  const seconds = (Date.now() - started) / 1000;
  let busySeconds = null;
  try {
    const { metrics } = await cdp.send("Performance.getMetrics");
    busySeconds = metrics.find((m) => m.name === "TaskDuration").value;
  } catch {
    // The tab is gone.
  }
  let wasmMb = null;
  let heapMb = null;
  let clickMs = null;
  let banner = "";
  try {
    wasmMb = await page.evaluate(() => (window.__wasm ? window.__wasm.memory.buffer.byteLength / 1048576 : null));
    heapMb = await page.evaluate(() => performance.memory.usedJSHeapSize / 1048576);
    banner = (await page.locator('[data-testid="notice"] strong').allTextContents()).join(" | ");
    const add = page.locator('button[data-action="add-to-cart"]');
    if (await add.count()) {
      clickMs = await page.evaluate(async () => {
        const button = document.querySelector('button[data-action="add-to-cart"]');
        const begun = performance.now();
        button.click();
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
        return performance.now() - begun;
      });
    }
  } catch (error) {
    outcome = `broken: ${error.message.split("\n")[0].slice(0, 60)}`;
  }
  const peakMb = await rendererPeakMb(browser);
  await browser.close();
  return { name, outcome, seconds, busySeconds, peakMb, wasmMb, heapMb, clickMs, banner, errors };
}

async function main() {
  const [baseUrl, ...names] = process.argv.slice(2);
  if (!baseUrl) {
    console.error("usage: node scripts/measure-load.js <base-url> [input ...]");
    process.exit(2);
  }
  const chosen = names.length ? names : Object.keys(INPUTS);
  console.log("input                      load s  busy s  peak MB  wasm MB  heap MB  click ms  outcome / banner / errors");
  for (const name of chosen) {
    const r = await measure(baseUrl, name);
    const cell = (x, digits = 0) => (x == null ? "-" : x.toFixed(digits)).padStart(7);
    console.log(
      `${name.padEnd(25)} ${cell(r.seconds, 1)} ${cell(r.busySeconds, 1)} ${cell(r.peakMb)} ${cell(r.wasmMb)} ${cell(r.heapMb)} ${cell(r.clickMs)}   ${r.outcome}; ${r.banner || "no banner"}; ${r.errors.join(", ") || "no error"}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
