#!/usr/bin/env bash
# The copy benchmark: registry-migrate against `skopeo sync`, on one dataset in a real docker-registry.
#
#   bench/run.sh [--rounds N] [--no-big-blob] [--fresh-source]
#
#   --rounds N       interleaved rounds of (a) (b) (c); default 3, or $ROUNDS
#   --no-big-blob    leave the 1 GiB layer out of the dataset (a quick run); or BIG_BLOB=0
#   --fresh-source   push the dataset again even if bench/work holds it from an earlier run; or FRESH_SOURCE=1
#   MIGRATE_ARGS     extra options for every `registry-migrate migrate`, e.g. MIGRATE_ARGS="--concurrency 16"
#
# Each round runs, each against a new, empty target registry (new storage folder, new process):
#   (a) registry-migrate migrate --source <storage folder>      then (d): the same command again on the filled target
#   (b) registry-migrate migrate --source http://source
#   (c) skopeo sync, once per namespace (it keeps only the last path component of a name otherwise)
# then prints medians, ratios, bytes uploaded, peak RSS and PASS/FAIL for the targets. Exit code 1 if a target
# fails. Everything is written under bench/work/ (gitignored); the figures of a run go to bench/work/results/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS="${ROUNDS:-3}"
BIG_BLOB="${BIG_BLOB:-1}"
FRESH_SOURCE="${FRESH_SOURCE:-0}"
MIGRATE_ARGS="${MIGRATE_ARGS:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --no-big-blob) BIG_BLOB=0; shift ;;
    --fresh-source) FRESH_SOURCE=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive number"

# Stop every registry this script started, however it ends (error, Ctrl-C, normal exit).
trap stop_all_registries EXIT
trap 'exit 130' INT TERM

ensure_tools skopeo
build_cli
build_builder

RESULTS="$WORK/results/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
log "results of this run: $RESULTS"

# ---------------------------------------------------------------------------------------------------------
# The source. Pushing takes a minute or two (mostly hashing the seeded layers), and the bytes are the same
# every time, so a source from an earlier run is reused when it finished pushing (its dataset.json is written
# last). The two variants live in separate folders: dropping the 1 GiB tag from a source would leave its
# manifest and blob behind as untagged leftovers.
# ---------------------------------------------------------------------------------------------------------
if [ "$BIG_BLOB" = 1 ]; then SOURCE_DIR="$WORK/source-1g"; builder_flags=(); else SOURCE_DIR="$WORK/source-no1g"; builder_flags=(--no-big-blob); fi
open_source "$SOURCE_DIR" "$FRESH_SOURCE" "${builder_flags[@]}"
# The CLI's own inventory of the storage, as a cross-check of the builder's count (not timed).
SCAN_UNIQUE=$("$CLI" scan --source "$SRC_STORAGE" --json | jq -r .totals.uniqueBytes)
log "dataset: $REPOS repositories, $TAGS tags, $BLOBS unique blobs, $UNIQUE_BYTES unique bytes (scan says $SCAN_UNIQUE)"

