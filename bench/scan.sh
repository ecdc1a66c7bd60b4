#!/usr/bin/env bash
# The scan benchmark: `registry-migrate scan --source <storage>` on 5,000 tags in 250 repositories, against
# `find <storage> -name current` (a plain walk of the whole storage folder that lists every tag and reads nothing).
#
#   bench/scan.sh [--rounds N] [--fresh-source]
#
#   --rounds N       measured runs of each, interleaved; default 5, or $SCAN_ROUNDS
#   --fresh-source   push the dataset again even if bench/work holds it from an earlier run; or FRESH_SOURCE=1
#
# The page cache is warmed first (one unmeasured run of each): the target is about the scanner, not the disk.
# Exit code 1 if the scan's median is over 2 s.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS="${SCAN_ROUNDS:-5}"
FRESH_SOURCE="${FRESH_SOURCE:-0}"
PUSH_PARALLEL="${PUSH_PARALLEL:-16}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --fresh-source) FRESH_SOURCE=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive number"

trap stop_all_registries EXIT
trap 'exit 130' INT TERM

ensure_tools
build_cli
build_builder

RESULTS="$WORK/results/scan-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"

# The dataset: 5,000 manifests pushed through a real registry take a few minutes, so a finished one (its
# dataset.json is written last) is reused. The builder pushes many repositories at once; the registry is the
# bottleneck either way. The registry is stopped once the dataset is in: the scan reads the folder only.
SOURCE_DIR="$WORK/source-scan"
if [ "$FRESH_SOURCE" = 1 ] || [ ! -f "$SOURCE_DIR/dataset.json" ]; then
  rm -rf "$SOURCE_DIR"
  start_registry "$SOURCE_DIR"
  log "pushing 5,000 tags into 127.0.0.1:$REGISTRY_PORT ($PUSH_PARALLEL repositories at a time)"
  "$BUILDER" "http://127.0.0.1:$REGISTRY_PORT" --scan --parallel "$PUSH_PARALLEL" --summary "$SOURCE_DIR/dataset.json.tmp" >&2
  mv "$SOURCE_DIR/dataset.json.tmp" "$SOURCE_DIR/dataset.json"
  stop_registry "$REGISTRY_PORT"
else
  log "reusing the dataset in $SOURCE_DIR (--fresh-source to push it again)"
fi
STORAGE="$SOURCE_DIR/storage"
TAGS=$(jq -r .tags "$SOURCE_DIR/dataset.json")
REPOS=$(jq -r .repositories "$SOURCE_DIR/dataset.json")
cp "$SOURCE_DIR/dataset.json" "$RESULTS/dataset.json"

# One run of each: the scan must see every tag (or its time would measure a failure), and find must list them.
scan_once() { "$CLI" scan --source "$STORAGE" >"$RESULTS/scan.out" 2>&1 || { cat "$RESULTS/scan.out" >&2; die "scan failed"; }; }
find_once() { find "$STORAGE" -name current >"$RESULTS/find.out"; }

log "warming the page cache"
scan_once
find_once
scanned=$(awk '$1 == "tags" { print $2 }' "$RESULTS/scan.out")
found=$(wc -l <"$RESULTS/find.out")
[ "$scanned" = "$TAGS" ] || die "scan reports $scanned tags, the dataset has $TAGS"
[ "$found" -eq "$TAGS" ] || die "find lists $found 'current' folders, the dataset has $TAGS tags"

declare -a SCAN_TIME=() FIND_TIME=() SCAN_RSS=()
printf 'run\tround\tseconds\tpeak_rss_mb\n' >"$RESULTS/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  t0=$(now); /usr/bin/time -v -o "$RESULTS/scan-r$round.time" "$CLI" scan --source "$STORAGE" >"$RESULTS/scan.out" 2>&1; s=$(elapsed "$t0")
  SCAN_TIME+=("$s"); SCAN_RSS+=("$(rss_mb "$RESULTS/scan-r$round.time")")
  t0=$(now); find_once; f=$(elapsed "$t0")
  FIND_TIME+=("$f")
  printf 'scan\t%s\t%s\t%s\nfind\t%s\t%s\t\n' "$round" "$s" "${SCAN_RSS[-1]}" "$round" "$f" >>"$RESULTS/runs.tsv"
  log "round $round: scan $s s, find $f s"
done

S=$(median "${SCAN_TIME[@]}")
F=$(median "${FIND_TIME[@]}")
{
  echo
  echo "== scan benchmark: $ROUNDS round(s) after a warm-up, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores; code: $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- src 2>/dev/null || echo ' (src has uncommitted changes)')"
  echo "dataset: $REPOS repositories, $TAGS tags"
  echo
  printf '%-40s %10s  %s\n' "" "median s" "runs (s)"
  printf '%-40s %10s  %s\n' "registry-migrate scan --source <storage>" "$S" "${SCAN_TIME[*]}"
  printf '%-40s %10s  %s\n' "find <storage> -name current" "$F" "${FIND_TIME[*]}"
  echo "scan / find: $(calc "$S / $F"); scan peak RSS MB: ${SCAN_RSS[*]}"
  echo
  echo "targets:"
  check "scan of 5,000 tags <= 2 s warm" "$(awk -v s="$S" 'BEGIN { print (s <= 2) }')" "$S s"
  echo
  echo "raw figures: $RESULTS/runs.tsv"
} | tee "$RESULTS/summary.txt"
! grep -q '^  FAIL' "$RESULTS/summary.txt"
