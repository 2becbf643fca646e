#!/usr/bin/env bash
# Tests run-train.sh with a fake submit wrapper (NGRPO_SUBMIT) that records its arguments and
# exits with FAKE_STATUS: the command line it submits, the exit statuses it gives a scheduler,
# and the lock that skips a second start. Needs no Spark. Exits 1 on any mismatch.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/testing.sh
source "$(dirname "${here}")/testing.sh"
testing_setup

# testing.sh's fake always succeeds; this one exits with FAKE_STATUS (default 0).
cat > "${work}/fake" <<'FAKE'
#!/usr/bin/env bash
printf '%s\n' "$@" > "${FAKE_ARGS_FILE}"
exit "${FAKE_STATUS:-0}"
FAKE
export NGRPO_LOCK="${work}/train.lock"
run_file="${work}/run.conf"
echo 'ngrpo.run.steps = 1' > "${run_file}"

# run NAME EXPECTED_STATUS [ARGS...]: run-train.sh against the fake; stderr in ${work}/err.
run() {
  local name="$1" want="$2"
  shift 2
  run_recording "${name}" "${want}" NGRPO_SUBMIT "${here}/run-train.sh" "$@"
}


# expect NAME EXPECTED_STATUS [ARGS...]: the run exits with EXPECTED_STATUS (counted either way).
expect() {
  if run "$@"; then
    report "$1" ""
  else
    return 1
  fi
}

if expect "a complete or finished run exits 0" 0 \
    --master yarn --deploy-mode cluster -- "${run_file}"; then
  has_sequence "spark-submit options, then train RUN_FILE --resume-or-start" \
    --master yarn --deploy-mode cluster -- train "${run_file}" --resume-or-start
fi
if FAKE_STATUS=2 expect "a configuration error stays 2: do not retry" 2 -- "${run_file}"; then
  stderr_has "the configuration error is explained" "configuration error (exit 2)"
fi
if FAKE_STATUS=1 expect "a failed run exits 1: retry" 1 -- "${run_file}"; then
  stderr_has "the failure says the next start resumes" "resumes from the last checkpoint"
fi
FAKE_STATUS=137 expect "any other failure exits 1" 1 -- "${run_file}" || true
expect "a missing run file is a configuration error" 2 -- "${work}/none.conf" || true
expect "no run file is a usage error" 2 --master yarn || true

# A second start while another process holds the lock is skipped with 75 and submits
# nothing. The holder is a sleep that holds the lock's descriptor itself, so killing it frees
# the lock.
(
  exec 8>> "${NGRPO_LOCK}"
  flock 8
  exec sleep 30
) &
holder=$!
for _ in $(seq 50); do
  if ! flock --nonblock "${NGRPO_LOCK}" true; then
    break
  fi
  sleep 0.1
done
if expect "a start while another holds the lock is skipped" 75 -- "${run_file}"; then
  if [[ -e "${work}/args" ]]; then
    report "the skipped start submits nothing" "it submitted: $(tr '\n' ' ' < "${work}/args")"
  else
    report "the skipped start submits nothing" ""
  fi
fi
kill "${holder}"
wait "${holder}" 2> /dev/null || true
expect "after the holder ends, a start runs again" 0 -- "${run_file}" || true

testing_summary
