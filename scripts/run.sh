#!/usr/bin/env bash
# The one entry point the README, .ci/run and the GitHub workflows share.
#   scripts/run.sh site    set up what building needs, check the digests, build the site into site/
#   scripts/run.sh test    set up the same plus the test tools and Debian chromium, check the digests, run every test
#   scripts/run.sh serve   set up what building needs, preview with live reload on http://127.0.0.1:8000
#   scripts/run.sh newest  like test, with the newest versions pyproject.toml's ranges allow instead of the pins
# site, test and serve install the exact versions and hashes in requirements/ (bash requirements/compile.sh
# writes them from the ranges in pyproject.toml), then the project itself without its dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

pip_install() {
  python3 -m pip install --quiet --disable-pip-version-check "$@"
}

setup_python() {  # $1: site or test, a pinned file in requirements/
  pip_install --require-hashes -r "requirements/$1.txt"
  pip_install --no-deps -e .
}

setup_browser() {
  # Browser tests drive Debian's Chromium; never a downloaded browser build.
  if [ ! -x /usr/bin/chromium ]; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
}

run_tests() {
  setup_browser
  python3 -m generator check --strict  # strict in CI: a digest warning fails it
  python3 -m pytest -q  # builds the site with mkdocs build --strict too (tests/test_site_build.py)
}

case "${1:-}" in
  site)
    setup_python site
    python3 -m generator check --strict
    python3 -m mkdocs build --strict
    ;;
  test)
    setup_python test
    run_tests
    ;;
  newest)
    pip_install --upgrade --upgrade-strategy eager -e ".[test]"
    python3 scripts/ci_summary.py drift requirements/test.txt  # the versions that differ from the pins
    run_tests
    ;;
  serve)
    setup_python site
    python3 -m mkdocs serve --dirty  # rebuild only the pages an edit changed
    ;;
  *)
    echo "usage: scripts/run.sh site|test|serve|newest" >&2
    exit 2
    ;;
esac
