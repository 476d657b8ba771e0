#!/usr/bin/env bash
# ENUM interop: a real node against real clients on loopback.
#   dig      NAPTR straight from the node's ENUM door (NOERROR + aa, NXDOMAIN with the SOA);
#   unbound  with qname minimisation on, stub-zoned to the node on 127.0.0.1:53, resolving NAPTR for a
#            published number and NXDOMAIN for an unpublished one;
#   Kamailio enum_query() in a minimal config, in a private mount namespace whose /etc/resolv.conf
#            names 127.0.0.1 (Kamailio resolves through resolv.conf on port 53 only), rewriting the
#            request URI of a SIP OPTIONS from this script's own small client.
# Installs bind9-dnsutils, unbound and kamailio with apt-get when missing. Exits non-zero when any
# client disagrees. Every process it starts, it stops by PID; nothing leaves loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
need=()
command -v dig >/dev/null 2>&1 || need+=(bind9-dnsutils)
command -v unbound >/dev/null 2>&1 || need+=(unbound)
command -v kamailio >/dev/null 2>&1 || need+=(kamailio)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "${#need[@]}" -gt 0 ]; then
  echo "enum-interop: installing ${need[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
check() { # check <what> <condition command...>
  local what="$1"; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, int(sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
enum_port="$(free_port 2)"
sip_port="$(free_port 2)"

if python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 53))' 2>/dev/null; then :; else
  echo "enum-interop: 127.0.0.1:53 is taken; the resolver for Kamailio needs it" >&2
  exit 1
fi

# The node: +15550100..+15550199 published with a SIP and an IAX2 route.
# The Debug build: .ci/run has just built it for the tests, so this costs nothing there.
dotnet build src/NumberDirectory.Server -c Debug -v quiet -nologo >/dev/null
cat > "$work/node.json" <<JSON
{
  "Node": { "DataDirectory": "$work/data" },
  "Http": { "Listen": "127.0.0.1:0" },
  "Agi": { "Listen": "127.0.0.1:0" },
  "Dundi": { "Enabled": false },
  "Enum": { "Listen": "127.0.0.1:$enum_port", "Zones": [ { "Suffix": "e164.example.net", "Context": "e164" } ] },
  "Ranges": [
    { "Pattern": "+15550100-+15550199", "DisplayName": "Example PBX",
      "Routes": [ { "Uri": "sip:\${NUMBER}@pbx-b.example.net", "Weight": 10 }, { "Uri": "iax2:pbx-b.example.net/\${NUMBER}", "Weight": 20 } ] }
  ]
}
JSON
dotnet "src/NumberDirectory.Server/bin/Debug/net10.0/NumberDirectory.Server.dll" --config "$work/node.json" >"$work/node.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  if dig @127.0.0.1 -p "$enum_port" +time=1 +tries=1 e164.example.net SOA >/dev/null 2>&1; then break; fi
  sleep 0.5
done

published="1.0.1.0.5.5.5.1.e164.example.net"
unpublished="9.9.9.9.9.5.5.5.1.e164.example.net"

# dig, straight to the node.
direct="$(dig @127.0.0.1 -p "$enum_port" +norec +time=2 +tries=1 "$published" NAPTR)"
check "dig: NAPTR NOERROR, authoritative" grep -qE 'status: NOERROR.*' <<<"$direct"
check "dig: aa flag set" grep -qE 'flags: qr aa' <<<"$direct"
check "dig: E2U+sip record" grep -qF '"u" "E2U+sip" "!^.*$!sip:15550101@pbx-b.example.net!" .' <<<"$direct"
check "dig: E2U+iax2 record" grep -qF '"u" "E2U+iax2" "!^.*$!iax:pbx-b.example.net/15550101!" .' <<<"$direct"
missing="$(dig @127.0.0.1 -p "$enum_port" +norec +time=2 +tries=1 "$unpublished" NAPTR)"
check "dig: unpublished NXDOMAIN with the SOA" grep -qE 'status: NXDOMAIN' <<<"$missing"
check "dig: SOA in the authority section" grep -qE 'e164\.example\.net\..*IN[[:space:]]+SOA' <<<"$missing"
tcp="$(dig @127.0.0.1 -p "$enum_port" +tcp +norec +time=2 +tries=1 "$published" NAPTR)"
check "dig +tcp: the same records" test "$(grep -c 'IN.NAPTR' <<<"$tcp")" = "$(grep -c 'IN.NAPTR' <<<"$direct")"
ent="$(dig @127.0.0.1 -p "$enum_port" +norec +time=2 +tries=1 5.5.5.1.e164.example.net NAPTR)"
check "dig: empty non-terminal NODATA (NOERROR, no answer)" grep -qE 'status: NOERROR.*ANSWER: 0' <<<"$(tr '\n' ' ' <<<"$ent")"

