namespace Docket.Data;

public sealed class SqliteDialect : SqlDialect
{
    public override string Name => "sqlite";

    // Aged executions (waiting longer than the aging bound) go first, oldest first; otherwise
    // strict priority, FIFO inside a priority. Both sub-selects walk a partial index of pending
    // rows, so a claim costs the same with 10 or 100,000 executions queued. The outer
    // `status = 'pending'` guard makes a concurrent claim of the same row a no-op.
    public override string ClaimExecution => """
        UPDATE executions
        SET status = 'running', attempt = attempt + 1, locked_until = @lease, worker_id = @worker,
            started_at = COALESCE(started_at, @now)
        WHERE seq = COALESCE(
                (SELECT seq FROM executions WHERE status = 'pending' AND created_at <= @aged AND run_after <= @now
                 ORDER BY created_at, seq LIMIT 1),
                (SELECT seq FROM executions WHERE status = 'pending' AND run_after <= @now
                 ORDER BY priority DESC, seq LIMIT 1))
          AND status = 'pending'
        RETURNING *
        """;

    public override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE tenants (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            webhook_secret TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            key_hash TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            label TEXT,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        CREATE TABLE files (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            tenant_id TEXT NOT NULL,
            filename TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            purpose TEXT NOT NULL,
            content_type TEXT NOT NULL,
            md5 TEXT,
            sha256 TEXT,
            status TEXT NOT NULL,
            upload_token_hash TEXT,
            expires_at INTEGER,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX files_tenant ON files (tenant_id, seq);
        CREATE INDEX files_tenant_md5 ON files (tenant_id, md5);
        CREATE INDEX files_sha256 ON files (sha256);
        CREATE TABLE agents (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            tenant_id TEXT NOT NULL,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            version_number INTEGER,
            description TEXT NOT NULL,
            config TEXT NOT NULL,
            config_hash TEXT NOT NULL,
            callback_url TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (tenant_id, name, version)
        );
        CREATE TABLE executions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            tenant_id TEXT NOT NULL,
            name TEXT NOT NULL,
            agent_id TEXT,
            handler TEXT NOT NULL,
            status TEXT NOT NULL,
            priority INTEGER NOT NULL,
            config TEXT NOT NULL,
            inputs TEXT NOT NULL,
            toolsets TEXT NOT NULL,
            metadata TEXT,
            session_id TEXT,
            callback_url TEXT,
            idempotency_key TEXT,
            fingerprint TEXT NOT NULL,
            model TEXT,
            attempt INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL,
            timeout_ms INTEGER,
            run_after INTEGER NOT NULL,
            locked_until INTEGER,
            worker_id TEXT,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            completed_at INTEGER,
            response TEXT,
            usage TEXT,
            error_code TEXT,
            error_message TEXT,
            cached INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX executions_queue ON executions (priority DESC, seq) WHERE status = 'pending';
        CREATE INDEX executions_aging ON executions (created_at, seq) WHERE status = 'pending';
        CREATE INDEX executions_leases ON executions (locked_until) WHERE status = 'running';
        CREATE INDEX executions_tenant ON executions (tenant_id, seq);
        CREATE INDEX executions_fingerprint ON executions (tenant_id, fingerprint) WHERE status = 'completed';
        CREATE UNIQUE INDEX executions_idempotency ON executions (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE execution_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            execution_id TEXT NOT NULL,
            status TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX execution_events_execution ON execution_events (execution_id, seq);
        CREATE TRIGGER executions_created AFTER INSERT ON executions
        BEGIN
            INSERT INTO execution_events (execution_id, status, attempt, at)
            VALUES (NEW.id, NEW.status, NEW.attempt, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
        END;
        CREATE TRIGGER executions_changed AFTER UPDATE OF status, attempt ON executions
        WHEN OLD.status <> NEW.status OR OLD.attempt <> NEW.attempt
        BEGIN
            INSERT INTO execution_events (execution_id, status, attempt, at)
            VALUES (NEW.id, NEW.status, NEW.attempt, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
        END;
        CREATE TABLE artifacts (
            execution_id TEXT NOT NULL,
            object_id TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            session_id TEXT,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (execution_id, object_id)
        );
        CREATE INDEX artifacts_session ON artifacts (tenant_id, session_id);
        CREATE INDEX artifacts_sha256 ON artifacts (sha256);
        CREATE TABLE feedback (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            tenant_id TEXT NOT NULL,
            request_id TEXT,
            agent_execution_id TEXT,
            response TEXT,
            notes TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX feedback_request ON feedback (tenant_id, request_id);
        CREATE INDEX feedback_execution ON feedback (tenant_id, agent_execution_id);
        CREATE TABLE webhook_deliveries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            tenant_id TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            url TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            locked_until INTEGER,
            last_status_code INTEGER,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            delivered_at INTEGER
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
        CREATE INDEX webhook_deliveries_execution ON webhook_deliveries (execution_id);
        CREATE TABLE webhook_attempts (
            delivery_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            status_code INTEGER,
            error TEXT,
            duration_ms INTEGER NOT NULL,
            PRIMARY KEY (delivery_id, attempt)
        );
        """,
        """
        ALTER TABLE executions ADD COLUMN grounding TEXT;
        """,

        // The executions listing, newest first, with or without a status or name filter and a
        // date range: each walks one index in order and stops after a page. The first replaces
        // the (tenant_id, seq) index, which nothing reads any more.
        """
        DROP INDEX executions_tenant;
        CREATE INDEX executions_tenant_created ON executions (tenant_id, created_at, seq);
        CREATE INDEX executions_tenant_status ON executions (tenant_id, status, created_at, seq);
        CREATE INDEX executions_tenant_name ON executions (tenant_id, name, created_at, seq);
        """,

        // Model providers: every recorded call of an attempt and its step log.
        """
        CREATE TABLE model_calls (
            execution_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            call_index INTEGER NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            request TEXT NOT NULL,
            request_sha256 TEXT NOT NULL,
            response TEXT,
            status_code INTEGER,
            error TEXT,
            started_at INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            PRIMARY KEY (execution_id, attempt, call_index)
        );
        CREATE TABLE execution_steps (
            execution_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            step INTEGER NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            detail TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            PRIMARY KEY (execution_id, attempt, step)
        );
        """,
        """
        DROP TRIGGER executions_created;
        CREATE TRIGGER executions_created AFTER INSERT ON executions
        BEGIN
            INSERT INTO execution_events (execution_id, status, attempt, at)
            SELECT NEW.id, 'pending', 0, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE NEW.status = 'running';
            INSERT INTO execution_events (execution_id, status, attempt, at)
            VALUES (NEW.id, NEW.status, NEW.attempt, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
        END;
        """,
    ];
}
