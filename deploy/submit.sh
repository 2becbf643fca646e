#!/usr/bin/env bash
# Submits an ngrpo-spark command with spark-submit: any command (train, eval, sft, doctor, ...),
# in client or cluster deploy mode, on YARN, a standalone master or Kubernetes.
#
#   deploy/submit.sh [spark-submit options...] -- COMMAND [RUN_FILE] [command options...]
#
# e.g. deploy/submit.sh --master yarn --deploy-mode cluster --num-executors 4 \
#        -- train deploy/yarn/run.conf --resume-or-start
#
# What it adds to spark-submit (options before "--" are passed on and win):
#   * --class dev.ngrpo.cli.Main and the application jar;
#   * one properties file: deploy/ngrpo-spark.properties (the settings every run shares), then
#     the files of NGRPO_PROPERTIES and --properties-file, then the merged settings below; with
#     --load-spark-defaults, so the cluster's spark-defaults.conf still applies to every key
#     these do not set. It is written to a private temporary folder, removed when spark-submit
#     ends, so a secret in NGRPO_PROPERTIES never appears on a command line;
#   * DJL's offline mode and thread settings, appended to the JVM options of the cluster's
#     spark-defaults.conf and to those given here (spark.{driver,executor}.extraJavaOptions,
#     --driver-java-options), never replacing them; spark.yarn.dist.files given with --conf is
#     appended to the cluster's the same way, and --files to the run file;
#   * the run file where the driver reads it. Client mode: the local path. Cluster mode on YARN
#     and Kubernetes: shipped with --files and read from the driver's working folder (Kubernetes
#     needs spark.kubernetes.file.upload.path for that). Cluster mode on a standalone master:
#     the absolute path, which the worker that runs the driver reads, so it must be on a file
#     system every worker mounts there (Spark asks the same of the jar). local:///PATH names a
#     file already on the driver's node or in its image.
#
# Environment:
#   SPARK_HOME            where bin/spark-submit and conf/ are (unless SPARK_SUBMIT is set)
#   SPARK_CONF_DIR        the cluster's configuration folder (default: $SPARK_HOME/conf)
#   SPARK_SUBMIT          the submit command to run instead, e.g. "java ... SparkSubmit"
#   NGRPO_APP_JAR         the application jar (default: dist/target/ngrpo-spark-app-*.jar), or a
#                         URI the cluster reads it from (local:///opt/ngrpo/ngrpo-spark-app.jar)
#   NGRPO_PROPERTIES      more properties files, ':'-separated (a file with a secret must be
#                         readable by its owner only: mode 0600)
#   NGRPO_TORCH_THREADS   PyTorch intra-op threads per executor (default 1: one per task slot)
#   THP_MEM_ALLOC_ENABLE  1 (default): libtorch's large CPU tensors in transparent huge pages,
#                         for a client-mode driver (executors: deploy/ngrpo-spark.properties)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${root}/deploy/ngrpo-spark.properties"

fail() {
  echo "deploy/submit.sh: $*" >&2
  exit 2
}

usage() {
  fail "usage: deploy/submit.sh [spark-submit options...] -- COMMAND [RUN_FILE] [options...]"
}

# ---- the command line: spark-submit options, then the ngrpo command ----
spark_options=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  spark_options+=("$1")
  shift
done
[[ $# -ge 2 ]] || usage
shift
command="$1"
shift
[[ "${command}" != -* ]] || usage
if [[ -f "${command}" ]]; then
  # the form before commands were named: "-- RUN_FILE [train options]"
  echo "deploy/submit.sh: no command before the run file; running train" \
    "(write: -- train ${command} ...)" >&2
  set -- "${command}" "$@"
  command=train
fi
run_file=""
if [[ $# -gt 0 && "$1" != -* ]]; then
  run_file="$1"
  shift
fi

# ---- what the options say; list-valued settings are taken out to be merged ----
passed=()
property_files=()
master=""
deploy_mode=""
user_driver_opts=""
user_executor_opts=""
user_dist_files=""
user_files=""
declare -A user_conf=()

take_conf() {
  local key="${1%%=*}" value="${1#*=}"
  case "${key}" in
    spark.driver.extraJavaOptions) user_driver_opts="${user_driver_opts:+${user_driver_opts} }${value}" ;;
    spark.executor.extraJavaOptions) user_executor_opts="${user_executor_opts:+${user_executor_opts} }${value}" ;;
    spark.yarn.dist.files) user_dist_files="${user_dist_files:+${user_dist_files},}${value}" ;;
    spark.files) user_files="${user_files:+${user_files},}${value}" ;;
    *)
      user_conf["${key}"]="${value}"
      passed+=(--conf "$1")
      ;;
  esac
}

