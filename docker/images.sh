#!/usr/bin/env bash
# images.sh — make sure the bgplab Docker images exist, built locally (no registry needed).
#
#   docker/images.sh [frr|speaker|host|all]     (default: all)
#
# frr      BGPLAB_FRR_IMAGE (default bgplab/frr:8.4): Debian bookworm minbase rootfs made with
#          debootstrap (frr, frr-pythontools, iproute2, iputils-ping, procps, tcpdump, iptables),
#          imported with `docker import`, plus the entrypoint docker/frr/bgplab-frr-start.
# speaker  BGPLAB_SPEAKER_IMAGE (default bgplab/speaker:dev): bookworm minbase rootfs (iproute2,
#          iputils-ping, procps, iptables, tcpdump) + a jlink'd runtime from BGPLAB_JAVA_HOME +
#          the fat jar BGPLAB_JAR; entrypoint `java -jar /opt/bgplab/bgplab.jar`.
# host     BGPLAB_HOST_IMAGE (default bgplab/host:latest): bookworm minbase rootfs with iproute2,
#          iputils-ping, traceroute, tcpdump, iperf3, iptables, procps, netcat, ethtool and bash; what
#          lab hosts written for network-multitool, alpine, ubuntu, netshoot... run on (`sleep infinity`).
#
# An image is rebuilt only when its inputs changed: a sha256 over this script, the entrypoint,
# the package list (and for the speaker the jar and the JDK's release file) is stored as the image
# label `bgplab.inputs` and compared with `docker image inspect`. Debootstrapped rootfs tarballs and
# the jlink'd runtime are cached in BGPLAB_CACHE_DIR, so rebuilding after `docker rmi` is fast.
#
# Environment:
#   BGPLAB_FRR_IMAGE      name of the FRR image              (default bgplab/frr:8.4)
#   BGPLAB_SPEAKER_IMAGE  name of the speaker image          (default bgplab/speaker:dev)
#   BGPLAB_HOST_IMAGE     name of the host image             (default bgplab/host:latest)
#   BGPLAB_JAR            the speaker's fat jar              (default <repo>/modules/cli/target/bgplab.jar)
#   BGPLAB_JAVA_HOME      JDK whose jlink makes the runtime  (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   BGPLAB_CACHE_DIR      cache for rootfs tarballs and jre  (default ${XDG_CACHE_HOME:-$HOME/.cache}/bgplab)
#   BGPLAB_DEBIAN_MIRROR  mirror for debootstrap             (default http://deb.debian.org/debian)
#   BGPLAB_FORCE_REBUILD  1 = rebuild the images even if their inputs did not change (rootfs cache kept)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"

