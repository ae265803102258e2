// The hostile and careless inputs the page's limits guard against, built the way the page reads them: share links
// (`#v1.` + Django's URL-safe base64 of the zlib-compressed document), saved states (the
// document with `format` and `version`) and correctly signed, compressed session cookies.
// Used by robustness.spec.js and by scripts/measure-load.js.
const crypto = require("node:crypto");
const zlib = require("node:zlib");

const SIGNED_COOKIES_SALT = "django.contrib.sessions.backends.signed_cookies";
const START_TIME = 1700000000;

/** Django's `b64_encode`: URL-safe base64 without padding. */
function b64(bytes) {
  return Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Django's `b62_encode`. */
function b62(n) {
  const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let text = "";
  do {
    text = digits[n % 62] + text;
    n = Math.floor(n / 62);
  } while (n > 0);
  return text;
}

/** `signing.dumps(payload, key=secret, salt=salt, compress=True)` at `timestamp`. */
function signedValue(payload, secret, { salt = SIGNED_COOKIES_SALT, timestamp = START_TIME } = {}) {
  const json = Buffer.from(JSON.stringify(payload));
  const compressed = zlib.deflateSync(json);
  const data = compressed.length < json.length - 1 ? `.${b64(compressed)}` : b64(json);
  const value = `${data}:${b62(timestamp)}`;
  // salted_hmac(salt + "signer", value, secret): the key is sha256(key_salt + secret).
  const key = crypto.createHash("sha256").update(`${salt}signer${secret}`).digest();
  const signature = crypto.createHmac("sha256", key).update(value).digest();
  return `${value}:${b64(signature)}`;
}

/** The share document of `scenario`. */
function document(scenario, { keySeed = "5e5510d5c09e", secrets = "included" } = {}) {
  return { scenario, key_seed: keySeed, secrets };
}

/** The fragment (without `#`) of a share link to `scenario`. */
function shareFragment(scenario, options) {
  return `v1.${b64(zlib.deflateSync(Buffer.from(JSON.stringify(document(scenario, options))), { level: 9 }))}`;
}

/** The text the page keeps in localStorage for `scenario`. */
function savedState(scenario, { version = 1, extra = {} } = {}) {
  return JSON.stringify({ format: "sessionscope-state", version, ...document(scenario), ...extra });
}

function scenario(name, engine, steps, extra = {}) {
  return { name, description: "hostile input", engine, start_time: START_TIME, steps, ...extra };
}

/** `steps` steps where every request starts a new session: the store grows all along. */
function growingStore(steps, engine = "db") {
  const pair = [{ request: { view: "set", data: { cart: ["book"] } } }, { tamper: { mode: "delete" } }];
  return scenario("growing store", engine, Array.from({ length: steps }, (_, i) => pair[i % 2]));
}

/** `steps` steps that only move the clock. */
function trivialSteps(steps) {
  return scenario("trivial steps", "db", Array.from({ length: steps }, () => ({ advance: 1 })));
}

/** One request storing a list of `count` integers in the session. */
function bigSessionData(count) {
  return scenario("big data", "db", [{ request: { view: "set", data: { numbers: new Array(count).fill(1) } } }]);
}

/**
 * A session of about `bytes` bytes of JSON (a list of small integers) written first, then
 * changed by every one of the other `steps - 1` steps: as many versions of a big session as
 * steps.
 */
function bigSessionChangedOften(bytes, steps, engine = "db") {
  const numbers = new Array(Math.floor(bytes / 2)).fill(7);
  const first = { request: { view: "set", data: { numbers } } };
  const rest = Array.from({ length: steps - 1 }, (_, i) => ({ request: { view: "set", data: { n: i } } }));
  return scenario("big session changed often", engine, [first, ...rest]);
}

/**
 * A signed_cookies scenario with its SECRET_KEY whose `tamper` step plants a correctly signed,
 * compressed cookie inflating to about `bytes` bytes, then sends it.
 */
function inflatingCookie(bytes) {
  const secret = "hostile-input-secret";
  const cookie = signedValue({ blob: "a".repeat(bytes) }, secret);
  return scenario("inflating cookie", "signed_cookies", [
    { tamper: { mode: "replace", text: cookie } },
    { request: { view: "get", key: "blob" } },
  ], { settings: { SECRET_KEY: secret } });
}

module.exports = {
  b64,
  signedValue,
  shareFragment,
  savedState,
  scenario,
  growingStore,
  trivialSteps,
  bigSessionData,
  bigSessionChangedOften,
  inflatingCookie,
};
