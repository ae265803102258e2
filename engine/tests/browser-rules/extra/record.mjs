// Records browser-rules cases from real Chromium, by the method of ../README.md: a loopback
// server on one http and two https ports (self-signed certificate, errors ignored), Chromium
// with --host-resolver-rules mapping *.test and localhost to 127.0.0.1, a fresh context per
// case, the Cookie header as the server received it, the jar from CDP Network.getAllCookies, and
// Chromium's own reasons from DevTools (Network.requestWillBeSentExtraInfo /
// Network.responseReceivedExtraInfo).
//
// Usage (from the repository root, after `source scripts/env.sh`):
//   node engine/tests/browser-rules/extra/record.mjs \
//     engine/tests/browser-rules/extra/inputs.json engine/tests/browser-rules/extra/cases.json
//
// inputs.json: {"cases": [{id, group, description, inputs: {profile, steps}}]}; the output adds
// `outcome.steps` (one observation per step) in the schema of ../README.md. Only the request
// kinds whose DevTools events reach the page's own session are recorded here: navigate, link,
// form-post, script, and same-site fetch/img.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";

const require = createRequire(path.resolve("e2e/package.json"));
const { chromium } = require("playwright");

const [inputPath, outputPath] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(inputPath, "utf8"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- server -------------------------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "br-record-"));
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
  "-subj", "/CN=site.test", "-keyout", `${tmp}/key.pem`, "-out", `${tmp}/cert.pem`], { stdio: "ignore" });
const tls = { key: fs.readFileSync(`${tmp}/key.pem`), cert: fs.readFileSync(`${tmp}/cert.pem`) };

const seen = new Map(); // token -> [{path, method, cookie, secFetchSite}]
const responses = new Map(); // token -> {setCookie: [...], html?: string}

function handler(req, res) {
  const url = new URL(req.url, "http://x");
  const token = url.searchParams.get("t");
  if (token) {
    const list = seen.get(token) ?? [];
    list.push({ path: url.pathname, method: req.method, cookie: req.headers.cookie ?? null,
      secFetchSite: req.headers["sec-fetch-site"] ?? null });
    seen.set(token, list);
  }
  const plan = responses.get(url.searchParams.get("r")) ?? {};
  const headers = { "Content-Type": plan.html ? "text/html" : "text/plain", "Cache-Control": "no-store" };
  if (req.headers.origin) {
    headers["Access-Control-Allow-Origin"] = req.headers.origin;
    headers["Access-Control-Allow-Credentials"] = "true";
  }
  if (plan.setCookie?.length) headers["Set-Cookie"] = plan.setCookie;
  res.writeHead(200, headers);
  res.end(plan.html ?? "ok");
}

const listen = (server) => new Promise((r) => server.listen(0, "127.0.0.1", () => r(server.address().port)));
const ports = {
  http: await listen(http.createServer(handler)),
  https: await listen(https.createServer(tls, handler)),
  alt: await listen(https.createServer(tls, handler)),
};

function real(urlText, port, query) {
  const u = new URL(urlText);
  u.port = String(port === "alt" ? ports.alt : u.protocol === "https:" ? ports.https : ports.http);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}

// --- browser ------------------------------------------------------------------------------
const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-domain-reliability", "--no-pings",
  "--host-resolver-rules=MAP *.test 127.0.0.1, MAP localhost 127.0.0.1, MAP * ~NOTFOUND"];
const launch = { headless: true, executablePath: "/usr/bin/chromium", args };
const shared = await chromium.launch(launch);

