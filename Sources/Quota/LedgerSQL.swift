/// The statements the report and the watcher run against the ledger. Every one is bounded by
/// a `called_at` range (the `gmail_api_calls_called_at_idx` index) or by ids (the primary
/// key), never a scan of the whole table; they name the table only, so a ledger
/// range-partitioned by day is read through its parent unchanged (partitions outside the
/// range are pruned).
///
/// The cost table travels as two arrays (`unnest($n::text[], $m::int[])`) holding both
/// spellings of each method (`messages.list` and `users.messages.list`); a row's own
/// `quota_units` wins over the table, and an unknown method costs the default.
public struct LedgerSQL: Sendable {
    public let table: String

    public init(table: String) { self.table = table }

    static let throttlingReasons = ["rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"]

    /// `opsctl quota`'s window aggregate. $1 start, $2 end (epoch seconds), $3 methods,
    /// $4 units, $5 default units, $6 user or NULL, $7 top N users, $8 user units at the near
    /// ratio, $9 the per-user limit.
    ///
    /// Rows (`kind`, `key`, `key2`, `calls`, `units`), at most a few hundred whatever the
    /// ledger holds: `minute` (start in epoch seconds), `method`, `unknown` (methods the cost
    /// table lacks), `null_user`, the top $7 `user`s (`key2`: the peak minute's units), `users`
    /// (active users; `key2` at the limit; `calls` at the near ratio), and per throttling reason
    /// its `limited_total` and its top max($7, 1) `limited` users.
    ///
    /// Shaped by measurement on 10M ledger rows (`bench/quota/README.md`): the window is read
    /// one clock minute at a time (an index range per minute), twice: per user (each minute's
    /// hash of users is small, so nothing spills to disk) and per method (priced after
    /// grouping: a row's own `quota_units` summed, the rest counted); no `date_trunc` runs per
    /// row. One hash of (user, minute) over the whole window, or the window's rows
    /// materialized once and read seven times (the statement before), spilled and took about
    /// twice as long. Throttled calls are grouped over the whole window at once (a filter,
    /// parallel workers).
    public var reportWindow: String {
        """
        WITH costs(method, units) AS (SELECT * FROM unnest($3::text[], $4::int[])),
        minutes AS (
          SELECT m, greatest(to_timestamp(m * 60), to_timestamp($1::float8)) AS since, to_timestamp(m * 60 + 60) AS before
          FROM generate_series(floor($1::float8 / 60)::bigint, floor($2::float8 / 60)::bigint) AS m
        ),
        per_user AS (
          SELECT r.user_id, sum(r.units) AS units, max(r.units) AS peak
          FROM minutes CROSS JOIN LATERAL (
            SELECT l.user_id, sum(coalesce(l.quota_units::int, c.units, $5::int)) AS units
            FROM \(table) l LEFT JOIN costs c ON c.method = l.method
            WHERE l.called_at >= minutes.since AND l.called_at < minutes.before AND l.called_at <= to_timestamp($2::float8)
              AND l.user_id IS NOT NULL AND ($6::text IS NULL OR l.user_id = $6::text)
            GROUP BY l.user_id) r
          GROUP BY r.user_id
        ),
        per_minute AS (
          SELECT minutes.m, g.method, g.no_user, g.calls, g.own + g.unpriced * coalesce(c.units, $5::int) AS units,
                 c.units IS NULL AS unknown
          FROM minutes CROSS JOIN LATERAL (
            SELECT l.method, l.user_id IS NULL AS no_user, count(*) AS calls,
                   count(*) - count(l.quota_units) AS unpriced, coalesce(sum(l.quota_units), 0) AS own
            FROM \(table) l
            WHERE l.called_at >= minutes.since AND l.called_at < minutes.before AND l.called_at <= to_timestamp($2::float8)
              AND ($6::text IS NULL OR l.user_id = $6::text)
            GROUP BY 1, 2) g
          LEFT JOIN costs c ON c.method = g.method
        ),
        limited AS (
          SELECT l.error_reason AS reason, l.user_id, count(*) AS calls,
                 row_number() OVER (PARTITION BY l.error_reason ORDER BY count(*) DESC, l.user_id) AS rank
          FROM \(table) l
          WHERE l.called_at >= to_timestamp($1::float8) AND l.called_at <= to_timestamp($2::float8)
            AND ($6::text IS NULL OR l.user_id = $6::text)
            AND l.error_reason IN (\(Self.throttlingReasons.map { "'\($0)'" }.joined(separator: ", ")))
          GROUP BY 1, 2
        )
        SELECT 'minute' AS kind, (m * 60)::text AS key, NULL::text AS key2, sum(calls) AS calls, sum(units) AS units
        FROM per_minute GROUP BY m
        UNION ALL
        SELECT 'method', method, NULL, sum(calls), sum(units) FROM per_minute GROUP BY method
        UNION ALL
        SELECT 'unknown', method, NULL, sum(calls), sum(units) FROM per_minute WHERE unknown GROUP BY method
        UNION ALL
        SELECT 'null_user', NULL, NULL, coalesce(sum(calls), 0), sum(units) FROM per_minute WHERE no_user
        UNION ALL
        (SELECT 'user', user_id, peak::text, NULL, units FROM per_user
         ORDER BY per_user.peak DESC, per_user.units DESC, per_user.user_id LIMIT $7::int)
        UNION ALL
        SELECT 'users', count(*)::text, count(*) FILTER (WHERE peak >= $9::bigint)::text,
               count(*) FILTER (WHERE peak >= $8::float8), NULL FROM per_user
        UNION ALL
        SELECT 'limited_total', reason, NULL, sum(calls), NULL FROM limited GROUP BY reason
        UNION ALL
        SELECT 'limited', reason, user_id, calls, NULL FROM limited WHERE rank <= greatest($7::int, 1)
        """
    }

