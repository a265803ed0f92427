#!/usr/bin/env bash
# peers.sh — install the other BGP implementations the lab peers with, on this host:
#   bird2  (bird, birdc)      gobgpd (gobgpd, gobgp)      exabgp (exabgp, exabgpcli)
#   frr    (/usr/lib/frr/bgpd: the route-server benchmark runs it alone, `bgpd -Z`)
# Installs the Debian packages whose binaries are missing (apt-get update only when needed),
# makes sure none of their system services is left running, then prints the versions.
#
#   docker/peers.sh            install if missing + print versions
#   docker/peers.sh versions   only print versions (exit 1 if one is missing)
#
# Package services are kept from starting during the install with a temporary
# /usr/sbin/policy-rc.d (only if none exists); any bird/gobgpd/exabgp process that appears
# during the install is stopped by its pid. Processes that ran before are never touched.
set -euo pipefail

log() { printf 'peers.sh: %s\n' "$*" >&2; }
die() { printf 'peers.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# package -> binary that proves it is installed
# chromium is no BGP peer: the suite uses it headless to render and screenshot the HTML lab report.
declare -A BIN=([bird2]=bird [gobgpd]=gobgpd [exabgp]=exabgp [chromium]=chromium [frr]=/usr/lib/frr/bgpd)
PKGS=(bird2 gobgpd exabgp chromium frr)
PROCS=(bird gobgpd exabgp)
# their service names (systemd units / init scripts)
SERVICES=(bird gobgpd exabgp frr)
# FRR's packaged service writes its daemons' pids here; FRR containers' bgpd (visible in the host's
# process list) never do, so only these are stopped if the install started the service.
FRR_PIDS=/run/frr

have() { [[ $1 == /* ]] && { [[ -x $1 ]]; return; }; command -v "$1" >/dev/null 2>&1 || [[ -x /usr/sbin/$1 || -x /usr/bin/$1 ]]; }
bin_of() { command -v "$1" 2>/dev/null || { [[ -x /usr/sbin/$1 ]] && echo "/usr/sbin/$1"; } || echo "/usr/bin/$1"; }

pids_of() { # exact process names -> pids, one per line
  local p; for p in "$@"; do pgrep -x "$p" 2>/dev/null || true; done | sort -n
}

print_versions() { # one line per tool on stdout: "<package> <version line>"
  local rc=0 b p
  for b in bird gobgpd gobgp exabgp /usr/lib/frr/bgpd; do
    case $b in bird) p=bird2 ;; gobgp) p=gobgpd ;; /usr/lib/frr/bgpd) p=frr ;; *) p=$b ;; esac
    if have "$b"; then
      printf '%-7s %s\n' "$b" "$("$(bin_of "$b")" --version 2>&1 | grep -Eim1 'version|exabgp' || true)"
    else
      log "$b is missing (Debian package $p)"; rc=1
    fi
  done
  return $rc
}

if [[ ${1:-} == versions ]]; then print_versions; exit; fi
[[ -z ${1:-} ]] || die "usage: $0 [versions]"

missing=()
for p in "${PKGS[@]}"; do have "${BIN[$p]}" || missing+=("$p"); done

if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || die "missing packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "missing: ${missing[*]} and there is no apt-get; install bird2, gobgpd and exabgp by hand"

  before=$(pids_of "${PROCS[@]}")
  frr_before=$(cat "$FRR_PIDS"/*.pid 2>/dev/null | tr '\n' ' ' || true)
  policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    log "temporarily installing $policy (exit 101) so the packages do not start their services"
    printf '#!/bin/sh\n# temporary, by bgplab docker/peers.sh\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi

  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
    log "apt-get update"
    apt-get update -qq >&2
  fi
  log "apt-get install -y ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; then
    log "install failed; retrying after apt-get update"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi

  # Stop whatever the install may have started anyway (e.g. a system without policy-rc.d
  # support, or a real systemd). Only processes that were not there before are touched.
  if [[ -d /run/systemd/system ]]; then
    for s in "${SERVICES[@]}"; do
      if systemctl is-active --quiet "$s" 2>/dev/null; then
        log "systemctl stop+disable $s (started by its package)"
        systemctl stop "$s" >&2 || true
        systemctl disable "$s" >&2 2>/dev/null || true
      fi
    done
  fi
  # FRR is not matched by process name: the lab's FRR containers run bgpd/zebra that the host sees too.
  for pidfile in "$FRR_PIDS"/*.pid; do
    [[ -f $pidfile ]] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [[ -n $pid && -d /proc/$pid && " $frr_before " != *" $pid "* ]]; then
      log "stopping FRR's $(basename "$pidfile" .pid) (pid $pid) started by the package install"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  after=$(pids_of "${PROCS[@]}")
  new=$(comm -13 <(printf '%s\n' "$before" | sed '/^$/d') <(printf '%s\n' "$after" | sed '/^$/d') || true)
  for pid in $new; do
    log "stopping pid $pid ($(cat /proc/"$pid"/comm 2>/dev/null || echo '?')) started by the package install"
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $new; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do [[ -d /proc/$pid ]] || break; sleep 0.5; done
    [[ -d /proc/$pid ]] && log "WARNING: pid $pid is still running"
  done
else
  log "bird2, gobgpd, exabgp, chromium and frr are installed; nothing to install"
fi

left=$(pids_of "${PROCS[@]}" | tr '\n' ' ')
if [[ -z ${left// /} ]]; then
  log "no bird/gobgpd/exabgp process is running"
else
  log "note: bird/gobgpd/exabgp processes running (not started by this script): $left"
fi
print_versions
