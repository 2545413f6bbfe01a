//! The bytes on disk (issue 16, item 7): after the API suite, `pii_plant` among it, has run, no planted
//! Aadhaar number, VID, PAN, mobile, e-mail or account number appears in clear, in any of its spellings
//! (case ignored), in the D1 database files (and their `-wal`), the KV and Durable Object storage under
//! the state directory, or the `wrangler dev` log. Run by the `scan` phase of scripts/run-api-tests.sh
//! (`CREGO_STATE_DIR`, `CREGO_WRANGLER_LOG`), hence ignored in the main phase.

use crego_api_tests::pii::{grep_files, spellings, PLANTED, PLANT_MARKER};
use std::path::PathBuf;

fn var(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set (the scan phase sets it)")),
    )
}

#[test]
#[ignore = "run by the scan phase of scripts/run-api-tests.sh, after the API suite"]
fn no_planted_value_is_on_disk_or_in_the_log_in_any_spelling() {
    let state = var("CREGO_STATE_DIR");
    let log = var("CREGO_WRANGLER_LOG");
    let sizes = |dir: &str| -> u64 {
        walk(&state.join(dir))
            .iter()
            .map(|p| p.metadata().map_or(0, |m| m.len()))
            .sum()
    };
    // What is scanned holds what the suite wrote: the D1 files, KV (idempotent replays) and Durable
    // Objects (counters), and the planted contact itself.
    for store in ["v3/d1", "v3/kv", "v3/do"] {
        assert!(sizes(store) > 0, "nothing under {store} in {}", state.display());
    }
    assert!(
        log.metadata().map_or(0, |m| m.len()) > 0,
        "{} is empty",
        log.display()
    );
    assert!(
        !grep_files(&[PLANT_MARKER.to_string()], &[&state], &[]).is_empty(),
        "the planted contact is not on disk: did pii_plant run?"
    );

    let needles: Vec<String> = PLANTED
        .iter()
        .flat_map(|(kind, value)| spellings(kind, value))
        .collect();
    let hits = grep_files(&needles, &[&state], &[&log]);

    assert!(hits.is_empty(), "personal data in clear: {hits:#?}");
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| match e.path() {
            p if p.is_dir() => walk(&p),
            p => vec![p],
        })
        .collect()
}
