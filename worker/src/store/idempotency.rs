//! Claims on Idempotency-Key values (migration 0004); the replays themselves are in KV.

use serde::Deserialize;

use crego_validation::limits::EXPIRED_CLAIMS_PURGED;

use super::{int, text, Store, StoreResult};

/// Takes the key unless a live claim holds it; an expired claim (past `expires_at`) is taken over.
const CLAIM_KEY: &str = "INSERT INTO idempotency_keys (tenant_id, key_hash, request_hash, expires_at) \
     VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant_id, key_hash) DO UPDATE SET \
     request_hash = excluded.request_hash, expires_at = excluded.expires_at \
     WHERE idempotency_keys.expires_at < ?5";
const CLAIMED_REQUEST: &str =
    "SELECT request_hash FROM idempotency_keys WHERE tenant_id = ?1 AND key_hash = ?2";
const RELEASE_KEY: &str = "DELETE FROM idempotency_keys WHERE tenant_id = ?1 AND key_hash = ?2";
/// Expired claims of the tenant, at most `limits::EXPIRED_CLAIMS_PURGED` (?3) a time, found by
/// migration 0007's index: every claim purges more than it adds, so a tenant's table holds about one
/// day of its keys.
const PURGE_EXPIRED: &str = "DELETE FROM idempotency_keys WHERE tenant_id = ?1 AND key_hash IN \
     (SELECT key_hash FROM idempotency_keys WHERE tenant_id = ?1 AND expires_at < ?2 LIMIT ?3)";

impl Store {
    /// `None` when this request now holds the key; else the request hash of the live claim.
    pub async fn claim_idempotency_key(
        &self,
        key_hash: &str,
        request_hash: &str,
        expires_at: &str,
        now: &str,
    ) -> StoreResult<Option<String>> {
        let purge = self.prepare(PURGE_EXPIRED, &[text(now), int(EXPIRED_CLAIMS_PURGED as i64)])?;
        let claim = self.prepare(
            CLAIM_KEY,
            &[text(key_hash), text(request_hash), text(expires_at), text(now)],
        )?;
        // Bookkeeping, not the request's write: never faulted (`Store::batch` would be).
        let results = self.db.batch(vec![purge, claim]).await?;
        let claimed = match results.get(1) {
            Some(r) => r.meta()?.and_then(|m| m.changes).unwrap_or(0),
            None => 0,
        };
        if claimed > 0 {
            return Ok(None);
        }
        #[derive(Deserialize)]
        struct Claim {
            request_hash: String,
        }
        let claim: Option<Claim> = self
            .prepare(CLAIMED_REQUEST, &[text(key_hash)])?
            .first(None)
            .await?;
        Ok(Some(claim.map(|c| c.request_hash).unwrap_or_default()))
    }

    pub async fn release_idempotency_key(&self, key_hash: &str) -> StoreResult<()> {
        self.prepare(RELEASE_KEY, &[text(key_hash)])?.run().await?;
        Ok(())
    }
}
