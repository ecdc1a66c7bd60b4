#!/usr/bin/env bash
# The object storage benchmark (issue 15): a registry's bucket as the source, `s3://bucket/rootdirectory` read with
# the AWS SDK, against the HTTP API of a docker-registry serving the same bucket.
#
#   bench/s3.sh [--rounds N] [--fresh-bucket] [--fresh-source]
#
#   --rounds N       interleaved rounds of (o) and (h); default 2, or $S3_ROUNDS
#   --fresh-bucket   fill the bucket again even if bench/work/s3 holds a filled one; or FRESH_BUCKET=1
#   --fresh-source   push the bench dataset again (and so fill the bucket again); or FRESH_SOURCE=1
#
# The store is the tests' S3 server on loopback (s3rver from npm with the calls docker-registry's s3 driver needs,
# tests/Registry.Testing/s3), its objects in bench/work/s3/data. The bucket is filled once (and reused) by
# `registry-migrate migrate` of the bench dataset (run.sh's, without the 1 GiB layer) into a docker-registry whose
# s3 driver writes s3://registry/bench, so the layout is the real driver's. Then:
#   scan  registry-migrate scan --source s3://registry/bench --s3-endpoint URL --s3-path-style; it prints its
#         requests to the store. Target: at most (repositories x 2 + tags + untagged) x 1.2, from its own counts.
#   (o)   registry-migrate migrate --source s3://registry/bench … into a new, empty docker-registry
#   (h)   registry-migrate migrate --source http://R into a new, empty docker-registry, where R is a docker-registry
#         serving the same bucket (s3 driver), started once for all rounds
# Target: median (o) <= median (h), and bytes uploaded = the dataset's unique bytes in every run. Exit code 1 if a
# target fails. The figures of a run go to bench/work/results/s3-…/. About 1.5 minutes with 2 rounds once the
# bucket is filled; filling it takes 36 s more.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS="${S3_ROUNDS:-2}"
FRESH_BUCKET="${FRESH_BUCKET:-0}"
FRESH_SOURCE="${FRESH_SOURCE:-0}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --fresh-bucket) FRESH_BUCKET=1; shift ;;
    --fresh-source) FRESH_SOURCE=1; FRESH_BUCKET=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive number"

# Registries first: they write to the S3 server until they stop.
trap 'stop_all_registries; stop_all_s3rvers' EXIT
trap 'exit 130' INT TERM

ensure_tools
ensure_s3rver
build_cli

RESULTS="$WORK/results/s3-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
log "results of this run: $RESULTS"
printf 'run\tround\tseconds\tbytes_uploaded\tpeak_rss_mb\tclient_cpu_s\ts3_cpu_s\tsource_registry_cpu_s\ttarget_registry_cpu_s\tothers_cores\n' \
  >"$RESULTS/runs.tsv"

# The CLI reads the keys from the environment, as the AWS tools do.
export AWS_ACCESS_KEY_ID="$S3_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$S3_SECRET_KEY"
S3_ROOT=/bench
BUCKET_URL="s3://$S3_BUCKET$S3_ROOT"

# ---------------------------------------------------------------------------------------------------------
# The dataset and the bucket. The bucket is filled through docker-registry's own s3 driver, with our CLI as the
# pusher, and reused while bench/work/s3/bucket.json (written last) says it finished.
# ---------------------------------------------------------------------------------------------------------
open_source "$WORK/source-no1g" "$FRESH_SOURCE" --no-big-blob
stop_registry "$SRC_PORT"
S3_DIR="$WORK/s3"
if [ "$FRESH_BUCKET" = 1 ] || [ ! -f "$S3_DIR/bucket.json" ]; then
  rm -rf "$S3_DIR"
  mkdir -p "$S3_DIR"
  start_s3rver "$S3_DIR/data" "$S3_DIR/s3rver.log"
  start_registry "$S3_DIR/fill" "$(s3_storage "$S3_ROOT")"
  log "filling $BUCKET_URL on $S3_ENDPOINT: migrate of $SRC_STORAGE into the s3-driver registry 127.0.0.1:$REGISTRY_PORT"
  t0=$(now)
  "$CLI" migrate --source "$SRC_STORAGE" --target "http://127.0.0.1:$REGISTRY_PORT" --report "$S3_DIR/fill.report.json" \
    >"$S3_DIR/fill.log" 2>&1 || { tail -20 "$S3_DIR/fill.log" >&2; die "filling the bucket failed (log: $S3_DIR/fill.log)"; }
  FILL_SECONDS=$(elapsed "$t0")
  stop_registry "$REGISTRY_PORT"
  jq --argjson s "$FILL_SECONDS" '. + {fillSeconds: $s}' "$WORK/source-no1g/dataset.json" >"$S3_DIR/bucket.json"
  log "  filled in $FILL_SECONDS s ($(du -sh "$S3_DIR/data" | cut -f1) in $S3_DIR/data)"
