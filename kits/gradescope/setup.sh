#!/usr/bin/env bash
# Gradescope autograder setup for ipclab: runs once, as root, when Gradescope builds the
# autograder image (Ubuntu). Zip this file with run_autograder, a packed ipclab
# (`npm pack` in ipclab's folder gives ipclab-<version>.tgz) and, optionally, ipclab.conf;
# `ipclab kit gradescope <dir>` makes that folder, with your exercises but never their solutions.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends ca-certificates curl gnupg gcc make libc6-dev

# Node 20 or newer, from NodeSource's apt repository unless the image already has it
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 20 ]; then
  install -d -m 0755 /etc/apt/keyrings
  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
  echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" > /etc/apt/sources.list.d/nodesource.list
  apt-get update -q
  apt-get install -y -q nodejs
fi
echo "node $(node --version), $(gcc --version | head -n 1)"

# ipclab from the tarball shipped in the autograder zip
tarball=$(ls /autograder/source/ipclab-*.tgz 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$tarball" ]; then
  echo "setup.sh: no ipclab-*.tgz in the autograder zip (run npm pack in ipclab's folder and add it)" >&2
  exit 1
fi
npm install --global --no-audit --no-fund --loglevel=error "$tarball"
# compile ipclab's per-test supervisor now rather than during the first submission
ipclab build-init
ipclab --version
