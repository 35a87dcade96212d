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
            // `2025-01-01T00:00:00Z`: the date and the `T` are the first 11 bytes.
            let midnight = jiff::Timestamp::from_second(day * 86_400)
                .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
                .to_string();
            self.text.copy_from_slice(&midnight.as_bytes()[..20]);
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

/// Seconds since the Unix epoch as `2025-01-01T13:05:09Z` (1970-01-01 to 9999-12-30).
pub fn format_time(seconds: i64) -> String {
    String::from_utf8_lossy(Clock::default().format(seconds)).into_owned()
}

/// A date `YYYY-MM-DD` as the seconds since the Unix epoch at its start (UTC).
pub fn parse_date(text: &str) -> Result<i64, String> {
    let wrong = || format!("{text:?} is not a date; write it as YYYY-MM-DD, such as 2025-01-01");
    let trimmed = text.trim();
    // jiff also reads other forms of a date; the option promises this one.
    if trimmed.len() != 10 {
        return Err(wrong());
    }
    let date: jiff::civil::Date = trimmed.parse().map_err(|_| wrong())?;
    jiff::tz::Offset::UTC
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .map(jiff::Timestamp::as_second)
        .map_err(|_| wrong())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_to_the_second_in_utc() {
        assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            format_time(1_735_689_600 + 13 * 3_600 + 5 * 60 + 9),
            "2025-01-01T13:05:09Z"
        );
        assert_eq!(format_time(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(format_time(253_402_214_399), "9999-12-30T23:59:59Z");
        // One clock across midnights and a leap day, as a log's periods use it.
        let mut clock = Clock::default();
        for seconds in (951_782_000..951_958_000).step_by(1_777) {
            let jiff = jiff::Timestamp::from_second(seconds).unwrap().to_string();
            assert_eq!(clock.format(seconds), jiff.as_bytes());
        }
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
