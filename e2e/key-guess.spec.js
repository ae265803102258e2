// "Is the key weak?" in the decoder: the warning by the SECRET_KEY field, and "try a list of
// common keys" finding the key of a cookie real Django set (e2e/fixtures/guess-key.json, made by
// tools/django_oracle/guess_key_fixtures.py with a key from the built-in list), in the page:
// nothing is fetched but the page's own files. Cancel stops a long search.
const { test, expect } = require("@playwright/test");
const { SCREENSHOTS, open } = require("./support");
const fs = require("node:fs");
const path = require("node:path");

const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/guess-key.json"), "utf8"));

async function openDecoder(page) {
  const problems = await open(page);
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.locator('button[data-page="decoder"]').click();
  await expect(page.locator('[data-testid="decoder-view"]')).toBeVisible();
  return { problems, requests };
}

test("a weak SECRET_KEY is named by the key field, with Django's check", async ({ page }) => {
  const { problems } = await openDecoder(page);
  const secret = page.locator('[data-testid="decoder-secret"]');
  const warning = page.locator('[data-testid="decoder-key-warning"]');
  await secret.fill("django-insecure-8l)z3#m@y4w!e0b$p^q5r_c=&k9v+x(t2s-u7h1n6j*f-a0g$o%d");
  await expect(warning).toContainText('starts with "django-insecure-"');
  await expect(warning).toContainText("startproject");
  await expect(warning).toContainText("security.W009");
  await secret.fill("secret");
  await expect(warning).toContainText("6 characters, under 50 (security.W009)");
  await secret.fill("abcdef".repeat(10));
  await expect(warning).toContainText('low variety: "abcdef" repeated');
  await secret.fill("8l)z3#m@y4w!e0b$p^q5r_c=&k9v+x(t2s-u7h1n6j*f-a0g$o");
  await expect(warning).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("the built-in list finds the key real Django signed a cookie and session_data with", async ({ page, baseURL }) => {
  const { problems, requests } = await openDecoder(page);
  await page.locator('[data-testid="decoder-value"]').fill(`Cookie: csrftoken=abc; sessionid=${FIXTURE.found.cookie}`);
  await page.locator('[data-testid="key-guess"] summary').click();
  await page.locator('[data-testid="key-guess-built-in"]').click();
  const outcome = page.locator('[data-testid="key-guess-outcome"]');
  await expect(outcome).toContainText(
    `Found on line ${FIXTURE.found.line} of the built-in list: "${FIXTURE.found.key}", salt "${FIXTURE.found.salt}"`,
  );
  expect(requests.filter((url) => url.endsWith("/common-secret-keys.txt"))).toHaveLength(1);
  expect(requests.filter((url) => !url.startsWith(baseURL))).toEqual([]);

  await page.locator('[data-testid="key-guess-use"]').click();
  await expect(page.locator('[data-testid="decoder-secret"]')).toHaveValue(FIXTURE.found.key);
  await expect(page.locator('[data-testid="decoder-key-warning"]')).toContainText("security.W009");
  const verdict = page.locator('[data-testid="decoder-verdict"]');
  await expect(verdict).toBeVisible();
  await expect(verdict).not.toContainText("BadSignature");
  await page.locator('[data-testid="key-guess"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, "decoder-key-guess.png"), fullPage: true });

  // session_data of the db backend: another salt, another key; the list is not fetched again.
  await page.locator('[data-testid="decoder-secret"]').fill("");
  await page.locator('[data-testid="decoder-value"]').fill(FIXTURE.stored.session_data);
  await page.locator('[data-testid="key-guess-built-in"]').click();
  await expect(outcome).toContainText(
    `Found on line ${FIXTURE.stored.line} of the built-in list: "${FIXTURE.stored.key}", salt "${FIXTURE.stored.salt}"`,
  );
  expect(requests.filter((url) => url.endsWith("/common-secret-keys.txt"))).toHaveLength(1);

  await page.locator('[data-testid="decoder-value"]').fill(FIXTURE.not_found.cookie);
  await page.locator('[data-testid="key-guess-built-in"]').click();
  await expect(outcome).toHaveText(/^None of the \d+ keys of the built-in list signs this value\.$/);
  expect(problems).toEqual([]);
});

test("pasted keys are tried, and Cancel stops a long list of a chosen file", async ({ page }) => {
  const { problems } = await openDecoder(page);
  await page.locator('[data-testid="decoder-value"]').fill(FIXTURE.found.cookie);
  await page.locator('[data-testid="key-guess"] summary').click();
  await page.locator('[data-testid="key-guess-pasted"]').fill(`first\r\n\r\n${FIXTURE.found.key}   \r\nlast\r\n`);
  await page.locator('[data-testid="key-guess-try-pasted"]').click();
  const outcome = page.locator('[data-testid="key-guess-outcome"]');
  await expect(outcome).toContainText(`Found on line 3 of the pasted keys: "${FIXTURE.found.key}"`);
  await expect(outcome).toContainText("(without the line's trailing spaces)");

  await page.locator('[data-testid="decoder-value"]').fill(FIXTURE.not_found.cookie);
  const lines = 400_000;
  let list = "";
  for (let i = 0; i < lines; i++) list += `not-the-key-${String(i).padStart(8, "0")}-0123456789-0123456789\n`;
  await page.locator('[data-testid="key-guess-file"]').setInputFiles({
    name: "keys.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(list),
  });
  const progress = page.locator('[data-testid="key-guess-progress"]');
  await expect(progress).toContainText(/Trying keys… [\d,]+ tried: line [\d,]+ of 400,000 of keys\.txt/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "decoder-key-guess-progress.png"), fullPage: true });
  await page.locator('[data-testid="key-guess-cancel"]').click();
  await expect(progress).toHaveCount(0);
  await expect(outcome).toHaveText(/^Cancelled after [\d,]+ keys, at line [\d,]+ of 400,000\.$/);
  const cancelled = await outcome.textContent();
  await page.waitForTimeout(500);
  await expect(outcome).toHaveText(cancelled);
  expect(problems).toEqual([]);
});
