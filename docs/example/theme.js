// The example docs site's theme: `?theme=light|dark|auto` in the address, or the toggle in
// the header (auto → light → dark). "auto" follows the system (prefers-color-scheme), like
// the frames do by themselves; an explicit theme is passed on to every Sessionscope frame as
// `theme=` in its address, so a dark docs page never shows a light frame.
(() => {
  const THEMES = ["auto", "light", "dark"];
  const asked = new URLSearchParams(location.search).get("theme");
  let theme = THEMES.includes(asked) ? asked : "auto";

  function frameSrc(src) {
    const url = new URL(src, document.baseURI);
    if (theme === "auto") url.searchParams.delete("theme");
    else url.searchParams.set("theme", theme);
    return url.href;
  }

  function apply(initial) {
    if (theme === "auto") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    const toggle = document.getElementById("theme-toggle");
    if (toggle) {
      toggle.textContent = `Theme: ${theme}`;
      toggle.setAttribute("aria-label", theme === "auto" ? "Theme: follows the system" : `Theme: ${theme}`);
    }
    for (const frame of document.querySelectorAll("iframe.sessionscope")) {
      const src = frameSrc(frame.getAttribute("src"));
      if (src !== frame.src || !initial) frame.src = src;
    }
  }

  // Before the frames load: the root's theme at once, and each frame's address as soon as
  // the parser adds it (a lazy frame starts loading only after that), so no frame loads twice.
  if (theme !== "auto") document.documentElement.dataset.theme = theme;
  const early = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLIFrameElement && node.classList.contains("sessionscope")) {
          const src = frameSrc(node.getAttribute("src"));
          if (src !== node.src) node.src = src;
        }
      }
    }
  });
  early.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => {
    early.disconnect();
    apply(true);
    document.getElementById("theme-toggle")?.addEventListener("click", () => {
      theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
      const address = new URL(location.href);
      if (theme === "auto") address.searchParams.delete("theme");
      else address.searchParams.set("theme", theme);
      history.replaceState(null, "", address);
      apply(false);
    });
  });
})();
