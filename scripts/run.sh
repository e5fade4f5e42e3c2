#!/usr/bin/env bash
# The main job: set up, build, index the bundled corpus into build/index, then answer.
# Until the HTTP server lands, it ends by answering an example question in the terminal
# (pass your own question as arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
build/quifait index --corpus corpus --db build/index
question="${*:-Qui est responsable de la gestion du parc immobilier ?}"
build/quifait ask "$question"
echo "Ask more: build/quifait ask \"qui s'occupe de la communication de crise ?\"   (see build/quifait --help)"
