#!/usr/bin/env bash
# systemd interop without systemd as PID 1: the sample unit samples/systemd/numberdirectory.service
#   systemd-analyze verify    prints nothing for the unit, its ExecStart pointed at a published node;
#   systemd-analyze security  (offline) scores its exposure at or below the threshold README
#                             "Installing as a service" states;
#   Type=notify               the self-contained published node, started with a NOTIFY_SOCKET the test
#                             opens, sends READY=1 only when its doors answer, STOPPING=1 on SIGTERM
#                             and no READY=1 when its start fails (Hosting/SystemdNotifyTests.cs).
# Installs the Debian package systemd with apt-get when systemd-analyze is missing. Exits non-zero on
# any failure. Everything runs as the user running it, on loopback, in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The exposure threshold of README "Installing as a service", in systemd-analyze's tenths.
threshold=20

if ! command -v systemd-analyze >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "systemd-interop: installing systemd"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failures=0
check() { # check <what> <condition command...>
  local what="$1"; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

# The documented publish command (README "Installing as a service"), into the temporary directory.
dotnet publish src/NumberDirectory.Server -c Release -r linux-x64 --self-contained -o "$work/numberdirectory" -v quiet -nologo >"$work/publish.log" 2>&1 ||
  { cat "$work/publish.log" >&2; echo "systemd-interop: dotnet publish failed" >&2; exit 1; }
echo "published: $(du -sh "$work/numberdirectory" | cut -f1) in $(find "$work/numberdirectory" -type f | wc -l) files"

# The unit as shipped, with ExecStart at the published executable so verify can check it exists.
mkdir "$work/unit"
sed "s|/opt/numberdirectory/NumberDirectory.Server|$work/numberdirectory/NumberDirectory.Server|" \
  samples/systemd/numberdirectory.service >"$work/unit/numberdirectory.service"
verify="$(systemd-analyze verify "$work/unit/numberdirectory.service" 2>&1)" || true
check "systemd-analyze verify prints nothing" test -z "$verify"
[ -z "$verify" ] || echo "$verify"

security="$(systemd-analyze security --offline=true "$work/unit/numberdirectory.service" 2>&1)" || true
echo "$security" | grep -E '^→ Overall exposure level' || echo "$security"
within_threshold() { systemd-analyze security --offline=true --threshold="$threshold" "$work/unit/numberdirectory.service" >/dev/null 2>&1; }
check "systemd-analyze security: exposure at most $((threshold / 10)).$((threshold % 10))" within_threshold

# READY=1 / STOPPING=1 from the published node, through the tests that open the NOTIFY_SOCKET.
check "Type=notify: the published node's READY=1, STOPPING=1, no READY=1 on a failed start" \
  env ND_PUBLISHED_NODE="$work/numberdirectory" dotnet test tests/NumberDirectory.Server.Tests -nologo -v quiet \
    --filter "FullyQualifiedName~NumberDirectory.Server.Tests.Hosting.SystemdNotifyTests"

if [ "$failures" -gt 0 ]; then
  echo "systemd-interop: $failures check(s) failed" >&2
  exit 1
fi
echo "systemd-interop: all checks passed"
