#!/usr/bin/env bash
# External DUNDi benchmark (not run by CI): the node's DUNDi door against the floor — a trivial C
# responder doing the same packet work (2 packets in, 2 out, no lookup) — measured from a separate
# load process, interleaved in one run: node, floor, node, floor, ... at windows 1, 8, 32 and 128.
#
# The server under test is pinned to core 0 and the load client (load.c: one UDP socket, W queries
# in flight, each DPRESPONSE ACKed as Asterisk does) to core 1; the client reports its own CPU share
# so the run shows it had headroom. Per server, window and round: lookups/s, p50/p99/max latency,
# queries lost, datagrams the kernel dropped at the server's socket (/proc/net/udp), and the server's
# CPU µs per lookup (user + system time of its process from /proc over the lookups answered). Then a
# perf profile of the node at window 32. Writes a Markdown report (default
# tests/bench/results/dundi-external.md). Installs gcc and linux-perf when missing.
#
# Env: ROUNDS (3), SECONDS_PER_RUN (8), WARMUP (30 s of load before measuring; the first 5 s of it are
# reported as the fresh node's rate), WINDOWS ("1 8 32 128"), PROFILE (1; 0 skips perf).
# Loopback only; every process it starts, it stops by PID.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out="${1:-tests/bench/results/dundi-external.md}"
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_RUN:-8}"
warmup="${WARMUP:-30}"
windows="${WINDOWS:-1 8 32 128}"
profile="${PROFILE:-1}"

if [ "$(nproc)" -lt 2 ]; then
  echo "needs 2 cores: the server on one, the load client on the other" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
need=()
for tool in gcc:gcc taskset:util-linux python3:python3; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool##*:}")
done
if [ "$profile" = 1 ] && ! command -v perf >/dev/null 2>&1; then need+=(linux-perf); fi
if [ "${#need[@]}" -gt 0 ]; then
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

gcc -O2 -Wall -Wextra -o "$work/load" tests/bench/dundi-external/load.c
gcc -O2 -Wall -Wextra -o "$work/floor" tests/bench/dundi-external/floor.c
dotnet publish src/NumberDirectory.Server -c Release -o "$work/node" -nologo -v quiet >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_tcp_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
node_port="$(free_port)"; floor_port="$(free_port)"
client_eid="00:00:5e:00:53:c0"

# The node as a PBX box B would run it: _4XXX with two routes (IAX2 and SIP), the load client an
# inbound peer allowed to ask e164. Logging at Warning, as in production nothing is logged per lookup.
cat >"$work/node.json" <<JSON
{
  "Node": { "DataDirectory": "$work/data", "Id": "00:00:5e:00:53:b0" },
  "Http": { "Listen": "127.0.0.1:$(free_tcp_port)" },
  "Agi": { "Listen": "127.0.0.1:0" },
  "Admin": { "Listen": "127.0.0.1:0" },
  "Enum": { "Listen": "127.0.0.1:0" },
  "Dundi": {
    "Listen": "127.0.0.1:$node_port",
    "Contexts": [ "e164" ],
    "Peers": [ { "Id": "$client_eid", "Host": "127.0.0.1", "Model": "inbound", "Permit": [ "e164" ], "Qualify": false } ]
  },
  "Ranges": [ { "Pattern": "_4XXX", "Routes": [ { "Uri": "iax2:pbx-b.example.net/\${NUMBER}", "Weight": 10 }, { "Uri": "sip:\${NUMBER}@pbx-b.example.net", "Weight": 20 } ] } ],
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
JSON
# Perf maps name the JIT-compiled frames in the profile; without W^X double mapping perf can read them.
DOTNET_PerfMapEnabled=3 DOTNET_EnableWriteXorExecute=0 taskset -c 0 dotnet "$work/node/NumberDirectory.Server.dll" --config "$work/node.json" >"$work/node.log" 2>&1 &
node_pid=$!; pids+=("$node_pid")
taskset -c 0 "$work/floor" 127.0.0.1 "$floor_port" &
floor_pid=$!; pids+=("$floor_pid")

load() { # load <port> <window> <seconds>
  taskset -c 1 "$work/load" 127.0.0.1 "$1" "$2" "$3" 4000 1000 "$client_eid" e164 1000
}
value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p; s/^$1=\([^ ]*\).*/\1/p" | head -1; }

# Wait (bounded) until the node answers a lookup.
for _ in $(seq 1 120); do
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; echo "the node exited" >&2; exit 1; }
  if [ "$(load "$node_port" 1 0.2 | value answered)" -gt 0 ] 2>/dev/null; then break; fi
