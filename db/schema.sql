-- Reference schema of the monitored Gmail-API service (the contract opsctl's default
-- collectors are written against). A service with other names maps its own tables in
-- the collector configuration; nothing in opsctl hard-codes these names.

CREATE TABLE IF NOT EXISTS user_integrations (
    user_id           text        NOT NULL,
    provider          text        NOT NULL CHECK (provider IN ('gmail', 'calendar')),
    status            text        NOT NULL CHECK (status IN ('active', 'expired', 'revoked', 'error')),
    token_expires_at  timestamptz,
    last_synced_at    timestamptz,
    PRIMARY KEY (user_id, provider)
);
CREATE INDEX IF NOT EXISTS user_integrations_token_expires_at_idx
    ON user_integrations (token_expires_at) WHERE status = 'active';

CREATE TABLE IF NOT EXISTS jobs (
    id          bigserial   PRIMARY KEY,
    user_id     text        NOT NULL,
    kind        text        NOT NULL,          -- sync, cleanup, search, ...
    status      text        NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed')),
    priority    smallint    NOT NULL DEFAULT 0,
    attempts    int         NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    last_error  text
);
CREATE INDEX IF NOT EXISTS jobs_active_idx
    ON jobs (kind, status, created_at) WHERE status IN ('queued', 'processing');
CREATE INDEX IF NOT EXISTS jobs_updated_at_idx ON jobs (updated_at);

CREATE TABLE IF NOT EXISTS cleanup_runs (
    run_id          text        PRIMARY KEY,
    user_id         text        NOT NULL,
    policy          text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'dry_run')),
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    archived        int         NOT NULL DEFAULT 0,
    deleted         int         NOT NULL DEFAULT 0,
    marked_read     int         NOT NULL DEFAULT 0,
    failed_actions  int         NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS cleanup_runs_started_at_idx ON cleanup_runs (started_at);

CREATE TABLE IF NOT EXISTS gmail_api_calls (
    id            bigserial   PRIMARY KEY,
    called_at     timestamptz NOT NULL DEFAULT now(),
    user_id       text        NOT NULL,
    method        text        NOT NULL,        -- users.messages.list, users.messages.get, ...
    status_code   smallint    NOT NULL,
    error_reason  text,                        -- rateLimitExceeded, userRateLimitExceeded, dailyLimitExceeded,
                                               -- authError, backendError, network; NULL on success
    latency_ms    int         NOT NULL,
    quota_units   smallint                     -- NULL: take the cost from the method cost table
);
CREATE INDEX IF NOT EXISTS gmail_api_calls_called_at_idx ON gmail_api_calls (called_at);
