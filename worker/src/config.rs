//! The worker's settings, read from its vars and secrets once per request, in one place: the JWT
//! settings, the CORS origins, the dev-only fault switch, the rate limits, the keys of personal data
//! and the retention period of identity records.

use worker::Env;

use crate::auth::AuthConfig;
use crate::cors::CorsPolicy;
use crate::error::ApiError;
use crate::pii::keys::{Keyring, ENCRYPTION_VAR, TOKEN_VAR};
use crate::rate_limit::Limits;

/// A secret shorter than this is refused: HS256 keys should carry at least 256 bits.
const MIN_SECRET_BYTES: usize = 32;

pub struct Config {
    /// `CORS_ALLOWED_ORIGINS`.
    pub cors: CorsPolicy,
    /// `JWT_SECRET`, `JWT_ISSUER`, `JWT_AUDIENCE`; or why they cannot be used (an operator error, the
    /// `500` of every route that needs a token, while `/health` and preflights still answer).
    auth: Result<AuthConfig, String>,
    /// `CREGO_FAULTS` is `on` (dev only: never in `wrangler.toml`).
    pub faults: bool,
    /// `RATE_LIMIT_PER_MINUTE` and `RATE_LIMIT_BURST`; `None`: no limit.
    pub rate_limits: Option<Limits>,
    /// `PII_ENCRYPTION_KEYS` and `PII_TOKEN_KEY`; or why they cannot be used (the `500` of every route
    /// that must seal, open or token a value).
    pub pii_keys: Result<Keyring, String>,
    /// `KYC_RETENTION_YEARS` (default 5); or why it cannot be used (the `500` of an erasure).
    pub retention_years: Result<u32, String>,
}

/// Identity records are kept this many years after the relationship ends unless the var says more.
const DEFAULT_RETENTION_YEARS: u32 = 5;

/// `KYC_RETENTION_YEARS`: whole years, 1 to 100.
fn retention_years(var: Option<String>) -> Result<u32, String> {
    match var.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(DEFAULT_RETENTION_YEARS),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                format!("KYC_RETENTION_YEARS is `{v}`, not a whole number of years from 1 to 100")
            }),
    }
}

impl Config {
    pub fn from_env(env: &Env) -> Config {
        // Vars and secrets are the same kind of binding: one lookup reads both.
        Config::read(|name| env.var(name).ok().map(|v| v.to_string()))
    }

    /// The settings from a lookup of each var or secret by name.
    pub fn read(var: impl Fn(&str) -> Option<String>) -> Config {
        let optional = |name: &str| var(name).filter(|v| !v.is_empty());
        let auth = match var("JWT_SECRET") {
            None => Err("JWT_SECRET is not set".to_string()),
            Some(s) if s.len() < MIN_SECRET_BYTES => {
                Err(format!("JWT_SECRET is shorter than {MIN_SECRET_BYTES} bytes"))
            }
            Some(secret) => Ok(AuthConfig {
                secret: secret.into_bytes(),
                issuer: optional("JWT_ISSUER"),
                audience: optional("JWT_AUDIENCE"),
            }),
        };
        Config {
            cors: CorsPolicy::from_list(&var("CORS_ALLOWED_ORIGINS").unwrap_or_default()),
            auth,
            faults: var("CREGO_FAULTS").is_some_and(|v| v.trim() == "on"),
            rate_limits: Limits::from_vars(
                var("RATE_LIMIT_PER_MINUTE").as_deref(),
                var("RATE_LIMIT_BURST").as_deref(),
            ),
            pii_keys: Keyring::read(var(ENCRYPTION_VAR).as_deref(), var(TOKEN_VAR).as_deref()),
            retention_years: retention_years(var("KYC_RETENTION_YEARS")),
        }
    }

    /// The JWT settings, or the operator error that makes them unusable (500, logged).
    pub fn auth(&self) -> Result<&AuthConfig, ApiError> {
        self.auth.as_ref().map_err(|e| ApiError::Internal(e.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Config {
        Config::read(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    const SECRET: (&str, &str) = ("JWT_SECRET", "0123456789abcdef0123456789abcdef");

    #[test]
    fn a_missing_or_short_secret_is_an_operator_error_and_blank_claims_are_not_checked() {
        assert!(config(&[]).auth().is_err());
        assert!(config(&[("JWT_SECRET", "short")]).auth().is_err());
        let c = config(&[SECRET, ("JWT_ISSUER", "crego-dev"), ("JWT_AUDIENCE", "")]);
        let auth = c.auth().map_err(|_| "no auth").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(auth.issuer.as_deref(), Some("crego-dev"));
        assert_eq!(auth.audience, None);
    }

    #[test]
    fn the_retention_period_defaults_to_five_years_and_a_bad_one_is_an_operator_error() {
        assert_eq!(config(&[]).retention_years, Ok(5));
        assert_eq!(config(&[("KYC_RETENTION_YEARS", " 8 ")]).retention_years, Ok(8));
        for bad in ["0", "-1", "five", "101", "5.5"] {
            assert!(
                config(&[("KYC_RETENTION_YEARS", bad)]).retention_years.is_err(),
                "{bad}"
            );
        }
        assert!(
            config(&[]).pii_keys.is_err(),
            "no keys: an operator error, not a clear write"
        );
    }

    #[test]
    fn faults_and_rate_limits_are_off_unless_set() {
        let off = config(&[SECRET, ("RATE_LIMIT_PER_MINUTE", "0")]);
        assert!(!off.faults);
        assert_eq!(off.rate_limits, None);
        let on = config(&[("CREGO_FAULTS", " on "), ("RATE_LIMIT_PER_MINUTE", "60")]);
        assert!(on.faults);
        assert_eq!(on.rate_limits.map(|l| l.burst), Some(60));
        assert!(!config(&[("CREGO_FAULTS", "off")]).faults);
        let cors = config(&[("CORS_ALLOWED_ORIGINS", "http://localhost:5173")]).cors;
        assert!(cors.allows("http://localhost:5173"));
    }
}
