// Starts the playground. Trunk would start it with an inline <script type="module">, which a
// strict Content-Security-Policy (index.html: script-src 'self', no inline script) refuses;
// this file is served from the page's own origin instead (Trunk.toml: pattern_script = "").
//
// It imports the wasm-bindgen glue and instantiates the wasm that Trunk's preload links name,
// fetching the wasm with the preload's `integrity`: the browser then checks the bytes against
// that digest (a preload's integrity alone is not applied to the fetch that uses it). The glue
// itself is checked by its `modulepreload` link's integrity, which the import reuses.
const glue = document.querySelector('link[rel="modulepreload"]');
const wasm = document.querySelector('link[rel="preload"][type="application/wasm"]');

function fail(error) {
  const message = document.createElement("p");
  message.setAttribute("role", "alert");
  message.className = "boot-failure";
  message.textContent =
    "Sessionscope could not start: its code did not load or did not match its checksum. " +
    "Reload the page; if this persists, the copy on this server is damaged. (" + error + ")";
  document.body.append(message);
  throw error;
}

try {
  const bindings = await import(glue.href);
  const module = fetch(wasm.href, { integrity: wasm.integrity, credentials: "same-origin" });
  const instance = await bindings.default({ module_or_path: module });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
} catch (error) {
  fail(error);
}
