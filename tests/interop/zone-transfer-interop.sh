#!/usr/bin/env bash
# Zone transfer interop: a real node as hidden primary of an "Answers": "Local" ENUM zone, with real
# secondaries on loopback.
#   knotd  transfers the zone (AXFR), serves the same answers as the node for a sample of names (numbers
#          of a range, a more specific number inside it, TXT, an unpublished number, empty non-terminals,
#          a number under a variable-length pattern served from a wildcard, the apex), then follows a
#          range published, updated and withdrawn through numdir at runtime: NOTIFY, then IXFR (its log
#          shows an IXFR and no AXFR for each change), within a few seconds;
#   NSD    transfers the zone and serves the same answers, before and after each change;
#   knotd  also carries a second zone of the same numbers whose transfers and NOTIFY are signed with
#          TSIG: it checks every message's signature of the AXFR (several messages) and of the IXFRs.
# Answers are compared as kdig prints them (status, AA, answer records, the SOA of negative answers);
# the secondaries' whole zones are compared with the node's by AXFR. Installs knot, knot-dnsutils and nsd
# with apt-get when missing. Exits non-zero on any difference. Every process it starts, it stops by PID;
# nothing leaves loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
# knotd and nsd are in /usr/sbin, which a normal user's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
need=()
command -v knotd >/dev/null 2>&1 || need+=(knot)
command -v kdig >/dev/null 2>&1 || need+=(knot-dnsutils)
command -v nsd >/dev/null 2>&1 || need+=(nsd)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "${#need[@]}" -gt 0 ]; then
  echo "zone-transfer-interop: installing ${need[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Installing the packages may start their system services on port 53; this script starts daemons of its
# own on free ports, with their own configuration, and leaves those services alone.

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
check() { # check <what> <condition command...>: what a failing condition says goes under its FAIL line
  local what="$1"; shift
  if "$@" 2>"$work/why"; then echo "ok   $what"; else echo "FAIL $what"; cat "$work/why"; failures=$((failures + 1)); fi
}

# Ports free for both TCP and UDP (a DNS server takes both), all held until every one is found.
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
held, ports = [], []
while len(ports) < int(sys.argv[1]):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0))
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", t.getsockname()[1]))
    except OSError:
        t.close()
        continue
    held += [t, u]
    ports.append(t.getsockname()[1])
print(*ports)
PY
}
read -r enum_port admin_port knot_port nsd_port < <(free_ports 4)
zone="e164.example.net"

# One answer as kdig prints it, normalised for comparison: "status <RCODE> [aa]", the answer records and
# the SOA of the authority section (NS records there are a server's choice), names in lower case, sorted.
#   answer.py <port> <+number | name.> <type>
#   answer.py <port> <+number> NAPTR --uris               what a client gets: the URIs the NAPTR regexps give
#                                                          for the number (RFC 6116 §3.2), or "no URI"
#   answer.py <port> <zone.> AXFR                         the whole zone, each record once, sorted
#   answer.py <port> <zone.> SERIAL                       the SOA serial, or "none"
cat > "$work/answer.py" <<'PY'
import re, shlex, subprocess, sys

port, what, qtype = sys.argv[1], sys.argv[2], sys.argv[3]
uris_only = "--uris" in sys.argv[4:]
zone = "e164.example.net."
number = None
if what.startswith("+"):
    number = what
    name = ".".join(reversed(what[1:])) + "." + zone
else:
    name = what
    labels = name[: -len(zone)].strip(".").split(".") if name.endswith(zone) else []
    if labels and all(l.isdigit() and len(l) == 1 for l in labels):
        number = "+" + "".join(reversed(labels))

asked = "SOA" if qtype == "SERIAL" else qtype
out = subprocess.run(["kdig", "@127.0.0.1", "-p", port, "+norec", "+time=2", "+retry=1", name, asked],
                     capture_output=True, text=True).stdout

def record(line):
    owner, ttl, cls, rtype, rdata = line.split(None, 4)
    return owner.lower(), ttl, rtype, rdata.strip()

def uri(rdata):
    # NAPTR rdata: order preference "flags" "service" "regexp" replacement (RFC 3403 §4.1).
    order, pref, flags, service, regexp, replacement = shlex.split(rdata)
    delimiter = regexp[0]
    pattern, substitution, _ = regexp[1:].split(delimiter)
    if number is None or not re.search(pattern, number):
        return None
    return f"uri {order} {pref} {flags} {service} {re.sub(pattern, substitution, number, count=1)}"

