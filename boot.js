// Starts the playground. Trunk would start it with an inline <script type="module">, which a
// strict Content-Security-Policy (index.html: script-src 'self', no inline script) refuses;
// this file is served from the page's own origin instead (Trunk.toml: pattern_script = "").
//
// It imports the wasm-bindgen glue and instantiates the wasm that the page's preload links name
// (written by scripts/page-wasm.py), fetching the wasm with the preload's `integrity`: the
// browser then checks the bytes against that digest (a preload's integrity alone is not applied
// to the fetch that uses it). The glue and the loader of the parts loaded on demand are checked
// by their `modulepreload` links' integrity, which the imports reuse; that loader fetches each
// part with the part's own digest.
//
// The page's text says it is loading until the playground starts (index.html, #boot-status),
// so a copy whose files do not load says so instead of staying blank; this file replaces that
// text with what went wrong, or removes it once the playground runs.
//
// Embedded in another page (`?embed=1` in an <iframe>), it also tells the parent page its
// height, `{type: "sessionscope:resize", height}`, on start and whenever it changes; the
// optional embed.js on the parent page sizes the frame from it.
const glue = document.querySelector('link[rel="modulepreload"][data-sessionscope="glue"]');
const wasm = document.querySelector('link[rel="preload"][data-sessionscope="wasm"]');
const status = document.getElementById("boot-status");

function fail(error) {
  const message = status || document.createElement("p");
  message.setAttribute("role", "alert");
  message.className = "boot-failure";
  message.textContent =
    "Sessionscope could not start: its code did not load from this address, or did not match " +
    "its checksum. Reload the page; if this persists, the copy on this server is incomplete " +
    "or damaged. (" + error + ")";
  if (!message.isConnected) document.body.append(message);
  throw error;
}

/** Posts the embedded view's height to the parent page, now and at every change. */
function reportHeightToParent() {
  const app = document.querySelector(".app.embed");
  if (!app || window.parent === window || typeof ResizeObserver !== "function") return;
  let last = 0;
  const post = () => {
    const margin = parseFloat(getComputedStyle(document.body).marginBottom) || 0;
    const height = Math.ceil(app.getBoundingClientRect().bottom + window.scrollY + margin);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "sessionscope:resize", height }, "*");
  };
  new ResizeObserver(post).observe(app);
  // embed.js asks again when it starts after the frame (a script loaded late).
  addEventListener("message", (event) => {
    if (event.source === window.parent && event.data?.type === "sessionscope:measure") {
      last = 0;
      post();
    }
  });
  post();
}

try {
  if (!glue || !wasm) throw new Error("the page names no code to load");
  const bindings = await import(glue.href);
  const module = fetch(wasm.href, { integrity: wasm.integrity, credentials: "same-origin" });
  const instance = await bindings.default({ module_or_path: module });
  window.wasmBindings = bindings;
  status?.remove();
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
} catch (error) {
  fail(error);
}
reportHeightToParent();
