#!/usr/bin/env bash
# engine.sh — make sure a Docker engine answers `docker info`.
#
#   docker/engine.sh         ensure an engine runs (install docker.io + start dockerd if needed)
#   docker/engine.sh start   same as above
#   docker/engine.sh status  print whether an engine answers and whether we started it
#   docker/engine.sh stop    stop ONLY the dockerd this script started (by its pidfile)
#
# Environment:
#   BGPLAB_DOCKERD_LOG      dockerd log file        (default /var/log/bgplab-dockerd.log)
#   BGPLAB_DOCKERD_PIDFILE  pidfile of our dockerd  (default /var/run/bgplab-dockerd.pid)
#   BGPLAB_DOCKERD_FLAGS    extra/override flags for dockerd (appended to the defaults)
#   BGPLAB_DOCKERD_WAIT     seconds to wait for `docker info` (default 60)
set -euo pipefail

LOG=${BGPLAB_DOCKERD_LOG:-/var/log/bgplab-dockerd.log}
PIDFILE=${BGPLAB_DOCKERD_PIDFILE:-/var/run/bgplab-dockerd.pid}
WAIT=${BGPLAB_DOCKERD_WAIT:-60}

# dockerd flags that work in this sandbox (VM without systemd, cgroup v1 hybrid, ext4 root):
#  --storage-driver=overlay2  overlay is in the kernel and / is ext4 (vfs would also work, slowly)
#  --bridge=none              no default docker0 bridge: a container started without --network gets
#                             no network at all, so nothing can reach beyond this machine by accident
#                             (the lab only uses `docker network create --internal bgplab-...`)
#  --ip-masq=false            no NAT/masquerade rules for outbound traffic
#  --ip6tables=false          no IPv6 filtering rules (the lab bridges are IPv4)
#  --userland-proxy=false     no docker-proxy processes; we never publish ports anyway
#  --exec-opt native.cgroupdriver=cgroupfs   there is no systemd to talk to
#  --pidfile (docker's own) is separate from ours; ours records the nohup'd process.
DEFAULT_FLAGS=(
  --storage-driver=overlay2
  --bridge=none
  --ip-masq=false
  --ip6tables=false
  --userland-proxy=false
  --exec-opt native.cgroupdriver=cgroupfs
  --pidfile /var/run/bgplab-dockerd.docker.pid
)

log() { printf 'engine.sh: %s\n' "$*" >&2; }
die() { printf 'engine.sh: ERROR: %s\n' "$*" >&2; exit 1; }

engine_up() { docker info >/dev/null 2>&1; }

our_pid() {
  # print the pid from our pidfile if that process is alive and is a dockerd
  [[ -f $PIDFILE ]] || return 1
  local pid; pid=$(cat "$PIDFILE" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -d /proc/$pid ]] || return 1
  grep -q dockerd "/proc/$pid/cmdline" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

cmd_stop() {
  local pid
  if ! pid=$(our_pid); then
    log "no dockerd started by this script is running (pidfile $PIDFILE); nothing to stop"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping dockerd pid $pid (started by engine.sh)"
  kill -TERM "$pid"
  for _ in $(seq 1 30); do
    [[ -d /proc/$pid ]] || { rm -f "$PIDFILE"; log "dockerd stopped"; return 0; }
    sleep 1
  done
  die "dockerd pid $pid did not exit within 30 s; look at $LOG (not killing it harder)"
}

cmd_status() {
  if engine_up; then log "docker engine answers: $(docker version --format '{{.Server.Version}}' 2>/dev/null)"; else log "no docker engine answers"; fi
  if pid=$(our_pid); then log "dockerd started by engine.sh: pid $pid, log $LOG"; else log "no dockerd started by engine.sh is running"; fi
}

apt_updated=0
apt_install() {
  # apt-get update only when a package is not installable from the current lists
  if [[ $apt_updated -eq 0 ]] && ! apt-cache show "$@" >/dev/null 2>&1; then
    log "apt-get update"
    apt-get update -qq >&2
    apt_updated=1
  fi
  log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 ||
    { [[ $apt_updated -eq 0 ]] && log "install failed; retrying after apt-get update" &&
      apt-get update -qq >&2 && apt_updated=1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2; }
}

