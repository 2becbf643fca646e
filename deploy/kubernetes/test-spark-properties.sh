#!/usr/bin/env bash
# Tests that the sparkConf of sparkapplication.yaml and scheduledsparkapplication.yaml agrees
# with deploy/ngrpo-spark.properties, the Spark settings every submission shares (the operator
# cannot read that file, so the manifests repeat them): every key the file sets must be in
# sparkConf (or in the field the operator turns into it) with the same value; keys the file
# lacks are not compared. While the file does not exist yet, a fixture with the values it is
# to hold stands in. Then checks that a disagreeing value and a missing key are refused.
# Needs Node.js and deploy/lint's packages (npm ci there when missing). Exits 1 on a failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deploy="$(dirname "${here}")"
# shellcheck source=deploy/testing.sh
source "${deploy}/testing.sh"
testing_setup

if ! command -v node > /dev/null 2>&1; then
  echo "test-spark-properties.sh: Node.js is needed (Debian/Ubuntu: apt-get install nodejs npm)" >&2
  exit 1
fi
if [[ ! -d "${deploy}/lint/node_modules" ]]; then
  (cd "${deploy}/lint" && npm ci --no-audit --no-fund > /dev/null)
fi

shared="${deploy}/ngrpo-spark.properties"
if [[ -f "${shared}" ]]; then
  properties="${shared}"
  echo "comparing with ${shared#"$(dirname "${deploy}")/"}"
else
  properties="${work}/ngrpo-spark.properties"
  echo "deploy/ngrpo-spark.properties does not exist yet: comparing with a fixture of its values"
  cat > "${properties}" <<'PROPERTIES'
# Stand-in for deploy/ngrpo-spark.properties: the settings every submission shares.
spark.serializer=org.apache.spark.serializer.KryoSerializer
spark.kryo.registrator=dev.ngrpo.orchestrator.spark.NgrpoKryoRegistrator
spark.kryo.registrationRequired=true
spark.dynamicAllocation.enabled=false
spark.authenticate=true
spark.network.crypto.enabled=true
spark.io.encryption.enabled=true
spark.scheduler.minRegisteredResourcesRatio=1.0
spark.scheduler.maxRegisteredResourcesWaitingTime=600s
spark.master.rest.enabled=false
PROPERTIES
fi

# validate NAME EXPECTED_STATUS PROPERTIES_FILE: the manifests against PROPERTIES_FILE; stderr
# in ${work}/err.
validate() {
  local name="$1" want="$2" status=0
  node "${deploy}/lint/validate.mjs" --spark-properties "$3" "${here}" > /dev/null \
    2> "${work}/err" || status=$?
  if ((status == want)); then
    report "${name}" ""
  else
    report "${name}" "exit status ${status}, expected ${want}: $(< "${work}/err")"
  fi
}

# refused_for NAME TEXT: the last validation's stderr names TEXT for both manifests.
refused_for() {
  local file missing=()
  for file in sparkapplication.yaml scheduledsparkapplication.yaml; do
    grep -F "deploy/kubernetes/${file}" "${work}/err" | grep -qF -- "$2" || missing+=("${file}")
  done
  if ((${#missing[@]} == 0)); then
    report "$1" ""
  else
    report "$1" "no problem with '$2' for ${missing[*]}: $(< "${work}/err")"
  fi
}

validate "the manifests agree with the shared properties" 0 "${properties}"

# A later line wins in a properties file: the appended one is the last line.
{ cat "${properties}"; printf '\nspark.io.encryption.enabled=false\n'; } > "${work}/other.properties"
line="$(wc -l < "${work}/other.properties")"
validate "a value the manifests disagree with is refused" 1 "${work}/other.properties"
refused_for "the disagreement names the key, the file's line and value" \
  "other.properties:${line} sets spark.io.encryption.enabled to \"false\""

{ cat "${properties}"; printf '\nspark.ngrpo.test.only=1\n'; } > "${work}/more.properties"
validate "a key the manifests lack is refused" 1 "${work}/more.properties"
refused_for "the missing key is named" "lacks spark.ngrpo.test.only"

printf 'spark.authenticate=true\n' > "${work}/few.properties"
validate "keys the file lacks are not compared" 0 "${work}/few.properties"

testing_summary