async function contextFor(profile) {
  if (profile === "default") return { context: await shared.newContext({ ignoreHTTPSErrors: true }), close: async (c) => c.close() };
  const dir = fs.mkdtempSync(path.join(tmp, "profile-"));
  if (profile === "third-party-cookies-allowed") {
    fs.mkdirSync(`${dir}/Default`, { recursive: true });
    fs.writeFileSync(`${dir}/Default/Preferences`, JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  }
  const context = await chromium.launchPersistentContext(dir, { ...launch, ignoreHTTPSErrors: true });
  return { context, close: async (c) => c.close() };
}

function launchHtml(kind, target, writes) {
  switch (kind) {
    case "link": return `<a id=go href="${target}">go</a>`;
    case "form-post": return `<form id=go method=POST action="${target}"><input name=x value=1></form>`;
    case "fetch": return `<script>fetch(${JSON.stringify(target)}, {credentials: "include"}).then(r => r.text()).then(() => document.title = "done", () => document.title = "failed")</script>`;
    case "img": return `<img src="${target}" onload="document.title='done'" onerror="document.title='done'">`;
    case "iframe": return `<iframe src="${target}" onload="document.title='done'"></iframe>`;
    default: return `<script>${(writes ?? []).map((w) => `document.cookie = ${JSON.stringify(w)};`).join("")}</script>`;
  }
}

function jarEntry(c, stepStart) {
  return { name: c.name, value: c.value, domain: c.domain, hostOnly: !c.domain.startsWith("."), path: c.path,
    secure: c.secure, httpOnly: c.httpOnly, sameSite: c.sameSite ?? "unspecified", session: c.session,
    ttl_s: c.session ? null : Math.round((c.expires - stepStart) / 60) * 60, sourceScheme: c.sourceScheme };
}

async function runStep(context, cdp, step, index, caseIndex) {
  const token = `c${caseIndex}s${index}`;
  const targetKey = `${token}-target`;
  responses.set(targetKey, { setCookie: step.set_cookie ?? [] });
  const target = real(step.url, step.port, { t: token, r: targetKey });
  const stepStart = Date.now() / 1000;
  const events = { sent: new Map(), extra: new Map(), received: new Map() };
  const onSent = (e) => events.sent.set(e.requestId, e.request.url);
  const onExtra = (e) => events.extra.set(e.requestId, e);
  const onReceived = (e) => events.received.set(e.requestId, e);
  cdp.on("Network.requestWillBeSent", onSent);
  cdp.on("Network.requestWillBeSentExtraInfo", onExtra);
  cdp.on("Network.responseReceivedExtraInfo", onReceived);
  const page = context.pages()[0] ?? (await context.newPage());
  const observation = {};
  if (step.kind === "navigate" || step.kind === "script") {
    await page.goto(target);
    if (step.kind === "script") {
      for (const w of step.write ?? []) await page.evaluate((text) => { document.cookie = text; }, w);
      observation.document_cookie = await page.evaluate(() => document.cookie);
    }
  } else {
    const launchKey = `${token}-launch`;
    responses.set(launchKey, { html: launchHtml(step.kind, target) });
    await page.goto(real(step.from, undefined, { t: `${token}-from`, r: launchKey }));
    if (step.kind === "link") await Promise.all([page.waitForURL(/-target/), page.click("#go")]);
    else if (step.kind === "form-post") await Promise.all([page.waitForURL(/-target/), page.evaluate(() => document.getElementById("go").submit())]);
    else await page.waitForFunction(() => document.title === "done" || document.title === "failed", null, { timeout: 5000 }).catch(() => {});
    if (step.kind === "fetch") observation.fetch_response_readable = (await page.title()) === "done";
  }
  for (let i = 0; i < 30 && !(seen.get(token) ?? []).length; i++) await sleep(100);
  await sleep(300);
  cdp.off("Network.requestWillBeSent", onSent);
  cdp.off("Network.requestWillBeSentExtraInfo", onExtra);
  cdp.off("Network.responseReceivedExtraInfo", onReceived);
  const request = (seen.get(token) ?? [])[0];
  observation.request_seen = Boolean(request);
  observation.method = request?.method ?? null;
  observation.sec_fetch_site = request?.secFetchSite ?? null;
  observation.cookie_header = request?.cookie ?? null;
  observation.sent = (request?.cookie ?? "").split("; ").filter(Boolean).map((p) => (p.includes("=") ? p.split("=")[0] : ""));
  const requestId = [...events.sent].find(([, url]) => url.includes(`r=${encodeURIComponent(targetKey)}`) || url.includes(`r=${targetKey}`))?.[0];
  const extra = requestId && events.extra.get(requestId);
  if (!extra) {
    observation.chromium = { unavailable: true };
  } else {
    const notSent = (extra.associatedCookies ?? []).filter((a) => a.blockedReasons.length)
      .map((a) => ({ name: a.cookie.name, domain: a.cookie.domain, path: a.cookie.path, reasons: a.blockedReasons }))
      .sort((a, b) => `${a.name}\0${a.domain}\0${a.path}`.localeCompare(`${b.name}\0${b.domain}\0${b.path}`));
    observation.chromium = { cookies_not_sent: notSent };
    if (step.set_cookie) {
      const received = events.received.get(requestId);
      if (!received) observation.chromium = { unavailable: true };
      else {
        const used = new Set();
        observation.chromium.set_cookie_rejected = (received.blockedCookies ?? []).map((b) => {
          const index = step.set_cookie.findIndex((line, i) => !used.has(i) && line === b.cookieLine);
          used.add(index);
          return { index, reasons: b.blockedReasons };
        }).sort((a, b) => a.index - b.index);
      }
    }
  }
  if (step.set_cookie || step.write) {
    const { cookies } = await cdp.send("Network.getAllCookies");
    observation.jar = cookies.map((c) => jarEntry(c, stepStart))
      .sort((a, b) => `${a.domain}\0${a.path}\0${a.name}`.localeCompare(`${b.domain}\0${b.path}\0${b.name}`));
  }
  return observation;
}

const output = { format: "browser-cookie-rules/1", browser: `Chromium ${shared.version()}`,
  recorded_with: { driver: "Playwright (record.mjs)", headless: true, chromium_args: args }, cases: [] };
for (const [caseIndex, c] of input.cases.entries()) {
  const { context, close } = await contextFor(c.inputs.profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const steps = [];
  let firstStored = null;
  for (const [index, step] of c.inputs.steps.entries()) {
    if (step.min_age_s && firstStored) await sleep(Math.max(0, firstStored + step.min_age_s * 1000 - Date.now()));
    steps.push(await runStep(context, cdp, step, index, caseIndex));
    if (!firstStored && steps.at(-1).jar?.length) firstStored = Date.now();
  }
  await close(context);
  output.cases.push({ ...c, outcome: { summary: {}, steps } });
  console.log(`recorded ${c.id}`);
}
fs.writeFileSync(outputPath, JSON.stringify(output, null, 1) + "\n");
await shared.close();
process.exit(0);
