#!/usr/bin/env bash
# The sync benchmark (issue 13): `registry-migrate migrate --since-report R.json`, a run compared with an earlier
# run's report, which prints what changed on the source since and copies that.
#
#   bench/sync.sh [--rounds N] [--fresh-source]
#
#   --rounds N       measured rounds of (u) and of the scan beside it, interleaved; default 3, or $SYNC_ROUNDS
#   --fresh-source   write the 5,000-tag folder and push the bench dataset again; or FRESH_SOURCE=1
#
# (u) unchanged: the 5,000-tag folder (250 repositories of 20 tags, written by StorageGenerator) migrated once into
#     a new docker-registry with --report, then synced N times against that report, each round beside a plain
#     `registry-migrate scan` of the same folder. Targets: every sync <= 10 s, 0 bytes sent, no change reported.
# (c) changed: the bench dataset (run.sh's, without the 1 GiB layer) copied into bench/work and migrated into a new
#     docker-registry with --report; a docker-registry on the copy then takes 5 new tags (new images) and 5 moved
#     tags (existing tags pointed at new images) through its HTTP API; then one sync. Targets: the delta lists
#     exactly those 10 changes (the moved tags' old manifests only with --include-untagged, in a dry run), the
#     target's tags name the new manifests, and the bytes uploaded are exactly the new blobs' sizes (layers and
#     configs; manifests are not counted in totals.bytesUploaded).
# Exit code 1 if a target fails. The figures of a run go to bench/work/results/sync-…/. About 2 minutes once the
# datasets exist (70 s of it the first copy of 5,000 tags), 3 the first time (which pushes the bench dataset).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS="${SYNC_ROUNDS:-3}"
FRESH_SOURCE="${FRESH_SOURCE:-0}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --fresh-source) FRESH_SOURCE=1; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds needs a positive number"

trap stop_all_registries EXIT
trap 'exit 130' INT TERM

ensure_tools python3
build_cli

RESULTS="$WORK/results/sync-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
log "results of this run: $RESULTS"
printf 'run\tround\tseconds\tbytes_uploaded\tpeak_rss_mb\tclient_cpu_s\tregistry_cpu_s\tothers_cores\n' >"$RESULTS/runs.tsv"

