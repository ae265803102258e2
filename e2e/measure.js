// What the limits' end-to-end tests measure, the same way in every spec: the longest task on the
// page's main thread and the memory the page holds (every WebAssembly memory it instantiated, and
// the JS heap). Call `watchCost(page)` before the page is opened: it installs an init script that
// observes long tasks (PerformanceObserver "longtask", buffered) and records each WebAssembly
// memory as it is instantiated, the page's own code untouched.

/** Installs the observers; call before `page.goto` (or `open`). */
async function watchCost(page) {
  await page.addInitScript(() => {
    window.__longTasks = [];
    window.__wasmMemories = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
    const remember = (result) => {
      const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
      for (const value of Object.values((instance && instance.exports) || {})) {
        if (value instanceof WebAssembly.Memory && !window.__wasmMemories.includes(value)) window.__wasmMemories.push(value);
      }
      return result;
    };
    for (const name of ["instantiate", "instantiateStreaming"]) {
      const original = WebAssembly[name];
      if (original) WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(remember);
    }
  });
}

/**
 * What the page has cost since it opened or since the last `resetLongTasks`: the longest main
 * thread task in ms (0 when none passed 50 ms), every task's duration, the bytes of every
 * WebAssembly memory, and the JS heap in use (Chromium's `performance.memory`).
 */
async function cost(page) {
  return page.evaluate(() => ({
    longestTaskMs: Math.max(0, ...window.__longTasks),
    longTasksMs: [...window.__longTasks],
    wasmBytes: window.__wasmMemories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0),
    jsHeapBytes: (performance.memory && performance.memory.usedJSHeapSize) || 0,
  }));
}

/** Forgets the long tasks seen so far: the next `cost` counts only what comes after. */
async function resetLongTasks(page) {
  await page.evaluate(() => { window.__longTasks = []; });
}

/** The promises the page states (README, "Limits"): what every accepted input must stay within. */
const LIMITS = { longestTaskMs: 200, loadMs: 2_000, memoryBytes: 200 * 1024 * 1024 };

module.exports = { watchCost, cost, resetLongTasks, LIMITS };
