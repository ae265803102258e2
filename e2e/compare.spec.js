// End-to-end tests of Compare (engines side by side, visually), at a phone's 390 px and a
// laptop's 1280 px:
// - the headline sets the cookie every request carries against what the server keeps;
// - the cookie chart draws every engine distinctly, even where four of them hold the same
//   41-byte cookie, and plots a refused cookie above the 4096-byte line, marked;
// - the server chart's numbers are the bytes real Django 5.2 kept (the recorded conformance
//   traces: session_data, the cached dict, the file), and its cookie numbers the jar's;
// - the tables print Python values (None, {'cart': …}), not JSON.
// Screenshots of Compare, light and dark, at both widths go to e2e/screenshots/.
const { test, expect } = require("@playwright/test");
const { ENGINES, SCREENSHOTS, conformance, loadPartsBelow, shareLink, watchProblems } = require("./support");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const WIDTHS = [390, 1280];

/** Product codes that do not compress, so a signed cookie outgrows 4096 bytes. */
function skus(count, seed) {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const a = state.toString(16).padStart(8, "0");
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return `sku-${a}${state.toString(16).padStart(8, "0")}`;
  });
}

/** A cart that grows past what a signed cookie can hold, then is read back. */
function outgrowingCart() {
  // Cookies of 929, 1769, 2637 and 5984 bytes (name + value): only the last is refused.
  const steps = [60, 120, 180, 420].map((count, i) => ({
    request: { view: "set", data: { cart: skus(count, 7 + i) } },
  }));
  steps.push({ request: { view: "get", key: "cart" } });
  return { name: "outgrowing cart", engine: "signed_cookies", steps };
}

async function openCompare(page, link, width, colorScheme = "light") {
  await page.setViewportSize({ width, height: width < 500 ? 844 : 800 });
  await page.emulateMedia({ reducedMotion: "reduce", colorScheme });
  await page.goto("about:blank");
  await page.goto(link);
  await loadPartsBelow(page);
  await page.locator('button[data-page="compare"]').click();
  await expect(page.locator('[data-testid="compare-headline"]')).toBeVisible();
}

/** Centre of a locator's box. */
async function centre(locator) {
  const box = await locator.boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The session data a store snapshot of real Django holds (session_data, dict as JSON, file). */
function storedBytes(store) {
  const rows = (store.db || []).reduce((sum, row) => sum + Buffer.byteLength(row.session_data), 0);
  const cached = (store.cache || []).reduce((sum, entry) => sum + Buffer.byteLength(JSON.stringify(entry.value)), 0);
  const files = (store.files || []).reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
  return rows + cached + files;
}

for (const width of WIDTHS) {
  test(`at ${width} px the cookie chart draws every engine distinctly and the page fits`, async ({ page }) => {
    const problems = watchProblems(page, { failedRequests: false });
    await openCompare(page, shareLink(conformance("scenarios", "cart_basic__db")), width);
    const chart = page.locator('[data-testid="chart-cookie"]');
    await expect(chart.locator(".series")).toHaveCount(5);

    // Step 2 (index 1) sets the cart: db, cache, cached_db and file all hold a 41-byte cookie.
    const ys = [];
    for (const engine of ENGINES.slice(0, 4)) {
      const marker = chart.locator(`.series[data-engine="${engine}"] .marker[data-step="1"]`);
      await expect(marker).toHaveAttribute("data-bytes", "41");
      ys.push((await centre(marker)).y);
    }
    ys.sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1], `equal cookies drawn apart: ${ys}`).toBeGreaterThanOrEqual(3);

    // Each engine's line differs in colour or dash, and each marker has its own shape.
    const looks = await chart.locator(".series").evaluateAll((groups) =>
      groups.map((g) => {
        const style = getComputedStyle(g.querySelector(".line"));
        const marker = g.querySelector(".marker");
        // The path relative to the marker's centre: the same shape anywhere gives one string.
        const box = marker.getBBox();
        const centre = [box.x + box.width / 2, box.y + box.height / 2];
        let i = 0;
        const d = marker
          .getAttribute("d")
          .replace(/[-\d.]+/g, (v) => String(Math.round((Number(v) - centre[i++ % 2]) * 10) / 10));
        return { look: `${style.stroke}|${style.strokeDasharray}`, shape: d };
      }),
    );
    expect(new Set(looks.map((l) => l.look)).size).toBe(5);
    expect(new Set(looks.map((l) => l.shape)).size).toBe(5);

    // The x axis numbers the requests; labels never overlap; text is drawn at its real size.
    const ticks = chart.locator(".x-tick");
    await expect(ticks.first()).toHaveText("1");
    await expect(chart.locator(".x-tick.other")).toContainText(["+1 min"]);
    const boxes = await ticks.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => [r.left, r.right]));
    for (let i = 1; i < boxes.length; i++) expect(boxes[i][0]).toBeGreaterThan(boxes[i - 1][1]);
    const scale = await chart.evaluate((svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
    expect(Math.abs(scale - 1)).toBeLessThan(0.05);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scrolling").toBeLessThanOrEqual(0);

    // Clicking a point shows that step below.
    await chart.locator('.series[data-engine="db"] .marker[data-step="3"]').click({ force: true });
    await expect(page.locator('[data-testid="compare-step"]')).toHaveText(/^step 4\//);
    expect(problems).toEqual([]);
  });

  test(`at ${width} px a refused cookie is plotted above the 4096-byte line and marked`, async ({ page }) => {
    const problems = watchProblems(page, { failedRequests: false });
    await openCompare(page, shareLink(outgrowingCart()), width);
    const chart = page.locator('[data-testid="chart-cookie"]');
    const refused = chart.locator('.refused[data-engine="signed_cookies"]');
    await expect(refused).toHaveCount(1);
    await expect(refused).toHaveAttribute("data-step", "3");
    const bytes = Number(await refused.getAttribute("data-bytes"));
    expect(bytes).toBeGreaterThan(4096);
    await expect(refused.locator("text")).toHaveText(`refused ${bytes} B`);
    const limit = await chart.locator(".limit line").boundingBox();
    const cross = await centre(refused.locator(".cross"));
    expect(cross.y, "above the limit line").toBeLessThan(limit.y);
    // The line stays at the cookie the browser kept, under the limit.
    const kept = chart.locator('.series[data-engine="signed_cookies"] .marker[data-step="3"]');
    const previous = await chart.locator('.series[data-engine="signed_cookies"] .marker[data-step="2"]').getAttribute("data-bytes");
    await expect(kept).toHaveAttribute("data-bytes", previous);
    expect((await centre(kept)).y).toBeGreaterThan(limit.y);
    await expect(page.locator('[data-testid="compare-headline"] tr[data-engine="signed_cookies"]')).toContainText(`refused a ${bytes} B cookie`);
    await expect(page.locator(".chart-legend")).toContainText("refused by the browser");
    const name = await chart.getAttribute("aria-label");
    expect(name).toContain(`signed_cookies refused a ${bytes} B cookie at request 4`);
    await page.screenshot({ path: path.join(SCREENSHOTS, `compare-refused-${width}.png`), fullPage: true });
    expect(problems).toEqual([]);
  });
}