if qtype == "AXFR":
    rows = sorted({"\t".join(record(l)) for l in out.splitlines() if l.strip() and not l.startswith(";")})
    if not rows or any(";; ERROR" in l or "failed" in l for l in out.splitlines() if l.startswith(";;")):
        print("transfer failed:", " ".join(l for l in out.splitlines() if "ERROR" in l or "failed" in l) or "no records")
    print("\n".join(rows))
    sys.exit(0)

status = re.search(r"status: (\w+)", out)
if not status:
    print("no answer")
    sys.exit(0)
flags = re.search(r";; Flags: ([^;]*);", out)
rows, section = [], None
for line in out.splitlines():
    if line.startswith(";; ") and line.endswith("SECTION:"):
        section = line[3:].split()[0].lower()
        continue
    if not line.strip() or line.startswith(";") or section not in ("answer", "authority"):
        continue
    owner, ttl, rtype, rdata = record(line)
    if section == "authority" and rtype != "SOA":
        continue
    if qtype == "SERIAL" and section == "answer" and rtype == "SOA":
        print(rdata.split()[2])
        sys.exit(0)
    if uris_only:
        if section == "answer" and rtype == "NAPTR" and uri(rdata):
            rows.append(uri(rdata))
        continue
    rows.append(f"{section} {owner} {ttl} {rtype} {rdata}")
if uris_only:
    print("\n".join(sorted(rows)) if rows else "no URI")
    sys.exit(0)
if qtype == "SERIAL":
    print("none")
    sys.exit(0)
print("status", status.group(1), "aa" if flags and "aa" in flags.group(1).split() else "")
print("\n".join(sorted(rows)))
PY
answer() { python3 "$work/answer.py" "$@"; }

# agree <secondary> <port> <query...>: the node and the secondary give the same answer; the lines that
# differ are printed when they do not.
agree() {
  local who="$1" port="$2"; shift 2
  local mine theirs
  mine="$(answer "$enum_port" "$@")"
  theirs="$(answer "$port" "$@")"
  if [ "$mine" = "$theirs" ] && [ "$mine" != "no answer" ]; then return 0; fi
  echo "     $* — node:" >&2; sed 's/^/       /' <<<"$mine" >&2
  echo "     $* — $who:" >&2; sed 's/^/       /' <<<"$theirs" >&2
  return 1
}

# answers <status> <query...>: what the node itself answers, so that agreeing is not agreeing on nothing.
answers() { local want="$1"; shift; grep -qE "^status $want aa" <<<"$(answer "$enum_port" "$@")"; }
has() { grep -qF -- "$1" <<<"$(answer "$enum_port" "${@:2}")"; }

# same_zone <secondary> <port>: the secondary's whole zone, by AXFR, is the node's.
same_zone() {
  local who="$1" port="$2"
  if diff <(answer "$enum_port" "$zone." AXFR) <(answer "$port" "$zone." AXFR) >"$work/zone.diff"; then return 0; fi
  sed "s/^</       node:/; s/^>/       $who:/" "$work/zone.diff" | grep -E '^       ' | head -n 20 >&2
  return 1
}

# follow <seconds> <since> <port...>: waits until every secondary's SOA serial is the node's, asking them
# in turn; took[<port>] is how long each took since <since> (an $EPOCHREALTIME), or empty.
declare -A took
follow() {
  local seconds="$1" start="$2" deadline=$((SECONDS + $1)) want port left pending
  shift 2
  want="$(answer "$enum_port" "$zone." SERIAL)"
  pending=("$@")
  for port in "$@"; do took[$port]=""; done
  if [ "$want" = none ]; then pending=(); fi # the node has no zone: nobody is in sync with it
  while [ "${#pending[@]}" -gt 0 ] && [ "$SECONDS" -le "$deadline" ]; do
    left=()
    for port in "${pending[@]}"; do
      if [ "$(answer "$port" "$zone." SERIAL)" = "$want" ]; then
        took[$port]="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }')"
      else
        left+=("$port")
      fi
    done
    pending=("${left[@]}")
    if [ "${#pending[@]}" -gt 0 ]; then sleep 0.2; fi
  done
  synced_serial="$want" synced_within="$seconds"
}
# in_sync <secondary> <port> <what>: a check line of its own for the last follow, naming how long it took.
in_sync() {
  if [ -n "${took[$2]}" ]; then echo "ok   $1: $3, at the node's serial after ${took[$2]}"; return 0; fi
  echo "FAIL $1: $3 (serial $synced_serial not reached in $synced_within s)"
  failures=$((failures + 1))
  return 1
}
new_lines() { tail -n "+$(($2 + 1))" "$1"; }
lacks() { ! grep -qE "$1" <<<"$2"; }