    /// Units since the start of the quota day, and sends per user over the last 24 hours.
    /// $1 day start, $2 now, $3 24 hours ago (epoch seconds), $4 methods, $5 units,
    /// $6 default units, $7 send methods, $8 user or NULL, $9 top N senders. Today's rows are
    /// grouped by method before they are priced (parallel workers, ten-odd groups).
    public var reportDay: String {
        """
        WITH costs(method, units) AS (SELECT * FROM unnest($4::text[], $5::int[]))
        SELECT 'today' AS kind, NULL::text AS key, coalesce(sum(g.calls), 0)::bigint AS calls,
               coalesce(sum(g.own + g.unpriced * coalesce(c.units, $6::int)), 0)::bigint AS units
        FROM (SELECT l.method, count(*) AS calls, count(*) - count(l.quota_units) AS unpriced,
                     coalesce(sum(l.quota_units), 0) AS own
              FROM \(table) l
              WHERE l.called_at >= to_timestamp($1::float8) AND l.called_at <= to_timestamp($2::float8)
              GROUP BY l.method) g
        LEFT JOIN costs c ON c.method = g.method
        UNION ALL
        (SELECT 'sender', user_id, count(*), NULL FROM \(table)
         WHERE called_at >= to_timestamp($3::float8) AND called_at <= to_timestamp($2::float8)
           AND method = ANY($7::text[]) AND status_code BETWEEN 200 AND 299 AND user_id IS NOT NULL
           AND ($8::text IS NULL OR user_id = $8::text)
         GROUP BY user_id ORDER BY 3 DESC, user_id LIMIT $9::int)
        """
    }

    /// A user's units over the last 60 seconds ($1 start, $2 end, $3 methods, $4 units,
    /// $5 default, $6 user).
    public var userBurn: String {
        """
        WITH costs(method, units) AS (SELECT * FROM unnest($3::text[], $4::int[]))
        SELECT count(*) AS calls, coalesce(sum(coalesce(l.quota_units::int, c.units, $5::int)), 0) AS units
        FROM \(table) l LEFT JOIN costs c ON c.method = l.method
        WHERE l.called_at >= to_timestamp($1::float8) AND l.called_at <= to_timestamp($2::float8)
          AND l.user_id = $6::text
        """
    }

