#!/usr/bin/env bash
# The Harbor benchmark: registry-migrate --harbor against `skopeo sync`, each into a new Harbor test double
# (tests/HarborDouble: Harbor's API, token service and /v2/ edge in front of a real docker-registry).
#
#   bench/harbor.sh [--rounds N] [--big-blob] [--fresh-source] [--no-preserve-run]
#
#   --rounds N          interleaved rounds; default 3, or $ROUNDS
#   --big-blob          the dataset with the 1 GiB layer (bench/work/source-1g); or BIG_BLOB=1. Default: without it
#   --fresh-source      push the dataset again even if bench/work holds it from an earlier run; or FRESH_SOURCE=1
#   --no-preserve-run   leave out the informative (p) runs; or PRESERVE_RUN=0
#   MIGRATE_ARGS        extra options for every timed `registry-migrate migrate`, e.g. MIGRATE_ARGS="--concurrency 16"
#
# Each round runs, each against a NEW Harbor double (new process, new storage, only the `library` project):
#   (h) registry-migrate migrate --source <storage folder> --target <double> --harbor --create-projects
#   (s) skopeo sync --all from the source docker-registry, once per namespace, after creating the projects
#       (untimed) with `registry-migrate projects --create`
#   (p) the same as (s) with --preserve-digests (information only; no target)
# After each run the tags are checked on the double (untimed). Prints medians, the ratio (h)/(s) and PASS/FAIL
# for the target (h) <= 0.20 x (s); exit code 1 if it fails. Everything is written under bench/work/
# (gitignored); the figures of a run go to bench/work/results/harbor-…/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS="${ROUNDS:-3}"
BIG_BLOB="${BIG_BLOB:-0}"
FRESH_SOURCE="${FRESH_SOURCE:-0}"
PRESERVE_RUN="${PRESERVE_RUN:-1}"
MIGRATE_ARGS="${MIGRATE_ARGS:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --big-blob) BIG_BLOB=1; shift ;;
    --fresh-source) FRESH_SOURCE=1; shift ;;
    --no-preserve-run) PRESERVE_RUN=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive number"

