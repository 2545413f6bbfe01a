//! Personal data as the tests check it against something the worker did not write: Node's `crypto`
//! (OpenSSL's AES-256-GCM and HMAC-SHA256; Node is installed for wrangler) opens what the worker sealed
//! and makes the tokens it should have made, from the dev keys in `.dev.vars`. Also the distinct values the planting test writes through every write path and
//! the disk scan (`pii_scan`) then looks for.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The values `pii_plant` writes: none appears anywhere else in the suite, so any of them found on disk
/// in clear was written by the worker. Aadhaar numbers and VIDs have valid Verhoeff check digits.
pub const PLANTED: &[(&str, &str)] = &[
    ("aadhaar", "7249 4252 5575"),
    ("aadhaar", "7376-9729-8827"),
    ("vid", "4186 0276 9483 3698"),
    ("vid", "7150042765522588"),
    ("pan", "QZXPK7351M"),
    ("pan", "qzwpt4826k"),
    ("mobile", "+91 93121 78564"),
    ("mobile", "8867503912"),
    ("email", "Zephyrine.Quixote@planted.example"),
    ("email", "vorpal.jabberwock@planted.example"),
    ("account_number", "730194628351"),
    ("account_number", "9102837465019"),
];

/// The name of the contact `pii_plant` writes: the scan finds it on disk (it is no personal value), which
/// proves that it reads the bytes the planting test wrote.
pub const PLANT_MARKER: &str = "Planted Quixotic-Marker";

/// The files under `dirs` (recursively) and the `files` that hold any of `needles`, case-insensitively,
/// as GNU grep finds them (`-a`: binary files read as text): `(file, needle)` pairs.
pub fn grep_files(needles: &[String], dirs: &[&Path], files: &[&Path]) -> Vec<(String, String)> {
    let mut hits = Vec::new();
    for needle in needles {
        let output = Command::new("grep")
            .args(["-r", "-a", "-i", "-F", "-l", "-e", needle, "--"])
            .args(dirs)
            .args(files)
            .output()
            .unwrap_or_else(|e| panic!("running grep: {e}"));
        // 0: found, 1: not found; anything else (an unreadable path) must not pass as "not found".
        assert!(
            output.status.code().is_some_and(|c| c <= 1),
            "grep failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for file in String::from_utf8_lossy(&output.stdout).lines() {
            hits.push((file.to_string(), needle.clone()));
        }
    }
    hits
}

/// The spellings of one planted value a scan looks for: as written, without separators, grouped by
/// fours, and for a mobile its national number with each prefix (case is ignored by the scan).
pub fn spellings(kind: &str, value: &str) -> Vec<String> {
    let compact: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let mut out = vec![value.to_string(), compact.clone()];
    if kind == "mobile" {
        let national = compact.trim_start_matches("+91").to_string();
        out.extend([
            format!("+91{national}"),
            format!("91{national}"),
            format!("0{national}"),
            format!("{} {}", &national[..5], &national[5..]),
            national,
        ]);
    }
    if compact.chars().all(|c| c.is_ascii_digit()) && compact.len() >= 12 {
        let groups: Vec<String> = compact
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        out.push(groups.join(" "));
        out.push(groups.join("-"));
    }
    out.sort();
    out.dedup();
    out
}

/// The repository root (the tests crate is one level below it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A var of `.dev.vars` (the dev keys the worker under test reads).
pub fn dev_var(name: &str) -> String {
    let text = std::fs::read_to_string(repo_root().join(".dev.vars")).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .unwrap_or_else(|| panic!("{name} is not in .dev.vars"))
}

const ORACLE: &str = r#"
const crypto = require('crypto');
const req = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const key = (entry) => { const i = entry.indexOf(':'); return [entry.slice(0, i), Buffer.from(entry.slice(i + 1), 'base64')]; };
const seal = Object.fromEntries(req.keys.split(',').map(key));
const [tid, tkey] = key(req.token_key);
const out = req.ops.map((op) => {
  if (op.op === 'open') {
    const [, , kid, body] = op.stored.split(':');
    const raw = Buffer.from(body, 'base64url');
    const d = crypto.createDecipheriv('aes-256-gcm', seal[kid], raw.subarray(0, 12));
    d.setAAD(Buffer.concat([Buffer.from('crego-pii-v1\0'), Buffer.from(op.tenant)]));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
  }
  const msg = [op.tenant, op.kind, op.value].join('\0');
  return tid + ':' + crypto.createHmac('sha256', tkey).update(msg).digest('base64url');
});
console.log(JSON.stringify(out));
"#;

/// What Node's `crypto` makes of `ops` (`{"op": "open", "tenant", "stored"}` or `{"op": "token", "tenant",
/// "kind", "value"}`) with the dev keys, or with `keys` (`PII_ENCRYPTION_KEYS`) when given.
pub fn oracle(ops: &[Value], keys: Option<&str>) -> Vec<String> {
    let request = json!({
        "keys": keys.map_or_else(|| dev_var("PII_ENCRYPTION_KEYS"), str::to_string),
        "token_key": dev_var("PII_TOKEN_KEY"),
        "ops": ops,
    });
    let mut child = Command::new("node")
        .arg("-e")
        .arg(ORACLE)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("running node: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(request.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"))
}

/// The clear value Node's AES-256-GCM opens from a value the worker sealed for `tenant`.
pub fn oracle_open(tenant: &str, stored: &str) -> String {
    oracle(&[json!({"op": "open", "tenant": tenant, "stored": stored})], None).remove(0)
}

/// The token Node's HMAC-SHA256 makes of a normalised value of `kind` in `tenant`.
pub fn oracle_token(tenant: &str, kind: &str, value: &str) -> String {
    oracle(
        &[json!({"op": "token", "tenant": tenant, "kind": kind, "value": value})],
        None,
    )
    .remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_looked_for_in_every_spelling() {
        let s = spellings("aadhaar", "7249 4252 5575");
        for want in ["7249 4252 5575", "724942525575", "7249-4252-5575"] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
        let m = spellings("mobile", "+91 93121 78564");
        for want in [
            "9312178564",
            "+919312178564",
            "919312178564",
            "09312178564",
            "93121 78564",
        ] {
            assert!(m.contains(&want.to_string()), "{want}: {m:?}");
        }
    }
}