FRR_IMAGE=${BGPLAB_FRR_IMAGE:-bgplab/frr:8.4}
SPEAKER_IMAGE=${BGPLAB_SPEAKER_IMAGE:-bgplab/speaker:dev}
HOST_IMAGE=${BGPLAB_HOST_IMAGE:-bgplab/host:latest}
JAR=${BGPLAB_JAR:-$REPO/modules/cli/target/bgplab.jar}
JDK=${BGPLAB_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CACHE=${BGPLAB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bgplab}
MIRROR=${BGPLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
FORCE=${BGPLAB_FORCE_REBUILD:-0}
SUITE=bookworm
ENTRYPOINT_SRC="$HERE/frr/bgplab-frr-start"

FRR_PACKAGES=(frr frr-pythontools iproute2 iputils-ping procps tcpdump iptables)
BASE_PACKAGES=(iproute2 iputils-ping procps iptables tcpdump)
HOST_PACKAGES=(iproute2 iputils-ping traceroute tcpdump iperf3 iptables procps netcat-openbsd ethtool)
JAVA_MODULES=(java.base java.logging java.management jdk.unsupported java.naming jdk.httpserver
  java.net.http java.xml jdk.crypto.ec)
# bump to throw away cached rootfs tarballs (they are otherwise keyed by suite + package list)
ROOTFS_RECIPE=1
DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { printf 'images.sh: %s\n' "$*" >&2; }
die() { printf 'images.sh: ERROR: %s\n' "$*" >&2; exit 1; }
sha() { sha256sum | cut -c1-64; }

# the classic builder: the docker CLI here has no buildx plugin, and it never pulls a FROM image
# that exists locally
export DOCKER_BUILDKIT=0

TMPDIRS=()
cleanup() { local d; for d in "${TMPDIRS[@]}"; do [[ -n $d && -d $d ]] && rm -rf "$d"; done; }
trap cleanup EXIT

ensure_engine() {
  docker info >/dev/null 2>&1 && return 0
  log "no docker engine answers; running $HERE/engine.sh"
  "$HERE/engine.sh" || die "no docker engine (see the messages of engine.sh above)"
}

label_of() { # image label
  docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true
}

rootfs_key() { # PKG... -> cache key of a rootfs with these packages
  printf '%s\n' "recipe=$ROOTFS_RECIPE" "suite=$SUITE" "variant=minbase" "$@" | sort | sha | cut -c1-12
}

# rootfs NAME PKG... -> prints the path of a cached rootfs tarball (debootstraps it if missing)
rootfs() {
  local name=$1; shift
  local key; key=$(rootfs_key "$@")
  local tar="$CACHE/rootfs-$name-$SUITE-$key.tar"
  if [[ -s $tar && -s $tar.versions ]]; then
    log "rootfs $name: using cached $tar"
    printf '%s\n' "$tar"; return 0
  fi
  [[ $(id -u) -eq 0 ]] || die "rootfs $name is not cached ($tar) and debootstrap needs root: re-run as root (sudo -E $SELF ...)"
  if ! command -v debootstrap >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "debootstrap is missing and there is no apt-get to install it"
    log "installing debootstrap (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2 ||
      { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2; }
  fi
  local work; work=$(mktemp -d "$CACHE/tmp-rootfs-$name.XXXXXX")
  # rootfs runs inside $(...), which does not inherit the main EXIT trap: clean up here
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  local inc; inc=$(IFS=,; echo "$*")
  local dlog="$CACHE/debootstrap-$name.log"
  log "rootfs $name: debootstrap --variant=minbase --include=$inc $SUITE $work/root $MIRROR (log: $dlog; takes a few minutes)"
  local t0=$SECONDS
  if ! debootstrap --variant=minbase --include="$inc" "$SUITE" "$work/root" "$MIRROR" >"$dlog" 2>&1; then
    tail -n 20 "$dlog" >&2
    die "debootstrap failed for rootfs $name; see $dlog"
  fi
  # record versions, then slim the tree down: no .deb cache, no apt lists, no docs
  # shellcheck disable=SC2016
  chroot "$work/root" dpkg-query -W -f '${Package}=${Version}\n' >"$work/versions"
  rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"* \
    "$work/root/usr/share/doc/"* "$work/root/usr/share/man/"* "$work/root/usr/share/info/"*
  : >"$work/root/etc/hostname"
  tar --numeric-owner --xattrs -C "$work/root" -cf "$work/rootfs.tar" .
  mv "$work/versions" "$tar.versions"
  mv "$work/rootfs.tar" "$tar"
  # drop older tarballs of the same rootfs
  local old
  for old in "$CACHE/rootfs-$name-"*.tar; do
    [[ $old == "$tar" ]] || { log "removing stale cache $old"; rm -f "$old" "$old.versions"; }
  done
  log "rootfs $name: built in $((SECONDS - t0))s -> $tar ($(du -h "$tar" | cut -f1))"
  printf '%s\n' "$tar"
}

# base_image NAME TAR KEY -> prints the name of the imported base image bgplab/rootfs-NAME:KEY
base_image() {
  local name=$1 tar=$2 key=$3 img="bgplab/rootfs-$1:$3"
  if docker image inspect "$img" >/dev/null 2>&1; then
    log "base image $img exists"
  else
    log "docker import $tar $img"
    docker import --message "bgplab rootfs $name ($SUITE minbase)" \
      --change "ENV PATH=$DEFAULT_PATH" --change 'CMD ["/bin/bash"]' "$tar" "$img" >/dev/null
  fi
  printf '%s\n' "$img"
}

docker_build() { # IMAGE CONTEXT
  log "docker build -t $1 $2"
  local out old new
  old=$(docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true)
  if ! out=$(docker build --network none --rm --force-rm -t "$1" "$2" 2>&1); then
    printf '%s\n' "$out" >&2
    die "docker build of $1 failed"
  fi
  printf '%s\n' "$out" | grep -E '^(Step|Successfully)' | sed 's/^/  /' >&2 || true
  new=$(docker image inspect -f '{{.Id}}' "$1")
  # the previous build of this image is now untagged: remove it unless something still uses it
  if [[ -n $old && $old != "$new" && $(docker image inspect -f '{{len .RepoTags}}' "$old" 2>/dev/null) == 0 ]]; then
    if docker rmi "$old" >/dev/null 2>&1; then log "removed the previous, now untagged build ${old:7:12}"; fi
  fi
}

build_frr() {
  [[ -r $ENTRYPOINT_SRC ]] || die "missing $ENTRYPOINT_SRC"
  local inputs; inputs=$( { cat "$SELF" "$ENTRYPOINT_SRC"; printf '%s\n' "suite=$SUITE" "${FRR_PACKAGES[@]}"; } | sha)
  if [[ $FORCE != 1 && $(label_of "$FRR_IMAGE" bgplab.inputs) == "$inputs" ]]; then
    log "$FRR_IMAGE is up to date (bgplab.inputs=${inputs:0:12})"; return 0
  fi
  log "building $FRR_IMAGE (inputs ${inputs:0:12})"
  local t0=$SECONDS tar key base ver ctx
  tar=$(rootfs frr "${FRR_PACKAGES[@]}"); key=$(rootfs_key "${FRR_PACKAGES[@]}")
  base=$(base_image frr "$tar" "$key")
  ver=$(sed -n 's/^frr=//p' "$tar.versions")
  ctx=$(mktemp -d "$CACHE/tmp-ctx-frr.XXXXXX"); TMPDIRS+=("$ctx")
  cp "$ENTRYPOINT_SRC" "$ctx/bgplab-frr-start"; chmod 0755 "$ctx/bgplab-frr-start"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $base
COPY bgplab-frr-start /usr/local/bin/bgplab-frr-start
ENV PATH=$DEFAULT_PATH BGPLAB_FRR_DAEMONS=bgpd
LABEL bgplab.inputs="$inputs" bgplab.frr.version="$ver" bgplab.rootfs="$key" \\
      org.opencontainers.image.title="bgplab FRR $ver (Debian $SUITE)"
ENTRYPOINT ["/usr/local/bin/bgplab-frr-start"]
CMD []
DOCKERFILE
  docker_build "$FRR_IMAGE" "$ctx"
  log "$FRR_IMAGE ready: FRR $ver, $(docker image inspect -f '{{.Size}}' "$FRR_IMAGE" | awk '{printf "%.0f MB", $1/1e6}'), $((SECONDS - t0))s"
}

# jre -> prints the path of a cached jlink'd runtime made from $JDK
jre() {
  [[ -x $JDK/bin/jlink && -x $JDK/bin/java ]] ||
    die "no JDK with jlink at BGPLAB_JAVA_HOME=$JDK (install e.g. temurin-25-jdk or openjdk-17-jdk and set BGPLAB_JAVA_HOME)"
  local have mods=() m
  have=$("$JDK/bin/java" --list-modules | sed 's/@.*//')
  for m in "${JAVA_MODULES[@]}"; do
    if grep -qx "$m" <<<"$have"; then mods+=("$m"); else log "JDK at $JDK has no module $m; leaving it out"; fi
  done
  local key; key=$( { cat "$JDK/release"; printf '%s\n' "${mods[@]}"; } | sha | cut -c1-12)
  local out="$CACHE/jre-$key"
  if [[ -x $out/bin/java ]]; then log "jre: using cached $out"; printf '%s\n' "$out"; return 0; fi
  local mlist; mlist=$(IFS=,; echo "${mods[*]}")
  log "jre: jlink --add-modules $mlist -> $out"
  rm -rf "$out.tmp"
  "$JDK/bin/jlink" --add-modules "$mlist" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --output "$out.tmp" >&2 || die "jlink failed (JDK $JDK)"
  mv "$out.tmp" "$out"
  for m in "$CACHE"/jre-*; do [[ $m == "$out" ]] || rm -rf "$m"; done
  printf '%s\n' "$out"
}

build_speaker() {
  if [[ ! -f $JAR ]]; then
    die "speaker jar not found: $JAR
  build it first (e.g. 'mvn -q -DskipTests package' in $REPO) or point BGPLAB_JAR at the fat jar"
  fi
  [[ -r $JDK/release ]] || die "no JDK at BGPLAB_JAVA_HOME=$JDK"
  local inputs; inputs=$( { cat "$SELF"; printf '%s\n' "suite=$SUITE" "${BASE_PACKAGES[@]}" "${JAVA_MODULES[@]}";
    cat "$JDK/release"; sha256sum <"$JAR"; } | sha)
  if [[ $FORCE != 1 && $(label_of "$SPEAKER_IMAGE" bgplab.inputs) == "$inputs" ]]; then
    log "$SPEAKER_IMAGE is up to date (bgplab.inputs=${inputs:0:12})"; return 0
  fi
  log "building $SPEAKER_IMAGE from $JAR (inputs ${inputs:0:12})"
  local t0=$SECONDS tar key base runtime ctx jv
  tar=$(rootfs base "${BASE_PACKAGES[@]}"); key=$(rootfs_key "${BASE_PACKAGES[@]}")
  base=$(base_image base "$tar" "$key")
  runtime=$(jre)
  jv=$("$runtime/bin/java" -version 2>&1 | head -n1 | sed 's/"//g')
  ctx=$(mktemp -d "$CACHE/tmp-ctx-speaker.XXXXXX"); TMPDIRS+=("$ctx")
  cp -al "$runtime" "$ctx/jre" 2>/dev/null || cp -a "$runtime" "$ctx/jre"
  cp "$JAR" "$ctx/bgplab.jar"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $base
COPY jre /opt/java
COPY bgplab.jar /opt/bgplab/bgplab.jar
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$DEFAULT_PATH
WORKDIR /opt/bgplab
LABEL bgplab.inputs="$inputs" bgplab.java="$jv" bgplab.rootfs="$key" \\
      org.opencontainers.image.title="bgplab BGP speaker"
ENTRYPOINT ["java", "-jar", "/opt/bgplab/bgplab.jar"]
DOCKERFILE
  docker_build "$SPEAKER_IMAGE" "$ctx"
  log "$SPEAKER_IMAGE ready ($jv), $((SECONDS - t0))s"
}

build_host() {
  local inputs; inputs=$( { cat "$SELF"; printf '%s\n' "suite=$SUITE" "${HOST_PACKAGES[@]}"; } | sha)
  if [[ $FORCE != 1 && $(label_of "$HOST_IMAGE" bgplab.inputs) == "$inputs" ]]; then
    log "$HOST_IMAGE is up to date (bgplab.inputs=${inputs:0:12})"; return 0
  fi
  log "building $HOST_IMAGE (inputs ${inputs:0:12})"
  local t0=$SECONDS tar key base ctx
  tar=$(rootfs host "${HOST_PACKAGES[@]}"); key=$(rootfs_key "${HOST_PACKAGES[@]}")
  base=$(base_image host "$tar" "$key")
  ctx=$(mktemp -d "$CACHE/tmp-ctx-host.XXXXXX"); TMPDIRS+=("$ctx")
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $base
ENV PATH=$DEFAULT_PATH
LABEL bgplab.inputs="$inputs" bgplab.rootfs="$key" \\
      org.opencontainers.image.title="bgplab lab host (Debian $SUITE: iproute2, ping, traceroute, tcpdump, iperf3)"
CMD ["sleep", "infinity"]
DOCKERFILE
  docker_build "$HOST_IMAGE" "$ctx"
  log "$HOST_IMAGE ready, $(docker image inspect -f '{{.Size}}' "$HOST_IMAGE" | awk '{printf "%.0f MB", $1/1e6}'), $((SECONDS - t0))s"
}

target=${1:-all}
case $target in
  frr | speaker | host | all) ;;
  -h | --help | help) sed -n '2,30p' "$SELF" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
  *) die "usage: $0 [frr|speaker|host|all]" ;;
esac

mkdir -p "$CACHE"
ensure_engine
# one build at a time (parallel test runs may call this together)
exec 9>"$CACHE/images.lock"
flock 9
case $target in
  frr) build_frr ;;
  speaker) build_speaker ;;
  host) build_host ;;
  all) build_frr; build_speaker; build_host ;;
esac
