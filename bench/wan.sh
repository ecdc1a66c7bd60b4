#!/usr/bin/env bash
# The WAN benchmark: registry-migrate and `skopeo sync` into a target registry behind a simulated wide-area link. The
# kernel here has no netem, so the link is a TCP proxy in user space (bench/WanProxy over
# tests/Registry.Testing/WanProxy.cs): one rate each way shared by every connection, a round trip, a new connection's
# handshake, and a TCP-like window per connection.
#
#   bench/wan.sh [--rtt-ms N] [--mbit N] [--rounds N] [--max-rate R] [--concurrency N] [--no-skopeo] [--skopeo-timeout S]
#                [--window-kib N] [--cli PATH]
#
#   --rtt-ms N          the link's round trip in ms; default 40
#   --mbit N            the link's rate each way in 10^6 bits a second; default 200
#   --rounds N          rounds of the runs below; default 1
#   --max-rate R        also run (m): (a) with `--max-rate R` (20MiB, 50MB or bytes a second), and compare its average
#                       upload rate (bytes uploaded ÷ the time the copy kept the link busy) with R
#   --concurrency N     `--concurrency N` for every registry-migrate run; default none (the engine's own)
#   --no-skopeo         leave (c) out
#   --skopeo-timeout S  stop (c) after S seconds a round and report it as not finished; default 600
#   --window-kib N      the proxy's window per connection and direction; default 4096 (Linux's largest TCP buffer)
#   --cli PATH          run this registry-migrate instead of publishing src/Migration.Cli (another worktree's, say)
#
# The dataset is run.sh's without the 1 GiB blob (bench/work/source-no1g, built and reused the same way). Each run goes
# into a new, empty target docker-registry with a new proxy in front of it; only the target is behind the link:
#   (a) registry-migrate migrate --source <storage folder> --target http://<proxy>    then (d): the same command again
#   (c) skopeo sync from the source registry (on loopback) to the proxy, once per namespace as in run.sh
#   (m) with --max-rate: (a) with --max-rate R
# Each is reported in seconds and against the floor (unique bytes × 8 ÷ the link's rate), (a) also against (c), with
# PASS/FAIL for the targets set for the chosen link. Exit code 1 if one fails. Figures go to bench/work/results/wan-*/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RTT_MS=40
MBIT=200
ROUNDS=1
MAX_RATE=""
CONCURRENCY=""
SKOPEO=1
SKOPEO_TIMEOUT=600
WINDOW_KIB=4096
CLI_OVERRIDE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rtt-ms) RTT_MS="$2"; shift 2 ;;
    --mbit) MBIT="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --max-rate) MAX_RATE="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --no-skopeo) SKOPEO=0; shift ;;
    --skopeo-timeout) SKOPEO_TIMEOUT="$2"; shift 2 ;;
    --window-kib) WINDOW_KIB="$2"; shift 2 ;;
    --cli) CLI_OVERRIDE="$2"; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive number"