done
[ "$(load "$node_port" 1 0.2 | value answered)" -gt 0 ] || { cat "$work/node.log" >&2; echo "the node does not answer DUNDi" >&2; exit 1; }
[ "$(load "$floor_port" 1 0.2 | value answered)" -gt 0 ] || { echo "the floor does not answer" >&2; exit 1; }

ticks="$(getconf CLK_TCK)"
cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# Datagrams the kernel dropped at a socket bound to 127.0.0.1:<port> (receive queue full).
drops() { awk -v p="$(printf '0100007F:%04X' "$1")" '$2 == p { print $NF; found=1 } END { if (!found) print 0 }' /proc/net/udp; }

fresh="$(load "$node_port" 8 5)"
rest=$((warmup > 5 ? warmup - 5 : 0))
[ "$rest" -gt 0 ] && load "$node_port" 8 "$rest" >/dev/null

results="$work/results.txt"
: >"$results"
for round in $(seq 1 "$rounds"); do
  for w in $windows; do
    for server in node floor; do
      if [ "$server" = node ]; then pid="$node_pid"; port="$node_port"; else pid="$floor_pid"; port="$floor_port"; fi
      c0="$(cpu "$pid")"; d0="$(drops "$port")"
      line="$(load "$port" "$w" "$seconds")"
      c1="$(cpu "$pid")"; d1="$(drops "$port")"
      echo "$server $w $round $((c1 - c0)) $((d1 - d0)) $line" >>"$results"
      echo "$server w=$w round $round: $line" >&2
    done
  done
done

prof="$work/profile.txt"
: >"$prof"
threads=""
if [ "$profile" = 1 ]; then
  perf record -F 999 -g -p "$node_pid" -o "$work/perf.data" -- sleep "$seconds" >/dev/null 2>&1 &
  perf_pid=$!
  load "$node_port" 32 "$seconds" >/dev/null
  wait "$perf_pid" || true
  perf report -i "$work/perf.data" --no-children --sort dso,sym --percent-limit 0.8 --stdio 2>/dev/null \
    | grep -E '^ +[0-9.]+%' | head -40 >"$prof" || true
fi
threads="$(for t in /proc/"$node_pid"/task/*; do sed 's/.*) //' "$t/stat" | awk -v n="$(cat "$t/comm")" '{printf "%s %d\n", n, $12 + $13}'; done | sort -k2 -n -r | head -8)"

python3 - "$results" "$prof" "$out" "$seconds" "$rounds" "$ticks" "$fresh" "$warmup" "$threads" <<'PY'
import datetime, platform, statistics, subprocess, sys
results, prof, out, seconds, rounds, ticks, fresh, warmup, threads = sys.argv[1:10]
ticks = int(ticks)
def kv(text):
    return dict(p.split("=", 1) for p in text.split() if "=" in p)
runs = {}
for line in open(results):
    server, w, rnd, cpu, dropped, rest = line.split(" ", 5)
    d = kv(rest)
    lookups = int(d["answered"]) + int(d["failed"])
    runs.setdefault((server, int(w)), []).append({
        "rate": float(d["rate"]), "p50": int(d["p50_us"]) / 1000, "p99": int(d["p99_us"]) / 1000,
        "max": int(d["max_us"]) / 1000, "lost": int(d["lost"]), "failed": int(d["failed"]),
        "dropped": int(dropped), "cpu_us": (int(cpu) * 1e6 / ticks / lookups) if lookups else float("nan"),
        "client": float(d["client_cpu"]),
    })
