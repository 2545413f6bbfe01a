-- 0007: expired Idempotency-Key claims are purged (issue 14).
--
-- A claim (0004) lives 24 hours; until now an expired one stayed until its key came back, so the
-- table only grew. Each new claim now also deletes up to a hundred expired claims of its own tenant
-- (the statement binds the tenant like every other), found through this index rather than a scan of
-- the tenant's keys. Keys are also scoped to the caller from now on (the worker hashes the user's
-- `sub` with the key): claims written before this migration simply expire.

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (tenant_id, expires_at);
