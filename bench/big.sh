#!/usr/bin/env bash
# The big-registry benchmark (issue 11): a storage folder of N tags written straight to disk by
# bench/StorageGenerator (no pushes), then `registry-migrate scan`, `scan --json` and `migrate --dry-run` into an
# empty registry, each timed with its peak RSS.
#
#   bench/big.sh [--tags N] [--rounds R]
#
#   --tags N     tags in the folder; default 100000 (in N/50 repositories). A folder made earlier is reused.
#   --rounds R   measured runs of each, after one warm-up; default 3
#
# Reports medians of wall time and of peak RSS, per tag as well. No targets are checked yet: this is the
# measuring stick for issue 11.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

TAGS=100000
ROUNDS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --tags) TAGS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$TAGS" =~ ^[1-9][0-9]*$ && "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--tags and --rounds need positive numbers"

trap stop_all_registries EXIT
trap 'exit 130' INT TERM
ensure_tools
build_cli

SOURCE="$WORK/big-$TAGS"
if [ ! -f "$SOURCE/.done" ]; then
  rm -rf "$SOURCE"
  log "writing $TAGS tags to $SOURCE"
  dotnet run -c Release --project "$BENCH_DIR/StorageGenerator" -- "$SOURCE" --tags "$TAGS" >&2
  touch "$SOURCE/.done"
fi
start_registry "$WORK/big-target-$$"
TARGET="http://127.0.0.1:$REGISTRY_PORT"
RESULTS="$WORK/results/big-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"

measure() {   # measure NAME ARGS...: one warm-up, then ROUNDS runs; prints "NAME median_s median_rss_mb"
  local name="$1"; shift
  "$WORK/cli/registry-migrate" "$@" >/dev/null 2>&1 || true
  local times=() rss=() i start
  for i in $(seq "$ROUNDS"); do
    start=$(now)
    /usr/bin/time -v -o "$RESULTS/$name-$i.time" "$WORK/cli/registry-migrate" "$@" > "$RESULTS/$name-$i.out" 2>&1 || true
    times+=("$(elapsed "$start")")
    rss+=("$(rss_mb "$RESULTS/$name-$i.time")")
  done
  printf '%-22s %8s s %9s MB   runs: %s\n' "$name" "$(median "${times[@]}")" "$(median "${rss[@]}")" "${times[*]}"
}

{
  echo "== big-registry benchmark: $TAGS tags, $ROUNDS round(s), $(date -u +%Y-%m-%dT%H:%M:%SZ), code $(git -C "$REPO_DIR" rev-parse --short HEAD)"
  measure scan scan --source "$SOURCE"
  measure scan-json scan --source "$SOURCE" --json
  measure migrate-dry-run migrate --source "$SOURCE" --target "$TARGET" --dry-run
} | tee "$RESULTS/summary.txt"
