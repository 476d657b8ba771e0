#!/usr/bin/env bash
# ENUM door benchmark (not run by CI): dnsperf against the node, NSD and Knot serving the same NAPTR
# data (10,000 numbers; queries 90% hits, 10% misses), interleaved node, NSD, Knot, node, ... in one run.
# Per server and round: QPS at saturation with the queries lost, the server's CPU µs per query (user +
# system time of its processes from /proc over the queries answered), and p50/p99 latency at a fixed
# offered rate (dnsperf -Q). Then a perf profile of the node at saturation. Writes a Markdown report
# (default tests/bench/results/enum.md). Installs dnsperf, nsd, knot, knot-dnsutils when missing.
# Loopback only; every process it starts, it stops by PID.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out="${1:-tests/bench/results/enum.md}"
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_RUN:-10}"
rate="${RATE:-50000}"

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
need=()
for tool in dnsperf:dnsperf nsd:nsd knotd:knot kdig:knot-dnsutils perf:linux-perf python3:python3; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool##*:}")
done
if [ "${#need[@]}" -gt 0 ]; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work="$(mktemp -d)"
pids=()
tree() { local pid; echo "$1"; for pid in $(pgrep -P "$1" || true); do tree "$pid"; done; }
cleanup() {
  # NSD forks (xfrd, main, server processes): stop every process under each one started here.
  local all=()
  for pid in "${pids[@]}"; do all+=($(tree "$pid")); done
  for pid in "${all[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_tcp_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
node_port="$(free_port)"; nsd_port="$(free_port)"; knot_port="$(free_port)"; http_port="$(free_tcp_port)"

# The data: +15550200000..+15550209999, each with a SIP route (E2U+sip and E2U+pjsip), TTL 300.
python3 - "$work" <<'PY'
import random, sys
work = sys.argv[1]
zone = ["$ORIGIN e164.example.net.", "$TTL 300",
        "@ IN SOA ns.e164.example.net. hostmaster.e164.example.net. 1 3600 600 86400 30",
        "@ IN NS ns.e164.example.net."]
names = []
for i in range(10000):
    digits = f"1555020{i:04d}"
    name = ".".join(reversed(digits))
    names.append(name)
    for service in ("E2U+sip", "E2U+pjsip"):
        zone.append(f'{name} IN NAPTR 100 10 "u" "{service}" "!^.*$!sip:{digits}@pbx-b.example.net!" .')
open(f"{work}/e164.example.net.zone", "w").write("\n".join(zone) + "\n")
random.seed(6116)
queries = [f"{random.choice(names)}.e164.example.net NAPTR" for _ in range(90000)]
queries += [f"{'.'.join(reversed(f'1555030{random.randrange(10000):04d}'))}.e164.example.net NAPTR" for _ in range(10000)]
random.shuffle(queries)
open(f"{work}/queries.txt", "w").write("\n".join(queries) + "\n")
PY

dotnet build src/NumberDirectory.Server -c Release -v quiet -nologo >/dev/null
cat > "$work/node.json" <<JSON
{
  "Node": { "DataDirectory": "$work/node-data" },
  "Http": { "Listen": "127.0.0.1:$http_port" },
  "Agi": { "Listen": "127.0.0.1:0" },
  "Dundi": { "Enabled": false },
  "Enum": { "Listen": "127.0.0.1:$node_port" },
  "Ranges": [ { "Pattern": "+15550200000-+15550209999", "Routes": [ { "Uri": "sip:\${NUMBER}@pbx-b.example.net", "Weight": 10 } ] } ],
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
JSON
# Perf maps name the JIT-compiled frames in the profile; without W^X double mapping perf can read them.
DOTNET_PerfMapEnabled=3 DOTNET_EnableWriteXorExecute=0 dotnet src/NumberDirectory.Server/bin/Release/net10.0/NumberDirectory.Server.dll --config "$work/node.json" >"$work/node.log" 2>&1 &
node_pid=$!; pids+=("$node_pid")

mkdir -p "$work/nsd"
cat > "$work/nsd/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$nsd_port
  username: ""
  chroot: ""
  zonesdir: "$work"
  database: ""
  zonelistfile: "$work/nsd/zone.list"
  xfrdfile: "$work/nsd/xfrd.state"
  pidfile: "$work/nsd/nsd.pid"
  logfile: "$work/nsd/nsd.log"
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: "e164.example.net"
  zonefile: "e164.example.net.zone"
CONF
nsd -d -c "$work/nsd/nsd.conf" >"$work/nsd/stdout.log" 2>&1 &
nsd_pid=$!; pids+=("$nsd_pid")

mkdir -p "$work/knot"
cat > "$work/knot/knot.conf" <<CONF
server:
  listen: 127.0.0.1@$knot_port
  rundir: "$work/knot"
database:
  storage: "$work/knot"
log:
  - target: stderr
    any: warning
zone:
  - domain: e164.example.net
    storage: "$work"
    file: "e164.example.net.zone"
CONF
knotd -c "$work/knot/knot.conf" >"$work/knot/stdout.log" 2>&1 &
knot_pid=$!; pids+=("$knot_pid")

for port in "$node_port" "$nsd_port" "$knot_port"; do
  for _ in $(seq 1 120); do
    if kdig @127.0.0.1 -p "$port" +time=1 +retry=0 0.0.0.0.2.0.5.5.5.1.e164.example.net NAPTR 2>/dev/null | grep -q 'NOERROR'; then break; fi
    sleep 0.5
  done
done
for port in "$node_port" "$nsd_port" "$knot_port"; do
  a="$(kdig @127.0.0.1 -p "$port" +short 5.4.3.2.0.2.0.5.5.5.1.e164.example.net NAPTR | sort)"
  [ -n "$a" ] || { echo "server on $port does not answer" >&2; exit 1; }
  [ "$a" = "$(kdig @127.0.0.1 -p "$node_port" +short 5.4.3.2.0.2.0.5.5.5.1.e164.example.net NAPTR | sort)" ] || { echo "server on $port answers differently" >&2; exit 1; }
done

# CPU seconds (user + system) of a process and its children, from /proc.
cpu() {
  local total=0 pid
  for pid in $(tree "$1"); do
    if [ -r "/proc/$pid/stat" ]; then
      # utime and stime, counted after the command name (which may hold spaces: "nsd: server 1").
      total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    fi
  done
  echo "$total"
}
ticks="$(getconf CLK_TCK)"

# One dnsperf run; prints: completed lost qps cpu_us_per_query p50_us p99_us
measure() { # measure <pid> <port> <extra dnsperf args...>
  local pid="$1" port="$2"; shift 2
  local before after
  before="$(cpu "$pid")"
  dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -l "$seconds" -c 8 -q 200 -t 2 "$@" >"$work/run.txt" 2>&1 || true
  after="$(cpu "$pid")"
  python3 - "$work/run.txt" "$before" "$after" "$ticks" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
before, after, ticks = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
completed = int(re.search(r"Queries completed:\s+(\d+)", text).group(1))
lost = int(re.search(r"Queries lost:\s+(\d+)", text).group(1))
qps = float(re.search(r"Queries per second:\s+([\d.]+)", text).group(1))
lat = sorted(float(m) for m in re.findall(r"^> \S+ .* ([\d.]+)$", text, re.M))
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1e6 if lat else 0.0
cpu_us = (after - before) / ticks * 1e6 / max(completed, 1)
print(completed, lost, f"{qps:.0f}", f"{cpu_us:.2f}", f"{p(0.50):.0f}" if lat else "-", f"{p(0.99):.0f}" if lat else "-")
PY
}

declare -A pid_of=([node]="$node_pid" [nsd]="$nsd_pid" [knot]="$knot_pid")

# One untimed pass of every server through the query file, so no measured run pays a first start.
for port in "$node_port" "$nsd_port" "$knot_port"; do
  dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -n 1 -c 8 -q 200 >/dev/null 2>&1 || true
done
declare -A port_of=([node]="$node_port" [nsd]="$nsd_port" [knot]="$knot_port")
results="$work/results.txt"
: >"$results"
for round in $(seq 1 "$rounds"); do
  for server in node nsd knot; do
    echo "round $round $server saturation $(measure "${pid_of[$server]}" "${port_of[$server]}")" | tee -a "$results"
    # -v reports each query with its latency: only at the fixed rate, where the client has room for it.
    echo "round $round $server fixed $(measure "${pid_of[$server]}" "${port_of[$server]}" -Q "$rate" -v)" | tee -a "$results"
  done
done

# Where the node's CPU goes at saturation.
perf record -F 999 -g -p "$node_pid" -o "$work/perf.data" -- sleep "$seconds" >/dev/null 2>&1 &
perf_pid=$!
dnsperf -s 127.0.0.1 -p "$node_port" -d "$work/queries.txt" -l "$seconds" -c 8 -q 200 >/dev/null 2>&1 || true
wait "$perf_pid" || true
perf report -i "$work/perf.data" --no-children --sort dso,sym --percent-limit 1 --stdio 2>/dev/null \
  | grep -E '^ +[0-9.]+%' | head -30 >"$work/profile.txt" || true
threads="$(for t in /proc/"$node_pid"/task/*; do sed 's/.*) //' "$t/stat" | awk -v n="$(cat "$t/comm")" '{printf "%s %d\n", n, $12 + $13}'; done | sort -k2 -n -r | head -8)"
metrics="$(curl -s "http://127.0.0.1:$http_port/metrics" 2>/dev/null | grep -E '^numberdirectory_(enum_|lookups_total)' || true)"

python3 - "$results" "$work/profile.txt" "$out" "$rate" "$seconds" "$rounds" "$threads" "$metrics" <<'PY'
import statistics, sys, datetime, platform, subprocess
results, profile, out, rate, seconds, rounds, threads, metrics = sys.argv[1:9]
rows = {}
for line in open(results):
    _, r, server, mode, completed, lost, qps, cpu, p50, p99 = line.split()
    rows.setdefault((server, mode), []).append(dict(completed=int(completed), lost=int(lost), qps=float(qps), cpu=float(cpu), p50=float(p50.replace("-", "0")), p99=float(p99.replace("-", "0"))))
med = lambda server, mode, key: max(1e-9, statistics.median(x[key] for x in rows[(server, mode)]))
loss = lambda server, mode: 100.0 * sum(x["lost"] for x in rows[(server, mode)]) / max(1, sum(x["completed"] + x["lost"] for x in rows[(server, mode)]))
servers = ["node", "nsd", "knot"]
names = {"node": "node (ENUM door)", "nsd": "NSD 4.6.1", "knot": "Knot 3.2.6"}
lines = [
    "# ENUM door against NSD and Knot",
    "",
    f"`tests/bench/enum/run.sh`, {datetime.date.today().isoformat()}, on this project's 2-core machine. dnsperf 2.10 on",
    "loopback, the same zone data in each server: 10,000 numbers, two NAPTR records each (E2U+sip and",
    "E2U+pjsip, TTL 300); queries 90% published numbers, 10% unpublished (NXDOMAIN), in random order.",
    f"{rounds} rounds, servers interleaved (node, NSD, Knot, node, …), {seconds} s per run; the figures are the",
    "medians over the rounds. dnsperf itself takes about 0.9 of the two cores, so at saturation QPS",
    "measures the client as much as the servers: **CPU µs per query** (user + system time of the",
    "server's processes, from /proc, over the queries it answered) is the figure that counts.",
    "Defaults otherwise: NSD one server process (response rate limiting off), Knot its default workers,",
    "the node one UDP receive thread per two cores (one here).",
    "",
    "| server | QPS at saturation | lost | CPU µs/query (saturation) | p50 at " + f"{int(rate)//1000}k QPS" + " | p99 at " + f"{int(rate)//1000}k QPS" + " | CPU µs/query at the fixed rate | lost at the fixed rate |",
    "|---|---|---|---|---|---|---|---|",
]
for s in servers:
    lines.append(f"| {names[s]} | {med(s,'saturation','qps'):,.0f} | {loss(s,'saturation'):.2f}% | {med(s,'saturation','cpu'):.2f} | {med(s,'fixed','p50'):.0f} µs | {med(s,'fixed','p99'):.0f} µs | {med(s,'fixed','cpu'):.2f} | {loss(s,'fixed'):.2f}% |")
lines += ["", "Ratios (node / other; CPU and p99 lower is better, QPS higher):", "",
          "| | CPU/query (saturation) | CPU/query (fixed rate) | QPS | p99 (fixed rate) |", "|---|---|---|---|---|"]
for other in ("nsd", "knot"):
    lines.append(f"| node / {names[other]} | {med('node','saturation','cpu')/med(other,'saturation','cpu'):.2f}× | {med('node','fixed','cpu')/med(other,'fixed','cpu'):.2f}× | {med('node','saturation','qps')/med(other,'saturation','qps'):.2f}× | {med('node','fixed','p99')/max(1,med(other,'fixed','p99')):.2f}× |")
lines += ["", "Every run:", "", "| round | server | mode | completed | lost | QPS | CPU µs/query | p50 µs | p99 µs |", "|---|---|---|---|---|---|---|---|---|"]
for line in open(results):
    _, r, server, mode, completed, lost, qps, cpu, p50, p99 = line.split()
    lines.append(f"| {r} | {server} | {mode} | {completed} | {lost} | {qps} | {cpu} | {p50} | {p99} |")
lines += ["", "## The profile behind the node's figures", "",
          "`perf record -g` of the node during one more saturation run (`DOTNET_PerfMapEnabled=3` names the .NET",
          "frames; libcoreclr has no symbols here); self time by library and symbol, entries over 1%:", "", "```"]
lines += [l.rstrip() for l in open(profile)] or ["(perf recorded nothing)"]
lines += ["```", "", "CPU ticks per thread of the node over the whole run (name, user + system ticks):", "", "```", threads, "```", "",
          "The node's own counters at the end (kept answers vs decided afresh, responses by rcode):", "", "```", metrics, "```", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines[:24]))
PY
