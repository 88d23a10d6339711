#!/usr/bin/env bash
# The wheel as an analyst gets it: build it, install it (not editable) in a fresh virtualenv
# outside the checkout, and run what a user runs first: demo, analyze, serve + /health,
# the Python API and map. Fails on the first thing that does not work from site-packages
# (a file left out of the wheel, a path that assumes the source tree).
#
#   bash tools/wheel-smoke.sh            (CI runs it from .ci/run before the tests)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/graphkit-wheel-smoke.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf 'wheel-smoke: %s\n' "$*"; }

step "building the wheel"
"$PYTHON" -m pip wheel -q --no-deps --wheel-dir "$work/dist" "$ROOT" >/dev/null
wheel="$(ls "$work"/dist/graphkit-*.whl)"

step "installing $(basename "$wheel") in a fresh virtualenv"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$wheel" >/dev/null

# Everything below runs outside the checkout, with nothing of it on the path.
mkdir "$work/run"
cd "$work/run"
unset PYTHONPATH
export GRAPHKIT_STORE="$work/run/pmo.lbug" GRAPHKIT_ADMIN_TOKEN="smoke-$RANDOM$RANDOM$RANDOM"
gk="$work/venv/bin/graphkit"
py="$work/venv/bin/python"

where="$("$py" -c 'import graphkit, graphkit.api, graphkit.cypher; print(graphkit.__file__)')"
case "$where" in
  "$work/venv/"*) ;;
  *) echo "wheel-smoke: graphkit was imported from $where, not the wheel" >&2; exit 1 ;;
esac

step "graphkit --version: $("$gk" --version)"
step "graphkit demo --size 100"
"$gk" demo --size 100 --as-of 2026-06-01 >/dev/null
step "graphkit analyze --format json"
"$gk" analyze --format json --as-of 2026-06-01 >report.json
"$py" - <<'EOF'
import json
report = json.load(open("report.json"))
missing = {"network", "centrality", "reach", "gaps", "communities", "plan"} - set(report)
assert not missing, f"report without {missing}"
assert report["network"]["stakeholders"] == 100, report["network"]
assert len(report["centrality"]) == 100
EOF
step "graphkit map --out map.html"
"$gk" map --out map.html >/dev/null
grep -q 'vis.Network' map.html

step "graphkit serve + GET /health"
port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$gk" serve --host 127.0.0.1 --port "$port" >serve.log 2>&1 &
server=$!
"$py" - "$port" <<'EOF'
import json, sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}"
deadline = time.monotonic() + 60
while True:
    try:
        with urllib.request.urlopen(url + "/health", timeout=2) as answer:
            health = json.load(answer)
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit(f"no /health within 60 s: {open('serve.log').read()[-2000:]}")
        time.sleep(0.2)
assert health["status"] == "ok", health
for path in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/redoc/redoc.standalone.js",
             "/static/vendor/vis-network/vis-network.min.js"):
    with urllib.request.urlopen(url + path, timeout=10) as answer:
        assert answer.status == 200, path
print(f"wheel-smoke: /health {health}")
EOF

step "the Python API against the running server"
"$py" - "$port" <<'EOF'
import os, sys
import graphkit
net = graphkit.open(f"http://127.0.0.1:{sys.argv[1]}", token=os.environ["GRAPHKIT_ADMIN_TOKEN"])
frames = net.snapshot()
assert len(frames.stakeholders) == 100
assert net.query("MATCH (s:Stakeholder) RETURN count(s) AS n")["n"][0] == 100
assert net.to_networkx().number_of_nodes() == 100
EOF
step "passed"
