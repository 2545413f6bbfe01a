//! The fields compared besides the name, each with its levels of agreement: date of birth (typed as
//! ISO or day-first, with swapped day and month or one wrong digit as near agreements), pincode, city
//! (renamed cities are one city), address line (house numbers must agree, words may be abbreviated),
//! and the contact type.

/// A calendar date as written in a `dob`/`date_of_birth` prop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub y: u16,
    pub m: u8,
    pub d: u8,
}

/// A date in `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY` or `DD.MM.YYYY` (India writes the day first),
/// or `None` for anything else, an impossible month or day, or a year outside 1900..=2100.
pub fn parse_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.trim().split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let date = Date {
        y: y.parse().ok()?,
        m: m.parse().ok()?,
        d: d.parse().ok()?,
    };
    ((1900..=2100).contains(&date.y) && (1..=12).contains(&date.m) && (1..=31).contains(&date.d))
        .then_some(date)
}

levels! {
    DobLevel {
        Exact = "exact",
        /// Day and month swapped (03/04 for 04/03): the commonest error in day-first countries.
        Swapped = "day_month_swapped",
        /// One part off by one digit (12 for 13, 1995 for 1985, a year off by one).
        OneDigit = "one_digit",
        Disagree = "disagree",
    }
}

pub fn compare_dates(a: Date, b: Date) -> DobLevel {
    if a == b {
        return DobLevel::Exact;
    }
    if a.y == b.y && a.m == b.d && a.d == b.m {
        return DobLevel::Swapped;
    }
    let digit = |x: u16, y: u16| {
        let (sx, sy) = (format!("{x:04}"), format!("{y:04}"));
        sx.chars().zip(sy.chars()).filter(|(p, q)| p != q).count() == 1
    };
    let off = [
        a.y != b.y && (digit(a.y, b.y) || a.y.abs_diff(b.y) == 1),
        a.m != b.m && digit(a.m.into(), b.m.into()),
        a.d != b.d && (digit(a.d.into(), b.d.into()) || a.d.abs_diff(b.d) == 1),
    ];
    let same = [a.y == b.y, a.m == b.m, a.d == b.d];
    if same.iter().filter(|s| **s).count() == 2 && off.iter().any(|o| *o) {
        DobLevel::OneDigit
    } else {
        DobLevel::Disagree
    }
}

levels! {
    /// Six digits; the first three are the sorting district.
    PinLevel {
        Exact = "exact",
        /// One digit differs within the district: a typo, or the next delivery area.
        OneDigit = "one_digit",
        /// The same sorting district (first three digits).
        District = "same_district",
        Disagree = "disagree",
    }
}

