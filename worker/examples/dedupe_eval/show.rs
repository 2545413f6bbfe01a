//! `--show N`: prints N wrong results and N missed duplicates of the held-out split with every field's
//! outcome and weight, to see what the model gets wrong and why.

use crego_worker::domain::matching::score::score;
use crego_worker::domain::matching::{MatchScore, Model, MIN_SCORE};

use crate::data::Split;

fn describe(split: &Split, p: usize, c: usize, s: &MatchScore) -> String {
    let name = |i: usize| {
        let r = &split.records[i];
        format!("{} [{}] {:?}", r.id, r.name, r.edits)
    };
    let fields: Vec<String> = s
        .fields
        .iter()
        .map(|f| format!("{}={}({:+.1})", f.field, f.outcome, f.weight))
        .collect();
    format!(
        "  score {:.3} weight {:+.1} {:?}\n    {}\n    {}\n    {}",
        s.score,
        s.weight,
        s.basis,
        name(p),
        name(c),
        fields.join(" ")
    )
}

pub fn show(split: &Split, candidates: &[Vec<usize>], model: &Model, n: usize) {
    let (mut wrong, mut missed) = (Vec::new(), Vec::new());
    for (p, cands) in candidates.iter().enumerate() {
        let probe = &split.records[p];
        for (i, r) in split.records.iter().enumerate() {
            let same = r.entity == probe.entity && i != p;
            let retrieved = cands.contains(&i);
            if !same && !retrieved {
                continue;
            }
            let s = score(&probe.profile, &r.profile, &split.tenant, model);
            let returned = retrieved && s.score >= MIN_SCORE;
            if same && !returned && missed.len() < n {
                let why = if retrieved { "" } else { " (not retrieved)" };
                missed.push(format!("{}{why}", describe(split, p, i, &s)));
            } else if !same && returned && wrong.len() < n {
                wrong.push(describe(split, p, i, &s));
            }
        }
        if wrong.len() >= n && missed.len() >= n {
            break;
        }
    }
    println!("\nwrong results:\n{}", wrong.join("\n"));
    println!("\nmissed duplicates:\n{}", missed.join("\n"));
}
