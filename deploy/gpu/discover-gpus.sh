#!/usr/bin/env bash
# Spark resource discovery script for NVIDIA GPUs: set it as
# spark.{driver,executor}.resource.gpu.discoveryScript. Spark runs it when a driver or executor
# starts and reads the one JSON line it prints, e.g.
#   {"name": "gpu", "addresses": ["0","1"]}
#
# An address is the CUDA device number the JVM will see, because a rollout task hands it to the
# PyTorch engine as is (rollout-worker TaskDevice: Device.gpu(address)). Without
# CUDA_VISIBLE_DEVICES that is nvidia-smi's index. With CUDA_VISIBLE_DEVICES set to a list of
# indices, CUDA shows only those GPUs, renumbered 0..n-1 in list order, so the addresses are
# 0..n-1; each listed index must be one nvidia-smi knows. UUID or MIG entries are refused
# rather than guessed at.
#
# Fails with the reason on stderr and exit status 1 when nvidia-smi is missing or fails, or no
# GPU is usable: an executor that asked for GPUs and has none must not start.
# Uses bash builtins only, besides nvidia-smi.
set -euo pipefail

fail() {
  echo "discover-gpus.sh: $*" >&2
  exit 1
}

if ! command -v nvidia-smi > /dev/null 2>&1; then
  fail "nvidia-smi not found on PATH (${PATH}); this node has no NVIDIA driver, or it is" \
    "not on PATH"
fi

status=0
listing="$(nvidia-smi --query-gpu=index --format=csv,noheader)" || status=$?
if ((status != 0)); then
  fail "'nvidia-smi --query-gpu=index --format=csv,noheader' exited with status ${status}:" \
    "${listing:-no output}"
fi

indices=()
while IFS= read -r line; do
  line="${line//[[:space:]]/}"
  if [[ -z "${line}" ]]; then
    continue
  fi
  if [[ ! "${line}" =~ ^[0-9]+$ ]]; then
    fail "nvidia-smi printed '${line}' where a GPU index was expected"
  fi
  indices+=("${line}")
done <<< "${listing}"
if ((${#indices[@]} == 0)); then
  fail "nvidia-smi lists no GPU"
fi

addresses=()
if [[ -n "${CUDA_VISIBLE_DEVICES+set}" ]]; then
  visible=()
  IFS=',' read -r -a visible <<< "${CUDA_VISIBLE_DEVICES}"
  if ((${#visible[@]} == 0)); then
    fail "CUDA_VISIBLE_DEVICES is set but empty, so CUDA sees no GPU"
  fi
  seen=" "
  for ((i = 0; i < ${#visible[@]}; i++)); do
    entry="${visible[i]//[[:space:]]/}"
    if [[ ! "${entry}" =~ ^[0-9]+$ ]]; then
      fail "CUDA_VISIBLE_DEVICES='${CUDA_VISIBLE_DEVICES}' is not a list of GPU indices" \
        "(entry '${entry}'); unset it or list indices such as 0,1"
    fi
    if [[ " ${indices[*]} " != *" ${entry} "* ]]; then
      fail "CUDA_VISIBLE_DEVICES='${CUDA_VISIBLE_DEVICES}' names GPU ${entry}, but" \
        "nvidia-smi lists only: ${indices[*]}"
    fi
    if [[ "${seen}" == *" ${entry} "* ]]; then
      fail "CUDA_VISIBLE_DEVICES='${CUDA_VISIBLE_DEVICES}' names GPU ${entry} twice"
    fi
    seen+="${entry} "
    addresses+=("${i}")
  done
else
  addresses=("${indices[@]}")
fi

json=""
for address in "${addresses[@]}"; do
  json+="${json:+,}\"${address}\""
done
printf '{"name": "gpu", "addresses": [%s]}\n' "${json}"
