#!/usr/bin/env bash
# Regenerates the pinned installs from the ranges in pyproject.toml:
#   requirements/site.txt  what `scripts/run.sh site` (and Publish) installs: building needs only these
#   requirements/test.txt  what `scripts/run.sh test` (and Tests, .ci/run) installs: the same, plus the test tools
# Exact versions with every file's sha256 from PyPI (all platforms), for `pip install --require-hashes`.
# Needs pip-tools (`python3 -m pip install pip-tools`); run it with the Python the workflows use (3.11).
# Dependabot (.github/dependabot.yml) opens pull requests that update both files the same way.
#   bash requirements/compile.sh            keep the pinned versions, add what a range change needs
#   bash requirements/compile.sh --upgrade  the newest versions the ranges allow
set -euo pipefail
cd "$(dirname "$0")/.."
compile() {
  python3 -m piptools compile --quiet --generate-hashes --strip-extras --no-emit-options \
    --index-url https://pypi.org/simple "$@" pyproject.toml
}
compile "$@" --output-file requirements/test.txt --extra test
# The site's pins are the test file's, so both environments build with the same versions.
compile "$@" --output-file requirements/site.txt --constraint requirements/test.txt
