//! Bearer JWT → `Principal`. HS256 with `JWT_SECRET`; the algorithm is pinned (a token naming any other,
//! `none` included, is refused before its signature is looked at). `hmac` + `sha2` rather than a JWT
//! library: HS256 is all we accept, and the general libraries link RSA and elliptic-curve code we would
//! ship for nothing.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::Value;
use sha2::Sha256;

use crate::error::ApiError;

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
const LEEWAY_SECS: i64 = 60;
/// Tokens are small; a longer header is not worth decoding.
const MAX_TOKEN_LEN: usize = 8 * 1024;
pub const APPROVE_SCOPE: &str = "contacts:approve";
/// Merging contacts into another (CONTRACT §9, "Merge").
pub const MERGE_SCOPE: &str = "contacts:merge";
/// Recording a bank account's verification outcome (CONTRACT §5).
pub const VERIFY_SCOPE: &str = "banks:verify";
/// Recording a legal hold or the end of a relationship, and erasing a contact's personal data.
pub const ERASE_SCOPE: &str = "contacts:erase";

/// Who is calling: every store statement binds `tenant_id`; `user_id` is written to `created_by`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub tenant_id: String,
    pub user_id: String,
    pub scopes: Vec<String>,
}

impl Principal {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// What a token must satisfy; read once per request from the worker's vars and secrets.
pub struct AuthConfig {
    pub secret: Vec<u8>,
    pub issuer: Option<String>,
    pub audience: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

#[derive(Deserialize)]
struct Claims {
    sub: Option<Value>,
    tenant_id: Option<Value>,
    exp: Option<Value>,
    nbf: Option<Value>,
    iss: Option<Value>,
    aud: Option<Value>,
    scope: Option<Value>,
}

/// Checks an `Authorization` header value at time `now` (Unix seconds).
pub fn authenticate(header: Option<&str>, config: &AuthConfig, now: i64) -> Result<Principal, ApiError> {
    let header = header.ok_or(ApiError::Unauthorized("a bearer token is required"))?;
    // The scheme is case-insensitive and followed by one or more spaces (RFC 9110 §11.1, §11.4).
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
        .map(|(_, rest)| rest.trim())
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthorized(
            "the Authorization header must be `Bearer <token>`",
        ))?;
    verify(token, config, now)
}

fn verify(token: &str, config: &AuthConfig, now: i64) -> Result<Principal, ApiError> {
    let malformed = ApiError::Unauthorized("the token is malformed");
    if token.len() > MAX_TOKEN_LEN {
        return Err(malformed);
    }
    let mut parts = token.split('.');
    let (Some(h64), Some(c64), Some(s64), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed);
    };
    let header: Header = decode_json(h64).ok_or(ApiError::Unauthorized("the token is malformed"))?;
    if header.alg != "HS256" {
        return Err(ApiError::Unauthorized("the token's algorithm is not accepted"));
    }
    let signature = URL_SAFE_NO_PAD
        .decode(s64)
        .map_err(|_| ApiError::Unauthorized("the token is malformed"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&config.secret)
        .map_err(|_| ApiError::Internal("JWT_SECRET cannot key HMAC".into()))?;
    mac.update(h64.as_bytes());
    mac.update(b".");
    mac.update(c64.as_bytes());
    // `verify_slice` compares in constant time.
    mac.verify_slice(&signature)
        .map_err(|_| ApiError::Unauthorized("the token's signature is invalid"))?;

    let claims: Claims = decode_json(c64).ok_or(ApiError::Unauthorized("the token is malformed"))?;
    let exp = claims
        .exp
        .as_ref()
        .and_then(Value::as_f64)
        .ok_or(ApiError::Unauthorized("the token has no `exp`"))?;
    if (now as f64) > exp + LEEWAY_SECS as f64 {
        return Err(ApiError::Unauthorized("the token has expired"));
    }
    if let Some(nbf) = claims.nbf.as_ref() {
        match nbf.as_f64() {
            Some(nbf) if (now as f64) + LEEWAY_SECS as f64 >= nbf => {}
            _ => return Err(ApiError::Unauthorized("the token is not valid yet")),
        }
    }
    if let Some(issuer) = &config.issuer {
        if claims.iss.as_ref().and_then(Value::as_str) != Some(issuer.as_str()) {
            return Err(ApiError::Unauthorized("the token's issuer is not accepted"));
        }
    }
    if let Some(audience) = &config.audience {
        let ok = match &claims.aud {
            Some(Value::String(a)) => a == audience,
            Some(Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(audience.as_str())),
            _ => false,
        };
        if !ok {
            return Err(ApiError::Unauthorized("the token's audience is not accepted"));
        }
    }
    let user_id = claims
        .sub
        .as_ref()
        .and_then(Value::as_str)
        .filter(|s| valid_subject(s))
        .ok_or(ApiError::Unauthorized("the token has no valid `sub`"))?;
    let tenant_id = claims
        .tenant_id
        .as_ref()
        .and_then(Value::as_str)
        .filter(|s| valid_tenant(s))
        .ok_or(ApiError::Unauthorized("the token has no valid `tenant_id`"))?;
    let scopes = match &claims.scope {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        Some(_) => return Err(ApiError::Unauthorized("the token's `scope` must be a string")),
    };
    Ok(Principal {
        tenant_id: tenant_id.to_string(),
        user_id: user_id.to_string(),
        scopes,
    })
}

fn decode_json<T: for<'de> Deserialize<'de>>(part: &str) -> Option<T> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Tenant ids name Durable Objects and sit in every row: `[A-Za-z0-9._-]{1,64}`.
fn valid_tenant(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// User ids are written to `created_by`: printable, at most 128 characters.
fn valid_subject(s: &str) -> bool {
    (1..=128).contains(&s.chars().count()) && !s.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_780_000_000;

    fn config() -> AuthConfig {
        AuthConfig {
            secret: b"test-secret".to_vec(),
            issuer: Some("crego-dev".into()),
            audience: Some("crego-contact-api".into()),
        }
    }

    fn sign(header: Value, claims: Value, secret: &[u8]) -> String {
        let h = URL_SAFE_NO_PAD.encode(header.to_string());
        let c = URL_SAFE_NO_PAD.encode(claims.to_string());
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(format!("{h}.{c}").as_bytes());
        let s = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("Bearer {h}.{c}.{s}")
    }

    fn good_claims() -> Value {
        json!({"sub": "user-1", "tenant_id": "acme-01", "exp": NOW + 600, "iss": "crego-dev",
               "aud": "crego-contact-api", "scope": "contacts:approve other"})
    }

    fn check(token: &str) -> Result<Principal, &'static str> {
        authenticate(Some(token), &config(), NOW).map_err(|e| match e {
            ApiError::Unauthorized(r) => r,
            _ => "not a 401",
        })
    }

    #[test]
    fn a_good_token_gives_the_tenant_user_and_scopes() {
        let p = check(&sign(
            json!({"alg": "HS256", "typ": "JWT"}),
            good_claims(),
            b"test-secret",
        ))
        .unwrap();
        assert_eq!(p.tenant_id, "acme-01");
        assert_eq!(p.user_id, "user-1");
        assert!(p.has_scope(APPROVE_SCOPE));
    }

    #[test]
    fn other_algorithms_and_none_are_refused() {
        let none = format!(
            "Bearer {}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(good_claims().to_string())
        );
        assert_eq!(check(&none), Err("the token's algorithm is not accepted"));
        let hs384 = sign(json!({"alg": "HS384"}), good_claims(), b"test-secret");
        assert_eq!(check(&hs384), Err("the token's algorithm is not accepted"));
    }

    #[test]
    fn a_bad_signature_expiry_or_missing_claim_is_refused() {
        let h = json!({"alg": "HS256"});
        assert_eq!(
            check(&sign(h.clone(), good_claims(), b"other")),
            Err("the token's signature is invalid")
        );
        let mut c = good_claims();
        c["exp"] = json!(NOW - 61);
        assert_eq!(
            check(&sign(h.clone(), c, b"test-secret")),
            Err("the token has expired")
        );
        let mut c = good_claims();
        c["exp"] = json!(NOW - 59);
        assert!(
            check(&sign(h.clone(), c, b"test-secret")).is_ok(),
            "within the leeway"
        );
        for (claim, reason) in [
            ("tenant_id", "the token has no valid `tenant_id`"),
            ("sub", "the token has no valid `sub`"),
            ("exp", "the token has no `exp`"),
            ("iss", "the token's issuer is not accepted"),
            ("aud", "the token's audience is not accepted"),
        ] {
            let mut c = good_claims();
            c.as_object_mut().unwrap().remove(claim);
            assert_eq!(check(&sign(h.clone(), c, b"test-secret")), Err(reason), "{claim}");
        }
        let mut c = good_claims();
        c["tenant_id"] = json!("acme/../other");
        assert!(check(&sign(h, c, b"test-secret")).is_err());
    }

    #[test]
    fn the_scheme_is_case_insensitive_and_may_be_followed_by_several_spaces() {
        let signed = sign(json!({"alg": "HS256"}), good_claims(), b"test-secret");
        let token = signed.trim_start_matches("Bearer ");
        for scheme in ["bearer ", "BEARER ", "bEaReR ", "Bearer   "] {
            assert!(check(&format!("{scheme}{token}")).is_ok(), "{scheme}");
        }
        assert!(check(&format!("Bearerx {token}")).is_err());
        assert!(check(&format!("Basic {token}")).is_err());
    }

    #[test]
    fn malformed_headers_and_tokens_are_refused() {
        assert!(authenticate(None, &config(), NOW).is_err());
        for t in [
            "Basic abc",
            "Bearer ",
            "Bearer a.b",
            "Bearer a.b.c.d",
            "Bearer !!.??.**",
        ] {
            assert!(check(t).is_err(), "{t}");
        }
    }
}
