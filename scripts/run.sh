#!/usr/bin/env bash
# The one entry point the README, .ci/run and the GitHub workflows share.
#   scripts/run.sh site   set up, check the digests, build the site into site/
#   scripts/run.sh test   set up (Python packages + Debian chromium), check the digests, run every test
#   scripts/run.sh serve  set up, preview with live reload on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."

setup_python() {
  python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
}

setup_browser() {
  # Browser tests drive Debian's Chromium; never a downloaded browser build.
  if [ ! -x /usr/bin/chromium ]; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
}

case "${1:-}" in
  site)
    setup_python
    python3 -m generator check --strict
    python3 -m mkdocs build --strict
    ;;
  test)
    setup_python
    setup_browser
    python3 -m generator check --strict  # strict in CI: a digest warning fails it
    python3 -m pytest -q
    ;;
  serve)
    setup_python
    python3 -m mkdocs serve --dirty  # rebuild only the pages an edit changed
    ;;
  *)
    echo "usage: scripts/run.sh site|test|serve" >&2
    exit 2
    ;;
esac