/// The pincode of an address, if it is six digits (spaces allowed, "411 001").
pub fn normalize_pincode(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

pub fn compare_pincodes(a: &str, b: &str) -> PinLevel {
    if a == b {
        return PinLevel::Exact;
    }
    if a.get(..3) != b.get(..3) {
        return PinLevel::Disagree;
    }
    let differing = a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count();
    if differing == 1 {
        PinLevel::OneDigit
    } else {
        PinLevel::District
    }
}

levels! {
    CityLevel {
        Exact = "exact",
        /// A typo, or the city's other name (Bombay / Mumbai).
        Close = "close",
        Disagree = "disagree",
    }
}

/// Cities renamed or written two ways; each row is one city. A gazetteer fact, not a spelling rule.
const CITY_NAMES: &[&[&str]] = &[
    &["mumbai", "bombay"],
    &["chennai", "madras"],
    &["kolkata", "calcutta"],
    &["bengaluru", "bangalore"],
    &["pune", "poona"],
    &["gurugram", "gurgaon"],
    &["delhi", "newdelhi"],
    &["hyderabad", "secunderabad"],
    &["thiruvananthapuram", "trivandrum"],
    &["kochi", "cochin", "ernakulam"],
    &["visakhapatnam", "vizag", "vishakhapatnam"],
    &["guwahati", "gauhati"],
    &["mysuru", "mysore"],
    &["vadodara", "baroda"],
    &["ahmedabad", "amdavad"],
    &["coimbatore", "kovai"],
    &["puducherry", "pondicherry"],
    &["prayagraj", "allahabad"],
];

/// A city's letters only, lower case ("New Delhi" -> "newdelhi").
pub fn normalize_city(s: &str) -> Option<String> {
    let city: String = s
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    (!city.is_empty()).then_some(city)
}

pub fn compare_cities(a: &str, b: &str) -> CityLevel {
    if a == b {
        return CityLevel::Exact;
    }
    let renamed = CITY_NAMES.iter().any(|row| row.contains(&a) && row.contains(&b));
    if renamed || strsim::jaro_winkler(a, b) >= 0.92 {
        CityLevel::Close
    } else {
        CityLevel::Disagree
    }
}

levels! {
    LineLevel {
        Exact = "exact",
        /// House numbers agree and most words do.
        Strong = "strong",
        /// Half the words, or the house numbers, agree: the same street, building or area.
        Weak = "weak",
        Disagree = "disagree",
    }
}

/// Words of an address that say nothing about the place ("Flat No.", "House No").
const LINE_NOISE: &[&str] = &["flat", "no", "house", "h", "plot", "number", "door", "d"];
/// Abbreviations of address words, written out.
const LINE_WORDS: &[(&str, &str)] = &[
    ("rd", "road"),
    ("st", "street"),
    ("apts", "apartments"),
    ("apt", "apartments"),
    ("sec", "sector"),
    ("ngr", "nagar"),
    ("crs", "cross"),
    ("mn", "main"),
    ("lyt", "layout"),
    ("opp", "opposite"),
    ("nr", "near"),
    ("first", "1st"),
    ("second", "2nd"),
];

/// An address line as words and numbers, abbreviations written out and noise words dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub words: Vec<String>,
    pub numbers: Vec<String>,
}

pub fn parse_line(s: &str) -> Option<Line> {
    let lower = s.to_lowercase();
    // Dotted letters are one word: "M.G. Road" is "MG Road".
    let mut raws: Vec<String> = Vec::new();
    let mut letters = false;
    for raw in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let letter = raw.chars().count() == 1 && raw.chars().all(char::is_alphabetic);
        match raws.last_mut() {
            Some(last) if letter && letters => last.push_str(raw),
            _ => raws.push(raw.to_string()),
        }
        letters = letter;
    }
    let mut line = Line::default();
    for raw in raws.iter().map(String::as_str) {
        let word = LINE_WORDS
            .iter()
            .find(|(short, _)| *short == raw)
            .map_or(raw, |(_, long)| long);
        if word.chars().any(|c| c.is_ascii_digit()) {
            line.numbers.push(word.to_string());
        } else if !LINE_NOISE.contains(&word) {
            line.words.push(word.to_string());
        }
    }
    (!line.words.is_empty() || !line.numbers.is_empty()).then_some(line)
}

