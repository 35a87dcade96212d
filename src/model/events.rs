//! The event names of an analytics log a step stands for: exact names, or patterns in which
//! `*` stands for any run of characters (`checkout_*`).

/// What an entry of a step's `events` must be: the reader's and the editor's words.
pub const EVENTS_RANGE: &str = "an event name, or a pattern with * for any characters";

/// Why `pattern` is refused as an entry of a step's `events`, or `None` when it is fine.
///
/// Refused: an empty pattern, one that starts or ends with white space (a log's names never
/// do, so it would match nothing), a control character, `**` (the same as `*`, most likely
/// a typing slip), and a lone `*`, which would claim every event of the log for one step.
pub fn event_pattern_problem(pattern: &str) -> Option<&'static str> {
    if pattern.is_empty() {
        Some("an event pattern cannot be empty")
    } else if pattern.trim() != pattern {
        Some("an event pattern cannot start or end with a space")
    } else if pattern.chars().any(char::is_control) {
        Some("an event pattern cannot hold a control character")
    } else if pattern.contains("**") {
        Some("write * once: ** is not a pattern")
    } else if pattern == "*" {
        Some("a lone * would map every event to this step; name the events")
    } else {
        None
    }
}

/// Whether the event name `name` matches `pattern`: character for character, with each `*`
/// standing for any run of characters, none included.
pub fn event_pattern_matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return false;
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        // No `*`: the whole name must be the pattern.
        return rest.is_empty();
    };
    for part in middle {
        // Leftmost match is the right choice for each middle part: it leaves the most room
        // for the parts after it.
        let Some(at) = rest.find(part) else {
            return false;
        };
        rest = &rest[at + part.len()..];
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_match_only_themselves() {
        assert!(event_pattern_matches("signup", "signup"));
        assert!(!event_pattern_matches("signup", "signup_completed"));
        assert!(!event_pattern_matches("signup", "sign"));
    }

    #[test]
    fn a_star_stands_for_any_run_of_characters() {
        assert!(event_pattern_matches("checkout_*", "checkout_"));
        assert!(event_pattern_matches("checkout_*", "checkout_started"));
        assert!(!event_pattern_matches("checkout_*", "checkout"));
        assert!(event_pattern_matches("*_viewed", "page_viewed"));
        assert!(event_pattern_matches("a*b*c", "abc"));
        assert!(event_pattern_matches("a*b*c", "axxbyybc"));
        assert!(!event_pattern_matches("a*b*c", "acb"));
        // The last part must not reuse characters the middle part took.
        assert!(!event_pattern_matches("ab*b", "ab"));
        assert!(event_pattern_matches("ab*b", "abb"));
    }

    #[test]
    fn refused_patterns_say_why() {
        for bad in ["", " x", "x ", "a**", "*", "a\tb"] {
            assert!(event_pattern_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["signup", "checkout_*", "*_viewed", "a*b", "Order Completed"] {
            assert_eq!(event_pattern_problem(good), None, "{good:?}");
        }
    }
}
