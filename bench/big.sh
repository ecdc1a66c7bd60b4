#!/usr/bin/env bash
# The big-registry benchmark (issue 11): a storage folder of N tags written straight to disk by
# bench/StorageGenerator (no pushes), then `registry-migrate scan`, `scan --json` and `migrate --dry-run` into an
# empty registry, each timed with its peak RSS.
#
#   bench/big.sh [--tags N] [--rounds R] [--generate-only]
#
#   --tags N          tags in the folder; default 100000 (in N/50 repositories). A folder made earlier is reused.
#                     From 500000 on, the folder is a file system of its own, in bench/work/big-N.img (see below).
#   --rounds R        measured runs of each, after one warm-up; default 3
#   --generate-only   write the folder (or check it is there) and stop: no build, no registry, no measuring
#
# Reports medians of wall time and of peak RSS, per tag as well. No targets are checked yet: this is the
# measuring stick for issue 11.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

TAGS=100000
ROUNDS=3
GENERATE_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tags) TAGS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --generate-only) GENERATE_ONLY=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$TAGS" =~ ^[1-9][0-9]*$ && "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--tags and --rounds need positive numbers"

trap stop_all_registries EXIT
trap 'exit 130' INT TERM

generate() {   # generate DIR: the generator writes the tags into DIR, which must not hold a registry folder yet
  log "writing $TAGS tags to $1"
  local start; start=$(now)
  dotnet run -c Release --project "$BENCH_DIR/StorageGenerator" -- "$1" --tags "$TAGS" >&2
  log "wrote $TAGS tags in $(elapsed "$start") s"
}

SOURCE="$WORK/big-$TAGS"
if [ "$TAGS" -lt 500000 ]; then
  if [ ! -f "$SOURCE/.done" ]; then
    rm -rf "$SOURCE"
    generate "$SOURCE"
    touch "$SOURCE/.done"
  fi
else
  # A folder of its own file system, in an image file mounted on bench/work/big-N. Each tag takes about 19 inodes
  # (11 folders, 8 files of under 1 KB), and on the root ext4 each of those takes a 4 KB block: 100,000 tags
  # already cost 7.4 GB and 1.9M inodes there, so 1,000,000 would need about 19M inodes and 75 GB, more than the
  # root file system has free (about 14M inodes). The image has 1 KB blocks and 25 inodes per tag: 1,000,000 tags
  # fill 19 GB and 19.3M inodes of it, and the file (sparse: 40 KB per tag in size) takes 24 GB of the root's disk.
  # It is written without a journal (the generator runs twice as fast without one: every mkdir and file creation
  # would otherwise go through jbd2; an interrupted run is started over on a new image anyway), then given one, so
  # a machine that stops without unmounting it leaves nothing for fsck. Mounted noatime: reading it changes nothing.
  # After a reboot, the same command mounts the image again. Needs root (mount); from a user account, with sudo.
  IMAGE="$WORK/big-$TAGS.img"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  command -v mkfs.ext4 >/dev/null && command -v tune2fs >/dev/null || die "mkfs.ext4 and tune2fs are needed (Debian: e2fsprogs)"
  # Direct I/O on the loop device: the image's blocks are then cached once (as the loop device's), not a second
  # time as pages of the image file, which would leave room for only half the folder in the page cache.
  mount_image() {
    mkdir -p "$SOURCE" && $SUDO mount -o loop,noatime "$IMAGE" "$SOURCE" || return 1
    $SUDO losetup --direct-io=on "$(findmnt -no SOURCE "$SOURCE")" || log "no direct I/O on the loop device; it still works, with the image cached twice"
  }
  if [ -f "$IMAGE" ] && ! mountpoint -q "$SOURCE"; then
    log "mounting $IMAGE on $SOURCE"
    mount_image || log "$IMAGE does not mount; writing it again"
  fi
  if [ ! -f "$SOURCE/.done" ]; then
    if mountpoint -q "$SOURCE"; then $SUDO umount "$SOURCE"; fi
    rm -f "$IMAGE"
    mkdir -p "$WORK"
    # 40 KB of image per tag (sparse: about 25 KB of it gets written) and 25 inodes (about 19 get used).
    need_kb=$(( TAGS * 26 ))
    free_kb=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
    [ "$free_kb" -gt "$need_kb" ] || die "$TAGS tags need about $(( need_kb / 1000000 )) GB free in $WORK; there are $(( free_kb / 1000000 )) GB"
    log "making $IMAGE: 1 KB blocks, $(( TAGS * 25 )) inodes"
    truncate -s "$(( TAGS * 40 ))K" "$IMAGE"
    mkfs.ext4 -q -F -b 1024 -N "$(( TAGS * 25 ))" -m 0 -O ^has_journal -E "root_owner=$(id -u):$(id -g)" "$IMAGE"
    mount_image
    generate "$SOURCE"
    touch "$SOURCE/.done"
    log "unmounting to add a journal (the data is flushed first)"
    $SUDO umount "$SOURCE"
    tune2fs -O has_journal "$IMAGE" >/dev/null
    mount_image
  fi
  log "$SOURCE: $(df -h --output=used "$SOURCE" | tail -1 | tr -d ' ') used, $(df --output=iused "$SOURCE" | tail -1 | tr -d ' ') inodes; image file $(du -h "$IMAGE" | cut -f1)"
fi
[ "$GENERATE_ONLY" = 0 ] || exit 0

ensure_tools
build_cli
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
