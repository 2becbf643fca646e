#!/usr/bin/env bash
# Tests bin/ngrpo, the local launcher: help and the commands that never start Spark print no
# JVM warning, and a source file outside the modules (deploy/lint/node_modules, say) does not
# make it rebuild. Builds the project first when it was never built. Exits 1 on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "${here}")"
# shellcheck source=deploy/testing.sh
source "${here}/testing.sh"
testing_setup

# a fresh or stale build happens here, not inside a checked run
"${root}/bin/ngrpo" --version > /dev/null 2>&1

for args in "--help" "train --help" "advantages --rewards 1,0"; do
  read -r -a words <<< "${args}"
  if "${root}/bin/ngrpo" "${words[@]}" > "${work}/out" 2> "${work}/err"; then
    if grep -q "incubator" "${work}/err"; then
      report "ngrpo ${args}: no JVM warning" "$(< "${work}/err")"
    else
      report "ngrpo ${args}: no JVM warning"
    fi
  else
    report "ngrpo ${args}: no JVM warning" "exit status $?: $(< "${work}/err")"
  fi
done

# a file under some src/ folder that no module builds, newer than the jar
stray="${root}/deploy/.launcher-test-$$"
mkdir -p "${stray}/src"
trap 'rm -rf "${work}" "${stray}"' EXIT
touch "${stray}/src/Stray.java"
"${root}/bin/ngrpo" --version > /dev/null 2> "${work}/err" || true
if grep -q "building the project" "${work}/err"; then
  report "a source outside the modules does not rebuild" "$(< "${work}/err")"
else
  report "a source outside the modules does not rebuild"
fi

testing_summary
