// Sessionscope auto-height: add this script once to a page with Sessionscope <iframe>s and
// each frame takes the height of its content. Optional: without it a frame keeps the height
// its `height` attribute gives it (the player fits from 360 pixels up).
//
// The embedded view posts {type: "sessionscope:resize", height} to its parent on start and
// whenever its height changes. A message counts only when it comes from one of this page's
// frames (event.source is that frame's window) and from the origin the frame's src names
// (event.origin), so no other frame or window can resize anything. Nothing else is read.
(() => {
  if (window.sessionscopeAutoHeight) return; // included twice: one listener is enough
  window.sessionscopeAutoHeight = true;
  const MIN = 200;
  const MAX = 4000;

  function originOf(frame) {
    try {
      return new URL(frame.src, document.baseURI).origin;
    } catch {
      return null;
    }
  }

  function frameOf(event) {
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow === event.source) {
        return originOf(frame) === event.origin ? frame : null;
      }
    }
    return null;
  }

  addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "sessionscope:resize" || !Number.isFinite(data.height)) return;
    const frame = frameOf(event);
    if (!frame) return;
    const height = Math.round(Math.min(MAX, Math.max(MIN, data.height)));
    // With `box-sizing: border-box` (common in docs themes) the height includes the frame's
    // border and padding: add them, so the content gets all of `height`.
    const style = getComputedStyle(frame);
    const extra =
      style.boxSizing === "border-box"
        ? ["borderTopWidth", "borderBottomWidth", "paddingTop", "paddingBottom"]
            .map((side) => parseFloat(style[side]) || 0)
            .reduce((a, b) => a + b, 0)
        : 0;
    frame.style.height = `${height + extra}px`;
    frame.dataset.sessionscopeHeight = String(height);
  });

  // Frames that started before this script ran are asked for their height again.
  function askFrames() {
    for (const frame of document.querySelectorAll("iframe")) {
      const origin = originOf(frame);
      if (origin && origin !== "null") {
        frame.contentWindow?.postMessage({ type: "sessionscope:measure" }, origin);
      }
    }
  }
  if (document.readyState === "loading") {
    addEventListener("DOMContentLoaded", askFrames);
  } else {
    askFrames();
  }
})();