# ---------------------------------------------------------------------------------------------------------
# skopeo sync files, one per namespace. `skopeo sync` names a destination repository after the LAST path
# component of the source's, so team-a/web/admin synced to 127.0.0.1:T would land as 127.0.0.1:T/admin. To
# keep full names it runs once per namespace (team-a/web → 127.0.0.1:T/team-a/web), and once for the
# single-component names (→ 127.0.0.1:T). Tags are listed by skopeo itself (images-by-tag-regex), as
# registry-migrate lists them itself in (b).
# ---------------------------------------------------------------------------------------------------------
write_skopeo_files "$SRC_PORT" "$RESULTS/skopeo" top-level
[ ${#SRC_REPOS[@]} -eq "$REPOS" ] || die "the source catalog lists ${#SRC_REPOS[@]} repositories, the dataset $REPOS"

# ---------------------------------------------------------------------------------------------------------
# The measured runs. Wall time is taken around the whole process (start-up, planning, copy and the CLI's
# verification included), as a user would see it; peak RSS comes from GNU time.
# ---------------------------------------------------------------------------------------------------------
declare -a A_TIME=() B_TIME=() C_TIME=() D_TIME=() A_BYTES=() B_BYTES=() D_BYTES=() A_RSS=() B_RSS=() C_RSS=()
printf 'run\tround\tseconds\tbytes_uploaded\tpeak_rss_mb\n' >"$RESULTS/runs.tsv"

# Every tag must be on the target afterwards, or the time measured a failure.
expect_all_tags() {
  local found; found=$(tags_in "$TARGET_DIR/storage")
  [ "$found" -eq "$TAGS" ] || die "$1: the target holds $found tags, the source $TAGS"
}

# migrate NAME SOURCE: one timed `registry-migrate migrate` into the current target; sets RUN_SECONDS,
# RUN_BYTES and RUN_RSS. The CLI's output goes to a log (redirected, so it prints no live progress bar).
migrate() {
  local name="$1" source="$2"
  # shellcheck disable=SC2086 # MIGRATE_ARGS is a list of options
  timed_migrate "$name" --source "$source" --target "http://127.0.0.1:$TARGET_PORT" $MIGRATE_ARGS
  RUN_BYTES=$(jq -r .totals.bytesUploaded "$RESULTS/$name.report.json")
  RUN_RSS=$(rss_mb "$RESULTS/$name.time")
  printf '%s\t%s\t%s\t%s\t%s\n' "${name%-r*}" "${name##*-r}" "$RUN_SECONDS" "$RUN_BYTES" "$RUN_RSS" >>"$RESULTS/runs.tsv"
}

for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS"

  # (a) storage folder → registry, then (d) the same command again against the now filled target.
  new_target "a-r$round"
  migrate "a-r$round" "$SRC_STORAGE"
  expect_all_tags "(a)"
  A_TIME+=("$RUN_SECONDS"); A_BYTES+=("$RUN_BYTES"); A_RSS+=("$RUN_RSS")
  log "  (a) storage → registry  ${RUN_SECONDS} s, ${RUN_BYTES} bytes uploaded, peak RSS ${RUN_RSS} MB"
  migrate "d-r$round" "$SRC_STORAGE"
  D_TIME+=("$RUN_SECONDS"); D_BYTES+=("$RUN_BYTES")
  log "  (d) re-run of (a)       ${RUN_SECONDS} s, ${RUN_BYTES} bytes uploaded"
  drop_target

  # (b) the source's HTTP API → registry.
  new_target "b-r$round"
  migrate "b-r$round" "http://127.0.0.1:$SRC_PORT"
  expect_all_tags "(b)"
  B_TIME+=("$RUN_SECONDS"); B_BYTES+=("$RUN_BYTES"); B_RSS+=("$RUN_RSS")
  log "  (b) HTTP → registry     ${RUN_SECONDS} s, ${RUN_BYTES} bytes uploaded, peak RSS ${RUN_RSS} MB"
  drop_target

  # (c) skopeo sync: all its invocations of the round are one wall time.
  new_target "c-r$round"
  rss=0
  t0=$(now)
  for ns in "${!SKOPEO_FILES[@]}"; do
    dest="127.0.0.1:$TARGET_PORT"; [ "$ns" = . ] || dest="$dest/$ns"
    log_file="$RESULTS/c-r$round.$(ns_slug "$ns").log"
    if ! /usr/bin/time -v -o "$log_file.time" skopeo sync --all --src yaml --dest docker \
        --src-tls-verify=false --dest-tls-verify=false "${SKOPEO_FILES[$ns]}" "$dest" >"$log_file" 2>&1; then
      tail -20 "$log_file" >&2
      die "(c): skopeo sync to $dest failed (log: $log_file)"
    fi
    rss=$(awk -v a="$rss" -v b="$(rss_mb "$log_file.time")" 'BEGIN { print (b > a ? b : a) }')
  done
  seconds=$(elapsed "$t0")
  expect_all_tags "(c)"
  C_TIME+=("$seconds"); C_RSS+=("$rss")
  printf 'c\t%s\t%s\t\t%s\n' "$round" "$seconds" "$rss" >>"$RESULTS/runs.tsv"
  log "  (c) skopeo sync         ${seconds} s (${#SKOPEO_FILES[@]} invocations), peak RSS ${rss} MB"
  drop_target
done

# ---------------------------------------------------------------------------------------------------------
# Summary and targets.
# ---------------------------------------------------------------------------------------------------------
A=$(median "${A_TIME[@]}"); B=$(median "${B_TIME[@]}"); C=$(median "${C_TIME[@]}"); D=$(median "${D_TIME[@]}")
max() { printf '%s\n' "$@" | sort -g | tail -1; }
all_equal() { local want="$1" v; shift; for v in "$@"; do [ "$v" = "$want" ] || return 1; done; }
big_note=""; [ "$BIG_BLOB" = 1 ] || big_note=" (no 1 GiB blob)"
{
  echo
  echo "== copy benchmark$big_note: $ROUNDS round(s), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo); $(skopeo --version); docker-registry $(docker-registry --version 2>/dev/null | awk '{ print $3 }')"
  echo "code:    $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- src 2>/dev/null || echo ' (src has uncommitted changes)')${MIGRATE_ARGS:+; MIGRATE_ARGS=$MIGRATE_ARGS}"
  echo "dataset: $REPOS repositories, $TAGS tags, $BLOBS unique blobs, $UNIQUE_BYTES unique bytes ($(calc "$UNIQUE_BYTES / 1e6") MB)"
  echo
  printf '%-26s %10s %14s  %s\n' "" "median s" "/ skopeo" "runs (s)"
  printf '%-26s %10s %14s  %s\n' "(a) storage -> registry" "$A" "$(calc "$A / $C")" "${A_TIME[*]}"
  printf '%-26s %10s %14s  %s\n' "(b) HTTP -> registry" "$B" "$(calc "$B / $C")" "${B_TIME[*]}"
  printf '%-26s %10s %14s  %s\n' "(c) skopeo sync" "$C" "1" "${C_TIME[*]}"
  printf '%-26s %10s %14s  %s\n' "(d) re-run of (a)" "$D" "$(calc "$D / $A") of (a)" "${D_TIME[*]}"
  echo
  echo "bytes uploaded (a): ${A_BYTES[*]}   (b): ${B_BYTES[*]}   (d): ${D_BYTES[*]}   unique: $UNIQUE_BYTES"
  echo "peak RSS MB    (a): ${A_RSS[*]}   (b): ${B_RSS[*]}   (skopeo, largest invocation: ${C_RSS[*]})"
  echo
  echo "targets:"
  check "storage -> registry <= 0.20 x skopeo" "$(awk -v a="$A" -v c="$C" 'BEGIN { print (a <= 0.20 * c) }')" "$A s vs $C s = $(calc "$A / $C")"
  check "HTTP -> registry <= 0.35 x skopeo" "$(awk -v b="$B" -v c="$C" 'BEGIN { print (b <= 0.35 * c) }')" "$B s vs $C s = $(calc "$B / $C")"
  bytes_ok=0; all_equal "$UNIQUE_BYTES" "${A_BYTES[@]}" "${B_BYTES[@]}" && bytes_ok=1
  check "bytes uploaded = unique blob bytes" "$bytes_ok" "every (a) and (b) run: $(max "${A_BYTES[@]}" "${B_BYTES[@]}") of $UNIQUE_BYTES"
  peak=$(max "${A_RSS[@]}" "${B_RSS[@]}")
  if [ "$BIG_BLOB" = 1 ]; then
    check "peak RSS with the 1 GB blob <= 250 MB" "$(awk -v p="$peak" 'BEGIN { print (p <= 250) }')" "$peak MB"
  else
    printf '  SKIP  %-44s %s\n' "peak RSS with the 1 GB blob <= 250 MB" "$peak MB, but this dataset has no 1 GiB blob"
  fi
  rerun_ok=0
  awk -v d="$D" -v a="$A" 'BEGIN { exit !(d <= 0.05 * a) }' && all_equal 0 "${D_BYTES[@]}" && rerun_ok=1
  check "re-run <= 5% of first run, 0 bytes" "$rerun_ok" "$D s = $(calc "100 * $D / $A")% of $A s; bytes ${D_BYTES[*]}"
  echo "  (scan of 5,000 tags <= 2 s: bench/scan.sh)"
  echo
  echo "raw figures: $RESULTS/runs.tsv"
} | tee "$RESULTS/summary.txt"
FAILED_CHECKS=$(grep -c '^  FAIL' "$RESULTS/summary.txt" || true)
[ "$FAILED_CHECKS" -eq 0 ]