# The node: +15550100..+15550199 with a SIP and an IAX2 route and a display name, +15550105 on its own
# to another PBX (the more specific range wins), and _+15559X. (variable length: a wildcard in the zone).
# The zone is "Local", transferable from loopback, and NOTIFY goes to both secondaries. It is a hidden
# primary: its NS records name the secondaries.
dotnet build src/NumberDirectory.Server -c Debug -v quiet -nologo >/dev/null
dotnet build src/NumberDirectory.Cli -c Debug -v quiet -nologo >/dev/null
# A second zone of the same numbers whose transfers and NOTIFY are signed (TSIG, hmac-sha256): knotd
# checks the signature of every message of a transfer, which kdig does for the first one only.
signed="e164.signed.example"
secret="c2FtcGxlLW9ubHktdHNpZy1zZWNyZXQtbm90LXJlYWw="
cat > "$work/node.json" <<JSON
{
  "Node": { "DataDirectory": "$work/data" },
  "Http": { "Listen": "127.0.0.1:0" },
  "Agi": { "Listen": "127.0.0.1:0" },
  "Dundi": { "Enabled": false },
  "Admin": { "Listen": "127.0.0.1:$admin_port" },
  "Enum": {
    "Listen": "127.0.0.1:$enum_port",
    "Zones": [ {
      "Suffix": "$zone", "Context": "e164", "Answers": "Local", "Ttl": 300,
      "Soa": { "PrimaryName": "ns1.example.net", "Mailbox": "hostmaster@example.net", "Minimum": 30 },
      "NameServers": [ "ns1.example.net", "ns2.example.net" ],
      "Transfer": { "AllowedClients": [ "127.0.0.0/8" ] },
      "Notify": [ "127.0.0.1:$knot_port", "127.0.0.1:$nsd_port" ]
    }, {
      "Suffix": "$signed", "Context": "e164", "Answers": "Local",
      "Transfer": { "AllowedClients": [ "127.0.0.0/8" ], "TsigKey": "xfr-key" },
      "Notify": [ "127.0.0.1:$knot_port" ]
    } ],
    "TsigKeys": [ { "Name": "xfr-key", "Algorithm": "hmac-sha256", "Secret": "$secret" } ]
  },
  "Ranges": [
    { "Pattern": "+15550100-+15550199", "DisplayName": "Example PBX",
      "Routes": [ { "Uri": "sip:\${NUMBER}@pbx-b.example.net", "Weight": 10 }, { "Uri": "iax2:pbx-b.example.net/\${NUMBER}", "Weight": 20 } ] },
    { "Pattern": "+15550105", "Routes": [ { "Uri": "sip:\${NUMBER}@pbx-a.example.net", "Weight": 10 } ] },
    { "Pattern": "_+15559X.", "Routes": [ { "Uri": "sip:\${NUMBER}@pbx-w.example.net", "Weight": 10 } ] }
  ]
}
JSON
dotnet "src/NumberDirectory.Server/bin/Debug/net10.0/NumberDirectory.Server.dll" --config "$work/node.json" >"$work/node.log" 2>&1 &
pids+=($!)
numdir() { dotnet src/NumberDirectory.Cli/bin/Debug/net10.0/numdir.dll "$@" --server "http://127.0.0.1:$admin_port" >>"$work/numdir.log" 2>&1; }
deadline=$((SECONDS + 60))
until [ "$(answer "$enum_port" "$zone." SERIAL)" != none ] || [ "$SECONDS" -gt "$deadline" ]; do sleep 0.5; done

# knotd: a secondary of the node, NOTIFY allowed from it, transfers out to loopback (for the comparison).
# It runs as the user running this script (root in a container, or not), in the foreground.
mkdir -p "$work/knot"
cat > "$work/knot.conf" <<CONF
server:
  listen: 127.0.0.1@$knot_port
  user: $(id -un):$(id -gn)
  rundir: "$work/knot"
  pidfile: "$work/knot/knot.pid"
log:
  - target: "$work/knot.log"
    any: info
database:
  storage: "$work/knot"
control:
  listen: "$work/knot/knot.sock"
