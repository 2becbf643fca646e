#!/usr/bin/env bash
# Checks the deployment material without a cluster, a GPU or a container engine:
#   1. shellcheck on every shell script of the repository (files ending in .sh, and files whose
#      first line is a sh/bash shebang, such as bin/ngrpo and .ci/run), found with git;
#   2. the script tests deploy/**/test-*.sh (GPU discovery against a fake nvidia-smi, the
#      command lines of the submit scripts, the Kubernetes manifests' sparkConf against
#      deploy/ngrpo-spark.properties, the scheduled submission wrapper);
#   3. deploy/lint: the self-test of the manifest validator, then the validator on every YAML
#      document under deploy/kubernetes (npm ci first when node_modules is missing);
#   4. python3 -m py_compile on every .py under deploy/ (a syntax check: Airflow is not
#      installed), skipped with a note without python3;
#   5. systemd-analyze verify on every .service and .timer under deploy/, any warning failing,
#      with /opt/ngrpo-spark (where the units expect the checkout) replaced by this checkout;
#      skipped with a note without systemd-analyze.
# Installs shellcheck with apt-get when it is missing and this runs as root; needs Node.js 18+
# and npm. SHELLCHECK_SEVERITY (default: style, i.e. any finding) is the level that fails; findings
# below it (info, style) are printed as notes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"
severity="${SHELLCHECK_SEVERITY:-style}"
failures=()

section() {
  printf '\n== %s\n' "$*"
}

# ---- 1. shellcheck ----
section "shellcheck (failing at severity ${severity})"
if ! command -v shellcheck > /dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null 2>&1; then
    echo "shellcheck missing: installing it with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck > /dev/null
  else
    echo "check.sh: shellcheck is missing; install it (Debian/Ubuntu: apt-get install shellcheck)" >&2
    exit 1
  fi
fi
shellcheck --version | sed -n 2p

scripts=()
while IFS= read -r -d '' file; do
  [[ -f "${file}" ]] || continue
  first=""
  IFS= read -r first < "${file}" || true
  if [[ "${file}" == *.sh || "${first}" =~ ^\#!(/usr)?/bin/(env[[:space:]]+)?(ba|da|k)?sh([[:space:]]|$) ]]; then
    scripts+=("${file}")
  fi
done < <(git ls-files -z --cached --others --exclude-standard)
if ((${#scripts[@]} == 0)); then
  echo "check.sh: found no shell script (is this a git checkout?)" >&2
  exit 1
fi
printf '  %s\n' "${scripts[@]}"
if shellcheck --severity="${severity}" "${scripts[@]}"; then
  echo "shellcheck: ${#scripts[@]} scripts, no finding at severity ${severity} or above"
else
  failures+=("shellcheck")
fi
if ! notes="$(shellcheck --severity=style --format=gcc "${scripts[@]}")"; then
  echo "notes below ${severity} (not failing):"
  while IFS= read -r line; do
    echo "  ${line}"
  done <<< "${notes}"
fi

# ---- 2. script tests ----
tests=()
while IFS= read -r -d '' file; do
  tests+=("${file}")
done < <(find deploy -name node_modules -prune -o -name 'test-*.sh' -type f -print0 | sort -z)
for test in "${tests[@]}"; do
  section "${test}"
  if ! bash "${test}"; then
    failures+=("${test}")
  fi
done

# ---- 3. manifests ----
section "deploy/lint: Kubernetes manifests"
if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
  echo "check.sh: Node.js 18+ and npm are needed for deploy/lint and are missing" \
    "(Debian/Ubuntu: apt-get install nodejs npm)" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 18)); then
  echo "check.sh: deploy/lint needs Node.js 18 or newer, found $(node --version)" >&2
  exit 1
fi
echo "node $(node --version), npm $(npm --version)"
if [[ ! -d deploy/lint/node_modules ]]; then
  echo "npm ci (deploy/lint/package-lock.json)"
  (cd deploy/lint && npm ci --no-audit --no-fund)
fi
echo "-- self-test: broken documents must be refused"
if ! node deploy/lint/validate.mjs --self-test; then
  failures+=("validator self-test")
fi
echo "-- deploy/kubernetes"
if ! node deploy/lint/validate.mjs deploy/kubernetes; then
  failures+=("manifests")
fi

# ---- 4. Python ----
section "python3 -m py_compile: deploy/**/*.py"
python_files=()
while IFS= read -r -d '' file; do
  python_files+=("${file}")
done < <(find deploy -name node_modules -prune -o -name '*.py' -type f -print0 | sort -z)
python_checked="no Python check"
if ! command -v python3 > /dev/null 2>&1; then
  echo "note: python3 is missing: ${#python_files[@]} Python files not compiled"
elif ((${#python_files[@]} == 0)); then
  echo "no .py file under deploy/"
else
  printf '  %s\n' "${python_files[@]}"
  pycache="$(mktemp -d)"
  if PYTHONPYCACHEPREFIX="${pycache}" python3 -m py_compile "${python_files[@]}"; then
    echo "$(python3 --version): ${#python_files[@]} files compile"
    python_checked="${#python_files[@]} Python files compiled"
  else
    failures+=("python syntax")
  fi
  rm -rf "${pycache}"
fi

# ---- 5. systemd units ----
section "systemd-analyze verify: deploy/**/*.{service,timer}"
units=()
while IFS= read -r -d '' file; do
  units+=("${file}")
done < <(find deploy -name node_modules -prune -o \( -name '*.service' -o -name '*.timer' \) \
  -type f -print0 | sort -z)
units_checked="no systemd check"
if ((${#units[@]} == 0)); then
  echo "no unit file under deploy/"
elif ! command -v systemd-analyze > /dev/null 2>&1; then
  echo "note: systemd-analyze is missing: ${#units[@]} unit files not verified"
else
  # The units name the checkout's place on a server, /opt/ngrpo-spark; verify checks that
  # ExecStart exists, so they are verified as copies pointing at this checkout. A unit that
  # refers to another (a timer's service) must sit in the same folder, as here.
  unit_dir="$(mktemp -d)"
  verified=()
  for unit in "${units[@]}"; do
    sed "s#/opt/ngrpo-spark#${root}#g" "${unit}" > "${unit_dir}/$(basename "${unit}")"
    verified+=("${unit_dir}/$(basename "${unit}")")
  done
  printf '  %s\n' "${units[@]}"
  status=0
  # systemd-analyze prints unknown keys and bad values as warnings and still exits 0.
  output="$(systemd-analyze verify "${verified[@]}" 2>&1)" || status=$?
  if ((status == 0)) && [[ -z "${output}" ]]; then
    echo "systemd-analyze $(systemd-analyze --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p'):" \
      "${#units[@]} units verified, no warning"
    units_checked="${#units[@]} systemd units verified"
  else
    echo "${output//${unit_dir}\//}"
    failures+=("systemd units")
  fi
  rm -rf "${unit_dir}"
fi

section "summary"
if ((${#failures[@]} > 0)); then
  echo "FAILED: ${failures[*]}"
  exit 1
fi
echo "all deploy checks passed: ${#scripts[@]} scripts shellchecked, ${#tests[@]} script tests," \
  "validator self-test, manifests, ${python_checked}, ${units_checked}"