# migrate NAME SOURCE [OPTION...]: one timed `registry-migrate migrate` into the current target, with --report;
# sets RUN_SECONDS, RUN_BYTES, RUN_RSS, RUN_REGISTRY_CPU (the target registry's CPU seconds meanwhile) and
# RUN_OTHERS (average cores the rest of the machine kept busy meanwhile: near 0 on a quiet machine). A sync that
# finds something wrong exits 1 like any run, so the log is shown and the script stops.
migrate() {
  local name="$1" source="$2" registry_pid="${REGISTRY_PIDS[$TARGET_PORT]}" reg0 busy0 run="$1" round=1
  shift 2
  [[ "$name" =~ ^(.*)-r([0-9]+)$ ]] && { run=${BASH_REMATCH[1]}; round=${BASH_REMATCH[2]}; }
  reg0=$(proc_cpu_seconds "$registry_pid"); busy0=$(machine_busy_seconds)
  timed_migrate "$name" --source "$source" --target "http://127.0.0.1:$TARGET_PORT" "$@"
  RUN_REGISTRY_CPU=$(calc "$(proc_cpu_seconds "$registry_pid") - $reg0")
  local client; client=$(time_cpu_s "$RESULTS/$name.time")
  RUN_OTHERS=$(awk -v b="$(calc "$(machine_busy_seconds) - $busy0")" -v c="$client" -v r="$RUN_REGISTRY_CPU" -v w="$RUN_SECONDS" \
    'BEGIN { o = (b - c - r) / w; printf "%.2f", (o < 0 ? 0 : o) }')
  RUN_BYTES=$(jq -r .totals.bytesUploaded "$RESULTS/$name.report.json")
  RUN_RSS=$(rss_mb "$RESULTS/$name.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$round" "$RUN_SECONDS" "$RUN_BYTES" "$RUN_RSS" "$client" "$RUN_REGISTRY_CPU" "$RUN_OTHERS" \
    >>"$RESULTS/runs.tsv"
}

expect_tags() {   # expect_tags WHAT N: the target's storage holds N tags
  local found; found=$(tags_in "$TARGET_DIR/storage")
  [ "$found" -eq "$2" ] || die "$1: the target holds $found tags, expected $2"
}

# ---------------------------------------------------------------------------------------------------------
# (u) An unchanged sync of 5,000 tags. The folder is StorageGenerator's (250 repositories of 20 tags; the same
# shape as scan.sh's, written in seconds instead of pushed in minutes), reused while it holds a .done marker.
# ---------------------------------------------------------------------------------------------------------
SCAN_SOURCE="$WORK/sync-scan-5000"
if [ "$FRESH_SOURCE" = 1 ] || [ ! -f "$SCAN_SOURCE/.done" ]; then
  log "publishing the storage generator (Release) to $WORK/generator"
  dotnet publish "$BENCH_DIR/StorageGenerator" -c Release -o "$WORK/generator" --artifacts-path "$WORK/artifacts" -nologo -v quiet >&2
  rm -rf "$SCAN_SOURCE"
  "$WORK/generator/StorageGenerator" "$SCAN_SOURCE" --tags 5000 --repositories 250 >&2
  touch "$SCAN_SOURCE/.done"
else
  log "reusing the 5,000-tag folder $SCAN_SOURCE (--fresh-source to write it again)"
fi
U_TAGS=$(tags_in "$SCAN_SOURCE")
[ "$U_TAGS" -eq 5000 ] || die "$SCAN_SOURCE holds $U_TAGS tags, not 5,000"

new_target u-full
log "(u) full migrate of $U_TAGS tags into 127.0.0.1:$TARGET_PORT (about 70 s)"
migrate u-full "$SCAN_SOURCE"
expect_tags "(u) full" "$U_TAGS"
U_FULL_SECONDS=$RUN_SECONDS U_FULL_BYTES=$RUN_BYTES
U_FULL_CPU="client $(time_cpu_s "$RESULTS/u-full.time"), target registry $RUN_REGISTRY_CPU"
log "  full migrate ${RUN_SECONDS} s, ${RUN_BYTES} bytes uploaded, peak RSS ${RUN_RSS} MB, CPU s: $U_FULL_CPU"

scan_once() {   # scan_once OUT: the plain summary, as a user runs it; it must see every tag
  "$CLI" scan --source "$SCAN_SOURCE" >"$1" 2>&1 || { cat "$1" >&2; die "scan failed"; }
  [ "$(awk '$1 == "tags" { print $2 }' "$1")" = "$U_TAGS" ] || die "scan does not report $U_TAGS tags (see $1)"
}
scan_once "$RESULTS/scan-warmup.out"

declare -a U_TIME=() U_BYTES=() U_RSS=() U_REG=() U_CLIENT=() U_OTHERS=() SCAN_TIME=()
U_DELTA_OK=1
for round in $(seq 1 "$ROUNDS"); do
  t0=$(now); scan_once "$RESULTS/scan-r$round.out"; s=$(elapsed "$t0")
  SCAN_TIME+=("$s")
  printf 'scan\t%s\t%s\t\t\n' "$round" "$s" >>"$RESULTS/runs.tsv"
  migrate "u-r$round" "$SCAN_SOURCE" --since-report "$RESULTS/u-full.report.json"
  U_TIME+=("$RUN_SECONDS"); U_BYTES+=("$RUN_BYTES"); U_RSS+=("$RUN_RSS"); U_REG+=("$RUN_REGISTRY_CPU"); U_OTHERS+=("$RUN_OTHERS")
  U_CLIENT+=("$(time_cpu_s "$RESULTS/u-r$round.time")")
  # Nothing changed: no change listed, every tag unchanged, the line a person reads, and nothing copied.
  jq -e --argjson n "$U_TAGS" '.delta.changes == [] and .delta.unchanged == $n and .totals.imagesCopied == 0
      and .totals.imagesFailed == 0 and .verification.passed' "$RESULTS/u-r$round.report.json" >/dev/null \
    && grep -qF "no change since the last run ($U_TAGS unchanged)" "$RESULTS/u-r$round.log" || U_DELTA_OK=0
  log "  round $round: scan $s s; unchanged sync ${RUN_SECONDS} s, ${RUN_BYTES} bytes uploaded, peak RSS ${RUN_RSS} MB," \
      "CPU s: client ${U_CLIENT[-1]}, target registry $RUN_REGISTRY_CPU; other programs $RUN_OTHERS cores"
done
drop_target

# ---------------------------------------------------------------------------------------------------------
# (c) A sync after 10 changes on the bench dataset. The source's storage is copied, so the changes never touch the
# dataset other scripts reuse: blobs/ as hard links (a blob's files are named by their digest and the registry never
# rewrites one), repositories/ as a real copy (the registry rewrites a moved tag's current/link in place).
# ---------------------------------------------------------------------------------------------------------
open_source "$WORK/source-no1g" "$FRESH_SOURCE" --no-big-blob
stop_registry "$SRC_PORT"
C_SOURCE_DIR="$WORK/sync-source"
rm -rf "$C_SOURCE_DIR"
mkdir -p "$C_SOURCE_DIR/storage/docker/registry/v2"
cp -al "$SRC_STORAGE/docker/registry/v2/blobs" "$C_SOURCE_DIR/storage/docker/registry/v2/"
cp -a "$SRC_STORAGE/docker/registry/v2/repositories" "$C_SOURCE_DIR/storage/docker/registry/v2/"
C_STORAGE="$C_SOURCE_DIR/storage"

new_target c-full
log "(c) full migrate of the bench dataset ($TAGS tags) into 127.0.0.1:$TARGET_PORT"
migrate c-full "$C_STORAGE"
expect_tags "(c) full" "$TAGS"
C_FULL_SECONDS=$RUN_SECONDS C_FULL_BYTES=$RUN_BYTES
log "  full migrate ${RUN_SECONDS} s, ${RUN_BYTES} bytes uploaded"

# The changes, pushed as a client would push them: per image a new gzip layer of 1–4 MiB of seeded random bytes on
# top of an existing single-platform image's layers, and a new config (the base's, with the new layer's diff_id and
# a label). 5 go up as new tags in existing repositories; 5 re-point existing tags whose manifest no other tag
# shares, so their old manifests are left untagged. The script writes what it pushed to changes.json.
cat >"$RESULTS/push_changes.py" <<'PYTHON'
import collections, gzip, hashlib, json, random, sys, urllib.request

base, out, seed = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
IMAGE_TYPES = {"application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json"}
ACCEPT = ", ".join(sorted(IMAGE_TYPES) + ["application/vnd.docker.distribution.manifest.list.v2+json",
                                          "application/vnd.oci.image.index.v1+json"])

def call(method, url, body=None, headers=None):
    url = url if url.startswith("http") else base + url
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=headers or {})) as r:
        return r.headers, r.read()