else
  log "reusing the bucket in $S3_DIR/data (--fresh-bucket to fill it again)"
  start_s3rver "$S3_DIR/data" "$S3_DIR/s3rver.log"
fi
FILL_SECONDS=$(jq -r .fillSeconds "$S3_DIR/bucket.json")
cp "$S3_DIR/fill.log" "$RESULTS/fill.log"
# The first scan goes to a server that logs every request (S3RVER_VERBOSE), so the summary can say what the requests
# were; the timed runs get a quiet one (logging thousands of requests would slow the server the runs share).
stop_s3rver "$S3_PID"
S3RVER_VERBOSE=1 start_s3rver "$S3_DIR/data" "$RESULTS/scan-s3rver.log"
S3_ARGS=(--s3-endpoint "$S3_ENDPOINT" --s3-path-style)

# ---------------------------------------------------------------------------------------------------------
# The scan and its requests. Its own counts make issue 15's budget: (repositories x 2 + tags + untagged) x 1.2.
# ---------------------------------------------------------------------------------------------------------
scan_bucket() {   # scan_bucket OUT: the plain summary of the bucket, as a user runs it; sets SCAN_SECONDS
  local t0; t0=$(now)
  "$CLI" scan --source "$BUCKET_URL" "${S3_ARGS[@]}" >"$1" 2>&1 || { cat "$1" >&2; die "scan of $BUCKET_URL failed"; }
  SCAN_SECONDS=$(elapsed "$t0")
}
field() { awk -v f="$1" '$1 == f { print $2; exit }' "$2"; }
REQ_BEFORE=$(grep -c '^REQ' "$RESULTS/scan-s3rver.log" || true)
scan_bucket "$RESULTS/scan.out"
grep '^REQ' "$RESULTS/scan-s3rver.log" | tail -n +$(( REQ_BEFORE + 1 )) >"$RESULTS/scan-requests.txt"
S_REPOS=$(field repositories "$RESULTS/scan.out"); S_TAGS=$(field tags "$RESULTS/scan.out")
S_UNTAGGED=$(field untagged "$RESULTS/scan.out"); S_REQUESTS=$(field requests "$RESULTS/scan.out")
[[ "$S_REQUESTS" =~ ^[0-9]+$ ]] || { cat "$RESULTS/scan.out" >&2; die "the scan printed no 'requests N to the object store' line"; }
[ "$S_REPOS" = "$REPOS" ] && [ "$S_TAGS" = "$TAGS" ] \
  || die "the bucket's scan finds $S_REPOS repositories and $S_TAGS tags, the dataset has $REPOS and $TAGS (see $RESULTS/scan.out)"
BUDGET=$(awk -v r="$S_REPOS" -v t="$S_TAGS" -v u="$S_UNTAGGED" 'BEGIN { printf "%d", (r * 2 + t + u) * 1.2 }')
declare -a SCAN_TIME=("$SCAN_SECONDS")
printf 'scan\t1\t%s\t\t\t\t\t\t\t\n' "$SCAN_SECONDS" >>"$RESULTS/runs.tsv"
"$CLI" scan --source "$BUCKET_URL" "${S3_ARGS[@]}" --json >"$RESULTS/scan.json" 2>"$RESULTS/scan-json.err" \
  || { cat "$RESULTS/scan-json.err" >&2; die "scan --json of $BUCKET_URL failed"; }
