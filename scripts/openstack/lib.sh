# Shared by up.sh and nova-up.sh (sourced): the root prelude, package checks, and the PID files of what they start.
# Callers set STATE (their state directory) and OURS (a regex of the command lines they start) before using these.

loopback_prelude() { # loopback_prelude SCRIPT : root only; Debian's python3 must win over pyenv/venv shims
    [ "$(id -u)" = 0 ] || { echo "$1: run as root (apt-get, service users)" >&2; exit 1; }
    export PATH=/usr/sbin:/usr/bin:/sbin:/bin
    unset PYTHONPATH PYTHONHOME VIRTUAL_ENV || true
    export DEBIAN_FRONTEND=noninteractive
}

pkgs_missing() { # pkgs_missing PKG... : the ones dpkg does not have installed
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
    done
    echo "${missing[@]:-}"
}

deny_service_starts() { # package scripts must not start services (they would bind every interface) until allowed again
    if [ -e /usr/sbin/policy-rc.d ]; then cp -p /usr/sbin/policy-rc.d "$STATE/run/policy-rc.d.saved"; fi
    trap restore_policy EXIT
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d
}

restore_policy() { # put back whatever /usr/sbin/policy-rc.d was before deny_service_starts
    if [ -e "$STATE/run/policy-rc.d.saved" ]; then mv -f "$STATE/run/policy-rc.d.saved" /usr/sbin/policy-rc.d
    else rm -f /usr/sbin/policy-rc.d; fi
    trap - EXIT
}

running() { # running PIDFILE : true if the pid in it is alive and is one of ours (its command line matches OURS)
    local pf=$1 pid
    [ -s "$pf" ] || return 1
    pid=$(cat "$pf")
    [ -d "/proc/$pid" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE "$OURS" || return 1
}

stop_pid() { # stop_pid PIDFILE : SIGTERM the pid recorded there and wait for it to go
    local pid i; pid=$(cat "$1")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    rm -f "$1"
}

wait_http() { # wait_http URL SECONDS : until it answers below 400
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        curl -sf -o /dev/null --max-time 2 "$1" && return 0
        sleep 0.1
    done
    echo "timeout waiting for $1 (see $STATE/log/)" >&2; return 1
}
