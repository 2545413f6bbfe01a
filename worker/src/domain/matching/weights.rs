//! Fitted weights of dedupe's matching model, in bits (log2 m/u). Generated: do not edit by hand.
//!
//! Labelled m/u estimates per field, condition and level over the candidate pairs of the `fit` split
//! of the synthetic dedupe data (bench/dedupe, seed 17, 10000 records), smoothed towards each
//! field's pooled shares, ordered levels made non-increasing; the name's frequency base per level; and
//! the threshold in the middle of the best F1 plateau on that split. The held-out split is not read.
//! docs/DEDUPE.md ("Fitting") explains each step. Reproduce with:
//!
//!   node bench/dedupe/generate.mjs --seed 17 --records 10000
//!   cargo run --release -p crego-worker --example dedupe_eval -- --write

use super::model::{Model, Weights};

/// Requests for individuals (without a type in the request, the candidate's type decides).
const INDIVIDUAL: Weights = Weights {
    // exact, variant, typo, initials, subset, partial, disagree: sharing a home or a contact point, then not
    name: [
        [3.20, 6.16, 5.05, 4.24, 0.38, -4.47, -3.66],
        [0.86, 2.19, 3.70, 3.48, -1.91, -3.02, -7.03],
    ],
    name_frequency_base: [
        [1.59, 3.02, 0.34, 2.62, 3.67, 7.46, 12.09],
        [2.19, 1.63, 2.30, 3.27, 2.79, 6.89, 13.19],
    ],
    // exact, day_month_swapped, one_digit, disagree
    dob: [9.20, 9.20, 6.35, -6.65],
    // exact, one_digit, same_district, disagree
    pincode: [2.62, -0.29, -1.35, -3.66],
    // exact, close, disagree: per pincode outcome (exact, one digit, district, disagree, missing)
    city: [
        [-0.01, -0.01, -0.01],
        [-0.02, -0.02, -0.02],
        [-0.01, -0.01, -6.31],
        [0.00, 0.00, 0.00],
        [1.59, 1.59, -3.82],
    ],
    // exact, strong, weak, disagree: per pincode outcome
    line: [
        [1.67, 1.67, -5.23, -7.86],
        [8.14, 7.34, -0.58, -1.20],
        [0.00, -0.01, -0.01, -0.01],
        [0.00, -0.18, -0.18, -0.18],
        [6.14, 5.75, -1.87, -2.94],
    ],
    // agree, disagree
    kind: [0.00, -10.30],
    // agree, disagree: pan, gstin, aadhaar, cin, vid, epic, ckyc, llpin, udyam, lei, passport, mobile, email
    ids: [
        [13.75, -5.94],
        [0.00, 0.00],
        [10.30, -6.04],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [6.48, -1.96],
        [6.61, -2.80],
    ],
};

/// Requests for corporates.
const CORPORATE: Weights = Weights {
    // exact, variant, typo, initials, subset, partial, disagree: sharing a home or a contact point, then not
    name: [
        [7.35, 7.35, 7.35, 0.00, -3.29, -1.91, 0.00],
        [3.53, 5.76, 6.42, 0.00, 1.74, -3.90, -4.43],
    ],
    name_frequency_base: [
        [0.00, 0.00, 0.00, 0.00, -2.13, 4.89, 0.00],
        [-1.52, -1.99, -2.87, 0.00, -1.48, 2.53, 13.29],
    ],
    // exact, day_month_swapped, one_digit, disagree
    dob: [0.00, 0.00, 0.00, 0.00],
    // exact, one_digit, same_district, disagree
    pincode: [4.79, 2.28, 1.33, -3.86],
    // exact, close, disagree: per pincode outcome (exact, one digit, district, disagree, missing)
    city: [
        [0.07, 0.07, 0.07],
        [0.10, -0.49, -0.49],
        [0.02, -0.03, -0.03],
        [0.00, 0.00, 0.00],
        [1.95, 1.95, -1.57],
    ],
    // exact, strong, weak, disagree: per pincode outcome
    line: [
        [2.19, 2.19, -5.37, -5.37],
        [4.81, 0.00, -1.17, -1.17],
        [0.00, 0.00, -0.02, -0.02],
        [0.00, -0.09, -0.09, -0.09],
        [4.09, 4.09, 2.37, -2.82],
    ],
    // agree, disagree
    kind: [0.02, -7.41],
    // agree, disagree: pan, gstin, aadhaar, cin, vid, epic, ckyc, llpin, udyam, lei, passport, mobile, email
    ids: [
        [11.16, -6.84],
        [10.66, -5.95],
        [0.00, 0.00],
        [7.43, -4.56],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [0.00, 0.00],
        [8.09, -2.13],
        [7.60, -2.89],
    ],
};

/// The model the route scores with.
pub const MODEL: Model = Model {
    individual: INDIVIDUAL,
    corporate: CORPORATE,
    threshold: 6.59,
};
