#!/usr/bin/env bash
# Installs what floe needs to build and test on Debian 12, only what is missing.
# Idempotent; uses sudo when not root. Node.js comes from Debian when absent.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libsnappy-dev libzstd-dev liblz4-dev zlib1g-dev
  nlohmann-json3-dev libcli11-dev libsqlite3-dev libcpp-httplib-dev libyaml-cpp-dev libedit-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-dev
  awscli python3-boto3
  chromium
)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
