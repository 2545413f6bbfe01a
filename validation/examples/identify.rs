//! `validate_identifier` over JSON lines, for the differential test against independent libraries
//! (tests/oracles/differential.py): each stdin line `{"kind": "pan", "value": "..."}` gives one stdout
//! line `{"ok": true, "normalized": "...", "codes": []}`, in order.
//!
//!     cargo run -q -p crego-validation --example identify < values.jsonl

use std::io::{self, BufRead, BufWriter, Write};

use crego_validation::validate_identifier;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Line {
    kind: String,
    value: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = BufWriter::new(io::stdout().lock());
    for (n, line) in io::stdin().lock().lines().enumerate() {
        let line: Line = serde_json::from_str(&line?).map_err(|e| format!("stdin line {}: {e}", n + 1))?;
        let report = validate_identifier(&line.kind, &line.value);
        let codes: Vec<&str> = report.errors.iter().map(|e| e.code).collect();
        let answer = json!({"ok": report.ok, "normalized": report.normalized, "codes": codes});
        writeln!(out, "{answer}")?;
    }
    out.flush()?;
    Ok(())
}
