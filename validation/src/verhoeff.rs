//! The Verhoeff check digit (Aadhaar's last digit): catches every single-digit error and every
//! transposition of adjacent digits, which a mod-10 sum does not.

/// The dihedral group D5's multiplication table.
const D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
/// The position-dependent permutations (position mod 8): row `i` is row 1 applied `i` times, as
/// Verhoeff (1969) defines them and Wikipedia and python-stdnum print them.
const P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// Folds the digits of `s` right to left, the rightmost at position `offset`; `None` for a non-digit.
/// Lookups use `get` although every index is in range, so no input can reach a panic.
fn fold(s: &str, offset: usize) -> Option<u8> {
    let mut c = 0u8;
    for (i, ch) in s.chars().rev().enumerate() {
        let digit = ch.to_digit(10)? as usize;
        let p = *P.get((i + offset) % 8)?.get(digit)?;
        c = *D.get(usize::from(c))?.get(usize::from(p))?;
    }
    Some(c)
}

/// Whether the last digit of `digits` is their Verhoeff check digit.
pub fn is_valid(digits: &str) -> bool {
    !digits.is_empty() && fold(digits, 0) == Some(0)
}

/// The check digit to append to `digits`, or `None` if they are not all ASCII digits.
pub fn check_digit(digits: &str) -> Option<char> {
    let c = fold(digits, 1)?;
    let inv = *INV.get(usize::from(c))?;
    char::from_digit(u32::from(inv), 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row 4 once read `9 4 5 3 1 2 8 7 6 0` (three entries swapped), which refused about one valid
    /// Aadhaar number in four: every table row must be the first row applied again, the definition.
    #[test]
    fn each_permutation_row_is_the_first_row_applied_once_more() {
        for i in 1..P.len() {
            let again: Vec<u8> = P[i - 1].iter().map(|&d| P[1][usize::from(d)]).collect();
            assert_eq!(P[i].to_vec(), again, "row {i}");
        }
        assert_eq!(P[0], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn the_multiplication_table_has_an_identity_and_the_inverse_table_inverts_it() {
        for (a, row) in D.iter().enumerate() {
            assert_eq!(row[0], a as u8);
            assert_eq!(row[usize::from(INV[a])], 0, "{a} * inv({a})");
        }
    }

    #[test]
    fn the_published_examples_check_out() {
        // Wikipedia's worked example: 236 gets check digit 3.
        assert_eq!(check_digit("236"), Some('3'));
        assert!(is_valid("2363"));
        // python-stdnum's doctests: checksum("1234") is 1 and its check digit is 0.
        assert!(!is_valid("1234"));
        assert_eq!(check_digit("1234"), Some('0'));
        // Accepted by python-stdnum 2.2 (stdnum.in_.aadhaar); the crate refused it before the fix.
        assert!(is_valid("686111489360"));
    }

    #[test]
    fn the_published_aadhaar_style_sample_has_a_valid_check_digit() {
        assert!(is_valid("234123412346"));
        assert_eq!(check_digit("23412341234"), Some('6'));
    }

    #[test]
    fn appending_the_check_digit_always_gives_a_valid_number() {
        for payload in ["49918263745", "98765432101", "0", "7"] {
            let full = format!("{payload}{}", check_digit(payload).unwrap());
            assert!(is_valid(&full), "{full}");
        }
    }

    #[test]
    fn a_single_wrong_digit_or_an_adjacent_swap_is_caught() {
        assert!(!is_valid("234123412345"));
        assert!(!is_valid("234123412364"));
        assert!(!is_valid("324123412346"));
    }

    #[test]
    fn non_digits_and_empty_input_are_never_valid() {
        assert!(!is_valid(""));
        assert!(!is_valid("23412341234a"));
        assert_eq!(check_digit("12a"), None);
    }
}
