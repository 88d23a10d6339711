#!/usr/bin/env bash
# Mutation testing of one package: tools/mutation/run.sh analysis|store|io|api [MUTANT...]
#
# Stages the repository under build/mutation/PACKAGE (see stage.py for why), runs mutmut
# there with at most MUTATION_JOBS worker processes (default 1: the machine is shared),
# and prints the summary. Results stay in build/mutation/PACKAGE/mutants/; a second run
# resumes. Inspect a survivor with
#   (cd build/mutation/PACKAGE && ../../../.venv/bin/mutmut show NAME)
# MUTATION_SAMPLE=N checks a seeded random sample of N mutants (MUTATION_SEED, default 11)
# instead of all of them: sample.py says why. Not part of .ci/run: a full package takes
# hours.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PACKAGE=${1:?usage: tools/mutation/run.sh analysis|store|io|api [MUTANT...]}
shift
STAGE=$ROOT/build/mutation/$PACKAGE
VENV=${MUTATION_VENV:-$ROOT/.venv}
[ -x "$VENV/bin/mutmut" ] || "$VENV/bin/pip" install -q -e "$ROOT[test,mutation]"

# a fresh stage unless asked to resume (MUTATION_RESUME=1 keeps mutants/ and its results)
[ "${MUTATION_RESUME:-0}" = 1 ] || rm -rf "$STAGE"
"$VENV/bin/python" "$ROOT/tools/mutation/stage.py" "$PACKAGE" "$STAGE"
cd "$STAGE"
if [ -n "${MUTATION_SAMPLE:-}" ] && [ $# -eq 0 ]; then
  "$VENV/bin/python" "$ROOT/tools/mutation/sample.py" "$MUTATION_SAMPLE" "${MUTATION_SEED:-11}"
  mapfile -t SAMPLE < sample.txt
  set -- "${SAMPLE[@]}"
fi
"$VENV/bin/mutmut" run --max-children "${MUTATION_JOBS:-1}" "$@"
"$VENV/bin/python" "$ROOT/tools/mutation/summary.py" "$STAGE"
