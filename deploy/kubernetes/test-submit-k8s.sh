#!/usr/bin/env bash
# Tests the spark-submit command line submit-k8s.sh builds, with a fake spark-submit
# (NGRPO_SPARK_SUBMIT) that records its arguments; needs no cluster. Exits 1 on any mismatch.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/testing.sh
source "$(dirname "${here}")/testing.sh"
testing_setup

# run NAME EXPECTED_STATUS [ARGS...]: runs submit-k8s.sh against the fake; its arguments land
# in ${work}/args, its stderr in ${work}/err.
run() {
  local name="$1" want="$2"
  shift 2
  run_recording "${name}" "${want}" NGRPO_SPARK_SUBMIT "${here}/submit-k8s.sh" "$@"
}


export NGRPO_K8S_MASTER=k8s://https://api.example.test:6443
export NGRPO_IMAGE=registry.example.test/ngrpo-spark:0.1.0-cu128
if run "submission" 0 --set ngrpo.run.steps=10 --resume; then
  has_sequence "master and cluster mode" --master "${NGRPO_K8S_MASTER}" --deploy-mode cluster
  has_sequence "main class" --class dev.ngrpo.cli.Main
  has_sequence "image" --conf "spark.kubernetes.container.image=${NGRPO_IMAGE}"
  has_sequence "driver pod template" --conf \
    "spark.kubernetes.driver.podTemplateFile=${here}/driver-pod-template.yaml"
  has_sequence "executor pod template" --conf \
    "spark.kubernetes.executor.podTemplateFile=${here}/executor-pod-template.yaml"
  has_sequence "secret file" --conf spark.authenticate.secret.file=/etc/spark-auth/secret
  modules="$(sed -n 's:.*<jvm.flags>\(.*\)</jvm.flags>.*:\1:p' "${here}/../../pom.xml")"
  has_property "DJL offline on executors, a thread per core" spark.executor.extraJavaOptions \
    "${modules} -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.pytorch.num_threads=8"
  has_property "the shared settings" spark.network.crypto.enabled true
  has_sequence "jar, run file, then train options last" local:///opt/ngrpo/ngrpo-spark-app.jar \
    train /etc/ngrpo/run.conf --set ngrpo.run.steps=10 --resume
fi
if run "eval" 0 eval --set ngrpo.eval.size=64; then
  has_sequence "eval with the run file of the ConfigMap" local:///opt/ngrpo/ngrpo-spark-app.jar \
    eval /etc/ngrpo/run.conf --set ngrpo.eval.size=64
fi
if NGRPO_K8S_MASTER=https://api.example.test:6443 run "master without k8s://" 2; then
  stderr_has "master without k8s:// is explained" NGRPO_K8S_MASTER
fi
if NGRPO_IMAGE="" run "no image" 2; then
  stderr_has "missing image is explained" NGRPO_IMAGE
fi

testing_summary