def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()

def push_blob(repo, data):
    headers, _ = call("POST", f"/v2/{repo}/blobs/uploads/")
    location = headers["Location"]
    d = digest(data)
    call("PUT", location + ("&" if "?" in location else "?") + "digest=" + d, data, {"Content-Type": "application/octet-stream"})
    return d

# Candidates: single-platform images whose manifest no other tag of the repository names (not a "latest" twin).
candidates = []
for repo in sorted(json.loads(call("GET", "/v2/_catalog?n=1000")[1])["repositories"]):
    manifests = {}
    for tag in sorted(json.loads(call("GET", f"/v2/{repo}/tags/list")[1])["tags"]):
        headers, body = call("GET", f"/v2/{repo}/manifests/{tag}", headers={"Accept": ACCEPT})
        manifests[tag] = (headers["Content-Type"].split(";")[0], body, digest(body))
    shared = collections.Counter(d for _, _, d in manifests.values())
    candidates += [(i, repo, tag) + manifests[tag] for i, tag in enumerate(t for t in manifests if manifests[t][0] in IMAGE_TYPES
                                                                          and shared[manifests[t][2]] == 1)]
candidates.sort()   # the first candidate of every repository, then the second, ...: ten different repositories
if len(candidates) < 10: sys.exit(f"only {len(candidates)} single-platform tags to change")