# Stop every process this script started (registries, Harbor doubles and their inner registries), however it ends.
# A double's inner registry deletes its own storage when the double stops; the round's folder goes too.
TARGET_DIR=""
cleanup() {
  stop_all_harbor_doubles
  stop_all_registries
  if [ -n "$TARGET_DIR" ]; then rm -rf "$TARGET_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_tools skopeo
build_cli
build_harbor_double

RESULTS="$WORK/results/harbor-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
log "results of this run: $RESULTS"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# The admin login the double prints (its defaults); the CLI reads it from the environment.
HARBOR_USER=admin
HARBOR_PASSWORD=Harbor12345
export TARGET_USERNAME="$HARBOR_USER" TARGET_PASSWORD="$HARBOR_PASSWORD"

# ---------------------------------------------------------------------------------------------------------
# The source: the same folders as run.sh, reused when a finished one is there (see run.sh).
# ---------------------------------------------------------------------------------------------------------
if [ "$BIG_BLOB" = 1 ]; then SOURCE_DIR="$WORK/source-1g"; builder_flags=(); else SOURCE_DIR="$WORK/source-no1g"; builder_flags=(--no-big-blob); fi
open_source "$SOURCE_DIR" "$FRESH_SOURCE" "${builder_flags[@]}"
SRC_PID=${REGISTRY_PIDS[$SRC_PORT]}
log "dataset: $REPOS repositories, $TAGS tags, $BLOBS unique blobs, $UNIQUE_BYTES unique bytes"

# ---------------------------------------------------------------------------------------------------------
# skopeo sync files, one per namespace, mapped as registry-migrate maps names into Harbor: a name with a
# namespace keeps its full path (its first component is the project), a single-component name goes to the
# `library` project. `skopeo sync` names a destination after the LAST path component of the source's, so it
# runs once per namespace (team-a/web → 127.0.0.1:T/team-a/web) and once for the single-component names
# (→ 127.0.0.1:T/library).
# ---------------------------------------------------------------------------------------------------------
write_skopeo_files "$SRC_PORT" "$RESULTS/skopeo" library
[ ${#SRC_REPOS[@]} -eq "$REPOS" ] || die "the source catalog lists ${#SRC_REPOS[@]} repositories, the dataset $REPOS"

# Every source tag, per repository ("repo" → sorted tags, one a line), for the tag checks after each skopeo run.
declare -A SRC_TAGS=()
for repo in "${SRC_REPOS[@]}"; do
  SRC_TAGS[$repo]=$(curl -sf "http://127.0.0.1:$SRC_PORT/v2/$repo/tags/list?n=10000" | jq -r '.tags[]' | sort)
done
total=$(printf '%s\n' "${SRC_TAGS[@]}" | grep -c .)
[ "$total" -eq "$TAGS" ] || die "the source registry lists $total tags, the dataset $TAGS"

# ---------------------------------------------------------------------------------------------------------
# The measured runs. Wall time is taken around the whole process (start-up, planning, project creation, copy
# and the CLI's own verification for (h); all skopeo invocations for (s) and (p)). Alongside it: the client's
# CPU (GNU time), the server side's CPU (the double and its inner registry, plus the source registry for
# skopeo), and what the rest of the machine used meanwhile (/proc/stat less those), as average busy cores.
# ---------------------------------------------------------------------------------------------------------
declare -a H_TIME=() S_TIME=() P_TIME=() H_BYTES=() H_RSS=() S_RSS=() P_RSS=() H_OTHERS=() S_OTHERS=() P_OTHERS=()
declare -a S_MATCHED=() LOADS=()
printf 'run\tround\tseconds\tbytes_uploaded\tpeak_rss_mb\tclient_cpu_s\tdouble_cpu_s\tdouble_registry_cpu_s\tsource_registry_cpu_s\tothers_cores\tloadavg_1m\tdigests_matching\n' >"$RESULTS/runs.tsv"

# new_double NAME: a new Harbor double; sets TARGET_DIR, HARBOR_PID, HARBOR_PORT, HARBOR_URL.
new_double() {
  TARGET_DIR="$WORK/targets/$1"
  rm -rf "$TARGET_DIR"
  start_harbor_double "$TARGET_DIR"
}

# drop_double: stops the double (which deletes its registry's storage) and deletes its folder; its log stays.
drop_double() {
  stop_harbor_double "$HARBOR_PID"
  cp "$TARGET_DIR/harbor.log" "$RESULTS/$(basename "$TARGET_DIR").harbor.log"
  rm -rf "$TARGET_DIR"
}

# verify_digests NAME: `registry-migrate verify` (untimed) of the whole source against the double, mapping
# single-component names to library/ as migrate --harbor does. Sets MATCHED: the tags whose manifest on the
# double has the source's digest (with all its children). Dies if verify could not run (exit code 2).
verify_digests() {
  local name="$1" report="$RESULTS/$1.verify.json" rc=0
  "$CLI" verify --source "$SRC_STORAGE" --target "$HARBOR_URL" --report "$report" >"$RESULTS/$name.verify.log" 2>&1 || rc=$?
  if [ "$rc" -gt 1 ] || [ ! -s "$report" ]; then
    tail -20 "$RESULTS/$name.verify.log" >&2
    die "$name: registry-migrate verify did not run (exit code $rc; log: $RESULTS/$name.verify.log)"
  fi
  [ "$(jq -r .total "$report")" -eq "$TAGS" ] || die "$name: verify checked $(jq -r .total "$report") tags, the source has $TAGS"
  MATCHED=$(jq -r .matched "$report")
}

# expect_all_tags NAME: every source tag is listed on the double under the Harbor name (skopeo list-tags, with
# the admin login). skopeo sync may rewrite manifests (see the README), so this checks names, not digests.
expect_all_tags() {
  local name="$1" repo target missing=0 found
  for repo in "${SRC_REPOS[@]}"; do
    target="$repo"; [[ "$repo" == */* ]] || target="library/$repo"
    found=$(skopeo list-tags --tls-verify=false --creds "$HARBOR_USER:$HARBOR_PASSWORD" "docker://127.0.0.1:$HARBOR_PORT/$target" 2>>"$RESULTS/$name.tags.log" \
      | jq -r '.Tags[]' | sort) || found=""
    if [ "$found" != "${SRC_TAGS[$repo]}" ]; then
      missing=$(( missing + 1 ))
      log "  $name: $target on the double lists [$(echo $found)], the source [$(echo ${SRC_TAGS[$repo]})]"
    fi
  done
  [ "$missing" -eq 0 ] || die "$name: $missing repositories are missing tags on the double"
}

# server_cpu: CPU seconds so far of the double, its inner registry and the source registry ("D R S").
server_cpu() {
  echo "$(proc_cpu_seconds "$HARBOR_PID") $(proc_cpu_seconds "${HARBOR_INNER_PIDS[$HARBOR_PID]:-}") $(proc_cpu_seconds "$SRC_PID")"
}

# server_cpu_since SNAPSHOT: what each used since a server_cpu snapshot; sets CPU_DOUBLE, CPU_INNER, CPU_SOURCE
# and CPU_SERVER (their sum).
server_cpu_since() {
  local d0 r0 s0 d1 r1 s1
  read -r d0 r0 s0 <<<"$1"; read -r d1 r1 s1 <<<"$(server_cpu)"
  CPU_DOUBLE=$(calc "$d1 - $d0"); CPU_INNER=$(calc "$r1 - $r0"); CPU_SOURCE=$(calc "$s1 - $s0")
  CPU_SERVER=$(calc "$CPU_DOUBLE + $CPU_INNER + $CPU_SOURCE")
}

# others_cores BUSY0 WALL OWN_CPU: average cores the rest of the machine kept busy during a run.
others_cores() {
  awk -v b0="$1" -v b1="$(machine_busy_seconds)" -v w="$2" -v own="$3" \
    'BEGIN { o = (b1 - b0 - own) / w; if (o < 0) o = 0; printf "%.2f", o }'
}

# run_h ROUND: (h) registry-migrate migrate --harbor --create-projects, storage folder → a new double.
run_h() {
  local name="h-r$1" server0 busy0 seconds client others report failed images vpassed vchecked bytes rss
  new_double "$name"
  server0=$(server_cpu); busy0=$(machine_busy_seconds)
  # shellcheck disable=SC2086 # MIGRATE_ARGS is a list of options
  timed_migrate "$name" --source "$SRC_STORAGE" --target "$HARBOR_URL" --harbor --create-projects $MIGRATE_ARGS
  seconds=$RUN_SECONDS
  client=$(time_cpu_s "$RESULTS/$name.time")
  server_cpu_since "$server0"
  others=$(others_cores "$busy0" "$seconds" "$(calc "$client + $CPU_SERVER")")
  report="$RESULTS/$name.report.json"
  failed=$(jq -r .totals.imagesFailed "$report"); images=$(jq -r .totals.images "$report")
  vpassed=$(jq -r .verification.passed "$report"); vchecked=$(jq -r .verification.matched "$report")
  [ "$failed" = 0 ] && [ "$images" -eq "$TAGS" ] && [ "$vpassed" = true ] && [ "$vchecked" -eq "$TAGS" ] \
    || die "$name: the report says $failed of $images images failed, verification passed=$vpassed ($vchecked matched); the source has $TAGS tags"
  bytes=$(jq -r .totals.bytesUploaded "$report"); rss=$(rss_mb "$RESULTS/$name.time")
  # A second opinion from outside the timed process: the same tags, by digest, on the double.
  verify_digests "$name"
  [ "$MATCHED" -eq "$TAGS" ] || die "$name: registry-migrate verify matched $MATCHED of $TAGS tags after the migration"
  H_TIME+=("$seconds"); H_BYTES+=("$bytes"); H_RSS+=("$rss"); H_OTHERS+=("$others")
  printf 'h\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$seconds" "$bytes" "$rss" "$client" "$CPU_DOUBLE" "$CPU_INNER" "$CPU_SOURCE" "$others" "${LOADS[-1]}" "$MATCHED" >>"$RESULTS/runs.tsv"
  log "  (h) migrate --harbor            ${seconds} s, ${bytes} bytes uploaded, peak RSS ${rss} MB"
  log "      CPU s: client $client, double $CPU_DOUBLE, its registry $CPU_INNER, source registry $CPU_SOURCE; others $others cores"
  drop_double
}

# run_skopeo KIND ROUND: (s) skopeo sync as asked, or (p) the same with --preserve-digests, into a new double
# whose projects registry-migrate creates first (untimed).
run_skopeo() {
  local kind="$1" name="$1-r$2" server0 busy0 t0 seconds client=0 others rss=0 ns dest log_file
  local -a extra=(); [ "$kind" = p ] && extra=(--preserve-digests)
  new_double "$name"
  if ! "$CLI" projects --source "$SRC_STORAGE" --target "$HARBOR_URL" --create >"$RESULTS/$name.projects.log" 2>&1; then
    cat "$RESULTS/$name.projects.log" >&2
    die "$name: registry-migrate projects --create failed"
  fi
  server0=$(server_cpu); busy0=$(machine_busy_seconds)
  t0=$(now)
  for ns in "${!SKOPEO_FILES[@]}"; do
    dest="127.0.0.1:$HARBOR_PORT/library"; [ "$ns" = . ] || dest="127.0.0.1:$HARBOR_PORT/$ns"
    log_file="$RESULTS/$name.$(ns_slug "$ns").log"
    if ! /usr/bin/time -v -o "$log_file.time" skopeo sync --all "${extra[@]}" --src yaml --dest docker \
        --src-tls-verify=false --dest-tls-verify=false --dest-creds "$HARBOR_USER:$HARBOR_PASSWORD" \
        "${SKOPEO_FILES[$ns]}" "$dest" >"$log_file" 2>&1; then
      tail -20 "$log_file" >&2
      die "$name: skopeo sync to $dest failed (log: $log_file)"
    fi
    rss=$(awk -v a="$rss" -v b="$(rss_mb "$log_file.time")" 'BEGIN { print (b > a ? b : a) }')
    client=$(calc "$client + $(time_cpu_s "$log_file.time")")
  done
  seconds=$(elapsed "$t0")
  server_cpu_since "$server0"
  others=$(others_cores "$busy0" "$seconds" "$(calc "$client + $CPU_SERVER")")
  expect_all_tags "$name"
  verify_digests "$name"
  if [ "$kind" = p ]; then
    [ "$MATCHED" -eq "$TAGS" ] || die "$name: skopeo sync --preserve-digests left $MATCHED of $TAGS tags with the source's digest"
    P_TIME+=("$seconds"); P_RSS+=("$rss"); P_OTHERS+=("$others")
  else
    S_TIME+=("$seconds"); S_RSS+=("$rss"); S_OTHERS+=("$others"); S_MATCHED+=("$MATCHED")
  fi
  printf '%s\t%s\t%s\t\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$2" "$seconds" "$rss" "$client" "$CPU_DOUBLE" "$CPU_INNER" "$CPU_SOURCE" "$others" "${LOADS[-1]}" "$MATCHED" >>"$RESULTS/runs.tsv"
  log "  ($kind) $(printf '%-27s' "skopeo sync${extra[*]:+ ${extra[*]}}") ${seconds} s (${#SKOPEO_FILES[@]} invocations), peak RSS ${rss} MB; $MATCHED of $TAGS digests as in the source"
  log "      CPU s: client $client, double $CPU_DOUBLE, its registry $CPU_INNER, source registry $CPU_SOURCE; others $others cores"
  drop_double
}

for round in $(seq 1 "$ROUNDS"); do
  LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
  log "round $round of $ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  run_h "$round"
  run_skopeo s "$round"
  [ "$PRESERVE_RUN" = 1 ] && run_skopeo p "$round"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------------------
# Summary and target.
# ---------------------------------------------------------------------------------------------------------
H=$(median "${H_TIME[@]}"); S=$(median "${S_TIME[@]}")
all_equal() { local want="$1" v; shift; for v in "$@"; do [ "$v" = "$want" ] || return 1; done; }
big_note=" (no 1 GiB blob)"; [ "$BIG_BLOB" = 1 ] && big_note=" (with the 1 GiB blob)"
{
  echo
  echo "== Harbor benchmark$big_note: $ROUNDS round(s), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo); $(skopeo --version); docker-registry $(docker-registry --version 2>/dev/null | awk '{ print $3 }'); Harbor double (tests/HarborDouble, Release)"
  echo "code:    $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- src/Migration.Cli src/Migration.Engine tests/HarborDouble tests/Registry.Testing 2>/dev/null || echo ' (the CLI or the double has uncommitted changes)')${MIGRATE_ARGS:+; MIGRATE_ARGS=$MIGRATE_ARGS}"
  echo "dataset: $REPOS repositories, $TAGS tags, $BLOBS unique blobs, $UNIQUE_BYTES unique bytes ($(calc "$UNIQUE_BYTES / 1e6") MB)"
  echo "load:    load average (1, 5, 15 min) $LOAD_START at the start, $LOAD_END at the end; 1-min at each round's start: ${LOADS[*]}"
  echo
  printf '%-34s %9s %9s  %s\n' "" "median s" "/ (s)" "runs (s)"
  printf '%-34s %9s %9s  %s\n' "(h) migrate --harbor" "$H" "$(calc "$H / $S")" "${H_TIME[*]}"
  printf '%-34s %9s %9s  %s\n' "(s) skopeo sync" "$S" "1" "${S_TIME[*]}"
  if [ "$PRESERVE_RUN" = 1 ]; then
    P=$(median "${P_TIME[@]}")
    printf '%-34s %9s %9s  %s\n' "(p) skopeo sync --preserve-digests" "$P" "$(calc "$P / $S")" "${P_TIME[*]}"
    echo "(h) / (p): $(calc "$H / $P")   (information only)"
  fi
  echo
  echo "bytes uploaded (h): ${H_BYTES[*]}   unique: $UNIQUE_BYTES"
  echo "peak RSS MB    (h): ${H_RSS[*]}   (s), largest invocation: ${S_RSS[*]}${P_RSS[*]:+   (p): ${P_RSS[*]}}"
  col_median() { median $(awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$RESULTS/runs.tsv"); }
  for k in h s p; do
    [ "$k" = p ] && [ "$PRESERVE_RUN" != 1 ] && continue
    echo "CPU s, medians ($k): client $(col_median $k 6), double $(col_median $k 7), its registry $(col_median $k 8), source registry $(col_median $k 9)"
  done
  echo "other work on the machine, average busy cores during each run (h): ${H_OTHERS[*]}   (s): ${S_OTHERS[*]}${P_OTHERS[*]:+   (p): ${P_OTHERS[*]}}"
  echo "tags whose digest on the double is the source's: (h) all $TAGS every run; (s) ${S_MATCHED[*]}${P_TIME[*]:+; (p) all $TAGS every run}"
  echo
  echo "targets:"
  check "migrate --harbor <= 0.20 x skopeo sync" "$(awk -v h="$H" -v s="$S" 'BEGIN { print (h <= 0.20 * s) }')" "$H s vs $S s = $(calc "$H / $S")"
  bytes_ok=0; all_equal "$UNIQUE_BYTES" "${H_BYTES[@]}" && bytes_ok=1
  check "bytes uploaded = unique blob bytes" "$bytes_ok" "every (h) run: $(printf '%s\n' "${H_BYTES[@]}" | sort -u | tr '\n' ' ')of $UNIQUE_BYTES"
  echo "  (checked after every run, or it would have stopped: (h) 0 images failed and verification passed;"
  echo "   every run: all $TAGS tags listed on the double)"
  echo
  echo "raw figures: $RESULTS/runs.tsv"
} | tee "$RESULTS/summary.txt"
FAILED_CHECKS=$(grep -c '^  FAIL' "$RESULTS/summary.txt" || true)
[ "$FAILED_CHECKS" -eq 0 ]