pub fn compare_lines(a: &Line, b: &Line) -> LineLevel {
    if a == b {
        return LineLevel::Exact;
    }
    let shared = |x: &[String], y: &[String]| {
        x.iter()
            .filter(|w| {
                y.iter()
                    .any(|v| v == *w || (w.len() >= 4 && strsim::jaro_winkler(w, v) >= 0.92))
            })
            .count()
    };
    // The shorter line's share: a line with a part left out is still the same address.
    let fewer = a.words.len().min(b.words.len()).max(1);
    let words = shared(&a.words, &b.words).min(shared(&b.words, &a.words)) as f64 / fewer as f64;
    // House numbers must agree exactly: flat 1201 and flat 1204 are neighbours, not one home.
    let same_numbers = a.numbers.iter().filter(|n| b.numbers.contains(n)).count();
    let numbers_agree = !a.numbers.is_empty()
        && !b.numbers.is_empty()
        && same_numbers == a.numbers.len().min(b.numbers.len());
    if numbers_agree && words >= 0.6 {
        LineLevel::Strong
    } else if words >= 0.5 || (numbers_agree && words > 0.0) {
        LineLevel::Weak
    } else {
        LineLevel::Disagree
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date { y, m, d }
    }

    #[test]
    fn a_date_of_birth_is_read_iso_or_day_first() {
        let expected = Some(date(1985, 3, 12));
        for written in ["1985-03-12", "12/03/1985", "12-03-1985", " 12.3.1985 "] {
            assert_eq!(parse_date(written), expected, "{written}");
        }
        for bad in [
            "1985-13-01",
            "32/01/1985",
            "12/03/85",
            "1985",
            "",
            "01/01/1850",
            "aa-bb-cccc",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_swapped_day_and_month_and_a_one_digit_slip_are_near_agreements() {
        let dob = date(1985, 3, 12);
        assert_eq!(compare_dates(dob, dob), DobLevel::Exact);
        assert_eq!(compare_dates(dob, date(1985, 12, 3)), DobLevel::Swapped);
        assert_eq!(compare_dates(dob, date(1985, 3, 13)), DobLevel::OneDigit);
        assert_eq!(compare_dates(dob, date(1995, 3, 12)), DobLevel::OneDigit);
        assert_eq!(compare_dates(dob, date(1986, 3, 12)), DobLevel::OneDigit);
        assert_eq!(
            compare_dates(dob, date(1988, 3, 12)),
            DobLevel::OneDigit,
            "one digit of the year"
        );
        assert_eq!(compare_dates(dob, date(1985, 7, 21)), DobLevel::Disagree);
        assert_eq!(
            compare_dates(dob, date(1986, 3, 13)),
            DobLevel::Disagree,
            "two parts differ"
        );
    }

    #[test]
    fn pincodes_agree_exactly_by_one_digit_or_by_district() {
        assert_eq!(normalize_pincode("411 001").as_deref(), Some("411001"));
        assert_eq!(normalize_pincode("41100"), None);
        assert_eq!(compare_pincodes("411001", "411001"), PinLevel::Exact);
        assert_eq!(compare_pincodes("411001", "411007"), PinLevel::OneDigit);
        assert_eq!(compare_pincodes("411001", "411038"), PinLevel::District);
        assert_eq!(compare_pincodes("411001", "400001"), PinLevel::Disagree);
    }

    #[test]
    fn a_renamed_city_or_a_typo_is_close_and_another_city_is_not() {
        let city = |s: &str| normalize_city(s).unwrap_or_default();
        assert_eq!(compare_cities(&city("Mumbai"), &city("MUMBAI")), CityLevel::Exact);
        assert_eq!(compare_cities(&city("Bombay"), &city("Mumbai")), CityLevel::Close);
        assert_eq!(
            compare_cities(&city("New Delhi"), &city("Delhi")),
            CityLevel::Close
        );
        assert_eq!(
            compare_cities(&city("Bangalore"), &city("Bengaluru")),
            CityLevel::Close
        );
        assert_eq!(
            compare_cities(&city("Mummbai"), &city("Mumbai")),
            CityLevel::Close
        );
        assert_eq!(
            compare_cities(&city("Pune"), &city("Mumbai")),
            CityLevel::Disagree
        );
        assert_eq!(normalize_city(" - "), None);
    }

    #[test]
    fn an_abbreviated_line_is_the_same_address_and_a_neighbours_flat_is_not() {
        let line = |s: &str| parse_line(s).unwrap_or_default();
        let home = line("Flat 302, Sai Krupa Apartments, Baner Road");
        assert_eq!(
            compare_lines(&home, &line("flat no. 302 sai krupa apts baner rd")),
            LineLevel::Exact
        );
        assert_eq!(
            compare_lines(&home, &line("302, Sai Krupa Apartments")),
            LineLevel::Strong
        );
        assert_eq!(
            compare_lines(&home, &line("Flat 304, Sai Krupa Apartments, Baner Road")),
            LineLevel::Weak
        );
        assert_eq!(
            compare_lines(&home, &line("12, MG Road, Kothrud")),
            LineLevel::Disagree
        );
        assert_eq!(
            line("14 M.G. Rd"),
            line("14, MG Road"),
            "dotted letters are one word"
        );
        assert_eq!(parse_line(" , "), None);
    }
}
