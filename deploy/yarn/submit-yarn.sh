#!/usr/bin/env bash
# Submits a run to YARN in cluster mode with one GPU per executor and one for the driver (the
# learner), through deploy/submit.sh, which adds the shared settings of
# deploy/ngrpo-spark.properties. Example values; see deploy/yarn/README.md.
#
#   deploy/yarn/submit-yarn.sh [COMMAND] [RUN_FILE] [command options: --set KEY=VALUE ...]
#
# COMMAND defaults to train (eval and sft work too), RUN_FILE to deploy/yarn/run.conf. Sizes
# and places come from the environment:
#   NGRPO_LIBTORCH          lib folder of a CUDA libtorch 2.7.1 (cu128), same path on every
#                           GPU node (required; the -Dgpu application jar carries no libtorch)
#   NGRPO_QUEUE             YARN queue                                    (default: default)
#   NGRPO_EXECUTORS         executors, one GPU each                       (default: 4)
#   NGRPO_EXECUTOR_CORES    cores per executor = spark.task.cpus          (default: 8)
#   NGRPO_EXECUTOR_MEMORY   executor heap                                 (default: 24g)
#   NGRPO_DRIVER_MEMORY     driver heap (learner, optimizer state)        (default: 32g)
#   NGRPO_OVERHEAD          off-heap memory per container (libtorch)      (default: 16g)
#   NGRPO_MAX_ATTEMPTS      YARN application attempts (default: 1; 2 lets YARN retry a failed
#                           driver, which resumes only with train --resume-or-start)
#   NGRPO_SUBMIT            the spark-submit wrapper                      (default: deploy/submit.sh)
set -euo pipefail

deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
submit="${NGRPO_SUBMIT:-${deploy}/submit.sh}"

command=train
if (($# > 0)) && [[ "$1" == train || "$1" == eval || "$1" == sft ]]; then
  command="$1"
  shift
fi
run_file="${deploy}/yarn/run.conf"
if (($# > 0)) && [[ "$1" != -* ]]; then
  run_file="$1"
  shift
fi
if [[ ! -f "${run_file}" ]]; then
  echo "submit-yarn.sh: run file '${run_file}' not found" >&2
  exit 2
fi
if [[ ! -x "${submit}" ]]; then
  echo "submit-yarn.sh: spark-submit wrapper '${submit}' not found or not executable" >&2
  exit 2
fi
libtorch="${NGRPO_LIBTORCH:-}"
if [[ -z "${libtorch}" ]]; then
  echo "submit-yarn.sh: set NGRPO_LIBTORCH to the lib folder of a CUDA libtorch 2.7.1 (cu128)" \
    "installed at the same path on every GPU node, e.g. /opt/libtorch-2.7.1-cu128/lib" >&2
  exit 2
fi

executor_cores="${NGRPO_EXECUTOR_CORES:-8}"
overhead="${NGRPO_OVERHEAD:-16g}"
discovery="${deploy}/gpu/discover-gpus.sh"

gpu_env=()
for role in spark.executorEnv spark.yarn.appMasterEnv; do
  gpu_env+=(--conf "${role}.PYTORCH_LIBRARY_PATH=${libtorch}"
    --conf "${role}.PYTORCH_VERSION=2.7.1"
    --conf "${role}.PYTORCH_FLAVOR=cu128")
done
# libtorch's large CPU tensors in transparent huge pages in the ApplicationMaster's driver too
# (executors have it from deploy/ngrpo-spark.properties).
gpu_env+=(--conf spark.yarn.appMasterEnv.THP_MEM_ALLOC_ENABLE=1)

# spark.yarn.dist.files ships the discovery script into every container's working directory
# (executable, as YARN localizes files); deploy/submit.sh appends it to the cluster's own list.
export NGRPO_TORCH_THREADS="${executor_cores}"
exec "${submit}" \
  --master yarn \
  --deploy-mode cluster \
  --queue "${NGRPO_QUEUE:-default}" \
  --name "ngrpo-$(basename "${run_file}" .conf)" \
  --num-executors "${NGRPO_EXECUTORS:-4}" \
  --executor-cores "${executor_cores}" \
  --executor-memory "${NGRPO_EXECUTOR_MEMORY:-24g}" \
  --driver-cores 8 \
  --driver-memory "${NGRPO_DRIVER_MEMORY:-32g}" \
  --conf "spark.executor.memoryOverhead=${overhead}" \
  --conf "spark.driver.memoryOverhead=${overhead}" \
  --conf "spark.yarn.dist.files=${discovery}" \
  --conf spark.driver.resource.gpu.amount=1 \
  --conf spark.driver.resource.gpu.discoveryScript=./discover-gpus.sh \
  --conf spark.executor.resource.gpu.amount=1 \
  --conf spark.executor.resource.gpu.discoveryScript=./discover-gpus.sh \
  --conf spark.task.resource.gpu.amount=1 \
  --conf "spark.task.cpus=${executor_cores}" \
  --conf "spark.yarn.maxAppAttempts=${NGRPO_MAX_ATTEMPTS:-1}" \
  "${gpu_env[@]}" \
  -- "${command}" "${run_file}" "$@"
