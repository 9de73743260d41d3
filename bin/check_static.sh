#!/usr/bin/env bash
# The built stylesheet and script are committed so `make run` needs no Node. When Node is here,
# rebuild them and fail if the committed copies are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f package.json ] || exit 0
if ! command -v npm >/dev/null; then
  echo "npm not found: skipped the check that static/hub is up to date."
  exit 0
fi
[ -d node_modules ] || npm ci --silent --no-audit --no-fund
npm run --silent build
if ! git diff --quiet -- static/hub; then
  echo "static/hub is out of date: run 'npm run build' and commit the result." >&2
  git --no-pager diff --stat -- static/hub >&2
  exit 1
fi
