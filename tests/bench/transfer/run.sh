#!/usr/bin/env bash
# Zone transfer benchmark (not run by CI): a 1,000,000-name ENUM zone (2,000,000 NAPTR records, one
# range _+4930XXXXXX) transferred by AXFR to a fresh Knot secondary, from the node and, for comparison,
# from a Knot primary serving the same records from a zone file; interleaved node, Knot, node, Knot.
# Per transfer: Knot's own account of it (seconds, messages, bytes), the time from the secondary's
# start to its first answer, the primary's CPU seconds (user + system, /proc) and its peak RSS during
# the transfer (VmHWM, reset before each one), the secondary's peak RSS. Then, for each primary with a
# secondary current: numbers published and withdrawn (through the numdir CLI on the node, knotc on
# Knot) and the time until the secondary answers the change (NOTIFY, then IXFR), with the transfers
# the secondary logged for them.
# Last, the node alone: one AXFR read by a client that discards it, with a perf profile of the node.
# Writes a Markdown report (default tests/bench/results/transfer.md). Installs knot, knot-dnsutils and
# perf when missing. Loopback only; every process it starts, it stops by PID.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out="${1:-tests/bench/results/transfer.md}"
rounds="${ROUNDS:-2}"
changes="${CHANGES:-5}"

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
need=()
for tool in knotd:knot kdig:knot-dnsutils perf:linux-perf python3:python3 curl:curl; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool##*:}")
done
if [ "${#need[@]}" -gt 0 ]; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# Stops one process started here (SIGTERM, or the signal given) and forgets it, so the cleanup never
# signals a PID reused since.
stop() { # stop <pid> [signal]
  local pid="$1" kept=() p
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${pids[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  pids=("${kept[@]}")
}

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_tcp_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
node_port="$(free_port)"; knot_port="$(free_port)"; admin_port="$(free_tcp_port)"; http_port="$(free_tcp_port)"
# The node's secondaries listen on one port (the node's Notify target), the Knot primary's on another.
secondary_port="$(free_port)"; knot_secondary_port="$(free_port)"
zone="e164.example.net"
ticks="$(getconf CLK_TCK)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# The Knot primary's copy of what the node renders: the node's SOA (serial aside), its NS, and for each
# of +4930000000..+4930999999 the two NAPTR records of a SIP route of weight 10, TTL 300.
python3 - "$work/$zone.zone" "$zone" <<'PY'
import sys
path, zone = sys.argv[1:3]
with open(path, "w") as f:
    f.write(f"$ORIGIN {zone}.\n$TTL 300\n")
    f.write(f"@ IN SOA ns.{zone}. hostmaster.{zone}. 1 3600 600 86400 30\n@ IN NS ns1.example.net.\n")
    for i in range(1_000_000):
        digits = f"4930{i:06d}"
        name = ".".join(reversed(digits))
        for service in ("E2U+sip", "E2U+pjsip"):
            f.write(f'{name} IN NAPTR 100 10 "u" "{service}" "!^.*$!sip:{digits}@pbx-a.example.net!" .\n')
PY

dotnet build src/NumberDirectory.Server -c Release -v quiet -nologo >/dev/null
dotnet build src/NumberDirectory.Cli -c Release -v quiet -nologo >/dev/null
numdir=(dotnet src/NumberDirectory.Cli/bin/Release/net10.0/numdir.dll)
# MaxTransferNames leaves room for the numbers published at runtime below, each a name of its own.
cat > "$work/node.json" <<JSON
{
  "Node": { "DataDirectory": "$work/node-data" },
  "Http": { "Listen": "127.0.0.1:$http_port" },
  "Agi": { "Listen": "127.0.0.1:0" },
  "Dundi": { "Enabled": false },
  "Admin": { "Listen": "127.0.0.1:$admin_port" },
  "Enum": {
    "Listen": "127.0.0.1:$node_port",
    "Zones": [ { "Suffix": "$zone", "Context": "e164", "Answers": "Local", "NameServers": [ "ns1.example.net" ],
                 "MaxTransferNames": 1000100, "Transfer": { "AllowedClients": [ "127.0.0.0/8" ] },
                 "Notify": [ "127.0.0.1:$secondary_port" ] } ]
  },
  "Ranges": [ { "Pattern": "_+4930XXXXXX", "Routes": [ { "Uri": "sip:\${NUMBER}@pbx-a.example.net", "Weight": 10 } ] } ],
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
JSON
# Perf maps name the JIT-compiled frames in the profile; without W^X double mapping perf can read them.
DOTNET_PerfMapEnabled=3 DOTNET_EnableWriteXorExecute=0 dotnet src/NumberDirectory.Server/bin/Release/net10.0/NumberDirectory.Server.dll --config "$work/node.json" >"$work/node.log" 2>&1 &
node_pid=$!; pids+=("$node_pid")

mkdir -p "$work/primary"
cat > "$work/primary/knot.conf" <<CONF
server:
  listen: 127.0.0.1@$knot_port
  rundir: "$work/primary"
database:
  storage: "$work/primary"
log:
  - target: "$work/primary/knot.log"
    any: info
remote:
  - id: secondary
    address: 127.0.0.1@$knot_secondary_port
acl:
  - id: transfer
    address: 127.0.0.0/8
    action: transfer
zone:
  - domain: $zone
    storage: "$work"
    file: "$zone.zone"
    # Changes only (made through knotc below), so that it answers IXFR as the node does.
    journal-content: changes
    zonefile-sync: -1
    notify: secondary
    acl: transfer
CONF
knotd -c "$work/primary/knot.conf" >"$work/primary/stdout.log" 2>&1 &
knot_pid=$!; pids+=("$knot_pid")

# Both primaries answer the SOA over TCP once the zone is ready (Knot parses its 2M-record file first).
for port in "$node_port" "$knot_port"; do
  for _ in $(seq 1 600); do
    if kdig @127.0.0.1 -p "$port" +tcp +time=1 +retry=0 "$zone" SOA 2>/dev/null | grep -q 'status: NOERROR'; then break; fi
    sleep 0.5
  done
  kdig @127.0.0.1 -p "$port" +tcp +time=1 +retry=0 "$zone" SOA 2>/dev/null | grep -q 'status: NOERROR' || { echo "primary on $port does not answer" >&2; tail -20 "$work/node.log" "$work/primary/knot.log" >&2; exit 1; }
done

name_of() { echo "$1" | sed 's/^+//' | rev | sed 's/./&./g'; }
samples=(+4930000000 +4930123456 +4930999999)
answer() { kdig @127.0.0.1 -p "$1" +short +time=1 +retry=0 "$(name_of "$2")$zone" NAPTR 2>/dev/null | sort; }
for number in "${samples[@]}"; do
  [ -n "$(answer "$node_port" "$number")" ] || { echo "the node does not answer $number" >&2; exit 1; }
  [ "$(answer "$node_port" "$number")" = "$(answer "$knot_port" "$number")" ] || { echo "the primaries answer $number differently" >&2; exit 1; }
done

cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
kb() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }

secondary_conf() { # secondary_conf <dir> <listen port> <primary port>
  mkdir -p "$1"
  cat > "$1/knot.conf" <<CONF
server:
  listen: 127.0.0.1@$2
  rundir: "$1"
database:
  storage: "$1"
log:
  - target: "$1/knot.log"
    any: info
remote:
  - id: primary
    address: 127.0.0.1@$3
acl:
  - id: notify
    address: 127.0.0.0/8
    action: notify
zone:
  - domain: $zone
    storage: "$1"
    master: primary
    acl: notify
    journal-content: none
    zonefile-sync: -1
    zonefile-load: none
CONF
}

# One AXFR to a fresh secondary; appends its figures to results.txt and leaves secondary_pid running.
results="$work/results.txt"
: >"$results"
transfer() { # transfer <primary: node|knot> <round> <primary pid> <primary port> <secondary port>
  local primary="$1" round="$2" ppid="$3" pport="$4" sport="$5" dir="$work/secondary-$1-$2"
  local rss0 cpu0 t0 t1 cpu1 hwm shwm i
  secondary_conf "$dir" "$sport" "$pport"
  rss0="$(kb "$ppid" VmRSS)"
  echo 5 >"/proc/$ppid/clear_refs"
  cpu0="$(cpu "$ppid")"
  t0="$(date +%s%N)"
  knotd -c "$dir/knot.conf" >"$dir/stdout.log" 2>&1 &
  secondary_pid=$!; pids+=("$secondary_pid")
  for i in $(seq 1 6000); do
    if grep -q 'zone updated' "$dir/knot.log" 2>/dev/null; then break; fi
    if grep -qE 'XFR, incoming.*failed|refresh.*failed' "$dir/knot.log" 2>/dev/null; then
      echo "the transfer from $primary failed:" >&2; cat "$dir/knot.log" >&2; exit 1
    fi
    sleep 0.05
  done
  grep -q 'zone updated' "$dir/knot.log" || { echo "no transfer from $primary within 300 s:" >&2; cat "$dir/knot.log" >&2; exit 1; }
  for i in $(seq 1 500); do
    if [ -n "$(answer "$sport" "${samples[1]}")" ]; then break; fi
    sleep 0.02
  done
  t1="$(date +%s%N)"
  cpu1="$(cpu "$ppid")"; hwm="$(kb "$ppid" VmHWM)"; shwm="$(kb "$secondary_pid" VmHWM)"
  for number in "${samples[@]}"; do
    [ "$(answer "$sport" "$number")" = "$(answer "$pport" "$number")" ] || { echo "the secondary of $primary answers $number differently" >&2; exit 1; }
  done
  echo "$primary $round $(((t1 - t0) / 1000000)) $((cpu1 - cpu0)) $rss0 $hwm $shwm $(cut -d' ' -f1 /proc/loadavg) | $(grep -E 'AXFR, incoming.*finished' "$dir/knot.log" | head -1)" | tee -a "$results"
}

for round in $(seq 1 "$rounds"); do
  transfer node "$round" "$node_pid" "$node_port" "$secondary_port"; stop "$secondary_pid"
  transfer knot "$round" "$knot_pid" "$knot_port" "$knot_secondary_port"; stop "$secondary_pid"
done

# Changes with a secondary current, for each primary: the secondary that follows them is one more AXFR
# (listed, not in the medians). The node's changes go through numdir, the Knot primary's through knotc.
cat > "$work/changes.py" <<'PY'
import subprocess, sys, time
primary, port, zone, changes, results = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
tool = sys.argv[6:]

def status(name):
    out = subprocess.run(["kdig", "@127.0.0.1", "-p", port, "+time=1", "+retry=0", name, "NAPTR"], capture_output=True, text=True).stdout
    return "answer" if "NOERROR" in out and "E2U+sip" in out else "nxdomain" if "NXDOMAIN" in out else "other"

def record(line):
    print(line)
    open(results, "a").write(line + "\n")

def commands(kind, number, name):
    """The commands making one change, run one after another."""
    if primary == "node":
        if kind == "publish":
            return [tool[:-2] + ["ranges", "add", number, "--route", "sip:${NUMBER}@pbx-b.example.net", "--weight", "10"] + tool[-2:]]
        return [tool[:-2] + ["ranges", "rm", number] + tool[-2:]]
    knotc = ["knotc", "-s", tool[0]]
    digits = number.lstrip("+")
    edit = [knotc + ["zone-set", zone, name + ".", "300", "NAPTR", "100", "10", "u", service, f"!^.*$!sip:{digits}@pbx-b.example.net!", "."]
            for service in ("E2U+sip", "E2U+pjsip")] if kind == "publish" else [knotc + ["zone-unset", zone, name + ".", "NAPTR"]]
    return [knotc + ["zone-begin", zone]] + edit + [knotc + ["zone-commit", zone]]

def change(kind, number, wanted):
    name = ".".join(reversed(number.lstrip("+"))) + "." + zone
    if status(name) == wanted:
        sys.exit(f"{number} is already {wanted} before the {kind}")
    steps = commands(kind, number, name)
    t0 = time.monotonic()
    running = subprocess.Popen(steps.pop(0), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    returned = answered = None
    # Polled while the commands run too: nothing says the secondary cannot answer before they return.
    while time.monotonic() < t0 + 30 and (returned is None or answered is None):
        if returned is None and running.poll() is not None:
            if running.returncode != 0:
                sys.exit(f"{' '.join(running.args)}: exit {running.returncode}: {running.stderr.read()}")
            if steps:
                running = subprocess.Popen(steps.pop(0), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                continue
            returned = time.monotonic()
        if answered is None and status(name) == wanted:
            answered = time.monotonic()
        time.sleep(0.02)
    if answered is None or returned is None:
        sys.exit(f"the secondary of {primary} did not see the {kind} of {number} within 30 s")
    record(f"change {primary} {kind} {number} {(returned - t0) * 1000:.0f} {(answered - t0) * 1000:.0f}")

if primary == "node":
    # What any numdir command costs here (a dotnet process start and one call), against which to read a change.
    for _ in range(3):
        t0 = time.monotonic()
        subprocess.run(tool[:-2] + ["status"] + tool[-2:], check=True, stdout=subprocess.DEVNULL)
        record(f"baseline numdir-status {(time.monotonic() - t0) * 1000:.0f}")
for i in range(1, changes + 1):
    number = f"+4940123450{i:02d}"
    change("publish", number, "answer")
    time.sleep(1)
    change("withdraw", number, "nxdomain")
    time.sleep(1)
PY
transfer node follow "$node_pid" "$node_port" "$secondary_port"
python3 "$work/changes.py" node "$secondary_port" "$zone" "$changes" "$results" "${numdir[@]}" --server "http://127.0.0.1:$admin_port"
stop "$secondary_pid"
transfer knot follow "$knot_pid" "$knot_port" "$knot_secondary_port"
python3 "$work/changes.py" knot "$knot_secondary_port" "$zone" "$changes" "$results" "$work/primary/knot.sock"
stop "$secondary_pid"

# The node alone: an AXFR read by a client that only frames the messages and drops them (the end is the
# message whose last record is the SOA, owner a pointer to the question), no secondary building a zone.
perf record -F 999 -g -p "$node_pid" -o "$work/perf.data" >/dev/null 2>&1 &
perf_pid=$!; pids+=("$perf_pid")
sleep 1
cpu0="$(cpu "$node_pid")"
alone="$(python3 - "$node_port" "$zone" <<'PY'
import socket, struct, sys, time
port, zone = int(sys.argv[1]), sys.argv[2]
query = struct.pack(">6H", 1, 0, 1, 0, 0, 0) + b"".join(bytes([len(l)]) + l.encode() for l in zone.split(".")) + b"\0" + struct.pack(">HH", 252, 1)
soa = b"\xc0\x0c\x00\x06\x00\x01"
with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
    t0 = time.monotonic()
    s.sendall(struct.pack(">H", len(query)) + query)
    buffer, messages, size, done = bytearray(), 0, 0, False
    while not done:
        chunk = s.recv(1 << 20)
        if not chunk:
            sys.exit("the node closed the transfer early")
        buffer += chunk
        while len(buffer) >= 2 and len(buffer) >= 2 + (length := int.from_bytes(buffer[:2], "big")):
            message = bytes(buffer[2:2 + length])
            del buffer[:2 + length]
            messages, size = messages + 1, size + length
            done = messages > 1 and soa in message[-120:]
print(f"{time.monotonic() - t0:.2f} {messages} {size}")
PY
)"
cpu1="$(cpu "$node_pid")"
stop "$perf_pid" INT
echo "alone $alone $((cpu1 - cpu0))" | tee -a "$results"
perf report -i "$work/perf.data" --no-children --sort dso,sym --percent-limit 1 --stdio 2>/dev/null \
  | grep -E '^ +[0-9.]+%' | sed -E 's/\[JIT\] tid [0-9]+ +/[JIT] /; s/ +/ /g' | head -25 >"$work/profile.txt" || true

node_rss_end="$(kb "$node_pid" VmRSS)"; knot_rss="$(kb "$knot_pid" VmRSS)"; load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
metrics="$(curl -s "http://127.0.0.1:$http_port/metrics" 2>/dev/null | grep -E '^numberdirectory_enum_(transfers|notifies)' || true)"
# The node's log lines above information level (Warning is the level set), the temporary directory elided.
node_warnings="$(grep -vE '^\s*$' "$work/node.log" | sed "s|$work|…|g" | head -20 || true)"

# How each primary writes owner names: the first message of an AXFR, read and the connection closed.
owners() { # owners <port>: the wire length of the owner name of the first two NAPTR records
  python3 - "$1" "$zone" <<'PY'
import socket, struct, sys
port, zone = int(sys.argv[1]), sys.argv[2]
query = struct.pack(">6H", 1, 0, 1, 0, 0, 0) + b"".join(bytes([len(l)]) + l.encode() for l in zone.split(".")) + b"\0" + struct.pack(">HH", 252, 1)
with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
    s.sendall(struct.pack(">H", len(query)) + query)
    def read(n):
        data = b""
        while len(data) < n:
            chunk = s.recv(n - len(data))
            if not chunk:
                sys.exit("connection closed")
            data += chunk
        return data
    message = read(struct.unpack(">H", read(2))[0])
at, lengths = 12, []
while message[at]:
    at += message[at] + 1
at += 5
while len(lengths) < 2:
    start = at
    while message[at] and message[at] < 0xC0:
        at += message[at] + 1
    at += 2 if message[at] >= 0xC0 else 1
    rtype, _, _, rdlength = struct.unpack(">HHIH", message[at:at + 10])
    if rtype == 35:
        lengths.append(at - start)
    at += 10 + rdlength
print(*lengths)
PY
}
node_owners="$(owners "$node_port")"; knot_owners="$(owners "$knot_port")"

python3 - "$results" "$work/secondary-node-follow/knot.log" "$work/secondary-knot-follow/knot.log" "$out" "$rounds" "$load_before $load_after" \
  "$node_rss_end" "$knot_rss" "$metrics" "$node_warnings" "$ticks" "$node_owners" "$knot_owners" "$work/profile.txt" <<'PY'
import datetime, os, re, statistics, subprocess, sys
(results, node_follow, knot_follow, out, rounds, load_before, node_rss_end, knot_rss, metrics, node_warnings, ticks,
 node_owners, knot_owners, profile) = sys.argv[1:15]
ticks = int(ticks)
version = lambda cmd: subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
dotnet = version(["dotnet", "--version"])
knot = version(["knotd", "--version"]).replace("knotd (Knot DNS), version ", "")
units = {"bytes": 1, "B": 1, "kB": 1e3, "KiB": 1024, "MB": 1e6, "MiB": 2**20, "GB": 1e9, "GiB": 2**30}
median = statistics.median

runs, changes, baseline = [], [], []
for line in open(results):
    fields = line.split()
    if fields[0] == "baseline":
        baseline.append(int(fields[2]))
    elif fields[0] == "alone":
        alone = dict(seconds=float(fields[1]), messages=int(fields[2]), bytes=int(fields[3]), cpu=int(fields[4]) / int(ticks))
    elif fields[0] == "change":
        changes.append(dict(primary=fields[1], kind=fields[2], number=fields[3], returned=int(fields[4]), answered=int(fields[5])))
    else:
        head, log = line.split(" | ", 1)
        primary, r, wall, cpu, rss0, hwm, shwm, load = head.split()
        m = re.search(r"finished, ([\d.]+) seconds, (\d+) messages, ([\d.]+) (\w+)", log)
        runs.append(dict(primary=primary, round=r, wall=int(wall) / 1000, cpu=int(cpu) / ticks, rss0=int(rss0) / 1024,
                         hwm=int(hwm) / 1024, shwm=int(shwm) / 1024, load=float(load), seconds=float(m.group(1)), messages=int(m.group(2)),
                         bytes=float(m.group(3)) * units[m.group(4)]))
med = lambda p, key: median(x[key] for x in runs if x["primary"] == p and x["round"] != "follow")
ratio = lambda key: med("node", key) / max(1e-9, med("knot", key))
names = {"node": "node", "knot": f"Knot {knot} (zone file)"}

def follow(path):
    """What a following secondary logged after its bootstrap."""
    log = open(path).read().splitlines()
    after = log[next(i for i, l in enumerate(log) if "zone updated" in l) + 1:]
    count = lambda pattern: sum(1 for l in after if re.search(pattern, l))
    applied = [float(m.group(1)) for l in after if (m := re.search(r"zone updated, ([\d.]+) seconds", l))]
    first = next((i for i, l in enumerate(after) if "outdated" in l), 0)
    excerpt = [re.sub(r"^\S+ info: ", "", l) for l in after[max(0, first - 1):first + 4]]
    return dict(updated=len(applied), applied=applied, ixfr=count(r"IXFR, incoming.*finished"), axfr=count(r"AXFR, incoming.*started"),
                axfr_style=count("AXFR-style"), excerpt=excerpt)
followed = {"node": follow(node_follow), "knot": follow(knot_follow)}

def lat(p, kind, key):
    xs = [c[key] if key != "after" else c["answered"] - c["returned"] for c in changes if c["primary"] == p and c["kind"] == kind]
    return median(xs), max(xs), len(xs)

node_per_record = med("node", "bytes") / 2e6
knot_per_record = med("knot", "bytes") / 2e6
lines = [
    "# Zone transfer: AXFR of a 1M-name zone, and a change reaching a secondary",
    "",
    f"`tests/bench/transfer/run.sh`, {datetime.date.today().isoformat()}, {version(['nproc'])} cores (`nproc`), .NET {dotnet}, Knot DNS {knot},",
    f"loopback. The machine is shared: load average {' '.join(load_before.split()[:3])} when the run began, {' '.join(load_before.split()[3:])} at its end",
    "(the benchmark's own processes count for about 2 of it). The zone `e164.example.net` holds one range,",
    "`_+4930XXXXXX` with route `sip:${NUMBER}@pbx-a.example.net` (weight 10): 1,000,000 names, 2,000,000 NAPTR",
    "records (E2U+sip and E2U+pjsip, TTL 300). The node renders it from the range as it streams it (16 KiB messages);",
    "a Knot primary serves the same records, SOA and NS from a zone file, which it parses and holds in memory at start.",
    "",
    "## AXFR to a fresh Knot secondary",
    "",
    f"{rounds} rounds, interleaved (node, Knot, node, Knot …); each a new knotd secondary with empty storage",
    "(`zonefile-load: none`, `zonefile-sync: -1`, `journal-content: none`: the zone is kept in memory only, so no",
    "zone file write follows the transfer). **AXFR** is Knot's own account (`AXFR, incoming, … finished`);",
    "**start → answering** runs from starting knotd to its first answer for a number of the zone (Knot's start,",
    "SOA query, transfer, and building its zone). **CPU** is the primary's user + system time over that window",
    "(/proc/PID/stat); **peak RSS** its VmHWM, reset before each transfer (`clear_refs`), against its RSS before.",
    "Medians over the rounds:",
    "",
    "| primary | AXFR | start → answering | messages | bytes | primary CPU | primary RSS before → peak | secondary peak RSS |",
    "|---|---|---|---|---|---|---|---|",
]
for p in ("node", "knot"):
    lines.append(f"| {names[p]} | {med(p,'seconds'):.2f} s | {med(p,'wall'):.2f} s | {med(p,'messages'):,.0f} | {med(p,'bytes')/1e6:.1f} MB "
                 f"| {med(p,'cpu'):.2f} s | {med(p,'rss0'):.0f} → {med(p,'hwm'):.0f} MiB | {med(p,'shwm'):.0f} MiB |")
lines += ["", f"Node / Knot: AXFR time {ratio('seconds'):.2f}×, start → answering {ratio('wall'):.2f}×, bytes {ratio('bytes'):.2f}×, "
          f"messages {ratio('messages'):.2f}×, primary CPU {ratio('cpu'):.2f}×. Rate: node {med('node','bytes')/1e6/med('node','seconds'):.1f} MB/s, "
          f"{2e6/med('node','seconds'):,.0f} records/s, {med('node','cpu')*1e6/2e6:.2f} µs of CPU per record; Knot "
          f"{med('knot','bytes')/1e6/med('knot','seconds'):.1f} MB/s, {2e6/med('knot','seconds'):,.0f} records/s, {med('knot','cpu')*1e6/2e6:.2f} µs per record.",
          f"At the end of the run the node's RSS was {int(node_rss_end)/1024:.0f} MiB, the Knot primary's {int(knot_rss)/1024:.0f} MiB.",
          "", f"On the wire: {node_per_record:.1f} bytes per record from the node, {knot_per_record:.1f} from Knot. The owner names of a",
          f"number's two NAPTR records take {' and '.join(node_owners.split())} bytes in the node's first message, {' and '.join(knot_owners.split())} in Knot's",
          "(a name written out to the apex, against a pointer to the same name written just before).",
          "", "Every transfer (`follow` is the bootstrap of a secondary used below, not in the medians):", "",
          "| primary | round | AXFR | start → answering | messages | bytes | CPU | RSS before → peak | secondary peak | load average (1 min) after |",
          "|---|---|---|---|---|---|---|---|---|---|"]
for x in runs:
    lines.append(f"| {x['primary']} | {x['round']} | {x['seconds']:.2f} s | {x['wall']:.2f} s | {x['messages']:,} | {x['bytes']:,.0f} | {x['cpu']:.2f} s "
                 f"| {x['rss0']:.0f} → {x['hwm']:.0f} MiB | {x['shwm']:.0f} MiB | {x['load']:.2f} |")
lines += ["", "## A change reaching the secondary", "",
          "With a secondary current, a number outside the range (`+49401234500N`, route `sip:${NUMBER}@pbx-b.example.net`)",
          "is published, the secondary is asked until it answers, then the number is withdrawn; five times. On the node",
          "through the real CLI (`numdir ranges add`, `numdir ranges rm`: a new dotnet process each), on the Knot",
          "primary through `knotc zone-begin`, `zone-set` / `zone-unset`, `zone-commit`. Timed from starting the",
          "command until `kdig` against the secondary (asked every 20 ms) returns the number's NAPTR records, or",
          "NXDOMAIN for a withdraw. **Command returned** is when the change is in the primary (the CLI returns once",
          "the node has written it); **after it** is the rest, NOTIFY, SOA query, IXFR and the secondary applying it.",
          "The node waits 200 ms after a change before its NOTIFY, so that a burst of changes makes one. **Secondary",
          "applies** is Knot's `refresh, … zone updated, N seconds` on the secondary: the SOA query, the IXFR, and",
          "committing the change to its copy of the zone.", "",
          "| primary | change | n | command returned | secondary answers | after the command returned | secondary applies |",
          "|---|---|---|---|---|---|---|"]
for p in ("node", "knot"):
    for kind in ("publish", "withdraw"):
        r, a, d = lat(p, kind, "returned"), lat(p, kind, "answered"), lat(p, kind, "after")
        # One zone update per change, publish and withdraw in turn; any other, and the column takes them all.
        applied = followed[p]["applied"]
        applied = applied[0 if kind == "publish" else 1::2] if len(applied) == 2 * r[2] else applied
        lines.append(f"| {names[p]} | {kind} | {r[2]} | {r[0]:.0f} ms (max {r[1]}) | {a[0]:.0f} ms (max {a[1]}) | {d[0]:.0f} ms (max {d[1]}) "
                     f"| {median(applied):.2f} s (max {max(applied):.2f}) |")
lines += ["", f"Medians (max); `numdir status` alone (process start and one call, no change) took {median(baseline):.0f} ms "
          f"(max {max(baseline)}) over {len(baseline)} runs."]
for p in ("node", "knot"):
    f = followed[p]
    lines.append(f"The secondary of the {names[p]}, after its bootstrap: {f['updated']} zone updates, {f['ixfr']} IXFR, "
                 f"{f['axfr']} AXFR, {f['axfr_style']} AXFR-style IXFR answers (a primary sending the whole zone instead).")
lines += ["", "One change from the node, as its secondary logged it:", "", "```"] + (followed["node"]["excerpt"] or ["(no change line found in the secondary's log)"]) + ["```", "",
          "Every change (ms from starting the command):", "", "| primary | change | number | command returned | secondary answers |", "|---|---|---|---|---|"]
lines += [f"| {c['primary']} | {c['kind']} | {c['number']} | {c['returned']} | {c['answered']} |" for c in changes]
lines += ["", "## The node alone", "",
          "One more AXFR from the node, read by a client that only frames the messages and drops them: no secondary",
          f"building a zone on the other core. {alone['seconds']:.2f} s, {alone['messages']:,} messages, {alone['bytes']:,} bytes, "
          f"{alone['cpu']:.2f} s of the node's CPU ({alone['cpu'] / alone['seconds']:.0%} of one core over the transfer, "
          f"{alone['cpu'] * 1e6 / 2e6:.2f} µs per record). `perf record -g` of the node meanwhile (`DOTNET_PerfMapEnabled=3`",
          "names the .NET frames), self time by library and symbol, entries over 1%:", "", "```"]
lines += [l.strip() for l in open(profile)] or ["(perf recorded nothing)"]
lines += ["```"]

# The reading: every figure in it is this run's.
hwm_rise = med("node", "hwm") - med("node", "rss0")
pairs = {p: [c["answered"] - c["returned"] - a * 1000 for c, a in zip([c for c in changes if c["primary"] == p], followed[p]["applied"])]
         for p in ("node", "knot") if len(followed[p]["applied"]) == sum(1 for c in changes if c["primary"] == p)}
spread = lambda p: (min(x["seconds"] for x in runs if x["primary"] == p), max(x["seconds"] for x in runs if x["primary"] == p))
saved = (int(node_owners.split()[1]) - int(knot_owners.split()[1])) * 1_000_000
node_change = median(c["answered"] for c in changes if c["primary"] == "node")
knot_change = median(c["answered"] for c in changes if c["primary"] == "knot")
lines += ["", "## Reading", "",
          f"* **Memory is where the node does well.** It renders the zone from its one range while it streams it: a "
          f"{med('node','bytes')/1e6:.0f} MB transfer raised its peak RSS by {hwm_rise:.0f} MiB (from {med('node','rss0'):.0f} MiB). "
          f"Knot holds the parsed zone: {int(knot_rss)/1024:.0f} MiB as the primary, {med('knot','shwm'):.0f} MiB in each secondary.",
          f"* **Time and CPU are where it is slow.** The AXFR took {ratio('seconds'):.1f}× Knot's time and {ratio('cpu'):.0f}× its CPU "
          f"({med('node','cpu')*1e6/2e6:.2f} against {med('knot','cpu')*1e6/2e6:.2f} µs per record). Alone, the node still needs "
          f"{alone['seconds']:.1f} s at {alone['cpu'] / alone['seconds']:.0%} of a core: "
          + ("the limit is its own work per number, not the socket or the secondary. " if alone['cpu'] / alone['seconds'] >= 0.7 else
             f"short of CPU in this run (the machine was busy), but the {alone['cpu']:.1f} s it spent is its own work per number. ")
          + "The profile shows where: each number is looked up in the range index, its route expanded, parsed and "
          "checked again and its records rendered, its owner split into labels; records go straight into one pooled message "
          "buffer, so what is allocated is per number (its strings, its record set: zeroing those is the likely source of the "
          "memset at the top). "
          f"Knot's primary spent {med('knot','cpu'):.2f} s; its transfer is paced by the secondary "
          "building its zone. A full transfer of a million names is a bootstrap or recovery event; changes travel by IXFR.",
          f"* **Bytes: {ratio('bytes') - 1:.0%} more than Knot's**, from owner names: the second NAPTR record of each name repeats the "
          f"name ({node_owners.split()[1]} bytes) where Knot points at the first ({knot_owners.split()[1]} bytes). Compressing it would "
          f"save about {saved/1e6:.0f} MB here, leaving {(med('node','bytes') - saved)/1e6:.0f} MB against Knot's {med('knot','bytes')/1e6:.0f} MB. The {ratio('messages') - 1:.0%} more messages follow "
          "from the bytes (both fill messages of about 16 KiB).",
          f"* **Changes go by IXFR**: {followed['node']['ixfr']} IXFR and {followed['node']['axfr']} AXFR for "
          f"{sum(1 for c in changes if c['primary'] == 'node')} changes on the node's secondary, no AXFR-style answer.",
          f"* **A change reaches the secondary in about {node_change/1000:.1f} s from typing the command** "
          f"(Knot's own primary and knotc: {knot_change/1000:.1f} s). Of the node's: the CLI returns after "
          f"{lat('node','publish','returned')[0]:.0f} ms, {median(baseline):.0f} ms of which any numdir command takes here (a dotnet "
          f"process start); then the secondary's refresh, {median(followed['node']['applied']):.2f} s by its log. That refresh is Knot "
          f"{knot} applying a two-record IXFR to a zone of a million names: "
          f"{median(followed['knot']['applied']):.2f} s with Knot as the primary, whose own knotc commit of such a change takes "
          f"{lat('knot','publish','returned')[0]:.0f} ms as well. The node's 200 ms wait before its NOTIFY starts once it has written the "
          "change, while the CLI process is still exiting"
          + (f"; what is left per change beyond the secondary's refresh is {median(pairs['node']):.0f} ms median, that wait and the "
             "20 ms polling." if "node" in pairs and median(pairs['node']) > 0 else ", so it overlaps the CLI's exit and the refresh."),
          f"* **Variance**: the AXFRs ranged {spread('node')[0]:.1f}–{spread('node')[1]:.1f} s from the node and "
          f"{spread('knot')[0]:.1f}–{spread('knot')[1]:.1f} s from Knot on this shared 2-core machine (follow transfers included); "
          "rounds are interleaved so that both primaries see the same conditions.",
          ""]
lines += ["The node's transfer and NOTIFY counters at the end, then its log (level Warning and above):", "", "```",
          metrics or "(no counters)", "```", "", "```", node_warnings or "(nothing logged)", "```", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
