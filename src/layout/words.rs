//! Numbers as people read them in the panels and on exported pictures.

/// A whole number with its digits grouped in threes: 500000 → "500,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The size of a figure (its sign left out), rounded for reading: whole, with its digits
/// grouped, from 100 on; one decimal below (and none when it is whole): 5100.4 → "5,100",
/// 382.5 → "383", 20.25 → "20.3", 3.0 → "3".
pub fn figure(x: f64) -> String {
    let x = x.abs();
    if !x.is_finite() {
        return "–".to_owned();
    }
    if x >= 99.95 {
        thousands(x.round() as u64)
    } else {
        crate::model::short_number((x * 10.0).round() / 10.0)
    }
}

/// A figure with its sign: "+5,100", "−3.5" (a minus sign, not a hyphen), "0" for what
/// rounds to nothing.
pub fn signed(x: f64) -> String {
    let text = figure(x);
    if text == "0" {
        text
    } else if x > 0.0 {
        format!("+{text}")
    } else {
        format!("\u{2212}{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_in_threes() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(500_000), "500,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn figures_are_rounded_for_reading_with_their_sign() {
        assert_eq!(figure(5100.4), "5,100");
        assert_eq!(figure(382.5), "383");
        assert_eq!(figure(99.96), "100");
        assert_eq!(figure(20.25), "20.3");
        assert_eq!(figure(3.0), "3");
        assert_eq!(figure(f64::NAN), "–");
        assert_eq!(signed(1530.0), "+1,530");
        assert_eq!(signed(-3.46), "\u{2212}3.5");
        assert_eq!(signed(0.04), "0");
        assert_eq!(signed(-0.04), "0");
    }
}