cmd_start() {
  if ! command -v docker >/dev/null 2>&1 && [[ $(id -u) -ne 0 ]]; then
    die "the docker client is not installed and we are not root. Install Docker (e.g. 'sudo apt-get install docker.io') and re-run."
  fi
  if engine_up; then
    log "docker engine already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')); nothing to do"
    return 0
  fi
  local pid
  if [[ $(id -u) -ne 0 ]] && [[ -S /var/run/docker.sock ]]; then
    die "a docker engine socket exists (/var/run/docker.sock) but 'docker info' fails for user $(id -un): probably no permission. Run as root, or add the user to group 'docker' (usermod -aG docker $(id -un), then log in again)."
  fi
  if pid=$(our_pid); then
    log "dockerd pid $pid (ours) is running but does not answer yet; waiting"
  else
    local missing=()
    [[ $(id -u) -eq 0 ]] || missing+=("root privileges to install/start dockerd (run with sudo, or start a docker engine yourself)")
    command -v dockerd >/dev/null 2>&1 || command -v apt-get >/dev/null 2>&1 ||
      missing+=("dockerd (no apt-get to install it: install Docker Engine for your OS, see https://docs.docker.com/engine/install/)")
    if ((${#missing[@]})); then
      log "no docker engine answers 'docker info' and I cannot start one. Missing:"
      for m in "${missing[@]}"; do log "  - $m"; done
      exit 1
    fi
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v containerd >/dev/null 2>&1; then
      log "dockerd not found; installing Debian package docker.io"
      apt_install docker.io
    fi
    command -v iptables >/dev/null 2>&1 || apt_install iptables
    # the docker.io package may try to start its service; with no systemd that fails harmlessly.
    mkdir -p "$(dirname "$LOG")" "$(dirname "$PIDFILE")"
    # shellcheck disable=SC2206
    local flags=("${DEFAULT_FLAGS[@]}" ${BGPLAB_DOCKERD_FLAGS:-})
    log "starting: setsid nohup dockerd ${flags[*]} >>$LOG 2>&1 &"
    printf '\n==== %s engine.sh starting dockerd %s\n' "$(date -Is)" "${flags[*]}" >>"$LOG"
    # setsid: dockerd gets a session of its own, so it outlives the shell (and process group)
    # that started it; a CI step or terminal that ends must not take the engine down with it.
    # Every other inherited descriptor is closed first: run as `flock LOCKFILE docker/engine.sh`, the
    # lock's descriptor would otherwise live on in dockerd (and containerd) and hold the lock forever.
    (
      for fd in /proc/$BASHPID/fd/*; do
        n=${fd##*/}
        if [[ $n -gt 2 ]]; then eval "exec $n>&-" 2>/dev/null || true; fi
      done
      exec setsid nohup dockerd "${flags[@]}" >>"$LOG" 2>&1 </dev/null
    ) &
    pid=$!
    echo "$pid" >"$PIDFILE"
    log "dockerd pid $pid, pidfile $PIDFILE, log $LOG"
  fi
  local i
  for ((i = 0; i < WAIT; i++)); do
    if engine_up; then
      log "docker engine up after ${i}s: server $(docker version --format '{{.Server.Version}}'), storage $(docker info --format '{{.Driver}}')"
      return 0
    fi
    if ! [[ -d /proc/$pid ]]; then
      rm -f "$PIDFILE"
      tail -n 30 "$LOG" >&2 || true
      die "dockerd exited during startup; see $LOG (last lines above)"
    fi
    sleep 1
  done
  tail -n 30 "$LOG" >&2 || true
  die "docker engine did not answer within ${WAIT}s; dockerd pid $pid still running, see $LOG"
}

case ${1:-start} in
  start | ensure) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  -h | --help | help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2 ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac
