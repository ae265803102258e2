// End-to-end tests of the Share panel's "Django test (.py)" and "Bug report (.md)": both
// download with the page's scenario, engine and Django version; a Set-Cookie line the response
// inspector shows is among the test's assertions and in the report; the downloaded test passes
// against real Django 5.2 (the venv scripts/test-exported-django.sh installs, which
// scripts/test.sh runs before these tests); the report carries a link without the SECRET_KEY
// and that link opens the same scenario. Every test fails on a console error or an uncaught
// exception.
const { test, expect } = require("@playwright/test");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, SCREENSHOTS, act, inspectors, open } = require("./support");

const DJANGO_PYTHON = path.join(ROOT, ".tools/venv-django-5.2/bin/python");

/** Clicks an export button and returns the downloaded file's name and text. */
async function download(page, kind) {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(`button[data-export="${kind}"]`).click(),
  ]);
  const saved = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), path: saved, text: fs.readFileSync(saved, "utf8") };
}

test("the Django test and the bug report download with the page's bytes; the test passes on real Django", async ({ page, browser }) => {
  const problems = await open(page);
  // The page opens on the newest Django; the venv this test runs the file on is 5.2.
  await page.locator('.version-switch button[data-django="5.2"]').click();
  await expect(page.locator('.version-switch button[data-django="5.2"]')).toHaveAttribute("aria-pressed", "true");
  await page.locator("#tab-settings").click();
  const secret = page.locator('input[name="SECRET_KEY"]');
  await secret.fill("my-very-own-production-secret");
  await secret.press("Enter");
  await page.locator('.backend-picker button[data-engine="cached_db"]').click();
  await act(page, "add-to-cart");
  const shown = await inspectors(page);
  expect(shown.setCookies.length).toBeGreaterThan(0);
  const line = shown.setCookies[0].replace(/^Set-Cookie: /, "");
  expect(line).toContain("sessionid=");

  await page.locator('[data-testid="share-button"]').click();
  await expect(page.locator('button[data-export="django-test"]')).toHaveText("Django test (.py)");
  await expect(page.locator('button[data-export="bug-report"]')).toHaveText("Bug report (.md)");
  await page.locator('[data-testid="export-menu"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, "export-menu.png") });

  const module = await download(page, "django-test");
  expect(module.name).toBe("test_sessionscope_playground.py");
  expect(module.text).toContain(`"header": ${JSON.stringify(`Set-Cookie: ${line}`)}`);
  expect(module.text).toContain('# Django 5.2 (5.2.19); SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"');
  expect(module.text).toMatch(/class PlaygroundTest\(SessionscopeTestCase\):\n.*\n\n    django_version = \(5, 2\)\n/);
  expect(module.text).toContain('"engine": "cached_db"');
  expect(module.text).toContain('"SECRET_KEY": "my-very-own-production-secret"');
  // The downloaded file, run as its docstring says: real Django agrees with every byte.
  expect(fs.existsSync(DJANGO_PYTHON), `${DJANGO_PYTHON}: run scripts/test-exported-django.sh first`).toBe(true);
  const run = spawnSync(DJANGO_PYTHON, [module.path], { encoding: "utf8" });
  expect(run.stderr).toMatch(/Ran 1 test in [\d.]+s\s+OK/);
  expect(run.status).toBe(0);

  const report = await download(page, "bug-report");
  expect(report.name).toBe("sessionscope-playground-cached_db.bug-report.md");
  expect(report.text).toContain("## Django 5.2 sessions: playground");
  expect(report.text).toContain(`Set-Cookie: ${line}`);
  expect(report.text).toContain("`django.contrib.sessions.backends.cached_db`");
  expect(report.text).toContain('SECRET_KEY = "<secret key 1, withheld>"');
  expect(report.text).not.toContain("my-very-own-production-secret");
  const link = report.text.match(/<(http[^>]+#v1\.[^>]+)>/)[1];
  expect(link.startsWith(new URL(page.url()).origin)).toBe(true);

  // The report's link opens the same steps elsewhere, without the key.
  const context = await browser.newContext();
  const receiver = await context.newPage();
  const receiverProblems = await open(receiver, link);
  await expect(receiver.locator('[data-testid="notice"]')).toContainText("Shared without its SECRET_KEY");
  await expect(receiver.locator('[data-testid="scenario-json"]')).not.toContainText("my-very-own-production-secret");
  await expect(receiver.locator('[data-testid="scenario-json"]')).toContainText('"engine": "cached_db"');
  expect(receiverProblems).toEqual([]);
  await context.close();
  expect(problems).toEqual([]);
});

test("the Django test follows the Django version the page runs", async ({ page }) => {
  const problems = await open(page);
  await page.locator('.version-switch button[data-django="4.2"]').click();
  await expect(page.locator('.version-switch button[data-django="4.2"]')).toHaveAttribute("aria-pressed", "true");
  await act(page, "add-to-cart");
  const line = (await inspectors(page)).setCookies[0].replace(/^Set-Cookie: /, "");
  await page.locator('[data-testid="share-button"]').click();
  const module = await download(page, "django-test");
  expect(module.text).toMatch(/class PlaygroundTest\(SessionscopeTestCase\):\n.*\n\n    django_version = \(4, 2\)\n/);
  expect(module.text).toContain("Django 4.2 (4.2.30)");
  expect(module.text).toContain(`"header": ${JSON.stringify(`Set-Cookie: ${line}`)}`);
  const report = await download(page, "bug-report");
  expect(report.text).toContain("## Django 4.2 sessions");
  expect(report.text).toContain("reproduces Django 4.2.30");
  expect(problems).toEqual([]);
});
