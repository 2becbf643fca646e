#!/usr/bin/env bash
# Submits an ngrpo-spark training run with spark-submit.
#
#   deploy/submit.sh [spark-submit options...] -- RUN_FILE [train options...]
#
# e.g. deploy/submit.sh --master yarn --deploy-mode cluster --num-executors 4 \
#        -- deploy/yarn/run.conf --set ngrpo.run.steps=100
#
# Adds the main class, the application jar, Kryo with the project's registrator, DJL's offline
# mode and thread settings for the driver and the executors, and ships RUN_FILE with --files
# (in cluster mode the driver reads it from its working folder). Options given before "--" come
# after these, so they win. Environment:
#   SPARK_HOME            where bin/spark-submit is (unless SPARK_SUBMIT is set)
#   SPARK_SUBMIT          the submit command to run instead, e.g. "java ... SparkSubmit"
#   NGRPO_APP_JAR         the application jar (default: dist/target/ngrpo-spark-app-*.jar)
#   NGRPO_TORCH_THREADS   PyTorch intra-op threads per executor (default 1: one per task slot)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

spark_options=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  spark_options+=("$1")
  shift
done
if [[ $# -lt 2 ]]; then
  echo "usage: deploy/submit.sh [spark-submit options...] -- RUN_FILE [train options...]" >&2
  exit 2
fi
shift
run_file="$1"
shift
if [[ ! -f "$run_file" ]]; then
  echo "deploy/submit.sh: run file $run_file does not exist" >&2
  exit 2
fi

jar="${NGRPO_APP_JAR:-}"
if [[ -z "$jar" ]]; then
  for candidate in "$root"/dist/target/ngrpo-spark-app-*.jar; do
    if [[ -f "$candidate" ]]; then
      jar="$candidate"
      break
    fi
  done
fi
if [[ -z "$jar" || ! -f "$jar" ]]; then
  echo "deploy/submit.sh: no application jar; build it with: mvn -B package -DskipTests" \
    "(GPU nodes: add -Dgpu), or set NGRPO_APP_JAR" >&2
  exit 2
fi

if [[ -n "${SPARK_SUBMIT:-}" ]]; then
  read -r -a submit <<< "$SPARK_SUBMIT"
else
  submit=("${SPARK_HOME:?set SPARK_HOME (or SPARK_SUBMIT)}/bin/spark-submit")
fi

# In cluster mode the driver runs on the cluster and finds the shipped file in its working
# folder; in client mode it reads the local file.
driver_run_file="$run_file"
for ((i = 0; i < ${#spark_options[@]}; i++)); do
  if [[ "${spark_options[i]}" == "--deploy-mode" && "${spark_options[i + 1]:-}" == "cluster" ]] \
      || [[ "${spark_options[i]}" == "--deploy-mode=cluster" ]]; then
    driver_run_file="$(basename "$run_file")"
  fi
done

threads="${NGRPO_TORCH_THREADS:-1}"
djl="-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"
exec "${submit[@]}" \
  --class dev.ngrpo.cli.Main \
  --files "$run_file" \
  --conf "spark.driver.extraJavaOptions=$djl" \
  --conf "spark.executor.extraJavaOptions=$djl -Dai.djl.pytorch.num_threads=$threads" \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=dev.ngrpo.orchestrator.spark.NgrpoKryoRegistrator \
  --conf spark.kryo.registrationRequired=true \
  "${spark_options[@]}" \
  "$jar" train "$driver_run_file" "$@"