changes = {"added": [], "moved": [], "blobs": []}
for n, (_, repo, tag, media_type, body, old) in enumerate(candidates[:10]):
    moved = n < 5
    manifest = json.loads(body)
    raw = rng.randbytes(rng.randint(1 << 20, 4 << 20))
    layer = gzip.compress(raw, compresslevel=1, mtime=0)
    config = json.loads(call("GET", f"/v2/{repo}/blobs/{manifest['config']['digest']}")[1])
    config.setdefault("rootfs", {"type": "layers", "diff_ids": []})["diff_ids"].append(digest(raw))
    if "history" in config: config["history"].append({"created": "2026-11-29T00:00:00Z", "created_by": "bench/sync.sh"})
    labels = config.setdefault("config", {}).get("Labels") or {}
    labels["bench.sync"] = f"{repo}:{tag} change {n} seed {seed}"
    config["config"]["Labels"] = labels
    config_bytes = json.dumps(config, separators=(",", ":")).encode()
    layer_type = manifest["layers"][-1]["mediaType"] if manifest.get("layers") else "application/vnd.docker.image.rootfs.diff.tar.gzip"
    manifest["config"] = dict(manifest["config"], size=len(config_bytes), digest=push_blob(repo, config_bytes))
    manifest["layers"].append({"mediaType": layer_type, "size": len(layer), "digest": push_blob(repo, layer)})
    changes["blobs"] += [{"digest": manifest["config"]["digest"], "size": len(config_bytes), "kind": "config"},
                         {"digest": manifest["layers"][-1]["digest"], "size": len(layer), "kind": "layer"}]
    new_body = json.dumps(manifest, separators=(",", ":")).encode()
    name = tag if moved else f"sync-bench-{n - 4}"
    headers, _ = call("PUT", f"/v2/{repo}/manifests/{name}", new_body, {"Content-Type": media_type})
    new = digest(new_body)
    if headers.get("Docker-Content-Digest", new) != new: sys.exit(f"{repo}:{name}: the registry says {headers['Docker-Content-Digest']}, not {new}")
    if moved: changes["moved"].append({"repository": repo, "tag": tag, "previous": old, "digest": new})
    else: changes["added"].append({"repository": repo, "tag": name, "base": f"{repo}:{tag}", "digest": new})
changes["newBlobs"] = len({b["digest"] for b in changes["blobs"]})
changes["newBytes"] = sum({b["digest"]: b["size"] for b in changes["blobs"]}.values())
json.dump(changes, open(out, "w"), indent=2)
PYTHON
start_registry "$C_SOURCE_DIR"
log "(c) pushing 5 new and 5 moved tags into the copy's registry (127.0.0.1:$REGISTRY_PORT)"
python3 "$RESULTS/push_changes.py" "http://127.0.0.1:$REGISTRY_PORT" "$RESULTS/changes.json" 13
stop_registry "$REGISTRY_PORT"
NEW_BYTES=$(jq -r .newBytes "$RESULTS/changes.json")
NEW_BLOBS=$(jq -r .newBlobs "$RESULTS/changes.json")
expect_c_tags=$(( TAGS + $(jq '.added | length' "$RESULTS/changes.json") ))
[ "$(tags_in "$C_STORAGE")" -eq "$expect_c_tags" ] || die "the changed source holds $(tags_in "$C_STORAGE") tags, expected $expect_c_tags"

migrate c-sync "$C_STORAGE" --since-report "$RESULTS/c-full.report.json"
expect_tags "(c) sync" "$expect_c_tags"
C_SYNC_SECONDS=$RUN_SECONDS C_SYNC_BYTES=$RUN_BYTES
C_SYNC_BLOBS=$(jq -r .totals.blobsUploaded "$RESULTS/c-sync.report.json")
log "  sync ${RUN_SECONDS} s, ${RUN_BYTES} bytes uploaded in $C_SYNC_BLOBS blobs (pushed: $NEW_BYTES bytes in $NEW_BLOBS new blobs)"

