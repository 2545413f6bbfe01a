//! Rate limiting per tenant (CONTRACT §9): a token bucket per tenant; an empty bucket is a `429`
//! `rate_limited` with `Retry-After`. Run against the second `wrangler dev` the runner starts with
//! `RATE_LIMIT_PER_MINUTE`/`RATE_LIMIT_BURST` set (`CREGO_RATE_LIMIT_API_URL`, `CREGO_RATE_LIMIT_BURST`):
//! `#[ignore]`d, and run with `--ignored` in the runner's faults phase. The main instance has no limit
//! (see `hardening`).

use std::time::Duration;

use crego_api_tests::{Api, ApiResponse, TestTenant};
use futures::future::join_all;

use crate::helpers::assert_problem;

#[tokio::test]
#[ignore = "needs a rate-limited server: scripts/run-api-tests.sh runs it in its faults phase"]
async fn a_tenant_over_its_burst_is_refused_with_retry_after_while_other_tenants_go_on() {
    let api = Api::from_var("CREGO_RATE_LIMIT_API_URL")
        .unwrap_or_else(|| panic!("CREGO_RATE_LIMIT_API_URL must name the rate-limited server"));
    let burst: usize = std::env::var("CREGO_RATE_LIMIT_BURST")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or_else(|| panic!("CREGO_RATE_LIMIT_BURST must name the instance's burst"));
    let busy = TestTenant::new_on(api.clone());
    let sent = burst + 10;

    let answers: Vec<ApiResponse> = join_all((0..sent).map(|_| busy.get("/namespaces/"))).await;

    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    let passed = statuses.iter().filter(|s| **s == 200).count();
    let refused: Vec<&ApiResponse> = answers.iter().filter(|a| a.status == 429).collect();
    assert_eq!(passed + refused.len(), sent, "only 200s and 429s: {statuses:?}");
    // The bucket starts full; a token or two may come back while the requests are in flight.
    assert!(
        (burst..burst + 3).contains(&passed),
        "{passed} passed: {statuses:?}"
    );
    let mut longest = 0;
    for answer in &refused {
        assert_problem(answer, 429, "rate_limited");
        let retry_after = answer.header("retry-after");
        let seconds: u64 = retry_after
            .parse()
            .unwrap_or_else(|_| panic!("Retry-After {retry_after:?}"));
        assert!((1..=60).contains(&seconds), "Retry-After {seconds}");
        longest = longest.max(seconds);
    }

    // Buckets are per tenant, and neither /health nor an unauthenticated request takes from one.
    let other = TestTenant::new_on(api.clone());
    assert_eq!(other.get("/namespaces/").await.status, 200);
    for _ in 0..3 {
        let health = api
            .send("GET", "/health", None, crego_api_tests::Body::None)
            .await;
        assert_eq!(health.status, 200, "{}", health.text);
    }
    let anonymous = api
        .send("GET", "/namespaces/", None, crego_api_tests::Body::None)
        .await;
    assert_problem(&anonymous, 401, "unauthorized");

    // After Retry-After seconds, a token is back.
    tokio::time::sleep(Duration::from_secs(longest) + Duration::from_millis(250)).await;
    let again = busy.get("/namespaces/").await;
    assert_eq!(again.status, 200, "{}", again.text);
}