[[ "$RTT_MS" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--rtt-ms needs a number of milliseconds"
[[ "$MBIT" =~ ^[0-9]+([.][0-9]+)?$ ]] && awk -v m="$MBIT" 'BEGIN { exit !(m > 0) }' || die "--mbit needs a positive number"
[[ "$SKOPEO_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "--skopeo-timeout needs a positive number of seconds"
[[ "$WINDOW_KIB" =~ ^[0-9]+$ ]] || die "--window-kib needs a number (0: no window)"
CONCURRENCY_ARGS=()
if [ -n "$CONCURRENCY" ]; then
  [[ "$CONCURRENCY" =~ ^[1-9][0-9]*$ ]] || die "--concurrency needs a positive number"
  CONCURRENCY_ARGS=(--concurrency "$CONCURRENCY")
fi

# rate_bytes R: bytes a second in R, read as registry-migrate reads --max-rate (Migration.Engine.ByteSize): SI units
# (kB, MB, GB) are powers of 1000, binary ones (KiB, MiB, GiB) and single letters (k, m, g) powers of 1024.
rate_bytes() {
  awk -v r="$1" 'BEGIN {
    s = tolower(r); sub(/\/s$/, "", s); gsub(/ /, "", s)
    if (!match(s, /^[0-9]+([.][0-9]+)?/)) exit 1
    n = substr(s, 1, RLENGTH); u = substr(s, RLENGTH + 1)
    f["b"] = 1; f[""] = 1; f["k"] = 1024; f["kib"] = 1024; f["m"] = 1048576; f["mib"] = 1048576
    f["g"] = 1073741824; f["gib"] = 1073741824; f["kb"] = 1e3; f["mb"] = 1e6; f["gb"] = 1e9
    if (!(u in f) || n <= 0) exit 1
    printf "%.0f", n * f[u] }'
}
if [ -n "$MAX_RATE" ]; then
  MAX_RATE_BYTES=$(rate_bytes "$MAX_RATE") || die "--max-rate '$MAX_RATE' is not a rate (20MiB, 50MB or bytes a second)"
fi

# Stop every proxy and registry this script started, however it ends (error, Ctrl-C, normal exit).
trap 'stop_all_wan_proxies; stop_all_registries' EXIT
trap 'exit 130' INT TERM

if [ "$SKOPEO" = 1 ]; then ensure_tools skopeo; else ensure_tools; fi
if [ -n "$CLI_OVERRIDE" ]; then
  [ -x "$CLI_OVERRIDE" ] || die "--cli $CLI_OVERRIDE is not an executable"
  CLI="$CLI_OVERRIDE"
else
  build_cli
fi
build_wan_proxy

RESULTS="$WORK/results/wan-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
log "results of this run: $RESULTS"

# The CLI of this tree may not know --max-rate yet; then (m) is left out and the rest still runs.
# (Its answer is captured first: under pipefail, a pipe into grep would fail on the CLI's own exit code of 2.)
if [ -n "$MAX_RATE" ] && [[ "$("$CLI" migrate --max-rate "$MAX_RATE" 2>&1 || true)" == *"unknown option '--max-rate'"* ]]; then
  log "this registry-migrate does not know --max-rate yet: (m) is left out"
  MAX_RATE=""
  MAX_RATE_NOTE="--max-rate was asked for, but this build of registry-migrate does not know it; (m) did not run"
fi

# ---------------------------------------------------------------------------------------------------------
# The source: run.sh's dataset without the 1 GiB blob, pushed once and reused (its dataset.json is written last).
# The source registry serves skopeo and the catalog for its sync files; registry-migrate reads the storage folder.
# ---------------------------------------------------------------------------------------------------------
SOURCE_DIR="$WORK/source-no1g"
open_source "$SOURCE_DIR" 0 --no-big-blob
# The floor: every unique byte once through the link at its full rate, and nothing else.
FLOOR=$(calc "$UNIQUE_BYTES * 8 / ($MBIT * 1e6)")
log "dataset: $REPOS repositories, $TAGS tags, $BLOBS unique blobs, $UNIQUE_BYTES unique bytes; floor at $MBIT Mbit/s: $FLOOR s"

# skopeo sync files, one per namespace, exactly as run.sh writes them: `skopeo sync` keeps only the last path component
# of a name, so it runs once per namespace with the namespace in the destination.
declare -A SKOPEO_FILES=()
if [ "$SKOPEO" = 1 ]; then
  write_skopeo_files "$SRC_PORT" "$RESULTS/skopeo" top-level
  [ ${#SRC_REPOS[@]} -eq "$REPOS" ] || die "the source catalog lists ${#SRC_REPOS[@]} repositories, the dataset $REPOS"
fi

# ---------------------------------------------------------------------------------------------------------
# Targets behind the link, and the measured runs.
# ---------------------------------------------------------------------------------------------------------
# new_target NAME: a new, empty target registry and a new proxy in front of it (fresh counters, no open
# connections); sets TARGET_DIR, TARGET_PORT and TARGET_URL (the proxy's). The proxy samples its byte counters
# every 100 ms into RESULTS/NAME.samples.
new_target() {
  TARGET_NAME="$1"
  TARGET_DIR="$WORK/targets/wan-$1"
  rm -rf "$TARGET_DIR"
  start_registry "$TARGET_DIR"
  TARGET_PORT=$REGISTRY_PORT
  start_wan_proxy "$TARGET_PORT" "$RESULTS/$1.proxy.log" --rtt-ms "$RTT_MS" --mbit "$MBIT" --window-kib "$WINDOW_KIB" \
    --samples "$RESULTS/$1.samples"
  TARGET_URL="http://127.0.0.1:$WAN_PROXY_PORT"
}

# drop_target: stops the proxy (its counters and CPU seconds go to its log) and the registry, and deletes the storage.
drop_target() {
  stop_wan_proxy "$WAN_PROXY_PID"
  stop_registry "$TARGET_PORT"
  [ -s "$TARGET_DIR/registry.log" ] && cp "$TARGET_DIR/registry.log" "$RESULTS/$TARGET_NAME.registry.log"
  rm -rf "$TARGET_DIR"
}

expect_all_tags() {
  local found; found=$(tags_in "$TARGET_DIR/storage")
  [ "$found" -eq "$TAGS" ] || die "$1: the target holds $found tags, the source $TAGS"
}

# CPU seconds of the proxy, the target registry and the whole machine, before a run; cpu_since prints what each used
# since then (and everyone else: the machine less those two and the run's own process).
cpu_mark() {
  MARK_PROXY=$(proc_cpu_seconds "$WAN_PROXY_PID")
  MARK_REGISTRY=$(proc_cpu_seconds "${REGISTRY_PIDS[$TARGET_PORT]}")
  MARK_MACHINE=$(machine_busy_seconds)
}
cpu_since() {   # RUN_CPU_SECONDS → sets CPU_PROXY CPU_REGISTRY CPU_OTHERS
  CPU_PROXY=$(calc "$(proc_cpu_seconds "$WAN_PROXY_PID") - $MARK_PROXY")
  CPU_REGISTRY=$(calc "$(proc_cpu_seconds "${REGISTRY_PIDS[$TARGET_PORT]}") - $MARK_REGISTRY")
  CPU_OTHERS=$(calc "$(machine_busy_seconds) - $MARK_MACHINE - $CPU_PROXY - $CPU_REGISTRY - $1")
}

printf 'run\tround\tseconds\tbytes_uploaded\tx_floor\tclient_cpu_s\tproxy_cpu_s\tregistry_cpu_s\tothers_cpu_s\n' >"$RESULTS/runs.tsv"
record() {   # NAME ROUND SECONDS BYTES CLIENT_CPU
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$(calc "$3 / $FLOOR")" "$5" "$CPU_PROXY" "$CPU_REGISTRY" \
    "$CPU_OTHERS" >>"$RESULTS/runs.tsv"
}

# migrate NAME [OPTION...]: one timed `registry-migrate migrate` from the storage folder into the current target;
# sets RUN_SECONDS, RUN_BYTES and RUN_CPU. Its output goes to a log (redirected, so no live progress bar).
migrate() {
  local name="$1"
  shift
  cpu_mark
  timed_migrate "$name" --source "$SRC_STORAGE" --target "$TARGET_URL" "${CONCURRENCY_ARGS[@]}" "$@"
  RUN_BYTES=$(jq -r .totals.bytesUploaded "$RESULTS/$name.report.json")
  RUN_CPU=$(time_cpu_s "$RESULTS/$name.time")
  cpu_since "$RUN_CPU"
}

# copy_window SAMPLES CAP: the span of the proxy's samples in which the upload ran at 10% of CAP or more: from the
# sample before the first such 100 ms to the last one. Prints "SECONDS BYTES" (bytes the proxy delivered meanwhile).
# Start-up, planning and verification send little and fall outside it.
copy_window() {
  awk -v cap="$2" 'NR > 1 && $1 > pt { if (($2 - pu) / ($1 - pt) >= 0.1 * cap) { if (!seen) { s = pt; sb = pu; seen = 1 } e = $1; eb = $2 } }
                   { pt = $1; pu = $2 }
                   END { if (seen) printf "%.3f %d\n", e - s, eb - sb; else print "0 0" }' "$1"
}

declare -a A_TIME=() D_TIME=() C_TIME=() M_TIME=() A_BYTES=() D_BYTES=() M_RATE=() PROXY_CPU_A=() OTHERS_CPU_A=()
C_UNFINISHED=0

for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS (link: $RTT_MS ms, $MBIT Mbit/s, window $WINDOW_KIB KiB)"

  # (a) storage folder → registry behind the link, then (d) the same command again against the now filled target.
  new_target "a-r$round"
  migrate "a-r$round"
  expect_all_tags "(a)"
  A_TIME+=("$RUN_SECONDS"); A_BYTES+=("$RUN_BYTES"); PROXY_CPU_A+=("$CPU_PROXY"); OTHERS_CPU_A+=("$CPU_OTHERS")
  record a "$round" "$RUN_SECONDS" "$RUN_BYTES" "$RUN_CPU"
  log "  (a) storage -> WAN -> registry  ${RUN_SECONDS} s ($(calc "$RUN_SECONDS / $FLOOR") x floor), ${RUN_BYTES} bytes; CPU s: client $RUN_CPU, proxy $CPU_PROXY, registry $CPU_REGISTRY, others $CPU_OTHERS"
  migrate "d-r$round"
  D_TIME+=("$RUN_SECONDS"); D_BYTES+=("$RUN_BYTES")
  record d "$round" "$RUN_SECONDS" "$RUN_BYTES" "$RUN_CPU"
  log "  (d) re-run of (a)               ${RUN_SECONDS} s, ${RUN_BYTES} bytes uploaded"
  drop_target

  # (c) skopeo sync through the same kind of link: all its invocations of the round are one wall time, within one
  # budget of --skopeo-timeout seconds.
  if [ "$SKOPEO" = 1 ]; then
    new_target "c-r$round"
    cpu_mark
    t0=$(now)
    deadline=$(( SECONDS + SKOPEO_TIMEOUT ))
    finished=1
    skopeo_cpu=0
    for ns in "${!SKOPEO_FILES[@]}"; do
      dest="127.0.0.1:$WAN_PROXY_PORT"; [ "$ns" = . ] || dest="$dest/$ns"
      log_file="$RESULTS/c-r$round.$(ns_slug "$ns").log"
      left=$(( deadline - SECONDS ))
      if [ "$left" -le 0 ]; then finished=0; break; fi
      status=0
      /usr/bin/time -v -o "$log_file.time" timeout --kill-after=10 "$left" skopeo sync --all --src yaml --dest docker \
        --src-tls-verify=false --dest-tls-verify=false "${SKOPEO_FILES[$ns]}" "$dest" >"$log_file" 2>&1 || status=$?
      skopeo_cpu=$(calc "$skopeo_cpu + $(time_cpu_s "$log_file.time")")
      # timeout(1) answers 124 when it stopped the command (137 if it had to kill it).
      if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then finished=0; break; fi
      if [ "$status" -ne 0 ]; then
        tail -20 "$log_file" >&2
        die "(c): skopeo sync to $dest failed (log: $log_file)"
      fi
    done
    seconds=$(elapsed "$t0")
    cpu_since "$skopeo_cpu"
    if [ "$finished" = 1 ]; then
      expect_all_tags "(c)"
      C_TIME+=("$seconds")
      record c "$round" "$seconds" "" "$skopeo_cpu"
      log "  (c) skopeo sync                 ${seconds} s ($(calc "$seconds / $FLOOR") x floor, ${#SKOPEO_FILES[@]} invocations)"
    else
      C_UNFINISHED=$(( C_UNFINISHED + 1 ))
      record c-unfinished "$round" "$seconds" "" "$skopeo_cpu"
      log "  (c) skopeo sync                 not finished in $SKOPEO_TIMEOUT s ($(tags_in "$TARGET_DIR/storage") of $TAGS tags on the target)"
    fi
    drop_target
  fi

  # (m) (a) under a cap: the average upload rate while the copy runs, against the cap.
  if [ -n "$MAX_RATE" ]; then
    new_target "m-r$round"
    migrate "m-r$round" --max-rate "$MAX_RATE"
    expect_all_tags "(m)"
    stop_wan_proxy "$WAN_PROXY_PID"   # writes the last sample
    read -r window_s window_bytes < <(copy_window "$RESULTS/m-r$round.samples" "$MAX_RATE_BYTES")
    [ "$window_s" != 0 ] || die "(m): the proxy's samples show no 100 ms at 10% of the cap or more (see $RESULTS/m-r$round.samples)"
    rate=$(calc "$RUN_BYTES / $window_s")
    M_TIME+=("$RUN_SECONDS"); M_RATE+=("$rate")
    record m "$round" "$RUN_SECONDS" "$RUN_BYTES" "$RUN_CPU"
    printf '%s\t%s\t%s\t%s\n' "$round" "$window_s" "$window_bytes" "$rate" >>"$RESULTS/m-rates.tsv"
    log "  (m) --max-rate $MAX_RATE         ${RUN_SECONDS} s; copy $window_s s at $(calc "$rate / 1048576") MiB/s = $(calc "$rate / $MAX_RATE_BYTES") x the cap"
    drop_target
  fi
done

# ---------------------------------------------------------------------------------------------------------
# Summary and targets.
# ---------------------------------------------------------------------------------------------------------
A=$(median "${A_TIME[@]}"); D=$(median "${D_TIME[@]}")
C=""; [ ${#C_TIME[@]} -gt 0 ] && [ "$C_UNFINISHED" -eq 0 ] && C=$(median "${C_TIME[@]}")
all_equal() { local want="$1" v; shift; for v in "$@"; do [ "$v" = "$want" ] || return 1; done; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }
LINK="$RTT_MS ms/$MBIT Mbit"
{
  echo
  echo "== WAN benchmark: $ROUNDS round(s), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "link:    $RTT_MS ms round trip, $MBIT Mbit/s each way shared by all connections, window $WINDOW_KIB KiB per connection (bench/WanProxy), target only"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo); docker-registry $(docker-registry --version 2>/dev/null | awk '{ print $3 }')$( [ "$SKOPEO" = 0 ] || echo "; $(skopeo --version)")"
  if [ -n "$CLI_OVERRIDE" ]; then echo "code:    $CLI_OVERRIDE${CONCURRENCY:+; --concurrency $CONCURRENCY}"
  else echo "code:    $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- src 2>/dev/null || echo ' (src has uncommitted changes)')${CONCURRENCY:+; --concurrency $CONCURRENCY}"; fi
  echo "dataset: $REPOS repositories, $TAGS tags, $BLOBS unique blobs, $UNIQUE_BYTES unique bytes ($(calc "$UNIQUE_BYTES / 1e6") MB)"
  echo "floor:   $FLOOR s (unique bytes x 8 / $MBIT Mbit/s)"
  echo
  printf '%-30s %10s %10s %12s  %s\n' "" "median s" "x floor" "/ skopeo" "runs (s)"
  printf '%-30s %10s %10s %12s  %s\n' "(a) storage -> WAN -> registry" "$A" "$(calc "$A / $FLOOR")" "${C:+$(calc "$A / $C")}" "${A_TIME[*]}"
  printf '%-30s %10s %10s %12s  %s\n' "(d) re-run of (a)" "$D" "" "" "${D_TIME[*]}"
  if [ "$SKOPEO" = 1 ]; then
    if [ -n "$C" ]; then
      printf '%-30s %10s %10s %12s  %s\n' "(c) skopeo sync" "$C" "$(calc "$C / $FLOOR")" "1" "${C_TIME[*]}"
    else
      printf '%-30s %s\n' "(c) skopeo sync" "not finished in $SKOPEO_TIMEOUT s in $C_UNFINISHED of $ROUNDS round(s)${C_TIME[*]:+; finished: ${C_TIME[*]} s}"
    fi
  fi
  if [ ${#M_TIME[@]} -gt 0 ]; then
    printf '%-30s %10s %10s %12s  %s\n' "(m) --max-rate $MAX_RATE" "$(median "${M_TIME[@]}")" "" "" "${M_TIME[*]}"
  fi
  echo
  echo "bytes uploaded (a): ${A_BYTES[*]}   (d): ${D_BYTES[*]}   unique: $UNIQUE_BYTES"
  echo "CPU s during (a): proxy ${PROXY_CPU_A[*]}; every other program on the machine ${OTHERS_CPU_A[*]} (runs.tsv has the client's and the registry's)"
  if [ ${#M_RATE[@]} -gt 0 ]; then
    echo "(m) average upload rate while copying: $(for r in "${M_RATE[@]}"; do printf '%s MiB/s; ' "$(calc "$r / 1048576")"; done)cap $MAX_RATE = $MAX_RATE_BYTES B/s"
  fi
  [ -n "${MAX_RATE_NOTE:-}" ] && echo "$MAX_RATE_NOTE"
  echo
  echo "targets (issue: 40 ms/200 Mbit and 150 ms/1 Gbit; this run: $LINK):"
  if [ "$RTT_MS" = 40 ] && [ "$MBIT" = 200 ]; then
    check "[40 ms/200 Mbit] (a) <= 1.05 x floor" "$(below "$A" "$(calc "1.05 * $FLOOR")")" "$A s vs floor $FLOOR s = $(calc "$A / $FLOOR")"
    if [ -n "$C" ]; then
      check "[40 ms/200 Mbit] (a) <= 0.10 x skopeo" "$(below "$A" "$(calc "0.10 * $C")")" "$A s vs $C s = $(calc "$A / $C")"
    elif [ "$SKOPEO" = 1 ] && [ "$(below "$A" "$(calc "0.10 * $SKOPEO_TIMEOUT")")" = 1 ]; then
      check "[40 ms/200 Mbit] (a) <= 0.10 x skopeo" 1 "$A s; skopeo did not finish in $SKOPEO_TIMEOUT s, so the ratio is below $(calc "$A / $SKOPEO_TIMEOUT")"
    elif [ "$SKOPEO" = 0 ]; then
      printf '  SKIP  %-44s %s\n' "[40 ms/200 Mbit] (a) <= 0.10 x skopeo" "skopeo left out (--no-skopeo)"
    else
      printf '  SKIP  %-44s %s\n' "[40 ms/200 Mbit] (a) <= 0.10 x skopeo" "skopeo did not finish in $SKOPEO_TIMEOUT s, and (a) took over a tenth of that"
    fi
  elif [ "$RTT_MS" = 150 ] && [ "$MBIT" = 1000 ]; then
    check "[150 ms/1 Gbit] (a) <= 1.5 x floor" "$(below "$A" "$(calc "1.5 * $FLOOR")")" "$A s vs floor $FLOOR s = $(calc "$A / $FLOOR")"
  else
    echo "  (no floor targets for $LINK: they were set for 40 ms/200 Mbit and 150 ms/1 Gbit)"
  fi
  rerun_ok=0
  [ "$(below "$(printf '%s\n' "${D_TIME[@]}" | sort -g | tail -1)" 2)" = 1 ] && all_equal 0 "${D_BYTES[@]}" && rerun_ok=1
  check "[any link] re-run <= 2 s, 0 bytes" "$rerun_ok" "${D_TIME[*]} s; bytes ${D_BYTES[*]}"
  if [ ${#M_RATE[@]} -gt 0 ]; then
    rate_ok=1
    for r in "${M_RATE[@]}"; do
      awk -v r="$r" -v c="$MAX_RATE_BYTES" 'BEGIN { exit !(r >= 0.95 * c && r <= 1.05 * c) }' || rate_ok=0
    done
    check "[any link] --max-rate average within 5%" "$rate_ok" "$(for r in "${M_RATE[@]}"; do printf '%s ' "$(calc "$r / $MAX_RATE_BYTES")"; done)x $MAX_RATE"
  fi
  echo
  echo "raw figures: $RESULTS/runs.tsv"
} | tee "$RESULTS/summary.txt"
FAILED_CHECKS=$(grep -c '^  FAIL' "$RESULTS/summary.txt" || true)
[ "$FAILED_CHECKS" -eq 0 ]
