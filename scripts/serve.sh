#!/usr/bin/env bash
# Serves the playground at http://127.0.0.1:8080 (rebuilds on change), installing what is missing first.
# Usage: scripts/serve.sh [--release] [extra trunk serve flags]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
scripts/install-tools.sh
exec trunk serve --address 127.0.0.1 --port 8080 "$@"
