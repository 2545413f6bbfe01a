-- 0004: claims on Idempotency-Key values.
--
-- The replay itself (the first response's status and body) lives in KV for 24 hours. KV is eventually
-- consistent and has no compare-and-set, so it cannot stop two concurrent first attempts with one key
-- from both running: this table does. The first request inserts its claim; a concurrent one finds the
-- claim and is told to retry, and a later one finds the replay in KV. An expired claim (older than 24 h)
-- is taken over by the next request with that key. A request that failed with a 5xx releases its claim.

CREATE TABLE idempotency_keys (
    tenant_id     TEXT NOT NULL,
    -- SHA-256 of the client's key, so that any 1..=255-character key fits one indexed column.
    key_hash      TEXT NOT NULL,
    -- SHA-256 of the method, path and body: the same key with another request is refused.
    request_hash  TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, key_hash)
) WITHOUT ROWID;
