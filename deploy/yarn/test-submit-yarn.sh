#!/usr/bin/env bash
# Tests the command line submit-yarn.sh hands to the spark-submit wrapper, with a fake wrapper
# (NGRPO_SUBMIT) that records its arguments; needs no cluster. Exits 1 on any mismatch.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deploy="$(dirname "${here}")"
# shellcheck source=deploy/testing.sh
source "$(dirname "${here}")/testing.sh"
testing_setup
printf 'ngrpo.run.steps = 1\n' > "${work}/other.conf"

# run NAME EXPECTED_STATUS [ARGS...]: runs submit-yarn.sh against the fake; its arguments land
# in ${work}/args, its stderr in ${work}/err.
run() {
  local name="$1" want="$2"
  shift 2
  run_recording "${name}" "${want}" NGRPO_SUBMIT "${here}/submit-yarn.sh" "$@"
}

export NGRPO_LIBTORCH=/opt/libtorch/lib
if run "default run file" 0; then
  has_sequence "master yarn, cluster mode" --master yarn --deploy-mode cluster
  has_sequence "train and the run file after --" -- train "${deploy}/yarn/run.conf"
  has_sequence "one attempt unless asked" --conf spark.yarn.maxAppAttempts=1
  has_sequence "discovery script shipped" --conf "spark.yarn.dist.files=${deploy}/gpu/discover-gpus.sh"
  has_sequence "executor GPU discovery" --conf \
    spark.executor.resource.gpu.discoveryScript=./discover-gpus.sh
  has_sequence "one GPU per task" --conf spark.task.resource.gpu.amount=1
  has_sequence "libtorch for executors" --conf \
    spark.executorEnv.PYTORCH_LIBRARY_PATH=/opt/libtorch/lib
  has_sequence "libtorch for the driver" --conf \
    spark.yarn.appMasterEnv.PYTORCH_FLAVOR=cu128
  has_sequence "huge pages for the driver's CPU tensors" --conf \
    spark.yarn.appMasterEnv.THP_MEM_ALLOC_ENABLE=1
fi
if run "own run file and train options" 0 "${work}/other.conf" --resume --set ngrpo.run.steps=2
then
  has_sequence "train options follow the run file" -- train "${work}/other.conf" --resume \
    --set ngrpo.run.steps=2
  has_sequence "application name from the run file" --name ngrpo-other
fi
if run "train options only" 0 --resume; then
  has_sequence "default run file, then --resume" -- train "${deploy}/yarn/run.conf" --resume
fi
if NGRPO_MAX_ATTEMPTS=2 run "eval with its own run file" 0 eval "${work}/other.conf"; then
  has_sequence "eval, then the run file" -- eval "${work}/other.conf"
  has_sequence "attempts from NGRPO_MAX_ATTEMPTS" --conf spark.yarn.maxAppAttempts=2
fi
if run "missing run file" 2 "${work}/absent.conf"; then
  report "missing run file" ""
fi
unset NGRPO_LIBTORCH
if run "no NGRPO_LIBTORCH" 2; then
  if grep -q NGRPO_LIBTORCH "${work}/err"; then
    report "no NGRPO_LIBTORCH" ""
  else
    report "no NGRPO_LIBTORCH" "message does not name NGRPO_LIBTORCH: $(< "${work}/err")"
  fi
fi

testing_summary
