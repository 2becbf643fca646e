#!/usr/bin/env bash
# One scheduled training submission, for cron and systemd (README.md beside this file):
#
#   deploy/schedule/run-train.sh [spark-submit options...] -- RUN_FILE
#
# runs deploy/submit.sh [spark-submit options...] -- train RUN_FILE --resume-or-start, so every
# start does the right thing on the run's output folder: a new run when it holds no checkpoint,
# the run continued from its newest checkpoint otherwise, exit 0 at once when it is complete.
# A lock per run file keeps a second start (an overlapping schedule, a manual start) from
# submitting while one is still going. Exit status, for the scheduler:
#   0   the run is complete, or this submission ended well
#   1   the submission or the run failed: starting again resumes from the last checkpoint
#   2   a configuration or usage error: starting again fails the same way, fix it first
#   75  skipped: another start with this run file holds the lock (EX_TEMPFAIL)
# Environment:
#   NGRPO_SUBMIT   the submit wrapper (default: deploy/submit.sh beside this folder)
#   NGRPO_LOCK     the lock file (default: ngrpo-train-<hash of RUN_FILE's path>.lock in
#                  $XDG_RUNTIME_DIR, else /tmp)
# and those of deploy/submit.sh (SPARK_HOME, ...).
set -euo pipefail

deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) run-train.sh: $*" >&2
}

usage() {
  log "usage: deploy/schedule/run-train.sh [spark-submit options...] -- RUN_FILE"
  exit 2
}

options=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  options+=("$1")
  shift
done
[[ $# -eq 2 ]] || usage
run_file="$2"
if [[ ! -f "${run_file}" ]]; then
  log "run file ${run_file} does not exist"
  exit 2
fi
if ! command -v flock > /dev/null 2>&1; then
  log "flock is missing (Debian/Ubuntu: apt-get install util-linux)"
  exit 2
fi

absolute="$(cd "$(dirname "${run_file}")" && pwd)/$(basename "${run_file}")"
hash="$(printf '%s' "${absolute}" | cksum | cut -d ' ' -f 1)"
lock="${NGRPO_LOCK:-${XDG_RUNTIME_DIR:-/tmp}/ngrpo-train-${hash}.lock}"
exec 9>> "${lock}"
if ! flock --nonblock 9; then
  log "another start with ${absolute} still runs (lock ${lock}); skipped"
  exit 75
fi

submit="${NGRPO_SUBMIT:-${deploy}/submit.sh}"
log "submitting train ${absolute} --resume-or-start"
status=0
# The submission inherits the lock: it stays held while spark-submit runs, even if this shell
# is killed first.
"${submit}" "${options[@]}" -- train "${run_file}" --resume-or-start || status=$?
case "${status}" in
  0)
    log "done: the run is complete or this submission ended well"
    exit 0
    ;;
  2)
    log "configuration error (exit 2): fix it before the next start, which would fail the same way"
    exit 2
    ;;
  *)
    log "failed (exit ${status}): the next start resumes from the last checkpoint"
    exit 1
    ;;
esac
