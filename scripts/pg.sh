#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a free loopback port, run as the `postgres` user.
#
#   scripts/pg.sh start DIR      create and start a cluster in DIR, apply db/schema.sql,
#                                create the roles; writes DIR/env (DATABASE_URL, ADMIN_DATABASE_URL)
#   scripts/pg.sh seed DIR small|large|N fill it with demo data (db/seed.sql); N ledger rows;
#                                SEED_JOBS / SEED_USERS override the job and user counts
#   scripts/pg.sh stop DIR       stop the cluster and delete DIR
#
# DATABASE_URL is the read-only role the toolkit uses (opsctl_reader, pg_read_all_data +
# pg_monitor); ADMIN_DATABASE_URL is the superuser, for seeding and tests that write.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: scripts/pg.sh start|seed|stop DIR [small|large]" >&2; exit 2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg.sh: PostgreSQL server binaries not found; run scripts/install-deps.sh" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  echo "pg.sh: no free port found" >&2; return 1
}

case "$cmd" in
start)
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir"
  chmod 700 "$dir"
  admin_pw="admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  reader_pw="reader-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$admin_pw" > "$dir/.pwfile"; [ "$(id -u)" -ne 0 ] || chown postgres "$dir/.pwfile"
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/.pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/.pwfile"
  # The port was free when chosen; another process may take it before the server binds it
  # (tests and benchmarks start clusters side by side): then try another port.
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=50 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      break
    fi
    if [ "$attempt" -lt 5 ] && grep -q "Address already in use" "$dir/server.log"; then
      echo "pg.sh: port $port was taken before PostgreSQL bound it; trying another" >&2
      : > "$dir/server.log"
      continue
    fi
    cat "$dir/server.log" >&2; exit 1
  done
  psql_admin=(psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres)
  "${psql_admin[@]}" -d postgres -c "CREATE DATABASE gmailsvc"
  "${psql_admin[@]}" -d gmailsvc -f "$here/db/schema.sql"
  "${psql_admin[@]}" -d gmailsvc -c "CREATE ROLE opsctl_reader LOGIN PASSWORD '$reader_pw'; GRANT pg_read_all_data, pg_monitor TO opsctl_reader;"
  cat > "$dir/env" <<ENV
export PGTEST_DIR='$dir'
export PGTEST_PORT='$port'
export DATABASE_URL='postgresql://opsctl_reader:$reader_pw@127.0.0.1:$port/gmailsvc'
export ADMIN_DATABASE_URL='postgresql://postgres:$admin_pw@127.0.0.1:$port/gmailsvc'
ENV
  echo "pg.sh: PostgreSQL running on 127.0.0.1:$port (data in $dir); source $dir/env" >&2
  ;;
seed)
  scale=${3:-small}
  # shellcheck disable=SC1091
  . "$dir/env"
  case "$scale" in
    small) ledger=10000;    jobs=2000;    users=200 ;;
    large) ledger=10000000; jobs=2000000; users=20000 ;;
    *) [[ "$scale" =~ ^[0-9]+$ ]] || { echo "pg.sh: scale is small, large or a ledger row count" >&2; exit 2; }
       ledger=$scale; jobs=$(( scale / 5 )); users=$(( scale / 500 + 10 )) ;;
  esac
  # SEED_JOBS / SEED_USERS hold the rest of the service fixed while only the ledger grows
  # (bench/exporter/run.sh uses them to isolate ledger growth).
  jobs=${SEED_JOBS:-$jobs}; users=${SEED_USERS:-$users}
  psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$PGTEST_PORT" -U postgres -d gmailsvc \
       -v ledger_rows="$ledger" -v job_rows="$jobs" -v user_count="$users" -f "$here/db/seed.sql"
  echo "pg.sh: seeded $scale ($ledger ledger rows, $jobs jobs, $users users)" >&2
  ;;
stop)
  [ -d "$dir/data" ] && as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*) echo "usage: scripts/pg.sh start|seed|stop DIR [small|large]" >&2; exit 2 ;;
esac
