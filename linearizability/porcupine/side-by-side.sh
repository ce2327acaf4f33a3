#!/usr/bin/env bash
# decree check-history and Porcupine side by side on Jepsen-style kv histories (JSON events, as written by
# io.decree.lin.jepsen.JepsenHistoryGenerator), for the table in docs/linearizability.md.
#
#   PORCUPINE_SRC=DIR linearizability/porcupine/side-by-side.sh [--runs N] [--warm N] [--warm-up W] [--timeout S] HISTORY.json...
#
# PORCUPINE_SRC: a checkout of github.com/anishathalye/porcupine (never copied into this repository). compare.go is
# built against it offline by build.sh (GOPROXY=off, a go.mod with a replace directive: Porcupine needs only the
# standard library). Skips with a message, exit 0, when Go or the source is missing.
#
# Per history, shrinking off on both sides (Porcupine does not shrink), the same time limit on both:
#  * cold: --runs N (default 5) runs of each, one process per file, interleaved (Porcupine, decree, Porcupine, ...):
#    the median of the process's CPU (user+sys) and wall time, from /usr/bin/time. decree is run as a user runs it,
#    `./decree check-history FILE --model kv --shrink off --timeout S` (its launcher script, its JVM flags and AOT
#    cache included).
#  * warm: the file W + N times in one process (--warm-up W, default 30; --warm N, default 20), the first W not
#    counted on either side (Go needs no warm-up, and skipping them changes nothing for it; decree's per-check CPU
#    on a small history kept falling for several hundred checks while C2 went on compiling, so --warm-up 30
#    gave a median above its steady state under the full JIT, and --warm-up 1000 measures that:
#    docs/linearizability.md):
#    Porcupine's `compare -warm N -skip W`, decree's batch mode
#    as a user runs it (`./decree check-history FILE FILE ...`: the launcher's batch flags: C1 with early compiles
#    for files of at most 256 KiB, else the full JIT and the parallel collector; its AOT caches); the best and the
#    median of the N counted checks' CPU as the checker reports it
#    (Porcupine: getrusage; decree: clock_gettime CLOCK_PROCESS_CPUTIME_ID; both the whole process, every thread
#    -- JIT and GC included -- over import and check).
# Verdicts are compared wherever both decide; a difference is reported and makes the exit status 1.
set -euo pipefail
runs=5 warm=20 warmup=30 timeout=60
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --warm) warm="$2"; shift 2 ;;
    --warm-up) warmup="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --) shift; break ;;
    -*) echo "side-by-side.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: PORCUPINE_SRC=DIR $0 [--runs N] [--warm N] [--warm-up W] [--timeout S] HISTORY.json..." >&2; exit 2; }
for file in "$@"; do [ -f "$file" ] || { echo "side-by-side.sh: no history file $file" >&2; exit 2; }; done
command -v go >/dev/null 2>&1 || { echo "side-by-side.sh: skipped: no Go toolchain (Debian: apt-get install golang-go)"; exit 0; }
[ -n "${PORCUPINE_SRC:-}" ] && [ -f "$PORCUPINE_SRC/checker.go" ] || {
  echo "side-by-side.sh: skipped: PORCUPINE_SRC does not name a Porcupine source tree (github:anishathalye/porcupine)"; exit 0; }
[ -x /usr/bin/time ] || { echo "side-by-side.sh: skipped: /usr/bin/time is missing (Debian: apt-get install time)"; exit 0; }

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
src="$(cd "$PORCUPINE_SRC" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$here/build.sh" "$src" "$work/compare"
compare="$work/compare"
export PORCUPINE_TIMEOUT_S="$timeout"

