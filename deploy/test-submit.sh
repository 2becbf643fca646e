#!/usr/bin/env bash
# Tests the spark-submit command line and properties file deploy/submit.sh builds, with a fake
# spark-submit (SPARK_SUBMIT) that records both; needs no cluster. Exits 1 on any mismatch.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/testing.sh
source "${here}/testing.sh"
testing_setup
export NGRPO_APP_JAR="${work}/app.jar"
touch "${NGRPO_APP_JAR}"
unset THP_MEM_ALLOC_ENABLE
printf 'ngrpo.run.steps = 1\n' > "${work}/run.conf"
mkdir -p "${work}/conf"
export SPARK_CONF_DIR="${work}/conf"
cat > "${work}/conf/spark-defaults.conf" <<'DEFAULTS'
# the cluster's own settings
spark.driver.extraJavaOptions    -XX:+UseG1GC
spark.executor.extraJavaOptions=-Dcluster=1
spark.yarn.dist.files            hdfs:///cluster/tool.sh
DEFAULTS

# run NAME EXPECTED_STATUS [ARGS...]: runs submit.sh against the fake; its arguments land in
# ${work}/args, the properties file in ${work}/args.properties, stderr in ${work}/err.
run() {
  local name="$1" want="$2"
  shift 2
  run_recording "${name}" "${want}" SPARK_SUBMIT "${here}/submit.sh" "$@"
}


modules="$(sed -n 's:.*<jvm.flags>\(.*\)</jvm.flags>.*:\1:p' "${here}/../pom.xml")"
djl="${modules} -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"
if run "client mode on a standalone master" 0 --master spark://m:7077 -- eval "${work}/run.conf" \
    --set ngrpo.eval.size=8; then
  has_sequence "main class, properties file with the cluster's defaults" --class \
    dev.ngrpo.cli.Main --properties-file
  has_sequence "spark-defaults.conf still loaded" --load-spark-defaults
  has_sequence "jar, command, local run file, options" "${NGRPO_APP_JAR}" eval \
    "${work}/run.conf" --set ngrpo.eval.size=8
  lacks_word "nothing shipped" --files
  has_property "shared settings: authentication" spark.authenticate true
  has_property "shared settings: no dynamic allocation" spark.dynamicAllocation.enabled false
  has_property "shared settings: no REST submission" spark.master.rest.enabled false
  has_property "shared settings: huge pages for executors' tensors" \
    spark.executorEnv.THP_MEM_ALLOC_ENABLE 1
  has_env "huge pages for a client-mode driver's tensors" THP_MEM_ALLOC_ENABLE 1
  has_property "driver JVM options appended to the cluster's" spark.driver.extraJavaOptions \
    "-XX:+UseG1GC ${djl}"
  has_property "executor JVM options appended to the cluster's" \
    spark.executor.extraJavaOptions "-Dcluster=1 ${djl} -Dai.djl.pytorch.num_threads=1"
  properties="$(sed -n '/^--properties-file$/{n;p;}' "${work}/args")"
  if [[ -e "${properties}" ]]; then
    report "properties file removed after spark-submit" "${properties} is still there"
  else
    report "properties file removed after spark-submit"
  fi
fi

if run "own JVM options and YARN files are appended, not replacing" 0 --master yarn \
    --conf spark.driver.extraJavaOptions=-Dmine=1 --driver-java-options -Dmore=2 \
    --conf spark.yarn.dist.files=/opt/gpu.sh --conf spark.executor.cores=4 -- train \
    "${work}/run.conf"; then
  has_property "driver options: cluster, DJL, then the user's" spark.driver.extraJavaOptions \
    "-XX:+UseG1GC ${djl} -Dmine=1 -Dmore=2"
  has_property "YARN files: the cluster's, then the user's" spark.yarn.dist.files \
    "hdfs:///cluster/tool.sh,/opt/gpu.sh"
  lacks_word "no --conf replacing the driver options" spark.driver.extraJavaOptions=-Dmine=1
  has_sequence "other --conf passed on" --conf spark.executor.cores=4
fi

if run "YARN cluster mode ships the run file" 0 --master yarn --deploy-mode cluster \
    --files /data/extra.txt -- train "${work}/run.conf" --resume-or-start; then
  has_sequence "run file shipped with the user's files" --files "${work}/run.conf,/data/extra.txt"
  has_sequence "the driver reads the shipped copy" "${NGRPO_APP_JAR}" train run.conf \
    --resume-or-start
fi

if run "standalone cluster mode reads the path on the worker" 0 --master spark://m:7077 \
    --deploy-mode cluster -- train "${work}/run.conf"; then
  has_sequence "absolute run file path" "${NGRPO_APP_JAR}" train "${work}/run.conf"
  lacks_word "nothing shipped" --files
  stderr_has "the shared file system is explained" "every worker mounts"
fi

if run "Kubernetes cluster mode without an upload path" 2 --master k8s://https://api:6443 \
    --deploy-mode cluster -- train "${work}/run.conf"; then
  stderr_has "the missing key is named" spark.kubernetes.file.upload.path
fi
if run "Kubernetes cluster mode with an upload path" 0 --master k8s://https://api:6443 \
    --deploy-mode cluster --conf spark.kubernetes.file.upload.path=s3a://bucket/up -- train \
    "${work}/run.conf"; then
  has_sequence "run file shipped" --files "${work}/run.conf"
  has_sequence "the driver reads the downloaded copy" train run.conf
fi
if run "a run file inside the image" 0 --master k8s://https://api:6443 --deploy-mode cluster \
    -- train local:///etc/ngrpo/run.conf; then
  has_sequence "the path on the driver" train /etc/ngrpo/run.conf
  lacks_word "nothing shipped" --files
fi

printf 'spark.authenticate.secret s3cr3t\n' > "${work}/secret.properties"
chmod 644 "${work}/secret.properties"
if NGRPO_PROPERTIES="${work}/secret.properties" run "a readable secret file is refused" 2 \
    --master spark://m:7077 -- train "${work}/run.conf"; then
  stderr_has "how to fix it" "chmod 600 ${work}/secret.properties"
fi
chmod 600 "${work}/secret.properties"
if NGRPO_PROPERTIES="${work}/secret.properties" run "a private secret file" 0 \
    --master spark://m:7077 -- train "${work}/run.conf"; then
  has_property "the secret reaches spark-submit in the file" spark.authenticate.secret s3cr3t
  if grep -q s3cr3t "${work}/args"; then
    report "the secret is on no command line" "$(tr '\n' ' ' < "${work}/args")"
  else
    report "the secret is on no command line"
  fi
fi

if run "the form without a command runs train" 0 --master yarn -- "${work}/run.conf" --resume; then
  has_sequence "train, run file, options" "${NGRPO_APP_JAR}" train "${work}/run.conf" --resume
  stderr_has "the new form is shown" "-- train ${work}/run.conf"
fi
if run "a missing run file" 2 --master yarn -- train "${work}/absent.conf"; then
  stderr_has "the file is named" "${work}/absent.conf"
fi
status=0
SPARK_SUBMIT=false "${here}/submit.sh" --master yarn -- train "${work}/run.conf" \
  > /dev/null 2>&1 || status=$?
if ((status == 1)); then
  report "spark-submit's exit status is submit.sh's"
else
  report "spark-submit's exit status is submit.sh's" "exit status ${status}, expected 1"
fi

testing_summary
