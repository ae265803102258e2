// Accessibility: axe-core (WCAG 2.0 A and AA, WCAG 2.1 AA and best practices) on every view
// of the page, in light and dark: 0 violations. Views: the playground, a story, the engine
// comparison, the decoder with a result, the share panel, the settings with settings.py, and
// the embedded view.
const { test, expect } = require("@playwright/test");
const { act } = require("./support");
const fs = require("node:fs");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"];

/** Runs axe on the page as it is; returns one line per violating node. */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    // Evaluated by the test runner, not loaded by the page (its policy allows no such script).
    await page.evaluate(AXE);
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  return result.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")} (${node.failureSummary.split("\n")[1] || ""})`),
  );
}

const VIEWS = {
  playground: async (page) => {
    await act(page, "add-to-cart");
    await expect(page.locator('[data-testid="set-cookie"]').first()).toBeVisible();
    await act(page, "read-cart");
    await expect(page.locator('[data-testid="response-status"]')).toBeVisible();
  },
  story: async (page) => {
    await page.locator('button[data-story="logout-signed-cookie"]').click();
    await expect(page.locator('[data-testid="story-body"] h3')).toBeVisible();
  },
  compare: async (page) => {
    await page.locator('button[data-story="shopping-cart"]').click();
    await page.locator('button[data-page="compare"]').click();
    await expect(page.locator('[data-testid="compare-table"] tbody tr').first()).toBeVisible();
  },
  decoder: async (page) => {
    await page.locator('button[data-page="decoder"]').click();
    await page.locator('[data-testid="decoder-example"]').click();
    await expect(page.locator('[data-testid="decoder-verdict"]')).toContainText("Valid");
  },
  share: async (page) => {
    await act(page, "add-to-cart");
    await page.locator('[data-testid="share-button"]').click();
    await expect(page.locator('[data-testid="share-link"]')).toBeVisible();
  },
  "settings and settings.py": async (page) => {
    await act(page, "add-to-cart");
    await page.locator("#tab-settings").click();
    await expect(page.locator('[data-testid="settings-py-text"]')).toBeVisible();
  },
  "a banner and a field's problem": async (page) => {
    await page.goto("/#v1.this*is*not*base64");
    await page.reload();
    await expect(page.locator('[data-testid="notice"]')).toBeVisible();
    await page.locator("#tab-settings").click();
    await page.locator('input[name="SESSION_COOKIE_AGE"]').fill("abc");
    await page.locator('input[name="SESSION_COOKIE_AGE"]').press("Enter");
    await expect(page.locator('[data-testid="cookie-age-problem"]')).toBeVisible();
  },
  embed: async (page) => {
    await page.locator('button[data-story="shopping-cart"]').click();
    await page.locator('[data-testid="share-button"]').click();
    const snippet = await page.locator('[data-testid="embed-snippet"]').inputValue();
    await page.goto(snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, "&"));
    await page.reload();
    await expect(page.locator('[data-testid="embed"]')).toBeVisible();
  },
};

for (const colorScheme of ["light", "dark"]) {
  for (const [name, show] of Object.entries(VIEWS)) {
    test(`axe finds nothing on ${name}, ${colorScheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
      await page.goto("/");
      await expect(page.locator(".backend-picker button").first()).toBeVisible();
      await show(page);
      expect(await violations(page)).toEqual([]);
    });
  }
}
