#!/usr/bin/env bash
# Ours beside the reference Wagtail site (wagtail/bakerydemo), with the harness in
# /work/shared/bench (see its README), in one command, for a quiet window on the machine:
#
#   bash bench/side_by_side.sh                        # --runs 5 -t2 -c16 -d8
#   bash bench/side_by_side.sh --runs 1 -d3           # a quick check that it all works
#   bash bench/side_by_side.sh --runs 5 -t1 -c1 -d8   # unloaded latency
#
# Arguments go to side_by_side.py. The reference must be set up already:
#   MIRROR=<git dir of wagtail/bakerydemo> ROOT=/work/bakerydemo \
#     bash /work/shared/bench/setup_bakerydemo.sh
# Ours is served as the pages bench serves it (production settings, DEBUG off, static files
# collected, the bench's demo database) by gunicorn with 2 sync workers, twice: with the page
# cache, then with PAGE_CACHE_SECONDS=0; the reference runs throughout. Prints both tables.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=$(dirname "$HERE")
SHARED=${SHARED:-/work/shared/bench}
REF_ROOT=${REF_ROOT:-/work/bakerydemo}
REF_PORT=${REF_PORT:-8300}
OURS_PORT=${OURS_PORT:-8310}
PY=$BASE/.venv/bin/python
[ "$#" -gt 0 ] || set -- --runs 5 -t2 -c16 -d8

[ -f "$REF_ROOT/bakery-head/bakerydemodb" ] || {
  echo "The reference is not set up in $REF_ROOT: run setup_bakerydemo.sh first (see above)." >&2
  exit 1
}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
for port in "$REF_PORT" "$OURS_PORT"; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "Something already answers on port $port; set REF_PORT / OURS_PORT." >&2
    exit 1
  fi
done

LOGS=$BASE/bench/.corpus
PAIRS=$(mktemp)
OURS_PID=""
cleanup() {
  [ -z "$OURS_PID" ] || kill -TERM -- "-$OURS_PID" 2>/dev/null || true
  [ ! -f "$REF_ROOT/gunicorn-$REF_PORT.pid" ] || kill "$(cat "$REF_ROOT/gunicorn-$REF_PORT.pid")" 2>/dev/null || true
  rm -f "$PAIRS"
}
trap cleanup EXIT
# The shared pairs, plus the bare view through each site's whole middleware stack.
{ cat "$SHARED/pairs.tsv"; printf 'bench-view\t/bench/ok/\t/bench-ok/\n'; } > "$PAIRS"

wait_for() {  # url
  for _ in $(seq 150); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "No answer from $1" >&2
  exit 1
}


# The reference first, in an environment without ours: an exported DATABASE_URL would win there.
env -u DATABASE_URL -u DJANGO_SETTINGS_MODULE MIRROR="${MIRROR:-unused-when-serving}" \
  ROOT="$REF_ROOT" bash "$SHARED/setup_bakerydemo.sh" serve bakerydemodb "$REF_PORT" >/dev/null
wait_for "http://127.0.0.1:$REF_PORT/bench-ok/"
for path in / /blog/ /breads/; do  # its pages answer, from its own database
  curl -sf -o /dev/null "http://127.0.0.1:$REF_PORT$path" || { echo "The reference fails on $path" >&2; exit 1; }
done

cd "$BASE"
eval "$("$PY" -m bench.serve_env)"

run_ours() {  # label, page cache seconds, side_by_side.py arguments...
  local label=$1 seconds=$2
  shift 2
  PAGE_CACHE_SECONDS=$seconds setsid "$PY" -m gunicorn hub.wsgi:application --workers 2 \
    --bind "127.0.0.1:$OURS_PORT" --graceful-timeout 5 >>"$LOGS/side-by-side-gunicorn.log" 2>&1 &
  OURS_PID=$!
  wait_for "http://127.0.0.1:$OURS_PORT/healthz"
  echo
  echo "== ours $label (PAGE_CACHE_SECONDS=$seconds) vs reference, load average $(cut -d' ' -f1-3 /proc/loadavg) =="
  "$PY" "$SHARED/side_by_side.py" --a-url "http://127.0.0.1:$OURS_PORT" --a-name ours \
    --b-url "http://127.0.0.1:$REF_PORT" --b-name reference --pairs "$PAIRS" "$@"
  kill -TERM -- "-$OURS_PID"
  wait "$OURS_PID" 2>/dev/null || true
  OURS_PID=""
}

run_ours "with the page cache" 300 "$@"
run_ours "page cache off" 0 "$@"
