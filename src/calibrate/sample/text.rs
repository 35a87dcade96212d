//! A drawn log as text: CSV with a header or JSON Lines, the columns the fit finds on its
//! own (`user_id`, `timestamp`, `event`, `referred_by`), times in ISO 8601 (UTC, to the
//! second). Written through one reused buffer: a line costs a few copies, no allocation.

use std::io::{self, Write};

use super::Plan;

/// How a log is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Comma-separated values with a header line; `referred_by` empty when there is none.
    Csv,
    /// One JSON object per line; `referred_by` only when there is one.
    JsonLines,
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Lines of events.
    pub events: u64,
    /// People who entered the journey.
    pub people: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// The buffer is handed to the writer once it holds this much.
const CHUNK: usize = 1 << 16;

/// Draws `plan`'s log and writes it to `out`.
pub(super) fn write(plan: &Plan, out: &mut dyn Write, format: LogFormat) -> io::Result<Written> {
    let names: Vec<Vec<u8>> = plan
        .names()
        .iter()
        .map(|name| match format {
            LogFormat::Csv => csv_field(name).into_bytes(),
            LogFormat::JsonLines => serde_json::to_string(name)
                .unwrap_or_else(|_| "\"\"".to_owned())
                .into_bytes(),
        })
        .collect();
    let mut buffer: Vec<u8> = Vec::with_capacity(CHUNK + 256);
    let mut written = Written::default();
    if format == LogFormat::Csv {
        buffer.extend_from_slice(b"user_id,timestamp,event,referred_by\n");
    }
    let mut clock = Clock::default();
    let mut number = itoa::Buffer::new();
    let mut draw = plan.draw();
    loop {
        let period = draw.period() + 1;
        let Some(events) = draw.next_period() else {
            break;
        };
        let start = plan.period_start(period);
        for event in events {
            let time = clock.format(start + i64::from(event.second));
            let name = &names[event.step as usize];
            match format {
                LogFormat::Csv => {
                    buffer.push(b'u');
                    buffer.extend_from_slice(number.format(event.person).as_bytes());
                    buffer.push(b',');
                    buffer.extend_from_slice(time);
                    buffer.push(b',');
                    buffer.extend_from_slice(name);
                    buffer.push(b',');
                    if event.referrer != 0 {
                        buffer.push(b'u');
                        buffer.extend_from_slice(number.format(event.referrer).as_bytes());
                    }
                    buffer.push(b'\n');
                }
                LogFormat::JsonLines => {
                    buffer.extend_from_slice(b"{\"user_id\":\"u");
                    buffer.extend_from_slice(number.format(event.person).as_bytes());
                    buffer.extend_from_slice(b"\",\"timestamp\":\"");
                    buffer.extend_from_slice(time);
                    buffer.extend_from_slice(b"\",\"event\":");
                    buffer.extend_from_slice(name);
                    if event.referrer != 0 {
                        buffer.extend_from_slice(b",\"referred_by\":\"u");
                        buffer.extend_from_slice(number.format(event.referrer).as_bytes());
                        buffer.push(b'"');
                    }
                    buffer.extend_from_slice(b"}\n");
                }
            }
            if buffer.len() >= CHUNK {
                out.write_all(&buffer)?;
                written.bytes += buffer.len() as u64;
                buffer.clear();
            }
        }
        written.events += events.len() as u64;
    }
    out.write_all(&buffer)?;
    written.bytes += buffer.len() as u64;
    out.flush()?;
    written.people = draw.people();
    Ok(written)
}

/// A step's event name as one CSV field: quoted (quotes doubled) when it holds a comma, a
/// quote or a line break.
fn csv_field(name: &str) -> String {
    if name.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", name.replace('"', "\"\""))
    } else {
        name.to_owned()
    }
}

/// Formats times as `2025-01-01T13:05:09Z`, keeping the day's part while the day is the same
/// (a period's events come in time order).
#[derive(Default)]
struct Clock {
    day: Option<i64>,
    text: [u8; 20],
}

impl Clock {
    fn format(&mut self, seconds: i64) -> &[u8; 20] {
        let day = seconds.div_euclid(86_400);
        if self.day != Some(day) {
            let (year, month, date) = civil_from_days(day);
            let head = format!("{year:04}-{month:02}-{date:02}T");
            self.text[..11].copy_from_slice(&head.as_bytes()[..11]);
            self.text[13] = b':';
            self.text[16] = b':';
            self.text[19] = b'Z';
            self.day = Some(day);
        }
        let time = seconds.rem_euclid(86_400);
        for (at, value) in [(11, time / 3_600), (14, time / 60 % 60), (17, time % 60)] {
            self.text[at] = b'0' + (value / 10) as u8;
            self.text[at + 1] = b'0' + (value % 10) as u8;
        }
        &self.text
    }
}

/// Seconds since the Unix epoch as `2025-01-01T13:05:09Z` (years 0 to 9999).
pub fn format_time(seconds: i64) -> String {
    String::from_utf8_lossy(Clock::default().format(seconds)).into_owned()
}

/// A date `YYYY-MM-DD` as the seconds since the Unix epoch at its start (UTC).
pub fn parse_date(text: &str) -> Result<i64, String> {
    let wrong = || format!("{text:?} is not a date; write it as YYYY-MM-DD, such as 2025-01-01");
    let parts: Vec<&str> = text.trim().split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(wrong());
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return Err(wrong());
    }
    let number = |s: &str| s.parse::<i64>().map_err(|_| wrong());
    let (year, month, day) = (number(year)?, number(month)?, number(day)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(wrong());
    }
    Ok(days_from_civil(year, month, day) * 86_400)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let of_era = year - era * 400;
    let shifted = (month + 9) % 12;
    let of_year = (153 * shifted + 2) / 5 + day - 1;
    let of_era_days = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
    era * 146_097 + of_era_days - 719_468
}

/// The date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let of_era = z - era * 146_097;
    let year_of_era = (of_era - of_era / 1_460 + of_era / 36_524 - of_era / 146_096) / 365;
    let of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted = (5 * of_year + 2) / 153;
    let day = of_year - (153 * shifted + 2) / 5 + 1;
    let month = if shifted < 10 {
        shifted + 3
    } else {
        shifted - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_from_the_epoch_both_ways() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2025, 1, 1), 20_089);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for day in [-1, 0, 59, 60, 11_016, 11_017, 20_089, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day, "{y}-{m}-{d}");
        }
        assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            format_time(1_735_689_600 + 13 * 3_600 + 5 * 60 + 9),
            "2025-01-01T13:05:09Z"
        );
        assert_eq!(format_time(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(format_time(253_402_300_799), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn a_date_is_read_or_refused_with_its_form() {
        assert_eq!(parse_date("2025-01-01"), Ok(1_735_689_600));
        assert_eq!(parse_date("2024-02-29"), Ok(1_709_164_800));
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "25-01-01",
            "tomorrow",
            "",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(format!(
                    "{bad:?} is not a date; write it as YYYY-MM-DD, such as 2025-01-01"
                ))
            );
        }
    }

    #[test]
    fn a_name_with_a_comma_or_quote_is_quoted_once() {
        assert_eq!(csv_field("signup"), "signup");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
