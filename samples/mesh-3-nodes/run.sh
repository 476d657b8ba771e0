#!/usr/bin/env bash
# Runs nodes A, B and C of the sample on this machine (HTTP on 127.0.0.1:8081-8083) until Ctrl-C.
# Each node keeps its data in node-{a,b,c}/data beside its appsettings.json (a relative path in a
# --config file starts at that file), and its log in ./data/node-{a,b,c}.log under the directory
# you run this from. When a node cannot start (a port already taken, a bad option) or stops
# later, all three are stopped and the script says which node and why.
#
# NUMDIR_SERVER names a NumberDirectory.Server.dll or published executable to run instead of
# building the repository's server.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ -n "${NUMDIR_SERVER:-}" ]]; then
  server="$NUMDIR_SERVER"
else
  project="$root/src/NumberDirectory.Server"
  dotnet build "$project" -c Release -v quiet -nologo
  server="$(dotnet msbuild "$project" -getProperty:TargetPath -p:Configuration=Release)"
fi
run=("$server")
if [[ "$server" == *.dll ]]; then
  run=(dotnet "$server")
fi

names=(A B C)
dirs=(node-a node-b node-c)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Says which node stopped and why (its own "numberdirectory: ..." line, else the end of its log).
stopped() {
  local i="$1" log="data/${dirs[$1]}.log" status=0
  wait "${pids[$i]}" || status=$?
  echo "run.sh: node ${names[$i]} (${dirs[$i]}/appsettings.json) stopped with exit status $status:" >&2
  grep '^numberdirectory:' "$log" >&2 || tail -n 20 "$log" >&2
  echo "run.sh: stopping the other nodes; the whole log is in $log" >&2
  exit 1
}

mkdir -p data
for i in 0 1 2; do
  "${run[@]}" --config "$here/${dirs[$i]}/appsettings.json" >"data/${dirs[$i]}.log" 2>&1 &
  pids+=("$!")
done

# Started means every door is bound: the host logs this after all of them.
while :; do
  ready=0
  for i in 0 1 2; do
    kill -0 "${pids[$i]}" 2>/dev/null || stopped "$i"
    if grep -q 'Application started' "data/${dirs[$i]}.log" 2>/dev/null; then ready=$((ready + 1)); fi
  done
  if ((ready == 3)); then break; fi
  sleep 0.2
done

echo "nodes A, B and C are running (logs in ./data/node-{a,b,c}.log); try: curl http://127.0.0.1:8081/lookup/5001"
while :; do
  for i in 0 1 2; do
    kill -0 "${pids[$i]}" 2>/dev/null || stopped "$i"
  done
  sleep 1
done