# What was pushed and what the sync reports, as sorted lines, must be the same; and so must the lines it printed.
pushed_lines() {
  jq -r '(.added[] | "added \(.repository):\(.tag) \(.digest)"), (.moved[] | "moved \(.repository):\(.tag) \(.previous) \(.digest)")' \
    "$RESULTS/changes.json" | sort
}
reported_lines() {   # reported_lines REPORT KIND...: the delta's changes of those kinds, as pushed_lines writes them
  local report="$1"; shift
  jq -r --arg kinds "$*" '.delta.changes[] | select(.kind as $k | $kinds | split(" ") | index($k))
      | if .kind == "moved" then "moved \(.sourceRepository):\(.reference) \(.previousDigest) \(.digest)"
        else "\(.kind) \(.sourceRepository):\(.reference) \(.digest)" end' "$report" | sort
}
pushed_lines >"$RESULTS/c-pushed.txt"
reported_lines "$RESULTS/c-sync.report.json" added moved deleted newUntagged failedBefore >"$RESULTS/c-reported.txt"
C_DELTA_OK=0
# Unchanged: every tag of the first run but the 5 moved ones.
summary_line="5 added, 5 moved, 0 deleted on the source, 0 new untagged; $(( TAGS - 5 )) unchanged"
printed_ok=1
while read -r kind ref a b; do
  if [ "$kind" = added ]; then line="  + $ref $a"; else line="  ~ $ref $a → $b"; fi
  grep -qxF "$line" "$RESULTS/c-sync.log" || { printed_ok=0; log "not printed: '$line'"; }
done <"$RESULTS/c-pushed.txt"
if cmp -s "$RESULTS/c-pushed.txt" "$RESULTS/c-reported.txt" && [ "$printed_ok" = 1 ] \
   && grep -qE "^since .*Z: $summary_line\$" "$RESULTS/c-sync.log" \
   && jq -e --argjson n $(( TAGS - 5 )) '.delta.unchanged == $n and .totals.imagesCopied == 10 and .totals.imagesFailed == 0
        and .verification.passed' "$RESULTS/c-sync.report.json" >/dev/null; then
  C_DELTA_OK=1
else
  diff "$RESULTS/c-pushed.txt" "$RESULTS/c-reported.txt" >&2 || true
  grep -E '^since ' "$RESULTS/c-sync.log" >&2 || true
fi

