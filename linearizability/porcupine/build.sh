#!/usr/bin/env bash
# Builds compare.go against a local Porcupine source tree into OUT (used by run.sh and side-by-side.sh).
#   linearizability/porcupine/build.sh PORCUPINE_SRC_DIR OUT
# Porcupine has no dependencies; the build is offline (GOPROXY=off) and happens in a temporary directory.
set -euo pipefail
src="$(cd "$1" && pwd)"; out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$here/compare.go" "$work/"
cat > "$work/go.mod" <<MOD
module decree/porcupinecompare

go 1.19

require github.com/anishathalye/porcupine v0.0.0
replace github.com/anishathalye/porcupine => $src
MOD
(cd "$work" && GOFLAGS=-mod=mod GOPROXY=off GOCACHE="${GOCACHE:-$work/cache}" go build -o compare .)
mv "$work/compare" "$out"