for ((i = 0; i < ${#spark_options[@]}; i++)); do
  option="${spark_options[i]}"
  value="${spark_options[i + 1]:-}"
  case "${option}" in
    --conf | -c) take_conf "${value}"; i=$((i + 1)) ;;
    --conf=*) take_conf "${option#--conf=}" ;;
    --master) master="${value}"; passed+=("${option}" "${value}"); i=$((i + 1)) ;;
    --master=*) master="${option#--master=}"; passed+=("${option}") ;;
    --deploy-mode) deploy_mode="${value}"; passed+=("${option}" "${value}"); i=$((i + 1)) ;;
    --deploy-mode=*) deploy_mode="${option#--deploy-mode=}"; passed+=("${option}") ;;
    --driver-java-options) user_driver_opts="${user_driver_opts:+${user_driver_opts} }${value}"; i=$((i + 1)) ;;
    --files) user_files="${user_files:+${user_files},}${value}"; i=$((i + 1)) ;;
    --properties-file) property_files+=("${value}"); i=$((i + 1)) ;;
    *) passed+=("${option}") ;;
  esac
done
if [[ -n "${NGRPO_PROPERTIES:-}" ]]; then
  IFS=':' read -r -a extra <<< "${NGRPO_PROPERTIES}"
  property_files=("${extra[@]}" "${property_files[@]}")
fi

conf_dir="${SPARK_CONF_DIR:-${SPARK_HOME:+${SPARK_HOME}/conf}}"
defaults="${conf_dir:+${conf_dir}/spark-defaults.conf}"

