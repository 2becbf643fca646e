#!/usr/bin/env bash
# Tests discover-gpus.sh against a fake nvidia-smi placed first on PATH; needs no GPU.
# Each case runs the script in a clean environment (env -i) so the machine's own nvidia-smi
# and CUDA_VISIBLE_DEVICES never leak in. Exits 1 on any mismatch.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="${here}/discover-gpus.sh"
bash_bin="$(command -v bash)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
mkdir "${work}/bin" "${work}/empty"

# The fake answers only the query the script must make. FAKE_GPUS holds its output (printf %b
# escapes); FAKE_STATUS, when set, is its exit status, with a driver error message.
cat > "${work}/bin/nvidia-smi" <<FAKE
#!${bash_bin}
if [[ "\$*" != "--query-gpu=index --format=csv,noheader" ]]; then
  echo "fake nvidia-smi: unexpected arguments: \$*" >&2
  exit 64
fi
if [[ -n "\${FAKE_STATUS:-}" ]]; then
  echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
  exit "\${FAKE_STATUS}"
fi
printf '%b' "\${FAKE_GPUS:-}"
FAKE
chmod +x "${work}/bin/nvidia-smi"

passed=0
failed=0

# check NAME EXPECTED_STATUS EXPECTED_STDOUT EXPECTED_STDERR_PART [VAR=VALUE...]
# On success stdout must be exactly one line and stderr empty; on failure stdout must be empty
# (Spark parses it) and stderr must contain EXPECTED_STDERR_PART.
check() {
  local name="$1" want_status="$2" want_out="$3" want_err="$4"
  shift 4
  local status=0
  env -i "PATH=${work}/bin" "$@" "${bash_bin}" "${script}" \
    > "${work}/out" 2> "${work}/err" || status=$?
  local out err problem=""
  out="$(< "${work}/out")"
  err="$(< "${work}/err")"
  local lines=()
  mapfile -t lines < "${work}/out"
  if ((status != want_status)); then
    problem="exit status ${status}, expected ${want_status}"
  elif [[ "${out}" != "${want_out}" ]]; then
    problem="stdout '${out}', expected '${want_out}'"
  elif [[ -n "${want_out}" && ${#lines[@]} -ne 1 ]]; then
    problem="stdout has ${#lines[@]} lines, expected 1"
  elif [[ -z "${want_err}" && -n "${err}" ]]; then
    problem="unexpected stderr '${err}'"
  elif [[ -n "${want_err}" && "${err}" != *"${want_err}"* ]]; then
    problem="stderr '${err}' lacks '${want_err}'"
  fi
  if [[ -z "${problem}" ]]; then
    passed=$((passed + 1))
    echo "ok     ${name}"
  else
    failed=$((failed + 1))
    echo "FAILED ${name}: ${problem}"
  fi
}

check "two GPUs" 0 '{"name": "gpu", "addresses": ["0","1"]}' "" 'FAKE_GPUS=0\n1\n'
check "one GPU, CRLF and padding" 0 '{"name": "gpu", "addresses": ["0"]}' "" 'FAKE_GPUS= 0 \r\n'
check "CUDA_VISIBLE_DEVICES subset is renumbered from 0" 0 \
  '{"name": "gpu", "addresses": ["0","1"]}' "" 'FAKE_GPUS=0\n1\n2\n3\n' \
  'CUDA_VISIBLE_DEVICES=2,3'
check "CUDA_VISIBLE_DEVICES single GPU, spaces" 0 '{"name": "gpu", "addresses": ["0"]}' "" \
  'FAKE_GPUS=0\n1\n2\n3\n' 'CUDA_VISIBLE_DEVICES= 3 '
check "CUDA_VISIBLE_DEVICES names a GPU nvidia-smi lacks" 1 "" "names GPU 5" \
  'FAKE_GPUS=0\n1\n' 'CUDA_VISIBLE_DEVICES=1,5'
check "CUDA_VISIBLE_DEVICES with a UUID" 1 "" "not a list of GPU indices" \
  'FAKE_GPUS=0\n1\n' 'CUDA_VISIBLE_DEVICES=GPU-8f3c2a1e-0000-0000-0000-000000000000'
check "CUDA_VISIBLE_DEVICES names a GPU twice" 1 "" "names GPU 1 twice" \
  'FAKE_GPUS=0\n1\n' 'CUDA_VISIBLE_DEVICES=1,1'
check "CUDA_VISIBLE_DEVICES empty" 1 "" "set but empty" 'FAKE_GPUS=0\n1\n' \
  'CUDA_VISIBLE_DEVICES='
check "no nvidia-smi" 1 "" "nvidia-smi not found" "PATH=${work}/empty"
check "zero GPUs" 1 "" "nvidia-smi lists no GPU" 'FAKE_GPUS='
check "nvidia-smi fails" 1 "" "exited with status 9" 'FAKE_STATUS=9'
check "garbage from nvidia-smi" 1 "" "where a GPU index was expected" \
  'FAKE_GPUS=No devices were found\n'

echo "${passed} passed, ${failed} failed"
((failed == 0))
