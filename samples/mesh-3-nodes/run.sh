#!/usr/bin/env bash
# Runs nodes A, B and C of the sample on this machine (HTTP on 127.0.0.1:8081-8083).
# Ctrl-C stops all three. Each node's data goes to node-{a,b,c}/data beside its appsettings.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

dotnet build "$root/src/NumberDirectory.Server" -c Release -v quiet -nologo
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap stop EXIT INT TERM

for node in a b c; do
  dotnet run --no-build -c Release --project "$root/src/NumberDirectory.Server" -- \
    --config "$here/node-$node/appsettings.json" &
  pids+=("$!")
done

echo "nodes A, B, C starting; try: curl http://127.0.0.1:8081/lookup/5001"
wait