# unbound on 127.0.0.1:53, qname minimisation on, the suffix stub-zoned to the node.
cat > "$work/unbound.conf" <<CONF
server:
  interface: 127.0.0.1@53
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$work"
  pidfile: "$work/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: 1
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  qname-minimisation: yes
  module-config: "iterator"
  domain-insecure: "e164.example.net"
stub-zone:
  name: "e164.example.net"
  stub-addr: 127.0.0.1@$enum_port
CONF
unbound -c "$work/unbound.conf" >"$work/unbound.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do
  if dig @127.0.0.1 +time=1 +tries=1 e164.example.net SOA >/dev/null 2>&1; then break; fi
  sleep 0.25
done
resolved="$(dig @127.0.0.1 +time=3 +tries=2 "$published" NAPTR)"
check "unbound: NAPTR for a published number" grep -qF '"E2U+sip" "!^.*$!sip:15550101@pbx-b.example.net!"' <<<"$resolved"
check "unbound: NOERROR" grep -qE 'status: NOERROR' <<<"$resolved"
check "unbound: unpublished number NXDOMAIN" grep -qE 'status: NXDOMAIN' <<<"$(dig @127.0.0.1 +time=3 +tries=2 "$unpublished" NAPTR)"

# Kamailio enum_query() in a private mount namespace whose resolv.conf names the local unbound.
echo "nameserver 127.0.0.1" > "$work/resolv.conf"
cat > "$work/kamailio.cfg" <<CFG
#!KAMAILIO
debug=2
log_stderror=yes
children=1
dns=no
rev_dns=no
use_dns_cache=no
listen=udp:127.0.0.1:$sip_port
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "enum.so"
modparam("enum", "domain_suffix", "e164.example.net.")
request_route {
  if (enum_query()) {
    append_to_reply("Contact: <\$ru>\r\n");
    sl_send_reply("302", "Moved Temporarily");
    exit;
  }
  sl_send_reply("404", "Not Found");
}
CFG
unshare -m sh -c "mount --bind '$work/resolv.conf' /etc/resolv.conf && exec kamailio -f '$work/kamailio.cfg' -D -E" >"$work/kamailio.log" 2>&1 &
pids+=($!)

sip() { # sip <user>: the status line and Contact of Kamailio's answer to an OPTIONS for sip:<user>@127.0.0.1
  python3 - "$sip_port" "$1" <<'PY'
import socket, sys, time
port, user = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(1.0)
me = s.getsockname()[1]
request = (f"OPTIONS sip:{user}@127.0.0.1:{port} SIP/2.0\r\n"
           f"Via: SIP/2.0/UDP 127.0.0.1:{me};branch=z9hG4bK-enum-interop-{user.strip('+')}\r\n"
           f"Max-Forwards: 70\r\nTo: <sip:{user}@127.0.0.1>\r\nFrom: <sip:interop@127.0.0.1>;tag=interop\r\n"
           f"Call-ID: enum-interop-{user.strip('+')}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
for attempt in range(20):
    s.sendto(request.encode(), ("127.0.0.1", port))
    try:
        data = s.recv(65535).decode(errors="replace")
    except socket.timeout:
        continue
    lines = data.split("\r\n")
    print(lines[0])
    print("\n".join(l for l in lines if l.lower().startswith("contact:")))
    sys.exit(0)
print("no answer")
PY
}
rewritten="$(sip +15550101)"
check "kamailio: enum_query() found the number (302)" grep -q 'SIP/2.0 302' <<<"$rewritten"
check "kamailio: request URI rewritten from the node's NAPTR" grep -qF 'Contact: <sip:15550101@pbx-b.example.net>' <<<"$rewritten"
check "kamailio: unpublished number not rewritten (404)" grep -q 'SIP/2.0 404' <<<"$(sip +15559999999)"

if [ "$failures" -gt 0 ]; then
  echo "enum-interop: $failures check(s) failed; logs follow" >&2
  for log in node unbound kamailio; do echo "--- $log" >&2; tail -n 30 "$work/$log.log" >&2 || true; done
  exit 1
fi
echo "enum-interop: every client agrees"