# And the target's tags, asked directly: each changed tag names its new manifest there.
C_TARGET_OK=1
while read -r repo tag want; do
  got=$(curl -sfI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' \
    "http://127.0.0.1:$TARGET_PORT/v2/$repo/manifests/$tag" | tr -d '\r' | awk -F': ' 'tolower($1) == "docker-content-digest" { print $2 }')
  [ "$got" = "$want" ] || { C_TARGET_OK=0; log "target $repo:$tag is '$got', expected $want"; }
done < <(jq -r '.delta.changes[] | select(.kind == "added" or .kind == "moved") | "\(.targetRepository) \(.reference) \(.digest)"' \
           "$RESULTS/c-sync.report.json")

# The old manifests of the moved tags are untagged now; a run lists them only with --include-untagged. A dry run
# against the same first report shows them (and copies nothing).
migrate c-untagged "$C_STORAGE" --since-report "$RESULTS/c-full.report.json" --include-untagged --dry-run
jq -r '.moved[] | "newUntagged \(.repository):\(.previous) \(.previous)"' "$RESULTS/changes.json" | sort >"$RESULTS/c-untagged-expected.txt"
reported_lines "$RESULTS/c-untagged.report.json" newUntagged >"$RESULTS/c-untagged-reported.txt"
C_UNTAGGED_OK=0
cmp -s "$RESULTS/c-untagged-expected.txt" "$RESULTS/c-untagged-reported.txt" \
  && jq -e '.delta.added == 5 and .delta.moved == 5 and .delta.deleted == 0' "$RESULTS/c-untagged.report.json" >/dev/null \
  && C_UNTAGGED_OK=1
drop_target

# ---------------------------------------------------------------------------------------------------------
# Summary and targets.
# ---------------------------------------------------------------------------------------------------------
U=$(median "${U_TIME[@]}"); S=$(median "${SCAN_TIME[@]}")
U_MAX=$(printf '%s\n' "${U_TIME[@]}" | sort -g | tail -1)
all_zero=1; for b in "${U_BYTES[@]}"; do [ "$b" = 0 ] || all_zero=0; done
{
  echo
  echo "== sync benchmark: $ROUNDS round(s), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo); docker-registry $(docker-registry --version 2>/dev/null | awk '{ print $3 }')"
  echo "code:    $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- src 2>/dev/null || echo ' (src has uncommitted changes)')"
  echo
  echo "(u) unchanged, 5,000-tag folder (250 repositories, StorageGenerator): full migrate $U_FULL_SECONDS s, $U_FULL_BYTES bytes uploaded (CPU s: $U_FULL_CPU)"
  printf '  %-38s %10s  %s\n' "" "median s" "runs (s)"
  printf '  %-38s %10s  %s\n' "migrate --since-report (unchanged)" "$U" "${U_TIME[*]}"
  printf '  %-38s %10s  %s\n' "scan --source <same folder>" "$S" "${SCAN_TIME[*]}"
  echo "  sync / scan: $(calc "$U / $S"); sync / full migrate: $(calc "$U / $U_FULL_SECONDS"); bytes uploaded: ${U_BYTES[*]}; peak RSS MB: ${U_RSS[*]}"
  echo "  CPU s of each sync: client ${U_CLIENT[*]}, target registry ${U_REG[*]}; other programs meanwhile (cores): ${U_OTHERS[*]}"
  echo
  echo "(c) 10 changes on the bench dataset ($REPOS repositories, $TAGS tags, $UNIQUE_BYTES unique bytes):"
  echo "  full migrate $C_FULL_SECONDS s ($C_FULL_BYTES bytes); sync $C_SYNC_SECONDS s = $(calc "$C_SYNC_SECONDS / $C_FULL_SECONDS") of the full migrate"
  echo "  pushed: $(jq '.added | length' "$RESULTS/changes.json") new tags, $(jq '.moved | length' "$RESULTS/changes.json") moved tags, $NEW_BLOBS new blobs (layers and configs) of $NEW_BYTES bytes"
  echo "  sync: $(grep -E '^since ' "$RESULTS/c-sync.log" | head -1)"
  echo "        $C_SYNC_BYTES bytes uploaded in $C_SYNC_BLOBS blobs; $(jq -r '"\(.totals.blobsMounted) mounted, \(.totals.blobsSkipped) skipped"' "$RESULTS/c-sync.report.json")"
  echo "  with --include-untagged (dry run): $(jq -r '.delta | "\(.added) added, \(.moved) moved, \(.newUntagged) new untagged"' "$RESULTS/c-untagged.report.json")"
  echo
  echo "targets:"
  check "unchanged sync of 5,000 tags <= 10 s" "$(awk -v m="$U_MAX" 'BEGIN { print (m <= 10) }')" "every run; median $U s, slowest $U_MAX s ($(calc "$U / $S")x the scan)"
  check "unchanged sync sends 0 bytes, no change" "$(( all_zero && U_DELTA_OK ))" "bytes ${U_BYTES[*]}"
  check "delta = the 10 changes pushed" "$C_DELTA_OK" "diff $RESULTS/c-pushed.txt c-reported.txt"
  check "target tags name the new manifests" "$C_TARGET_OK" "HEAD of the 10 changed tags on the target"
  check "old manifests listed only with untagged" "$C_UNTAGGED_OK" "5 new untagged with --include-untagged, 0 without"
  check "bytes uploaded = the new blobs' bytes" "$([ "$C_SYNC_BYTES" = "$NEW_BYTES" ] && [ "$C_SYNC_BLOBS" = "$NEW_BLOBS" ] && echo 1 || echo 0)" "$C_SYNC_BYTES of $NEW_BYTES bytes, $C_SYNC_BLOBS of $NEW_BLOBS blobs"
  echo
  echo "raw figures: $RESULTS/runs.tsv"
} | tee "$RESULTS/summary.txt"
! grep -q '^  FAIL' "$RESULTS/summary.txt"