key:
  - id: xfr-key
    algorithm: hmac-sha256
    secret: $secret
remote:
  - id: node
    address: 127.0.0.1@$enum_port
  - id: node-signed
    address: 127.0.0.1@$enum_port
    key: xfr-key
acl:
  - id: notify-from-node-signed
    address: 127.0.0.1
    key: xfr-key
    action: notify
  - id: notify-from-node
    address: 127.0.0.1
    action: notify
  - id: transfer-to-loopback
    address: 127.0.0.1
    action: transfer
template:
  - id: default
    storage: "$work/knot"
zone:
  - domain: $zone
    master: node
    acl: [ notify-from-node, transfer-to-loopback ]
  - domain: $signed
    master: node-signed
    acl: [ notify-from-node-signed ]
CONF
knotd -c "$work/knot.conf" >"$work/knot.out" 2>&1 &
pids+=($!)

# NSD: the same, with its state in the temporary directory and no privileges to drop.
mkdir -p "$work/nsd"
cat > "$work/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$nsd_port
  do-ip6: no
  username: ""
  chroot: ""
  database: ""
  zonesdir: "$work/nsd"
  zonelistfile: "$work/nsd/zone.list"
  xfrdfile: "$work/nsd/xfrd.state"
  xfrdir: "$work/nsd"
  pidfile: "$work/nsd/nsd.pid"
  logfile: "$work/nsd.log"
  server-count: 1
  verbosity: 2
remote-control:
  control-enable: no
zone:
  name: $zone
  zonefile: "$zone.zone"
  request-xfr: 127.0.0.1@$enum_port NOKEY
  allow-notify: 127.0.0.1 NOKEY
  provide-xfr: 127.0.0.1 NOKEY
CONF
nsd -d -c "$work/nsd.conf" >"$work/nsd.out" 2>&1 &
pids+=($!)

# The names compared: the range's ends and middle, the more specific number, the display name, another
# type at a number, an unpublished number, empty non-terminals above the range and the wildcard, the
# apex. The numbers under _+15559X. are compared as the URIs a client gets, since the node answers them
# with !^.*$!uri! and a secondary with the wildcard's own regexp (docs/protocols/enum.md §Zone contents):
# one the pattern matches, one too short for it, and one longer than E.164's 15 digits (the node has
# no such name).
compare_all() { # compare_all <secondary> <port>
  local who="$1" port="$2" q
  for q in "+15550100 NAPTR" "+15550101 NAPTR" "+15550105 NAPTR" "+15550150 NAPTR" "+15550199 NAPTR" \
           "+15550101 TXT" "+15550101 AAAA" "+15550300 NAPTR" "+1555 NAPTR" "+1555010 NAPTR" "+15559 NAPTR" \
           "$zone. SOA" "$zone. NS"; do
    # shellcheck disable=SC2086
    check "$who: $q the same as the node" agree "$who" "$port" $q
  done
  for q in +155591234 +155590 +1555912345678901; do
    check "$who: $q NAPTR gives a client the same URIs as the node (wildcard)" agree "$who" "$port" "$q" NAPTR --uris
  done
  check "$who: the whole zone by AXFR is the node's" same_zone "$who" "$port"
}

check "node: +15550101 NAPTR (NOERROR)" answers NOERROR +15550101 NAPTR
check "node: +15550105 to pbx-a (the more specific range)" has "sip:15550105@pbx-a.example.net" +15550105 NAPTR
check "node: +15550300 NXDOMAIN" answers NXDOMAIN +15550300 NAPTR
check "node: +1555 NODATA (empty non-terminal)" answers NOERROR +1555 NAPTR
check "node: +155591234 NAPTR (variable-length pattern)" has "sip:155591234@pbx-w.example.net" +155591234 NAPTR --uris
check "node: the zone by AXFR" lacks "transfer failed" "$(answer "$enum_port" "$zone." AXFR)"

knot_up=0 nsd_up=0
follow 30 "$EPOCHREALTIME" "$knot_port" "$nsd_port"
in_sync knot "$knot_port" "has the zone" && knot_up=1
check "knot: took it by AXFR (its log)" grep -qE "AXFR, incoming, remote 127\.0\.0\.1@$enum_port.*finished" "$work/knot.log"
in_sync nsd "$nsd_port" "has the zone by AXFR" && nsd_up=1
if [ "$knot_up" = 1 ]; then compare_all knot "$knot_port"; fi
if [ "$nsd_up" = 1 ]; then compare_all nsd "$nsd_port"; fi