"$repo/decree" check-history --help >/dev/null # builds the distribution if it is stale: not timed
# The launcher makes its AOT caches on first use (not timed either): a cold and a batch run of the first file.
"$repo/decree" check-history "$1" --model kv --shrink off --timeout "$timeout" >/dev/null 2>&1 || true
"$repo/decree" check-history "$1" "$1" --model kv --shrink off --timeout "$timeout" >/dev/null 2>&1 || true
dist="$repo/server/target/decree-dist"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'; }
best() { sort -g | head -1; }
# timed OUT CMD...: runs CMD, its output into OUT; prints "wall cpu" (seconds) from /usr/bin/time.
timed() {
  local out="$1"; shift
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >"$out" 2>&1 || true
  awk 'END { printf "%s %.3f\n", $1, $2 + $3 }' "$work/time"
}
verdict_decree() {
  if grep -q 'model kv: linearizable' "$1"; then echo linearizable
  elif grep -q 'model kv: NOT linearizable' "$1"; then echo NOT-linearizable
  elif grep -q 'model kv: unknown' "$1"; then echo unknown
  else echo "error($(head -c 200 "$1" | tr '\n' ' '))"; fi
}

echo "side by side: $(date -u '+%Y-%m-%d %H:%M:%S') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "Porcupine: $src; decree: $dist; cold runs $runs, warm checks $warm after $warmup not counted, time limit ${timeout} s"
printf '| %s | %s | %s | %s | %s | %s | %s |\n' history "verdict decree / Porcupine" \
  "cold CPU s, median: decree / Porcupine" "cold wall s, median: decree / Porcupine" \
  "warm CPU ms, best (median): decree" "warm CPU ms, best (median): Porcupine" "load"
echo '|---|---|---|---|---|---|---|'
status=0
for file in "$@"; do
  name="$(basename "$file" .json)"
  : >"$work/d.cpu"; : >"$work/d.wall"; : >"$work/p.cpu"; : >"$work/p.wall"
  dv="" pv=""
  for ((r = 0; r < runs; r++)); do
    read -r wall cpu < <(timed "$work/p.out" "$compare" "$file")
    echo "$wall" >>"$work/p.wall"; echo "$cpu" >>"$work/p.cpu"
    pv="$(awk '{ print $2 }' "$work/p.out")"
    read -r wall cpu < <(timed "$work/d.out" "$repo/decree" check-history "$file" --model kv --shrink off --timeout "$timeout")
    echo "$wall" >>"$work/d.wall"; echo "$cpu" >>"$work/d.cpu"
    dv="$(verdict_decree "$work/d.out")"
  done
  copies=(); for ((r = 0; r < warmup + warm; r++)); do copies+=("$file"); done
  "$repo/decree" check-history "${copies[@]}" --model kv --shrink off --timeout "$timeout" >"$work/dw.out" 2>&1 || true
  sed -n 's/^model kv: .*(CPU \([0-9.]*\) ms).*/\1/p' "$work/dw.out" | tail -n +"$((warmup + 1))" >"$work/dw.cpu"
  if [ "$(wc -l <"$work/dw.cpu")" -eq "$warm" ]; then dwarm="$(best <"$work/dw.cpu") ($(median <"$work/dw.cpu"))"; else dwarm="-"; fi
  "$compare" -warm "$warm" -skip "$warmup" "$file" >"$work/pw.out" 2>&1 || true
  pwarm="$(sed -n 's/.* cpu best \([0-9.]*\) median \([0-9.]*\) ms.*/\1 (\2)/p' "$work/pw.out")"
  if [ "$dv" != "$pv" ] && [ "$dv" != unknown ] && [ "$pv" != unknown ]; then
    echo "VERDICTS DIFFER on $file: decree $dv, Porcupine $pv" >&2; status=1
  fi
  printf '| %s | %s / %s | %s / %s | %s / %s | %s | %s | %s |\n' "$name" "$dv" "$pv" \
    "$(median <"$work/d.cpu")" "$(median <"$work/p.cpu")" "$(median <"$work/d.wall")" "$(median <"$work/p.wall")" \
    "${dwarm}" "${pwarm:--}" "$(cut -d' ' -f1 /proc/loadavg)"
done
exit $status
