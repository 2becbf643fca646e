#!/usr/bin/env bash
# Helpers of the deploy/ script tests (sourced, not run): a pass/fail tally, running a script
# against a fake command that records its arguments, and checking those arguments.
#   testing_setup                 makes ${work} (removed on exit) and ${work}/fake, a command
#                                 that writes its arguments, one per line, to ${work}/args, and
#                                 copies the file after --properties-file to ${work}/args.properties
#   report NAME [FAILURE]         counts a pass (no FAILURE) or a failure
#   run_recording NAME STATUS FAKE_VARIABLE SCRIPT [ARGS...]
#                                 runs SCRIPT with FAKE_VARIABLE=${work}/fake; stderr in
#                                 ${work}/err; fails (returns 1) unless it exits with STATUS
#   has_sequence NAME WORD...     the recorded arguments contain the words consecutively
#   lacks_word NAME WORD          no recorded argument is WORD
#   stderr_has NAME TEXT          the last run's stderr contains TEXT
#   has_env NAME VARIABLE VALUE   the fake ran with VARIABLE=VALUE in its environment
#   has_property NAME KEY VALUE   the recorded properties file gives KEY the value VALUE (its
#                                 last line for KEY, as java.util.Properties reads it)
#   testing_summary               prints the tally and exits 1 on any failure

testing_setup() {
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the folder of this test
  trap "rm -rf '${work}'" EXIT
  cat > "${work}/fake" <<'FAKE'
#!/usr/bin/env bash
printf '%s\n' "$@" > "${FAKE_ARGS_FILE}"
env > "${FAKE_ARGS_FILE}.env"
previous=""
for argument in "$@"; do
  if [[ "${previous}" == --properties-file ]]; then
    cp "${argument}" "${FAKE_ARGS_FILE}.properties"
  fi
  previous="${argument}"
done
FAKE
  chmod +x "${work}/fake"
  passed=0
  failed=0
}

report() {
  if [[ -z "${2:-}" ]]; then
    passed=$((passed + 1))
    echo "ok     $1"
  else
    failed=$((failed + 1))
    echo "FAILED $1: $2"
  fi
}

has_env() {
  if grep -qxF -- "$2=$3" "${work}/args.env" 2> /dev/null; then
    report "$1" ""
  else
    report "$1" "$2 is not '$3' in the environment: $(grep -- "^$2=" "${work}/args.env")"
  fi
}

run_recording() {
  local name="$1" want="$2" variable="$3" script="$4"
  shift 4
  rm -f "${work}/args" "${work}/args.properties" "${work}/args.env"
  local status=0
  env FAKE_ARGS_FILE="${work}/args" "${variable}=${work}/fake" \
    "${script}" "$@" > /dev/null 2> "${work}/err" || status=$?
  if ((status != want)); then
    report "${name}" "exit status ${status}, expected ${want}: $(< "${work}/err")"
    return 1
  fi
}

has_sequence() {
  local name="$1"
  shift
  local args=() i j
  mapfile -t args < "${work}/args"
  for ((i = 0; i + $# <= ${#args[@]}; i++)); do
    local words=("$@")
    for ((j = 0; j < $#; j++)); do
      [[ "${args[i + j]}" == "${words[j]}" ]] || continue 2
    done
    report "${name}" ""
    return 0
  done
  report "${name}" "arguments lack '$*': $(tr '\n' ' ' < "${work}/args")"
}

stderr_has() {
  if grep -qF -- "$2" "${work}/err"; then
    report "$1" ""
  else
    report "$1" "stderr lacks '$2': $(< "${work}/err")"
  fi
}

lacks_word() {
  if grep -qxF -- "$2" "${work}/args"; then
    report "$1" "arguments have '$2': $(tr '\n' ' ' < "${work}/args")"
  else
    report "$1" ""
  fi
}

has_property() {
  local name="$1" key="$2" want="$3" line value=""
  if [[ ! -f "${work}/args.properties" ]]; then
    report "${name}" "no properties file was passed"
    return
  fi
  while IFS= read -r line; do
    if [[ "${line}" == "${key}"[[:space:]=:]* ]]; then
      value="${line#"${key}"}"
      value="${value#"${value%%[![:space:]]*}"}"
      value="${value#[=:]}"
      value="${value#"${value%%[![:space:]]*}"}"
    fi
  done < "${work}/args.properties"
  if [[ "${value}" == "${want}" ]]; then
    report "${name}" ""
  else
    report "${name}" "${key} is '${value}', expected '${want}'"
  fi
}

testing_summary() {
  echo "${passed} passed, ${failed} failed"
  ((failed == 0))
}
