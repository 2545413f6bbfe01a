//! The fitted model as the Rust source of `worker/src/domain/matching/weights.rs`, passed through
//! rustfmt (with the workspace's rustfmt.toml), so that a fresh fit compares with the committed file as
//! text and the committed file passes `cargo fmt --check`.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crego_worker::domain::matching::identifiers::IdKind;
use crego_worker::domain::matching::{Model, Weights};

fn number(x: f64) -> String {
    // -0.00 and 0.00 are one weight.
    let x = if x.abs() < 0.005 { 0.0 } else { x };
    format!("{x:.2}")
}

fn list(xs: &[f64]) -> String {
    format!(
        "[{}]",
        xs.iter().map(|x| number(*x)).collect::<Vec<_>>().join(", ")
    )
}

fn rows<const N: usize>(xs: &[[f64; N]]) -> String {
    format!("[{}]", xs.iter().map(|x| list(x)).collect::<Vec<_>>().join(", "))
}

fn weights(name: &str, doc: &str, w: &Weights) -> String {
    let kinds: Vec<&str> = IdKind::ALL.iter().map(|k| k.as_str()).collect();
    format!(
        "/// {doc}
const {name}: Weights = Weights {{
    // exact, variant, typo, initials, subset, partial, disagree: sharing a home or a contact point, then not
    name: {},
    name_frequency_base: {},
    // exact, day_month_swapped, one_digit, disagree
    dob: {},
    // exact, one_digit, same_district, disagree
    pincode: {},
    // exact, close, disagree: per pincode outcome (exact, one digit, district, disagree, missing)
    city: {},
    // exact, strong, weak, disagree: per pincode outcome
    line: {},
    // agree, disagree
    kind: {},
    // agree, disagree: {}
    ids: {},
}};
",
        rows(&w.name),
        rows(&w.name_frequency_base),
        list(&w.dob),
        list(&w.pincode),
        rows(&w.city),
        rows(&w.line),
        list(&w.kind),
        kinds.join(", "),
        rows(&w.ids),
    )
}

/// The source of `weights.rs` for `model`, fitted on `records` records generated from `seed`.
pub fn weights_source(model: &Model, seed: u64, records: usize, root: &Path) -> Result<String, String> {
    let source = format!(
        "//! Fitted weights of dedupe's matching model, in bits (log2 m/u). Generated: do not edit by hand.
//!
//! Labelled m/u estimates per field, condition and level over the candidate pairs of the `fit` split
//! of the synthetic dedupe data (bench/dedupe, seed {seed}, {records} records), smoothed towards each
//! field's pooled shares, ordered levels made non-increasing; the name's frequency base per level; and
//! the threshold in the middle of the best F1 plateau on that split. The held-out split is not read.
//! docs/DEDUPE.md (\"Fitting\") explains each step. Reproduce with:
//!
//!   node bench/dedupe/generate.mjs --seed {seed} --records {records}
//!   cargo run --release -p crego-worker --example dedupe_eval -- --write

use super::model::{{Model, Weights}};

{}
{}
/// The model the route scores with.
pub const MODEL: Model = Model {{
    individual: INDIVIDUAL,
    corporate: CORPORATE,
    threshold: {},
}};
",
        weights(
            "INDIVIDUAL",
            "Requests for individuals (without a type in the request, the candidate's type decides).",
            &model.individual
        ),
        weights("CORPORATE", "Requests for corporates.", &model.corporate),
        number(model.threshold)
    );
    rustfmt(&source, root)
}

fn rustfmt(source: &str, root: &Path) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .arg("--config-path")
        .arg(root.join("rustfmt.toml"))
        .args(["--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("rustfmt: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("rustfmt: no stdin")?
        .write_all(source.as_bytes())
        .map_err(|e| format!("rustfmt: {e}"))?;
    let out = child.wait_with_output().map_err(|e| format!("rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt: {e}"))
}
