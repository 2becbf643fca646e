#!/usr/bin/env bash
# Submits a run of deploy/kubernetes with spark-submit in cluster mode, through deploy/submit.sh
# (which adds the shared settings of deploy/ngrpo-spark.properties), using the pod templates
# beside this script; the driver reads /etc/ngrpo/run.conf from the ngrpo-run ConfigMap
# (configmap.yaml). Apply rbac.yaml, pvc.yaml, configmap.yaml and the ngrpo-spark-auth secret
# first (README.md).
#
#   deploy/kubernetes/submit-k8s.sh [COMMAND] [command options: --set KEY=VALUE ...]
#
# COMMAND defaults to train (eval and sft work too). Environment (defaults in brackets):
#   NGRPO_K8S_MASTER        the API server as k8s://https://HOST:PORT (required)
#   NGRPO_IMAGE             the GPU image built from Dockerfile, in your registry (required)
#   NGRPO_NAMESPACE         namespace of the manifests                      [ngrpo]
#   NGRPO_EXECUTORS         executors, one GPU each                          [4]
#   NGRPO_EXECUTOR_CORES    cores per executor = spark.task.cpus             [8]
#   NGRPO_EXECUTOR_MEMORY   executor heap                                    [24g]
#   NGRPO_DRIVER_MEMORY     driver heap (learner, optimizer state)           [32g]
#   NGRPO_OVERHEAD          off-heap memory per pod (libtorch)               [16g]
#   NGRPO_SPARK_SUBMIT      spark-submit to run [$SPARK_HOME/bin/spark-submit, else from PATH]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deploy="$(dirname "${here}")"

fail() {
  echo "submit-k8s.sh: $*" >&2
  exit 2
}

command=train
if (($# > 0)) && [[ "$1" == train || "$1" == eval || "$1" == sft ]]; then
  command="$1"
  shift
fi
master="${NGRPO_K8S_MASTER:-}"
image="${NGRPO_IMAGE:-}"
[[ "${master}" == k8s://* ]] || fail "set NGRPO_K8S_MASTER to k8s://https://HOST:PORT" \
  "(the API server that 'kubectl cluster-info' shows)"
[[ -n "${image}" ]] || fail "set NGRPO_IMAGE to the image built from deploy/kubernetes/Dockerfile"

spark_submit="${NGRPO_SPARK_SUBMIT:-}"
if [[ -z "${spark_submit}" && -n "${SPARK_HOME:-}" ]]; then
  spark_submit="${SPARK_HOME}/bin/spark-submit"
fi
if [[ -z "${spark_submit}" ]]; then
  spark_submit="$(command -v spark-submit || true)"
fi
[[ -n "${spark_submit}" && -x "${spark_submit}" ]] || fail "no spark-submit: set SPARK_HOME" \
  "to a Spark 4.2.0 (Scala 2.13) installation"

cores="${NGRPO_EXECUTOR_CORES:-8}"
overhead="${NGRPO_OVERHEAD:-16g}"
discovery=/opt/ngrpo/discover-gpus.sh

export SPARK_SUBMIT="${spark_submit}"
export NGRPO_APP_JAR=local:///opt/ngrpo/ngrpo-spark-app.jar
export NGRPO_TORCH_THREADS="${cores}"
exec "${deploy}/submit.sh" \
  --master "${master}" \
  --deploy-mode cluster \
  --name ngrpo-qwen-math \
  --conf "spark.kubernetes.namespace=${NGRPO_NAMESPACE:-ngrpo}" \
  --conf "spark.kubernetes.container.image=${image}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=ngrpo-spark \
  --conf "spark.kubernetes.driver.podTemplateFile=${here}/driver-pod-template.yaml" \
  --conf "spark.kubernetes.executor.podTemplateFile=${here}/executor-pod-template.yaml" \
  --conf spark.kubernetes.driver.ownPersistentVolumeClaim=false \
  --conf spark.kubernetes.driver.reusePersistentVolumeClaim=false \
  --conf "spark.executor.instances=${NGRPO_EXECUTORS:-4}" \
  --conf "spark.executor.cores=${cores}" \
  --conf "spark.executor.memory=${NGRPO_EXECUTOR_MEMORY:-24g}" \
  --conf "spark.executor.memoryOverhead=${overhead}" \
  --conf spark.driver.cores=8 \
  --conf "spark.driver.memory=${NGRPO_DRIVER_MEMORY:-32g}" \
  --conf "spark.driver.memoryOverhead=${overhead}" \
  --conf spark.driver.resource.gpu.amount=1 \
  --conf spark.driver.resource.gpu.vendor=nvidia.com \
  --conf "spark.driver.resource.gpu.discoveryScript=${discovery}" \
  --conf spark.executor.resource.gpu.amount=1 \
  --conf spark.executor.resource.gpu.vendor=nvidia.com \
  --conf "spark.executor.resource.gpu.discoveryScript=${discovery}" \
  --conf spark.task.resource.gpu.amount=1 \
  --conf "spark.task.cpus=${cores}" \
  --conf spark.authenticate.secret.file=/etc/spark-auth/secret \
  --conf spark.ui.enabled=false \
  -- "${command}" local:///etc/ngrpo/run.conf "$@"
