#!/usr/bin/env bash
# Sets up what the test tiers use, best effort, and says what it did in one line each:
#   tests/setup-tools.sh test    the TypeScript client's packages (npm ci), Chromium, jq and
#                                redis-server from Debian's packages (as root, with apt-get),
#                                and starts Redis and PostgreSQL when installed but down.
#   tests/setup-tools.sh bench   wrk from Debian's packages (bench/ falls back without it).
# Idempotent and quick when everything is there. It never fails the build: a tier whose
# tool it cannot get is skipped by the suite, which names it in pytest's summary.
set -uo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup-tools: $*"; }

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

# Install the Debian packages named, with one `apt-get update` first.
apt_install() {
  local log
  log="$(mktemp)"
  say "apt-get install $*"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } \
    >"$log" 2>&1; then
    say "apt-get install $* failed: $(tail -n 1 "$log")"
  fi
  rm -f "$log"
}

setup_test() {
  # Debian packages: Chromium for tests/browser, jq for the docs' examples, Redis for
  # the rate limiter's shared counters.
  local wanted=()
  [ -x /usr/bin/chromium ] || wanted+=(chromium)
  command -v jq >/dev/null 2>&1 || wanted+=(jq)
  command -v redis-server >/dev/null 2>&1 || wanted+=(redis-server)
  if [ "${#wanted[@]}" -gt 0 ] && can_apt; then apt_install "${wanted[@]}"; fi

  # The TypeScript client's compiler, when node_modules is missing or older than the lock.
  local ts=clients/typescript
  if command -v npm >/dev/null 2>&1 \
    && { [ ! -e "$ts/node_modules/.package-lock.json" ] \
      || [ "$ts/package-lock.json" -nt "$ts/node_modules/.package-lock.json" ]; }; then
    say "npm ci in $ts"
    (cd "$ts" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || say "npm ci in $ts failed"
  fi

  if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 \
    && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting Redis on 127.0.0.1:6379"
    mkdir -p /var/lib/redis /var/log/redis \
      && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
        --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi

  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] \
    && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    local version
    version="$(ls /etc/postgresql | head -n 1)"
    say "starting PostgreSQL $version on 127.0.0.1:5432"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
}

setup_bench() {
  if ! command -v wrk >/dev/null 2>&1; then
    if can_apt; then apt_install wrk; fi
    command -v wrk >/dev/null 2>&1 || say "no wrk; bench/ uses its Python load generator"
  fi
}

case "${1:-test}" in
  test) setup_test ;;
  bench) setup_bench ;;
  *) echo "usage: $0 [test|bench]" >&2; exit 2 ;;
esac
exit 0
