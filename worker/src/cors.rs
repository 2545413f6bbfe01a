//! CORS for the browser apps: origins from `CORS_ALLOWED_ORIGINS` (a comma list; `*` allows any).
//! An allowed origin gets the CORS headers on every response, errors included (so a form can read the
//! problem+json); any other origin gets none, and the browser keeps the response from the page.

/// Request headers the apps send.
const ALLOW_HEADERS: &str = "Authorization, Content-Type, If-Match, Idempotency-Key";
/// Response headers the apps may read.
const EXPOSE_HEADERS: &str = "ETag, Retry-After, WWW-Authenticate, Contact-Approval";
/// How long a browser may cache a preflight answer, in seconds.
const MAX_AGE: &str = "600";

pub struct CorsPolicy {
    origins: Vec<String>,
}

impl CorsPolicy {
    pub fn from_list(list: &str) -> CorsPolicy {
        CorsPolicy {
            origins: list
                .split(',')
                .map(|o| o.trim().trim_end_matches('/').to_string())
                .filter(|o| !o.is_empty())
                .collect(),
        }
    }

    /// Origins are compared exactly (scheme, host and port), as browsers send them.
    pub fn allows(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == "*" || o == origin)
    }

    /// The headers of a response to `origin`: the CORS headers when it is allowed, and `Vary: Origin`
    /// on every response whatever the origin, since they depend on it (a shared cache must not hand
    /// one origin's answer to another, e.g. the publicly cacheable `/openapi.json`).
    pub fn headers(&self, origin: Option<&str>) -> Vec<(&'static str, String)> {
        let vary = ("Vary", "Origin".to_string());
        match origin {
            Some(o) if self.allows(o) => vec![
                ("Access-Control-Allow-Origin", o.to_string()),
                ("Access-Control-Expose-Headers", EXPOSE_HEADERS.to_string()),
                vary,
            ],
            _ => vec![vary],
        }
    }

    /// The extra headers of a preflight answer for a route allowing `methods` (by name).
    pub fn preflight_headers(&self, origin: Option<&str>, methods: &[&str]) -> Vec<(&'static str, String)> {
        let mut headers = self.headers(origin);
        if origin.is_some_and(|o| self.allows(o)) {
            headers.push(("Access-Control-Allow-Methods", methods.join(", ")));
            headers.push(("Access-Control-Allow-Headers", ALLOW_HEADERS.to_string()));
            headers.push(("Access-Control-Max-Age", MAX_AGE.to_string()));
        }
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_origins_get_headers_and_others_none() {
        let p = CorsPolicy::from_list("http://localhost:5173, https://jupiter.crego.io/");
        assert!(p.allows("https://jupiter.crego.io"));
        assert!(!p.allows("https://evil.example"));
        assert!(!p.allows("http://localhost:5174"));
        let h = p.headers(Some("http://localhost:5173"));
        assert!(h.contains(&("Access-Control-Allow-Origin", "http://localhost:5173".to_string())));
        let vary_only = vec![("Vary", "Origin".to_string())];
        assert_eq!(p.headers(Some("https://evil.example")), vary_only);
        assert_eq!(p.headers(None), vary_only);
    }

    #[test]
    fn a_preflight_names_the_routes_methods_and_the_headers_the_apps_send() {
        let p = CorsPolicy::from_list("http://localhost:5173");
        let h = p.preflight_headers(Some("http://localhost:5173"), &["GET", "PATCH"]);
        assert!(h.contains(&("Access-Control-Allow-Methods", "GET, PATCH".to_string())));
        assert!(h
            .iter()
            .any(|(n, v)| *n == "Access-Control-Allow-Headers" && v.contains("If-Match")));
        let none = CorsPolicy::from_list("").preflight_headers(Some("http://x"), &["GET"]);
        assert_eq!(none, vec![("Vary", "Origin".to_string())]);
    }
}