# property FILE KEY: the value of KEY in a Java properties file (key and value separated by
# '=', ':' or blanks; the last line wins, as in java.util.Properties), or nothing.
property() {
  [[ -n "$1" && -f "$1" ]] || return 0
  local line key found=""
  while IFS= read -r line || [[ -n "${line}" ]]; do
    line="${line#"${line%%[![:space:]]*}"}"
    [[ -z "${line}" || "${line}" == \#* || "${line}" == \!* ]] && continue
    key="${line%%[=:[:space:]]*}"
    [[ "${key}" == "$2" ]] || continue
    line="${line#"${key}"}"
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line#[=:]}"
    found="${line#"${line%%[![:space:]]*}"}"
  done < "$1"
  printf '%s' "${found}"
}

# setting KEY: the value spark-submit will use: --conf, else the properties files (the last
# one that sets it), else deploy/ngrpo-spark.properties, else spark-defaults.conf.
setting() {
  if [[ -n "${user_conf[$1]+set}" ]]; then
    printf '%s' "${user_conf[$1]}"
    return
  fi
  local file value
  for ((f = ${#property_files[@]} - 1; f >= 0; f--)); do
    value="$(property "${property_files[f]}" "$1")"
    if [[ -n "${value}" ]]; then
      printf '%s' "${value}"
      return
    fi
  done
  for file in "${shared}" "${defaults}"; do
    value="$(property "${file}" "$1")"
    if [[ -n "${value}" ]]; then
      printf '%s' "${value}"
      return
    fi
  done
}

for file in "${property_files[@]}"; do
  [[ -f "${file}" ]] || fail "properties file ${file} does not exist"
  if grep -qiE '^[[:space:]]*[^#!]*(secret|password|token)' "${file}"; then
    mode="$(stat -c '%a' "${file}")"
    [[ "${mode}" =~ ^[0-7]?[0-7]00$ ]] || fail "${file} holds a secret but has mode ${mode}:" \
      "make it readable by its owner only (chmod 600 ${file})"
  fi
done
[[ -n "${master}" ]] || master="$(setting spark.master)"
[[ -n "${deploy_mode}" ]] || deploy_mode="$(setting spark.submit.deployMode)"
deploy_mode="${deploy_mode:-client}"

# ---- the run file, where the driver will read it ----
driver_run_file=""
ship=""
if [[ -n "${run_file}" ]]; then
  if [[ "${run_file}" == local://* ]]; then
    driver_run_file="${run_file#local://}"
  else
    [[ -f "${run_file}" ]] || fail "run file ${run_file} does not exist"
    if [[ "${deploy_mode}" != cluster ]]; then
      driver_run_file="${run_file}"
    else
      absolute="$(cd "$(dirname "${run_file}")" && pwd)/$(basename "${run_file}")"
      case "${master}" in
        yarn | k8s://*)
          if [[ "${master}" == k8s://* && -z "$(setting spark.kubernetes.file.upload.path)" ]]; then
            fail "a local run file needs spark.kubernetes.file.upload.path in cluster mode on" \
              "Kubernetes (a Hadoop URI the submitter and the driver pod can reach), or give" \
              "it as local:///PATH inside the image or a mounted ConfigMap"
          fi
          ship="${absolute}"
          driver_run_file="$(basename "${run_file}")"
          ;;
        *)
          echo "deploy/submit.sh: standalone cluster mode: the driver reads ${absolute} on the" \
            "worker that runs it; keep it on a file system every worker mounts at that path" >&2
          driver_run_file="${absolute}"
          ;;
      esac
    fi
  fi
fi
files="${ship}"
if [[ -n "${user_files}" ]]; then
  files="${files:+${files},}${user_files}"
fi

# ---- the jar and spark-submit ----
jar="${NGRPO_APP_JAR:-}"
if [[ -z "${jar}" ]]; then
  for candidate in "${root}"/dist/target/ngrpo-spark-app-*.jar; do
    if [[ -f "${candidate}" ]]; then
      jar="${candidate}"
      break
    fi
  done
fi
# a URI (local:///opt/..., hdfs://...) names a jar the cluster reads; a path must exist here
if [[ ! "${jar}" =~ ^[a-z][a-z0-9+.-]*:// ]]; then
  [[ -n "${jar}" && -f "${jar}" ]] || fail "no application jar; build it with:" \
    "mvn -B package -DskipTests (GPU nodes: add -Dgpu), or set NGRPO_APP_JAR"
fi
if [[ -n "${SPARK_SUBMIT:-}" ]]; then
  read -r -a submit <<< "${SPARK_SUBMIT}"
else
  submit=("${SPARK_HOME:?set SPARK_HOME (or SPARK_SUBMIT)}/bin/spark-submit")
fi

# ---- the properties file ----
joined() {
  local separator="$1" out="" part
  shift
  for part in "$@"; do
    [[ -n "${part}" ]] && out="${out:+${out}${separator}}${part}"
  done
  printf '%s' "${out}"
}
threads="${NGRPO_TORCH_THREADS:-1}"
# The JVM flags the project runs with (pom.xml's jvm.flags, which bin/ngrpo uses too): the
# module openings Kryo and Spark need. spark-submit's launcher adds Spark's own to a driver it
# starts, but a standalone Worker starts a cluster-mode driver without them.
modules="$(sed -n 's:.*<jvm.flags>\(.*\)</jvm.flags>.*:\1:p' "${root}/pom.xml")"
[[ -n "${modules}" ]] || fail "no <jvm.flags> in ${root}/pom.xml"
djl="${modules} -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"
driver_opts="$(joined ' ' "$(property "${defaults}" spark.driver.extraJavaOptions)" "${djl}" \
  "${user_driver_opts}")"
executor_opts="$(joined ' ' "$(property "${defaults}" spark.executor.extraJavaOptions)" \
  "${djl} -Dai.djl.pytorch.num_threads=${threads}" "${user_executor_opts}")"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
properties="${work}/ngrpo-submit.properties"
(
  umask 077
  {
    cat "${shared}"
    for file in "${property_files[@]}"; do
      printf '\n# ---- %s\n' "${file}"
      cat "${file}"
    done
    printf '\n# ---- merged by deploy/submit.sh: the cluster'"'"'s values first, then these\n'
    # a backslash is an escape in a properties file
    printf 'spark.driver.extraJavaOptions %s\n' "${driver_opts//\\/\\\\}"
    printf 'spark.executor.extraJavaOptions %s\n' "${executor_opts//\\/\\\\}"
    if [[ -n "${user_dist_files}" ]]; then
      printf 'spark.yarn.dist.files %s\n' "$(joined ',' \
        "$(property "${defaults}" spark.yarn.dist.files)" "${user_dist_files}")"
    fi
  } > "${properties}"
)

arguments=(--class dev.ngrpo.cli.Main --properties-file "${properties}" --load-spark-defaults)
if [[ -n "${files}" ]]; then
  arguments+=(--files "${files}")
fi
arguments+=("${passed[@]}" "${jar}" "${command}")
if [[ -n "${driver_run_file}" ]]; then
  arguments+=("${driver_run_file}")
fi

# A client-mode driver runs in spark-submit's JVM: libtorch's large CPU tensors in huge pages
# there too, as the shared properties ask for executors (spark.executorEnv).
export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"

# Not exec: the properties file is removed when spark-submit ends. TERM and INT are handed on.
"${submit[@]}" "${arguments[@]}" "$@" &
child=$!
trap 'kill -TERM "${child}" 2> /dev/null || true' TERM INT
status=0
while true; do
  wait "${child}" && status=0 || status=$?
  kill -0 "${child}" 2> /dev/null || break
done
exit "${status}"
