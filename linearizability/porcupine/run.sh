#!/usr/bin/env bash
# Builds compare.go against a local Porcupine source tree and checks the given JSON histories.
#   linearizability/porcupine/run.sh PORCUPINE_SRC_DIR [-warm N] HISTORY.json...
# (-warm N: each file N times in one process, the best and median wall and CPU; side-by-side.sh runs both checkers)
# Porcupine has no dependencies; the build is offline (GOPROXY=off) and happens in a temporary directory.
set -euo pipefail
src="$(cd "$1" && pwd)"; shift
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$here/compare.go" "$work/"
cat > "$work/go.mod" <<MOD
module decree/porcupinecompare

go 1.19

require github.com/anishathalye/porcupine v0.0.0
replace github.com/anishathalye/porcupine => $src
MOD
export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="${GOCACHE:-$work/cache}"
(cd "$work" && go build -o compare .)
"$work/compare" "$@"
