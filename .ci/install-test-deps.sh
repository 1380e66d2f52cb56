#!/usr/bin/env bash
# Installs what Maven and npm cannot fetch for the test suite: Debian's Chromium (browser tests), the
# PostgreSQL server binaries (store and cluster-restart tests; the tests start their own server), and
# iproute2 and nftables (the network-partition test puts members in network namespaces and cuts links), and
# HAProxy (the load-balancer test runs deploy/haproxy.cfg in front of three members).
# Idempotent: installs only what is missing. The README's test command runs it before `mvn -B verify`;
# the build itself never changes the host.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
has() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }
has ip || need+=(iproute2)
has nft || need+=(nftables)
has haproxy || need+=(haproxy)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-test-deps: chromium, postgresql, iproute2, nftables and haproxy are present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    echo "install-test-deps: please install ${need[*]} (sudo apt-get install -y ${need[*]}) and run again" >&2
    exit 1
  fi
fi
echo "install-test-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}" fonts-liberation
