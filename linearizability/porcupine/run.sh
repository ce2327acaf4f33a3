#!/usr/bin/env bash
# Builds compare.go against a local Porcupine source tree (build.sh) and checks the given JSON histories.
#   linearizability/porcupine/run.sh PORCUPINE_SRC_DIR [-warm N] HISTORY.json...
# (-warm N: each file N times in one process, the best and median wall and CPU; side-by-side.sh runs both checkers)
set -euo pipefail
src="$1"; shift
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$here/build.sh" "$src" "$work/compare"
"$work/compare" "$@"
