//! The offline evaluator of dedupe's matching model (issue 17). Reads the data bench/dedupe/generate.mjs
//! wrote, retrieves candidates as the store is specified to (blocking keys, a cap per key), fits the
//! weights and the threshold on the `fit` split only, and reports precision, recall, F1 and recall@1 on
//! the `held_out` split with the weights committed in `weights.rs`.
//!
//!   node bench/dedupe/generate.mjs && cargo run --release -p crego-worker --example dedupe_eval
//!   ... --example dedupe_eval -- --write     # rewrite worker/src/domain/matching/weights.rs
//!   ... --example dedupe_eval -- --show 20   # and print 20 wrong results and 20 missed duplicates
//!
//! Exits non-zero when held-out F1 is under the budget or the committed weights differ from a fresh fit.

mod data;
mod fit;
mod metrics;
mod render;
mod show;
mod store;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crego_worker::domain::matching::{Model, MODEL};

use data::Split;
use metrics::{evaluate, model_scorer, route_scorer, Report};
use store::Store;

/// Issue 17's budget for held-out F1.
const F1_BUDGET: f64 = 0.95;

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("dedupe_eval: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let write = args.iter().any(|a| a == "--write");
    let show = args
        .iter()
        .position(|a| a == "--show")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .map_or_else(|| root.join("bench/out/dedupe"), PathBuf::from);
    let started = Instant::now();
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).map_err(|e| {
        format!(
            "{}: {e} (run `node bench/dedupe/generate.mjs` first)",
            dir.display()
        )
    })?;
    let seed = serde_json::from_str::<serde_json::Value>(&manifest)
        .ok()
        .and_then(|m| m["seed"].as_u64())
        .ok_or("manifest.json has no seed")?;
    let fit_split = Split::load(&dir, "fit")?;
    let held_out = Split::load(&dir, "held_out")?;
    let fit_candidates = candidates(&fit_split);
    let held_candidates = candidates(&held_out);

    let fitted = fit::fit(&fit_split, &fit_candidates);
    let source = render::weights_source(&fitted, seed, fit_split.records.len(), &root)?;
    let path = root.join("worker/src/domain/matching/weights.rs");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let current = committed == source;
    if write && !current {
        std::fs::write(&path, &source).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {} (rebuild and run again to evaluate it)", path.display());
    }

    let fit_report = evaluate(&fit_split, &fit_candidates, &model_scorer(&fit_split, &MODEL));
    let held_report = evaluate(&held_out, &held_candidates, &model_scorer(&held_out, &MODEL));
    let route_report = evaluate(&held_out, &held_candidates, &route_scorer(&held_out));
    print_report(seed, &fit_split, &held_out, &fit_report, &held_report, &fitted);
    println!(
        "the route's scoring today (identifiers, then names) on the same held-out candidates: precision {}, recall {}, F1 {:.4}, recall@1 {}",
        pct(route_report.precision()),
        pct(route_report.recall()),
        route_report.f1(),
        pct(route_report.recall_at_1())
    );
    if let Some(n) = show {
        show::show(&held_out, &held_candidates, &MODEL, n);
    }
    let met = held_report.f1() >= F1_BUDGET;
    println!(
        "held-out F1 {:.4} (budget >= {F1_BUDGET}): {}",
        held_report.f1(),
        if met { "met" } else { "NOT MET" }
    );
    println!(
        "committed weights: {}",
        if current {
            "the same as a fresh fit"
        } else {
            "DIFFER from a fresh fit (run with --write)"
        }
    );
    println!("evaluated in {:.1} s", started.elapsed().as_secs_f64());
    Ok(met && current)
}

fn candidates(split: &Split) -> Vec<Vec<usize>> {
    let store = Store::new(&split.records);
    split
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| store.candidates(i, &r.profile, &split.tenant))
        .collect()
}

fn pct(x: f64) -> String {
    format!("{:.2}%", 100.0 * x)
}

fn print_report(seed: u64, fit: &Split, held: &Split, fit_r: &Report, held_r: &Report, fitted: &Model) {
    println!(
        "dedupe quality (seed {seed}; fit {} records, held-out {} records)",
        fit.records.len(),
        held.records.len()
    );
    println!("{:<34} {:>12} {:>12}", "", "held-out", "fit");
    let row = |label: &str, f: &dyn Fn(&Report) -> String| {
        println!("{label:<34} {:>12} {:>12}", f(held_r), f(fit_r))
    };
    row("duplicate pairs (both ways)", &|r| r.duplicates.to_string());
    row("results at the default min_score", &|r| r.returned.to_string());
    row("precision", &|r| pct(r.precision()));
    row("recall", &|r| pct(r.recall()));
    row("F1", &|r| format!("{:.4}", r.f1()));
    row("recall@1", &|r| pct(r.recall_at_1()));
    row("duplicates among candidates", &|r| {
        pct(r.retrieved as f64 / r.duplicates.max(1) as f64)
    });
    row("candidates per request", &|r| {
        format!("{:.1}", r.average_candidates)
    });
    let store = Store::new(&held.records);
    let (size, key) = store.largest_key();
    println!(
        "largest key in held-out: {key} ({size} contacts; at most {} read)",
        crego_worker::domain::matching::blocking::key_cap(&key)
    );
    println!(
        "fitted threshold: {:.2} bits (committed {:.2})",
        fitted.threshold, MODEL.threshold
    );
    println!("\nheld-out results by basis (right / wrong):");
    for (basis, (right, wrong)) in &held_r.by_basis {
        println!("  {basis:<12} {right:>6} / {wrong}");
    }
    println!("held-out wrong results by what the two contacts are:");
    for (relation, n) in &held_r.wrong_by_relation {
        println!("  {relation:<28} {n:>6}");
    }
    println!("held-out duplicate pairs by edit (missed / pairs):");
    let mut edits: Vec<_> = held_r.by_edit.iter().collect();
    edits.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (edit, (missed, total)) in edits {
        println!("  {edit:<28} {missed:>6} / {total}");
    }
    println!("identifiers the validation crate refused (refused / offered, held-out):");
    let mut checks: Vec<_> = held.identifier_checks.iter().collect();
    checks.sort();
    for (kind, (refused, offered)) in checks {
        println!("  {kind:<10} {refused:>6} / {offered}");
    }
}