test("the server chart's numbers are what real Django kept, and the cookie chart's the jar's", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await openCompare(page, shareLink(conformance("scenarios", "cart_basic__db")), 1280);
  const server = page.locator('[data-testid="chart-server"]');
  await expect(server).toBeVisible();
  await expect(server.locator(".limit")).toHaveCount(0);
  const numbers = page.locator('[data-testid="numbers-server"]');
  const cookies = page.locator('[data-testid="numbers-cookie"]');
  await page.locator(".chart-figure[data-measure='server'] summary").click();
  await expect(numbers).toBeVisible();
  for (const engine of ENGINES) {
    const trace = conformance("traces", `cart_basic__${engine}`);
    const shown = await numbers.locator(`td[data-engine="${engine}"]`).evaluateAll((tds) => tds.map((td) => Number(td.dataset.bytes)));
    expect(shown, `${engine}: server bytes per step`).toEqual(trace.steps.map((step) => storedBytes(step.store)));
    const jar = await cookies.locator(`td[data-engine="${engine}"]`).evaluateAll((tds) => tds.map((td) => Number(td.dataset.bytes)));
    const expected = trace.steps.map((step) => {
      const cookie = (step.jars.main || []).find((c) => c.name === "sessionid");
      return cookie ? Buffer.byteLength(cookie.name) + Buffer.byteLength(cookie.value) : 0;
    });
    expect(jar, `${engine}: cookie bytes per step`).toEqual(expected);
    // The headline's figures are the largest of those.
    const row = page.locator(`[data-testid="compare-headline"] tr[data-engine="${engine}"]`);
    await expect(row.locator('[data-testid="server-cost"]')).toHaveAttribute("data-bytes", String(Math.max(...shown)));
    await expect(row.locator('[data-testid="cookie-cost"]')).toHaveAttribute("data-bytes", String(Math.max(...expected)));
  }
  // The server chart draws them: signed_cookies keeps nothing, on the zero line.
  const zero = await server.locator('.series[data-engine="signed_cookies"] .marker[data-step="1"]').getAttribute("data-bytes");
  expect(zero).toBe("0");
  expect(problems).toEqual([]);
});

test("the tables print Python values, not JSON", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  await openCompare(page, shareLink(conformance("scenarios", "cart_basic__db")), 1280);
  const column = page.locator('[data-testid="compare-column"]').first();
  // Step 1 reads a key that is not there: None.
  await expect(column.locator(".status")).toHaveText("200 · result None");
  for (let i = 0; i < 4; i++) await page.locator('button[aria-label="Next step"]').click();
  await expect(page.locator('[data-testid="compare-step"]')).toHaveText(/^step 5\//);
  await expect(column.locator(".status")).toHaveText("200 · result {'cart': {'p1': 2, 'p2': 1}, 'currency': 'EUR'}");
  const table = page.locator('[data-testid="compare-table"]');
  const logout = table.locator("tbody tr", { hasText: "Logout revokes" });
  await expect(logout.locator("td").nth(4)).toContainText("still gives request.user = <User: user1>");
  await expect(logout.locator("td").nth(0)).toContainText("request.user = AnonymousUser");
  await expect(table).not.toContainText("null");
  expect(problems).toEqual([]);
});

test("screenshots of Compare, light and dark, at 390 and 1280 px", async ({ page }) => {
  const problems = watchProblems(page, { failedRequests: false });
  for (const colorScheme of ["light", "dark"]) {
    for (const width of WIDTHS) {
      await openCompare(page, shareLink(outgrowingCart()), width, colorScheme);
      await expect(page.locator('[data-testid="chart-server"]')).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, `compare-${width}-${colorScheme}.png`), fullPage: true });
    }
  }
  expect(problems).toEqual([]);
});
