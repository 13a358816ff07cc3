#!/usr/bin/env bash
# Prepares the machine for the systemd --user tests (test/helpers/systemd.ts starts one isolated user
# manager per test file): marks systemd as "booted" and runs systemd-journald, which on these machines
# (PID 1 is not systemd) nothing else starts. Idempotent: safe to run again at any time.
set -euo pipefail

if [ ! -x /lib/systemd/systemd ] || ! command -v systemctl >/dev/null; then
  echo "systemd.sh: systemd is not installed (add 'systemd' to .ci/packages)" >&2
  exit 1
fi

# sd_booted() and the user manager look for this directory.
mkdir -p /run/systemd/system /run/systemd/journal

# Whether a systemd-journald runs (read from /proc: procps may not be installed).
journald_running() {
  local comm
  for comm in /proc/[0-9]*/comm; do
    [ "$(cat "$comm" 2>/dev/null)" = systemd-journal ] && return 0
  done
  return 1
}

# One system-wide journald: the user managers' services log to it through /run/systemd/journal/stdout.
if ! journald_running; then
  rm -f /run/systemd/journal/socket /run/systemd/journal/stdout /run/systemd/journal/dev-log
  setsid /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 &
  for _ in $(seq 50); do
    [ -S /run/systemd/journal/stdout ] && break
    sleep 0.1
  done
fi
[ -S /run/systemd/journal/stdout ] || { echo "systemd.sh: systemd-journald did not start" >&2; exit 1; }
echo "systemd.sh: /run/systemd/system present, systemd-journald running"
