//! Claims on Idempotency-Key values (migration 0004); the replays themselves are in KV.

use serde::Deserialize;

use super::{text, Store, StoreResult};

/// Takes the key unless a live claim holds it; an expired claim (past `expires_at`) is taken over.
const CLAIM_KEY: &str = "INSERT INTO idempotency_keys (tenant_id, key_hash, request_hash, expires_at) \
     VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant_id, key_hash) DO UPDATE SET \
     request_hash = excluded.request_hash, expires_at = excluded.expires_at \
     WHERE idempotency_keys.expires_at < ?5";
const CLAIMED_REQUEST: &str =
    "SELECT request_hash FROM idempotency_keys WHERE tenant_id = ?1 AND key_hash = ?2";
const RELEASE_KEY: &str = "DELETE FROM idempotency_keys WHERE tenant_id = ?1 AND key_hash = ?2";

impl Store {
    /// `None` when this request now holds the key; else the request hash of the live claim.
    pub async fn claim_idempotency_key(
        &self,
        key_hash: &str,
        request_hash: &str,
        expires_at: &str,
        now: &str,
    ) -> StoreResult<Option<String>> {
        let result = self
            .prepare(
                CLAIM_KEY,
                &[text(key_hash), text(request_hash), text(expires_at), text(now)],
            )?
            .run()
            .await?;
        if result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0 {
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
