#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the report-library tests and print
# its URL on stdout (everything else goes to stderr), e.g.
#   export JUESUAN_TEST_PG_URL=$(bash scripts/start_postgres.sh)
# Installs Debian's postgresql and psycopg when missing. Idempotent: a server already
# running on the port is reused. Its own cluster (not Debian's 'main'), owned by the
# postgres user, listening on loopback only; trust auth inside, a password for the app user.
set -euo pipefail
PORT=${JUESUAN_PG_PORT:-54329}
DATA=${JUESUAN_PG_DATA:-/tmp/juesuan-pg}
DB=juesuan_test
ROLE=juesuan
PASSWORD=juesuan

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "安装 PostgreSQL…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
python3 -c "import psycopg" 2>/dev/null || pip install -q "psycopg[binary]" >&2
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { runuser -u postgres -- "$@"; }
psql_admin() { as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if ! as_pg "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    chown postgres:postgres "$DATA"
    chmod 700 "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
  fi
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA" start >&2
fi

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
fi
echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