# A change at runtime through numdir: the secondaries follow through NOTIFY and IXFR within 10 s, counted
# from the numdir call (its own start-up included)
# (their SOA refresh is an hour), and answer for it as the node does.
# change <what> <number> <node status> <numdir arguments...>
change() {
  local what="$1" number="$2" status="$3"; shift 3
  local knot_mark start secondaries
  knot_mark="$(wc -l <"$work/knot.log")"
  start="$EPOCHREALTIME"
  check "numdir: $what" numdir "$@"
  check "node: $number NAPTR $status after it" answers "$status" "$number" NAPTR
  secondaries=()
  if [ "$knot_up" = 1 ]; then secondaries+=("$knot_port"); fi
  if [ "$nsd_up" = 1 ]; then secondaries+=("$nsd_port"); fi
  follow 10 "$start" "${secondaries[@]}"
  if [ "$knot_up" = 1 ]; then
    in_sync knot "$knot_port" "$what" || true
    check "knot: $what, $number NAPTR the same as the node" agree knot "$knot_port" "$number" NAPTR
    check "knot: $what, by IXFR" grep -qE "IXFR, incoming, remote 127\.0\.0\.1@$enum_port.*finished" <<<"$(new_lines "$work/knot.log" "$knot_mark")"
    check "knot: $what, no AXFR" lacks "AXFR, incoming|AXFR-style" "$(new_lines "$work/knot.log" "$knot_mark")"
    check "knot: $what, the whole zone still the node's" same_zone knot "$knot_port"
  fi
  if [ "$nsd_up" = 1 ]; then
    in_sync nsd "$nsd_port" "$what" || true
    check "nsd: $what, $number NAPTR the same as the node" agree nsd "$nsd_port" "$number" NAPTR
    check "nsd: $what, the whole zone still the node's" same_zone nsd "$nsd_port"
  fi
}
change "publish +15550200-+15550209" +15550205 NOERROR \
  ranges add +15550200-+15550209 --route 'sip:${NUMBER}@pbx-c.example.net' --weight 10 --route 'tel:+${NUMBER}' --weight 20
change "update +15550200-+15550209 to pbx-c2" +15550205 NOERROR \
  ranges update +15550200-+15550209 --route 'sip:${NUMBER}@pbx-c2.example.net' --weight 5
change "withdraw +15550200-+15550209" +15550205 NXDOMAIN \
  ranges rm +15550200-+15550209

# The signed zone: knotd took it by AXFR in several messages, every one's signature checked, follows its
# changes by signed NOTIFY and IXFR, and answers as the node does.
signed_naptr() { kdig @127.0.0.1 -p "$1" +norec +time=2 +retry=1 +short "5.0.1.0.5.5.5.1.$signed" NAPTR | sort; }
signed_serial() { kdig @127.0.0.1 -p "$1" +norec +time=2 +retry=1 +short "$signed" SOA | awk '{ print $3 }'; }
deadline=$((SECONDS + 20))
until [ -n "$(signed_serial "$knot_port")" ] && [ "$(signed_serial "$knot_port")" = "$(signed_serial "$enum_port")" ] || [ "$SECONDS" -gt "$deadline" ]; do sleep 0.2; done
check "knot: signed zone at the node's serial" test "$(signed_serial "$knot_port")" = "$(signed_serial "$enum_port")"
check "knot: signed zone by AXFR in several messages" grep -qE "\[$signed\.\] AXFR, incoming, remote 127\.0\.0\.1@$enum_port.*finished, [0-9.]+ seconds, ([2-9]|[0-9]{2,}) messages" "$work/knot.log"
check "knot: signed zone followed by IXFR" grep -qE "\[$signed\.\] IXFR, incoming, remote 127\.0\.0\.1@$enum_port.*finished" "$work/knot.log"
check "knot: signed zone answers +15550105 as the node" test "$(signed_naptr "$knot_port")" = "$(signed_naptr "$enum_port")"
check "node: signed zone's +15550105 has records" test -n "$(signed_naptr "$enum_port")"

if [ "$failures" -gt 0 ]; then
  echo "zone-transfer-interop: $failures check(s) failed; logs follow" >&2
  for log in node.log numdir.log knot.log knot.out nsd.log nsd.out; do
    echo "--- $log" >&2; tail -n 30 "$work/$log" >&2 2>/dev/null || true
  done
  exit 1
fi
echo "zone-transfer-interop: knotd and NSD serve what the node serves"
