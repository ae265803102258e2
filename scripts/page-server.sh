# Sourced by the scripts that drive the release page in a browser (test.sh, bench-page.sh,
# bench-start.sh): build it, serve it on a free port, wait until it answers. Needs env.sh first.
#   release_dist [DIST]      sets DIST_DIR: DIST when given, else a fresh `trunk build --release`
#                            in a temporary directory of our own (concurrent runs never serve each
#                            other's files), removed on exit
#   serve_dist DIR [PORT]    serves DIR on 127.0.0.1:PORT (default: a free port of our own, so
#                            concurrent runs never share a server) and waits until it answers;
#                            sets PAGE_PORT and PAGE_URL; the server stops on exit
# The helpers own the EXIT trap: a script that sources this file adds what it wants removed on
# exit with `on_exit_remove PATH`.

_page_server_pids=()
_page_server_paths=()
_page_server_cleanup() {
  local pid
  for pid in ${_page_server_pids[@]+"${_page_server_pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  if [ "${#_page_server_paths[@]}" -gt 0 ]; then rm -rf "${_page_server_paths[@]}"; fi
}
trap _page_server_cleanup EXIT

on_exit_remove() { _page_server_paths+=("$@"); }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

release_dist() {
  if [ -n "${1:-}" ]; then
    DIST_DIR="$1"
    return
  fi
  DIST_DIR="$(mktemp -d)"
  on_exit_remove "$DIST_DIR"
  trunk build --release --dist "$DIST_DIR"
}

serve_dist() {
  local dir="$1" log pid
  PAGE_PORT="${2:-$(free_port)}"
  log="$(mktemp)"
  on_exit_remove "$log"
  python3 -m http.server "$PAGE_PORT" --bind 127.0.0.1 --directory "$dir" >"$log" 2>&1 &
  pid=$!
  _page_server_pids+=("$pid")
  for _ in $(seq 1 50); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PAGE_PORT/')" 2>/dev/null; then
      break
    fi
    sleep 0.2
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the static server for $dir did not start on port $PAGE_PORT:" >&2
    cat "$log" >&2
    return 1
  fi
  PAGE_URL="http://127.0.0.1:$PAGE_PORT"
}