    /// Units per aligned period over `[$1, $2)` (epoch seconds, multiples of $3 seconds), for
    /// the comparison with Google's count ($4 methods, $5 units, $6 default units).
    public var periodUnits: String {
        """
        WITH costs(method, units) AS (SELECT * FROM unnest($4::text[], $5::int[]))
        SELECT (floor(extract(epoch FROM l.called_at) / $3::bigint) * $3::bigint)::bigint AS period,
               count(*) AS calls, sum(coalesce(l.quota_units::int, c.units, $6::int)) AS units
        FROM \(table) l LEFT JOIN costs c ON c.method = l.method
        WHERE l.called_at >= to_timestamp($1::float8) AND l.called_at < to_timestamp($2::float8)
        GROUP BY 1
        """
    }

    /// The watcher's tail: rows past the cursor ($1, at most $2) and the open gaps ($3).
    public var tail: String {
        let columns = "id, extract(epoch FROM called_at)::float8 AS t, user_id, method, status_code, error_reason, quota_units"
        return """
        SELECT \(columns)
        FROM (SELECT * FROM \(table) WHERE id > $1::bigint ORDER BY id LIMIT $2::int) AS new_rows
        UNION ALL
        SELECT \(columns) FROM \(table) WHERE id = ANY($3::bigint[])
        """
    }

    /// The watcher's start, one statement (one snapshot), bounded by `called_at` ranges and
    /// by the ids up to the starting cursor (the newest id, `cursor` row): the rows of the
    /// minute window one by one (`row`, from $2), successful sends per user and minute over
    /// the 24 hours before it (`sends`, from $1; $4 the send methods), the day's rows before
    /// the minute window per method and error reason (`day`, from $3, the day start: the sum
    /// of their own `quota_units`, the rows without one, the rows), and the ids among the
    /// last $5 below the cursor that are not (yet) visible (`gap`: in-flight inserts, which
    /// the tail re-checks).
    public var rebuild: String {
        """
        WITH cur AS (SELECT coalesce(max(id), 0) AS c FROM \(table))
        SELECT 'row' AS kind, id, extract(epoch FROM called_at)::float8 AS t, user_id, method, status_code,
               error_reason, quota_units::int AS quota_units, NULL::bigint AS n, NULL::bigint AS m
        FROM \(table) WHERE called_at >= to_timestamp($2::float8) AND id <= (SELECT c FROM cur)
        UNION ALL
        SELECT 'sends', NULL, extract(epoch FROM date_trunc('minute', called_at))::float8, user_id, NULL, NULL, NULL, NULL, count(*), NULL
        FROM \(table)
        WHERE called_at >= to_timestamp($1::float8) AND called_at < to_timestamp($2::float8) AND id <= (SELECT c FROM cur)
          AND method = ANY($4::text[]) AND status_code BETWEEN 200 AND 299 AND user_id IS NOT NULL
        GROUP BY 3, user_id
        UNION ALL
        SELECT 'day', NULL, NULL, NULL, method, NULL, error_reason, sum(quota_units)::int, count(*) - count(quota_units), count(*)
        FROM \(table)
        WHERE called_at >= to_timestamp($3::float8) AND called_at < to_timestamp($2::float8) AND id <= (SELECT c FROM cur)
        GROUP BY method, error_reason
        UNION ALL
        SELECT 'cursor', c, (SELECT extract(epoch FROM called_at)::float8 FROM \(table) WHERE id = cur.c LIMIT 1),
               NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM cur
        UNION ALL
        SELECT 'gap', g, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM cur CROSS JOIN LATERAL generate_series(greatest(cur.c - $5::bigint + 1, 1), cur.c) AS g
        WHERE NOT EXISTS (SELECT 1 FROM \(table) WHERE id = g)
        """
    }

    /// The newest id (the watcher's starting cursor).
    public var maxId: String { "SELECT coalesce(max(id), 0) AS id FROM \(table)" }
}
