# Shared by bench/run.sh and bench/scan.sh (sourced, not run): tools, builds, registry processes, statistics.
# Everything generated goes under bench/work/ (gitignored).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$BENCH_DIR/work"
CLI="$WORK/cli/registry-migrate"
BUILDER="$WORK/builder/DatasetBuilder"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Installs the Debian packages the benchmark runs when they are missing (the README's machine is a fresh Debian).
ensure_tools() {
  local need=()
  command -v docker-registry >/dev/null || need+=(docker-registry)
  command -v curl >/dev/null || need+=(curl)
  command -v jq >/dev/null || need+=(jq)
  [ -x /usr/bin/time ] || need+=(time)   # GNU time: peak RSS; bash's `time` keyword cannot give it
  for tool in "$@"; do command -v "$tool" >/dev/null || need+=("$tool"); done
  if [ ${#need[@]} -gt 0 ]; then
    log "installing: ${need[*]}"
    local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

# Release builds whose every output (obj/ and bin/ included) stays under bench/work: --artifacts-path keeps
# them out of the projects' own obj/ folders, where a developer may be building and testing at the same time.
build_cli() {
  log "publishing the CLI (Release) to $WORK/cli"
  dotnet publish "$REPO_DIR/src/Migration.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/cli" --artifacts-path "$WORK/artifacts" -nologo -v quiet >&2
}

build_builder() {
  log "publishing the dataset builder (Release) to $WORK/builder"
  dotnet publish "$BENCH_DIR/DatasetBuilder" -c Release -o "$WORK/builder" --artifacts-path "$WORK/artifacts" -nologo -v quiet >&2
}

# A loopback port nobody listens on. Random rather than sequential, so two runs of the script do not race for
# the same numbers; /dev/tcp refuses the connection when the port is free.
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

# Registry processes this script started, by pid; the trap stops exactly these.
declare -A REGISTRY_PIDS=()

# start_registry DIR [STORAGE]: a docker-registry on a free loopback port, storage in DIR/storage (kept if it exists,
# so a source can be reused), or STORAGE's driver lines instead (s3_storage). Sets REGISTRY_PORT. The registry's own
# log goes to DIR/registry.log.
start_registry() {
  local dir="$1" attempt
  mkdir -p "$dir/storage"
  # Another program (a test run, a helper) can take the free port between the check and the registry's bind;
  # then the registry exits at once and we try another port.
  for attempt in 1 2 3 4 5; do
    try_start_registry "$dir" "${2:-}" && return 0
  done
  die "docker-registry would not start; see $dir/registry.log"
}

try_start_registry() {
  local dir="$1" storage="${2:-"  filesystem: {rootdirectory: $1/storage}"}" port
  port=$(free_port)
  # The config the tests use (tests/Registry.Testing/RegistryProcess.cs): quiet log, deletes allowed, and no
  # upload purging, which would otherwise walk the storage in the background while we measure. On a bucket, a fixed
  # http secret (as registries sharing a bucket behind a load balancer have).
  cat >"$dir/config.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage:
$storage
  delete: {enabled: true}
  maintenance: {uploadpurging: {enabled: false}}
http: {addr: 127.0.0.1:$port${2:+, secret: bench}}
EOF
  # The s3 driver refuses to start when AWS_CA_BUNDLE is set (LoadCustomCABundleError), and this machine sets it;
  # the filesystem driver does not read it.
  env -u AWS_CA_BUNDLE docker-registry serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 &
  local pid=$!
  local deadline=$(( SECONDS + 20 ))
  until curl -s -o /dev/null "http://127.0.0.1:$port/v2/"; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ $SECONDS -lt $deadline ] || die "docker-registry did not answer on port $port within 20 s"
    sleep 0.05
  done
  # Something answered; make sure it is our process and not another program that owns the port.
  sleep 0.1
  kill -0 "$pid" 2>/dev/null || return 1
  REGISTRY_PIDS[$port]=$pid
  REGISTRY_PORT=$port
}

stop_registry() {
  local port="$1" pid="${REGISTRY_PIDS[$1]:-}"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "REGISTRY_PIDS[$port]"
}

# new_target NAME: a new, empty target registry under $WORK/targets; sets TARGET_DIR and TARGET_PORT.
# (wan.sh defines its own, with a WAN proxy in front.)
new_target() {
  TARGET_DIR="$WORK/targets/$1"
  rm -rf "$TARGET_DIR"
  start_registry "$TARGET_DIR"
  TARGET_PORT=$REGISTRY_PORT
}

# drop_target: stops the target and deletes its storage (up to 1.4 GB a run); its log stays in $RESULTS.
drop_target() {
  stop_registry "$TARGET_PORT"
  [ -s "$TARGET_DIR/registry.log" ] && cp "$TARGET_DIR/registry.log" "$RESULTS/$(basename "$TARGET_DIR").registry.log"
  rm -rf "$TARGET_DIR"
}

stop_all_registries() {
  local port
  for port in "${!REGISTRY_PIDS[@]}"; do stop_registry "$port"; done
}

# timed_migrate NAME OPTION...: one `registry-migrate migrate OPTION... --report RESULTS/NAME.report.json` under GNU
# time (RESULTS/NAME.time, its output in RESULTS/NAME.log); sets RUN_SECONDS, the wall time of the whole process.
# A run that fails shows the end of its log and stops the script: a time measured on a failure means nothing.
timed_migrate() {
  local name="$1" t0
  shift
  t0=$(now)
  if ! /usr/bin/time -v -o "$RESULTS/$name.time" "$CLI" migrate "$@" --report "$RESULTS/$name.report.json" >"$RESULTS/$name.log" 2>&1; then
    tail -20 "$RESULTS/$name.log" >&2
    die "$name: registry-migrate failed (log: $RESULTS/$name.log)"
  fi
  RUN_SECONDS=$(elapsed "$t0")
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# median N...: the middle value (the mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# calc EXPRESSION: floating-point arithmetic with awk (bc is not on every machine).
calc() { awk "BEGIN { printf \"%.4g\", $1 }"; }

# check NAME OK DETAIL: prints a PASS/FAIL line and remembers failures for the exit code.
FAILED_CHECKS=0
check() {
  local name="$1" ok="$2" detail="$3"
  if [ "$ok" = 1 ]; then printf '  PASS  %-44s %s\n' "$name" "$detail"
  else printf '  FAIL  %-44s %s\n' "$name" "$detail"; FAILED_CHECKS=$(( FAILED_CHECKS + 1 )); fi
}

# rss_mb FILE: "Maximum resident set size" of a /usr/bin/time -v output, in MB (10^6 bytes).
rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 * 1024 / 1e6 }' "$1"; }

# tags_in STORAGE: tags the registry storage holds (each tag has a _manifests/tags/T/current folder).
tags_in() { find "$1" -path '*/_manifests/tags/*' -type d -name current | wc -l; }

# ---------------------------------------------------------------------------------------------------------
# The Harbor test double (tests/HarborDouble), for bench/harbor.sh. It is a program that starts its own
# docker-registry behind itself, in a temporary folder it deletes when stopped with SIGTERM.
# ---------------------------------------------------------------------------------------------------------
HARBOR_DOUBLE_DLL="$WORK/harbor-double/HarborDouble.dll"

build_harbor_double() {
  log "publishing the Harbor double (Release) to $WORK/harbor-double"
  dotnet publish "$REPO_DIR/tests/HarborDouble" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/harbor-double" --artifacts-path "$WORK/artifacts" -nologo -v quiet >&2
}

# Harbor doubles this script started (pid → port), and the docker-registry each started behind itself
# (pid of the double → pid of its registry), so the trap can stop the inner registry too if the double did not
# stop cleanly.
declare -A HARBOR_PIDS=() HARBOR_INNER_PIDS=()

# start_harbor_double DIR: a new Harbor double (new process, nothing in memory) whose registry storage lives
# under DIR/tmp (its TMPDIR), output in DIR/harbor.log. It binds a free loopback port itself (--port 0), so no
# other program can take the port between a check and the bind. Sets HARBOR_PID, HARBOR_PORT and HARBOR_URL
# (http://127.0.0.1:PORT). Login: admin / Harbor12345.
start_harbor_double() {
  local dir="$1" pid url="" deadline
  mkdir -p "$dir/tmp"
  TMPDIR="$dir/tmp" DOTNET_EnableDiagnostics=0 dotnet "$HARBOR_DOUBLE_DLL" --port 0 --registry-bin docker-registry \
    >"$dir/harbor.log" 2>&1 &
  pid=$!
  HARBOR_PIDS[$pid]=""
  deadline=$(( SECONDS + 60 ))
  # It prints "Harbor double http://127.0.0.1:PORT/ (...)" once it listens and its registry answers.
  until url=$(awk '/^Harbor double http/ { sub(/\/$/, "", $3); print $3; exit }' "$dir/harbor.log") && [ -n "$url" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/harbor.log" >&2; die "the Harbor double exited at start; see $dir/harbor.log"; }
    [ $SECONDS -lt $deadline ] || die "the Harbor double did not start within 60 s; see $dir/harbor.log"
    sleep 0.1
  done
  HARBOR_PID=$pid
  HARBOR_URL="$url"
  HARBOR_PORT="${url##*:}"
  HARBOR_PIDS[$pid]=$HARBOR_PORT
  HARBOR_INNER_PIDS[$pid]=$(pgrep -P "$pid" -x docker-registry | head -1 || true)
  curl -sf -o /dev/null "$HARBOR_URL/api/v2.0/ping" || die "the Harbor double on $HARBOR_URL does not answer /api/v2.0/ping"
}

# proc_cpu_seconds PID...: user + system CPU seconds these (running) processes have used so far.
proc_cpu_seconds() {
  local pid ticks=0 t
  for pid in "$@"; do
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || continue
    # After the ")" that ends the command name, utime and stime are the 12th and 13th fields.
    t=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
    ticks=$(( ticks + t ))
  done
  awk -v t="$ticks" -v k="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / k }'
}

# machine_busy_seconds: CPU seconds all cores together have spent busy since boot (/proc/stat: user, nice,
# system, irq, softirq, steal). The difference over a run, less the run's own processes, is what everyone
# else used meanwhile.
machine_busy_seconds() {
  awk -v k="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / k; exit }' /proc/stat
}

# time_cpu_s FILE: user + system seconds of a /usr/bin/time -v output.
time_cpu_s() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"; }

# stop_harbor_double PID: SIGTERM (the double stops its registry and deletes that registry's storage), SIGKILL
# after 15 s; then makes sure its inner registry is gone as well.
stop_harbor_double() {
  local pid="$1" inner="${HARBOR_INNER_PIDS[$1]:-}" i
  [ -n "${HARBOR_PIDS[$pid]+set}" ] || return 0
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -n "$inner" ] && kill -0 "$inner" 2>/dev/null; then kill "$inner" 2>/dev/null || true; fi
  unset "HARBOR_PIDS[$pid]" "HARBOR_INNER_PIDS[$pid]"
}

stop_all_harbor_doubles() {
  local pid
  for pid in "${!HARBOR_PIDS[@]}"; do stop_harbor_double "$pid"; done
}

# ---------------------------------------------------------------------------------------------------------
# The simulated WAN (bench/WanProxy, over tests/Registry.Testing/WanProxy.cs), for bench/wan.sh: a TCP proxy in
# user space with a shared rate each way, a round trip, and a TCP-like window per connection.
# ---------------------------------------------------------------------------------------------------------
WAN_PROXY="$WORK/wan-proxy/wan-proxy"

build_wan_proxy() {
  log "publishing the WAN proxy (Release) to $WORK/wan-proxy"
  dotnet publish "$BENCH_DIR/WanProxy" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/wan-proxy" --artifacts-path "$WORK/artifacts" -nologo -v quiet >&2
}

# WAN proxies this script started (pid → port); the trap stops exactly these.
declare -A WAN_PROXY_PIDS=()

# start_wan_proxy UPSTREAM_PORT LOG [OPTION...]: a proxy on a free loopback port (it binds port 0 itself, so no other
# program can take the port first) in front of 127.0.0.1:UPSTREAM_PORT; the options are wan-proxy's (--rtt-ms,
# --mbit, --window-kib, --samples). Its output goes to LOG; sets WAN_PROXY_PID and WAN_PROXY_PORT.
start_wan_proxy() {
  local upstream="$1" log_file="$2" pid port="" deadline
  shift 2
  DOTNET_EnableDiagnostics=0 "$WAN_PROXY" --upstream "127.0.0.1:$upstream" "$@" >"$log_file" 2>&1 &
  pid=$!
  WAN_PROXY_PIDS[$pid]=""
  deadline=$(( SECONDS + 20 ))
  until port=$(sed -n 's/^port=//p' "$log_file" 2>/dev/null) && [ -n "$port" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$log_file" >&2; die "the WAN proxy exited at start; see $log_file"; }
    [ $SECONDS -lt $deadline ] || die "the WAN proxy did not start within 20 s; see $log_file"
    sleep 0.05
  done
  WAN_PROXY_PIDS[$pid]=$port
  WAN_PROXY_PID=$pid
  WAN_PROXY_PORT=$port
}

# stop_wan_proxy PID: SIGTERM, on which it prints its byte counters and CPU seconds to its log; SIGKILL after 10 s.
stop_wan_proxy() {
  local pid="$1" i
  [ -n "${WAN_PROXY_PIDS[$pid]+set}" ] || return 0
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "WAN_PROXY_PIDS[$pid]"
}

stop_all_wan_proxies() {
  local pid
  for pid in "${!WAN_PROXY_PIDS[@]}"; do stop_wan_proxy "$pid"; done
}

# write_skopeo_files SRC_PORT DIR TOP_SLUG: one `skopeo sync` yaml per namespace of the source's catalog, in DIR.
# `skopeo sync` names a destination repository after the LAST path component of the source's, so team-a/web/admin
# synced to 127.0.0.1:T would land as 127.0.0.1:T/admin; each namespace runs on its own, with the namespace in the
# destination. Sets SRC_REPOS (the catalog) and SKOPEO_FILES (namespace, "." for single-component names → yaml);
# ns_slug names a namespace in file names, TOP_SLUG standing for ".".
write_skopeo_files() {
  local port="$1" dir="$2" repo ns file
  NS_TOP_SLUG="$3"
  mkdir -p "$dir"
  mapfile -t SRC_REPOS < <(curl -sf "http://127.0.0.1:$port/v2/_catalog?n=1000" | jq -r '.repositories[]')
  declare -gA SKOPEO_FILES=()
  for repo in "${SRC_REPOS[@]}"; do
    ns="."; [[ "$repo" == */* ]] && ns="${repo%/*}"
    file="$dir/$(ns_slug "$ns").yml"
    if [ -z "${SKOPEO_FILES[$ns]+set}" ]; then
      SKOPEO_FILES[$ns]="$file"
      printf '127.0.0.1:%s:\n  tls-verify: false\n  images-by-tag-regex:\n' "$port" >"$file"
    fi
    printf "    %s: '.*'\n" "$repo" >>"$file"
  done
}
ns_slug() { if [ "$1" = . ]; then echo "$NS_TOP_SLUG"; else echo "${1//\//_}"; fi; }

# open_source DIR FRESH [BUILDER FLAGS...]: the source registry in DIR, pushed by the dataset builder when FRESH is 1
# or DIR holds no finished push (its dataset.json is written last), else reused, and started. Sets SRC_PORT,
# SRC_STORAGE, UNIQUE_BYTES, TAGS, REPOS and BLOBS, and copies dataset.json into $RESULTS.
open_source() {
  local dir="$1" fresh="$2"
  shift 2
  if [ "$fresh" = 1 ] || [ ! -f "$dir/dataset.json" ]; then
    build_builder
    rm -rf "$dir"
    start_registry "$dir"
    log "pushing the dataset into the source registry (127.0.0.1:$REGISTRY_PORT)"
    "$BUILDER" "http://127.0.0.1:$REGISTRY_PORT" "$@" --summary "$dir/dataset.json.tmp" >&2
    mv "$dir/dataset.json.tmp" "$dir/dataset.json"
  else
    log "reusing the source in $dir (delete it, or give --fresh-source to run.sh or harbor.sh, to push it again)"
    start_registry "$dir"
  fi
  SRC_PORT=$REGISTRY_PORT
  SRC_STORAGE="$dir/storage"
  cp "$dir/dataset.json" "$RESULTS/dataset.json"
  UNIQUE_BYTES=$(jq -r .uniqueBytes "$dir/dataset.json")
  TAGS=$(jq -r .tags "$dir/dataset.json")
  REPOS=$(jq -r .repositories "$dir/dataset.json")
  BLOBS=$(jq -r .uniqueBlobs "$dir/dataset.json")
}

# ---------------------------------------------------------------------------------------------------------
# Object storage (issue 15), for bench/s3.sh: the tests' S3 server on loopback (s3rver from npm with the calls
# docker-registry's s3 driver needs, tests/Registry.Testing/s3/s3rver-plus.js), and registries on a bucket of it.
# ---------------------------------------------------------------------------------------------------------
S3RVER_DIR="$REPO_DIR/tests/Registry.Testing/s3"
S3_BUCKET=registry
S3_ACCESS_KEY=test S3_SECRET_KEY=testsecret   # s3rver does not check signatures

ensure_s3rver() {
  command -v node >/dev/null || die "node is needed for the S3 server (apt-get install nodejs npm)"
  [ -d "$S3RVER_DIR/node_modules/s3rver" ] && return 0
  command -v npm >/dev/null || die "npm is needed to install the S3 server (apt-get install npm)"
  log "installing s3rver (npm ci in $S3RVER_DIR)"
  (cd "$S3RVER_DIR" && npm ci --no-audit --no-fund >&2)
}

# S3 servers this script started (pid → port); the trap stops exactly these.
declare -A S3RVER_PIDS=()

# start_s3rver DATA LOG: an S3 server on a free loopback port with the bucket $S3_BUCKET, its objects in the folder
# DATA (kept, so a filled bucket can be reused), its output appended to LOG. Sets S3_PID, S3_PORT and S3_ENDPOINT.
start_s3rver() {
  local data="$1" log_file="$2" attempt port pid deadline
  mkdir -p "$data"
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    node "$S3RVER_DIR/s3rver-plus.js" "$data" "$port" "$S3_BUCKET" >>"$log_file" 2>&1 &
    pid=$!
    deadline=$(( SECONDS + 20 ))
    until curl -sf -o /dev/null "http://127.0.0.1:$port/$S3_BUCKET"; do
      kill -0 "$pid" 2>/dev/null || continue 2   # it could not bind: another port
      [ $SECONDS -lt $deadline ] || die "the S3 server did not answer on port $port within 20 s; see $log_file"
      sleep 0.1
    done
    sleep 0.1
    kill -0 "$pid" 2>/dev/null || continue   # something else answered on that port
    S3RVER_PIDS[$pid]=$port S3_PID=$pid S3_PORT=$port S3_ENDPOINT="http://127.0.0.1:$port"
    return 0
  done
  die "the S3 server would not start; see $log_file"
}

stop_s3rver() {
  local pid="$1"
  [ -n "${S3RVER_PIDS[$pid]+set}" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "S3RVER_PIDS[$pid]"
}

stop_all_s3rvers() {
  local pid
  for pid in "${!S3RVER_PIDS[@]}"; do stop_s3rver "$pid"; done
}

# s3_storage ROOT: start_registry's STORAGE for a registry keeping its layout in s3://$S3_BUCKET/ROOT on the running
# S3 server, configured as the tests do (RegistryProcess.cs): distribution's s3 driver, blobs through the registry.
s3_storage() {
  printf '  s3: {accesskey: %s, secretkey: %s, region: us-east-1, regionendpoint: "%s", bucket: %s, rootdirectory: %s, secure: false, v4auth: true, chunksize: 5242880}\n  redirect: {disable: true}' \
    "$S3_ACCESS_KEY" "$S3_SECRET_KEY" "$S3_ENDPOINT" "$S3_BUCKET" "$1"
}