BUCKET_UNIQUE=$(jq -r .totals.uniqueBytes "$RESULTS/scan.json")
S_MANIFESTS=$(field manifests "$RESULTS/scan.out")
# The first scan's requests by kind (s3rver-plus logs "REQ METHOD URL"): listings of folders (with a delimiter: finding
# the repositories), listings of _manifests/ (no delimiter), reads of blob data (manifests) and anything else.
SCAN_KINDS=$(awk '{ u = $3 }
  u ~ /[?&]list-type=/ && u ~ /delimiter=/ { walk++; next }
  u ~ /[?&]list-type=/ { if (u ~ /_manifests/) lists++; else probe++; next }
  u ~ /\/blobs\/.*\/data$/ { reads++; seen[u]++; next }
  { other++ }
  END { for (k in seen) distinct++
        printf "%d in the server log: %d folder listings (finding repositories), %d _manifests/ listings, %d other listings, %d manifest reads (%d distinct), %d other",
          NR, walk, lists, probe, reads, distinct, other }' "$RESULTS/scan-requests.txt")
stop_s3rver "$S3_PID"
start_s3rver "$S3_DIR/data" "$S3_DIR/s3rver.log"
S3_ARGS=(--s3-endpoint "$S3_ENDPOINT" --s3-path-style)
log "scan of $BUCKET_URL: $S_REPOS repositories, $S_TAGS tags, $S_UNTAGGED untagged; $S_REQUESTS requests (budget $BUDGET); ${SCAN_SECONDS} s"

# ---------------------------------------------------------------------------------------------------------
# The HTTP source: a docker-registry on the same bucket, started once (a fresh process, nothing cached).
# ---------------------------------------------------------------------------------------------------------
start_registry "$RESULTS/http-source" "$(s3_storage "$S3_ROOT")"
HTTP_PORT=$REGISTRY_PORT
HTTP_PID=${REGISTRY_PIDS[$HTTP_PORT]}
log "HTTP source: docker-registry on $BUCKET_URL at 127.0.0.1:$HTTP_PORT"

# migrate NAME SOURCE [OPTION...]: one timed `registry-migrate migrate` into the current target, with --report;
# sets RUN_SECONDS and RUN_BYTES and writes a runs.tsv line with the CPU seconds of the client, the S3 server, the
# HTTP source registry and the target registry, and what the rest of the machine used meanwhile (in cores).
migrate() {
  local name="$1" source="$2" target_pid="${REGISTRY_PIDS[$TARGET_PORT]}" s0 h0 r0 busy0 client s3 http reg others
  shift 2
  s0=$(proc_cpu_seconds "$S3_PID"); h0=$(proc_cpu_seconds "$HTTP_PID"); r0=$(proc_cpu_seconds "$target_pid")
  busy0=$(machine_busy_seconds)
  timed_migrate "$name" --source "$source" --target "http://127.0.0.1:$TARGET_PORT" "$@"
  client=$(time_cpu_s "$RESULTS/$name.time")
  s3=$(calc "$(proc_cpu_seconds "$S3_PID") - $s0"); http=$(calc "$(proc_cpu_seconds "$HTTP_PID") - $h0")
  reg=$(calc "$(proc_cpu_seconds "$target_pid") - $r0")
  others=$(awk -v b="$(calc "$(machine_busy_seconds) - $busy0")" -v c="$client" -v s="$s3" -v h="$http" -v r="$reg" -v w="$RUN_SECONDS" \
    'BEGIN { o = (b - c - s - h - r) / w; printf "%.2f", (o < 0 ? 0 : o) }')
  RUN_BYTES=$(jq -r .totals.bytesUploaded "$RESULTS/$name.report.json")
  jq -e '.totals.imagesFailed == 0 and .verification.passed' "$RESULTS/$name.report.json" >/dev/null \
    || die "$name: the report has failed images or a failed verification ($RESULTS/$name.report.json)"
  local found; found=$(tags_in "$TARGET_DIR/storage")
  [ "$found" -eq "$TAGS" ] || die "$name: the target holds $found tags, the source $TAGS"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${name%-r*}" "${name##*-r}" "$RUN_SECONDS" "$RUN_BYTES" \
    "$(rss_mb "$RESULTS/$name.time")" "$client" "$s3" "$http" "$reg" "$others" >>"$RESULTS/runs.tsv"
  log "  ($name) ${RUN_SECONDS} s, $RUN_BYTES bytes uploaded; CPU s: client $client, S3 server $s3, HTTP source $http," \
      "target $reg; other programs $others cores"
}

declare -a O_TIME=() H_TIME=() O_BYTES=() H_BYTES=()
run_o() {
  new_target "o-r$1"; migrate "o-r$1" "$BUCKET_URL" "${S3_ARGS[@]}"; drop_target
  O_TIME+=("$RUN_SECONDS"); O_BYTES+=("$RUN_BYTES")
}
run_h() {
  new_target "h-r$1"; migrate "h-r$1" "http://127.0.0.1:$HTTP_PORT"; drop_target
  H_TIME+=("$RUN_SECONDS"); H_BYTES+=("$RUN_BYTES")
}
# Interleaved, and the order alternates, so neither side always runs on a store the other has just warmed.
for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS"
  if [ $(( round % 2 )) = 1 ]; then run_o "$round"; run_h "$round"; else run_h "$round"; run_o "$round"; fi
  scan_bucket "$RESULTS/scan-r$round.out"
  SCAN_TIME+=("$SCAN_SECONDS")
  printf 'scan\t%s\t%s\t\t\t\t\t\t\t\n' "$(( round + 1 ))" "$SCAN_SECONDS" >>"$RESULTS/runs.tsv"
done

# ---------------------------------------------------------------------------------------------------------
# Summary and targets.
# ---------------------------------------------------------------------------------------------------------
O=$(median "${O_TIME[@]}"); H=$(median "${H_TIME[@]}"); S=$(median "${SCAN_TIME[@]}")
bytes_ok=1; for b in "${O_BYTES[@]}" "${H_BYTES[@]}"; do [ "$b" = "$UNIQUE_BYTES" ] || bytes_ok=0; done
{
  echo
  echo "== object storage benchmark: $ROUNDS round(s), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo); docker-registry $(docker-registry --version 2>/dev/null | awk '{ print $3 }'); node $(node --version); s3rver $(jq -r .version "$S3RVER_DIR/node_modules/s3rver/package.json")"
  echo "code:    $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- src 2>/dev/null || echo ' (src has uncommitted changes)')"
  echo "dataset: $REPOS repositories, $TAGS tags, $BLOBS unique blobs, $UNIQUE_BYTES unique bytes ($(calc "$UNIQUE_BYTES / 1e6") MB); bucket $BUCKET_URL filled in $FILL_SECONDS s"
  echo
  echo "scan --source $BUCKET_URL --s3-endpoint $S3_ENDPOINT --s3-path-style"
  echo "  $S_REPOS repositories, $S_TAGS tags, $S_UNTAGGED untagged; unique bytes $BUCKET_UNIQUE"
  echo "  requests $S_REQUESTS; budget ($S_REPOS x 2 + $S_TAGS + $S_UNTAGGED) x 1.2 = $BUDGET; median $S s (${SCAN_TIME[*]})"
  echo "  the requests: $SCAN_KINDS"
  echo "  (information: $S_MANIFESTS manifests, index children included; one listing per folder and one read per manifest"
  echo "  would be $(awk -v w="$(grep -c 'delimiter=' "$RESULTS/scan-requests.txt")" -v r="$S_REPOS" -v m="$S_MANIFESTS" 'BEGIN { print w + r + m }') requests)"
  echo
  printf '%-34s %10s  %s\n' "" "median s" "runs (s)"
  printf '%-34s %10s  %s\n' "(o) bucket -> registry" "$O" "${O_TIME[*]}"
  printf '%-34s %10s  %s\n' "(h) HTTP (same bucket) -> registry" "$H" "${H_TIME[*]}"
  echo "  (o) / (h): $(calc "$O / $H")"
  echo "bytes uploaded (o): ${O_BYTES[*]}   (h): ${H_BYTES[*]}   unique: $UNIQUE_BYTES"
  echo
  echo "targets:"
  check "scan requests <= (2R + T + U) x 1.2" "$(( S_REQUESTS <= BUDGET ))" "$S_REQUESTS of $BUDGET"
  check "bucket -> registry <= HTTP -> registry" "$(awk -v o="$O" -v h="$H" 'BEGIN { print (o <= h) }')" "$O s vs $H s = $(calc "$O / $H")"
  check "bytes uploaded = unique blob bytes" "$bytes_ok" "every (o) and (h) run, of $UNIQUE_BYTES"
  echo
  echo "raw figures: $RESULTS/runs.tsv"
} | tee "$RESULTS/summary.txt"
! grep -q '^  FAIL' "$RESULTS/summary.txt"
