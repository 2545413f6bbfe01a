//! Dev JWTs: HS256 over base64url (no padding), with a builder that can also make every token the
//! server must refuse (another alg, `none`, another secret, missing or wrong claims).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::{Sha256, Sha384};
use std::time::{SystemTime, UNIX_EPOCH};

/// The secret in `.dev.vars`; `JWT_SECRET` in the environment overrides it.
pub const DEV_SECRET: &str = "dev-only-insecure-jwt-secret-do-not-deploy-0001";
pub const DEFAULT_ISSUER: &str = "crego-dev";
pub const DEFAULT_AUDIENCE: &str = "crego-contact-api";

/// How the signature part is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signing {
    /// HMAC-SHA256 with this secret (the one the server accepts when it is the right secret).
    Hs256(String),
    /// HMAC-SHA384 with this secret (a valid token of an alg the server must refuse).
    Hs384(String),
    /// No signature at all: the third part is empty (`alg: none` tokens).
    Empty,
}

/// A token under construction. `TokenBuilder::new(tenant, sub)` is a token the dev server accepts;
/// every other method breaks or extends it in one way.
#[derive(Debug, Clone)]
pub struct TokenBuilder {
    header: Map<String, Value>,
    claims: Map<String, Value>,
    signing: Signing,
}

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
}

/// `JWT_SECRET` from the environment, else the dev secret.
pub fn dev_secret() -> String {
    std::env::var("JWT_SECRET")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEV_SECRET.to_string())
}

impl TokenBuilder {
    /// A valid token: HS256 with the dev secret, `iss`/`aud` of dev, `iat` now, `exp` in one hour.
    pub fn new(tenant_id: &str, sub: &str) -> Self {
        let now = unix_now();
        let header = json!({"alg": "HS256", "typ": "JWT"});
        let claims = json!({
            "sub": sub,
            "tenant_id": tenant_id,
            "iss": DEFAULT_ISSUER,
            "aud": DEFAULT_AUDIENCE,
            "iat": now,
            "exp": now + 3600,
        });
        Self {
            header: as_object(header),
            claims: as_object(claims),
            signing: Signing::Hs256(dev_secret()),
        }
    }

    /// Space-separated scopes, e.g. `"contacts:approve"`.
    pub fn scope(self, scope: &str) -> Self {
        self.claim("scope", json!(scope))
    }

    /// `exp` this many seconds from now (negative: already expired).
    pub fn ttl_seconds(self, ttl: i64) -> Self {
        self.claim("exp", json!(unix_now() + ttl))
    }

    /// Sets (or replaces) any claim.
    pub fn claim(mut self, name: &str, value: Value) -> Self {
        self.claims.insert(name.to_string(), value);
        self
    }

    /// Removes a claim (`sub`, `tenant_id`, `exp`, ...).
    pub fn without(mut self, name: &str) -> Self {
        self.claims.remove(name);
        self
    }

    /// Sets the header's `alg` label without changing how the token is signed.
    pub fn header_alg(mut self, alg: &str) -> Self {
        self.header.insert("alg".to_string(), json!(alg));
        self
    }

    /// Signs with HS256 and another secret.
    pub fn secret(self, secret: &str) -> Self {
        self.signing(Signing::Hs256(secret.to_string()))
    }

    /// Chooses how the signature is made (the header label is left alone).
    pub fn signing(mut self, signing: Signing) -> Self {
        self.signing = signing;
        self
    }

    /// A correctly formed HS384 token (header and signature agree), which the server must refuse.
    pub fn hs384(self) -> Self {
        let secret = dev_secret();
        self.header_alg("HS384").signing(Signing::Hs384(secret))
    }

    /// `alg: none` with an empty signature part.
    pub fn alg_none(self) -> Self {
        self.header_alg("none").signing(Signing::Empty)
    }

    /// The compact serialization `header.claims.signature`.
    pub fn mint(&self) -> String {
        let header = encode_json(&self.header);
        let claims = encode_json(&self.claims);
        let signing_input = format!("{header}.{claims}");
        let signature = match &self.signing {
            Signing::Hs256(secret) => {
                let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
                    .expect("HMAC accepts a key of any length");
                mac.update(signing_input.as_bytes());
                URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
            }
            Signing::Hs384(secret) => {
                let mut mac = Hmac::<Sha384>::new_from_slice(secret.as_bytes())
                    .expect("HMAC accepts a key of any length");
                mac.update(signing_input.as_bytes());
                URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
            }
            Signing::Empty => String::new(),
        };
        format!("{signing_input}.{signature}")
    }
}

/// Mints the token the builder describes.
pub fn mint_token(builder: &TokenBuilder) -> String {
    builder.mint()
}

/// base64url (no padding) of a JSON object; also used by tests to build malformed tokens.
pub fn encode_json(value: &Map<String, Value>) -> String {
    let bytes = serde_json::to_vec(value).expect("a JSON map always serializes");
    URL_SAFE_NO_PAD.encode(bytes)
}

fn as_object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("json!({{..}}) is an object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(part: &str) -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    #[test]
    fn a_default_token_has_three_parts_and_the_dev_claims() {
        let token = TokenBuilder::new("acme", "user-1").scope("a b").mint();
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(decode(parts[0]), json!({"alg": "HS256", "typ": "JWT"}));
        let claims = decode(parts[1]);
        assert_eq!(claims["tenant_id"], "acme");
        assert_eq!(claims["sub"], "user-1");
        assert_eq!(claims["iss"], DEFAULT_ISSUER);
        assert_eq!(claims["aud"], DEFAULT_AUDIENCE);
        assert_eq!(claims["scope"], "a b");
        assert!(claims["exp"].as_i64().unwrap() > unix_now() + 3500);
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().len(), 32);
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_the_first_two_parts() {
        let token = TokenBuilder::new("acme", "u").secret("k").mint();
        let (input, sig) = token.rsplit_once('.').unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(b"k").unwrap();
        mac.update(input.as_bytes());
        mac.verify_slice(&URL_SAFE_NO_PAD.decode(sig).unwrap()).unwrap();
    }

    #[test]
    fn broken_variants_change_what_they_say() {
        let none = TokenBuilder::new("t", "u").alg_none().mint();
        assert!(none.ends_with('.'));
        assert_eq!(decode(none.split('.').next().unwrap())["alg"], "none");
        let hs384 = TokenBuilder::new("t", "u").hs384().mint();
        let sig = hs384.rsplit_once('.').unwrap().1;
        assert_eq!(URL_SAFE_NO_PAD.decode(sig).unwrap().len(), 48);
        let no_tenant = TokenBuilder::new("t", "u").without("tenant_id").mint();
        assert!(decode(no_tenant.split('.').nth(1).unwrap())
            .get("tenant_id")
            .is_none());
    }
}