med = lambda rs, k: statistics.median(r[k] for r in rs)
windows = sorted({w for _, w in runs})
dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
lines = [
    "# DUNDi door from outside: node against the floor, one core each",
    "",
    f"`tests/bench/dundi-external/run.sh`, {datetime.date.today().isoformat()}, {platform.system()} {platform.machine()},"
    f" `nproc` = 2, .NET SDK {dotnet}. The server under test (the node, framework-dependent Release publish, or the floor) is pinned"
    " to core 0 and the load client to core 1 (`taskset`). The load client (`load.c`) keeps W DPDISCOVERs in flight on one UDP"
    " socket and ACKs each DPRESPONSE|FINAL, as Asterisk does; the floor (`floor.c`) reads the query, sends an ACK and a"
    " pre-built 111-byte DPRESPONSE and reads the final ACK: the packet work of any DUNDi server, nothing else."
    f" {rounds} rounds of {seconds} s per server and window, interleaved node, floor, node, floor, …; medians over the rounds."
    f" Before measuring, the fresh node had {warmup} s of load at window 8.",
    "",
    "*CPU µs/lookup* is the server process's user + system time from /proc over the lookups answered (clock ticks of"
    f" 1/{ticks} s, so ±{1e6/ticks/1000:.0f} ms per run). *Lost* are queries without an answer within 1 s; *dropped* are datagrams"
    " the kernel dropped at the server's socket (receive queue full, /proc/net/udp). *Client* is the load client's share of"
    " its core: below ~0.8 it had headroom and the figures are about the server.",
    "",
    "| server | window | lookups/s | p50 ms | p99 ms | max ms | lost | dropped | CPU µs/lookup | × floor | client core |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]
for w in windows:
    floor_cpu = med(runs[("floor", w)], "cpu_us") if ("floor", w) in runs else float("nan")
    for server in ("node", "floor"):
        rs = runs.get((server, w))
        if not rs:
            continue
        c = med(rs, "cpu_us")
        lines.append(f"| {server} | {w} | {med(rs, 'rate'):,.0f} | {med(rs, 'p50'):.2f} | {med(rs, 'p99'):.2f} | {max(r['max'] for r in rs):.1f} |"
                     f" {sum(r['lost'] for r in rs)} | {sum(r['dropped'] for r in rs)} | {c:.1f} | {c / floor_cpu:.2f} | {med(rs, 'client'):.2f} |")
f = kv(fresh)
lines += ["", f"Fresh node, first 5 s of load at window 8: {float(f.get('rate', 0)):,.0f} lookups/s, p99 {int(f.get('p99_us', 0))/1000:.2f} ms,"
          f" max {int(f.get('max_us', 0))/1000:.1f} ms.", "",
          "Every round:", "", "| server | window | round | lookups/s | p99 ms | max ms | lost | CPU µs/lookup | client core |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
for (server, w), rs in sorted(runs.items(), key=lambda kv_: (kv_[0][1], kv_[0][0])):
    for i, r in enumerate(rs, 1):
        lines.append(f"| {server} | {w} | {i} | {r['rate']:,.0f} | {r['p99']:.2f} | {r['max']:.1f} | {r['lost']} | {r['cpu_us']:.1f} | {r['client']:.2f} |")
lines += ["", "## Where the node's CPU goes", "",
          "Busiest node threads over the whole run (name, CPU clock ticks):", "", "```", threads.strip() or "(none read)", "```", ""]
profile = [l.rstrip() for l in open(prof)]
if profile:
    lines += ["`perf record -g` of the node during one more run at window 32 (`DOTNET_PerfMapEnabled=3` names the .NET frames),"
              " self time by DSO and symbol, entries ≥ 0.8%:", "", "```"] + profile + ["```", ""]
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
