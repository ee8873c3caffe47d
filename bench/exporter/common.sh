# Helpers the exporter benchmarks share (sourced by run.sh and ledger-tail.sh).
# Needs: admin_psql (an array: psql as the cluster's superuser on gmailsvc).

free_port() {   # a loopback TCP port nothing listens on
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

median() {   # of the numbers on stdin, one a line; "nan" for none
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

append_calls() {   # N ledger rows called now, over 500 users, 2% rate-limited
  "${admin_psql[@]}" -v n="$1" <<'SQL'
INSERT INTO gmail_api_calls (called_at, user_id, method, status_code, error_reason, latency_ms)
SELECT now(), 'user-' || lpad((1 + floor(random() * 500))::int::text, 6, '0'),
       (ARRAY['users.messages.list', 'users.messages.get', 'users.history.list', 'users.messages.modify'])[1 + floor(random() * 4)::int],
       CASE WHEN r.x < 0.02 THEN 429 ELSE 200 END,
       CASE WHEN r.x < 0.02 THEN 'rateLimitExceeded' END,
       (20 + random() * 180)::int
FROM generate_series(1, :n) CROSS JOIN LATERAL (SELECT random() AS x) r;
SQL
}
