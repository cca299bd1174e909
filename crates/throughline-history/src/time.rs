//! The times a stage history is written in: RFC 3339 with an offset (`…Z`, `+01:00`, and
//! Salesforce's `.000+0000`), `YYYY-MM-DD HH:MM:SS` (UTC) or `YYYY-MM-DD` (midnight UTC).

use jiff::SignedDuration;
use jiff::civil::{Date, DateTime, Time};

/// The instant times are counted from. Times are read as civil date-times and an offset,
/// rather than as jiff's `Timestamp`, whose range stops a day short of 9999-12-31 (to leave
/// room for any offset): every RFC 3339 year, 0000 to 9999, is read.
const EPOCH: DateTime = DateTime::constant(1970, 1, 1, 0, 0, 0, 0);

/// Seconds since 1970-01-01T00:00:00Z, or `None` when `text` is none of the forms above.
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    let (civil, offset) = split_offset(text)?;
    let at = if civil.len() == 10 {
        // A date alone is midnight, and takes no offset.
        if offset != 0 {
            return None;
        }
        civil.parse::<Date>().ok()?.to_datetime(Time::midnight())
    } else {
        civil.parse::<DateTime>().ok()?
    };
    Some(at.duration_since(EPOCH).as_secs() - offset)
}

/// The civil part of `text` and its offset from UTC in seconds: `Z`, `±HH:MM`, Salesforce's
/// `±HHMM`, or none (UTC) for the forms without one.
fn split_offset(text: &str) -> Option<(&str, i64)> {
    if let Some(civil) = text.strip_suffix(['Z', 'z']) {
        return Some((civil, 0));
    }
    // An offset follows a time, never a bare date (whose `-DD` would look like one).
    if let Some(at) = text.rfind(['+', '-']).filter(|&at| text[..at].contains(['T', 't', ' '])) {
        let digits: String = text[at + 1..].chars().filter(|c| *c != ':').collect();
        let well_formed = digits.len() == 4
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(text[at + 1..].len(), 4 | 5);
        if !well_formed {
            return None;
        }
        let (hours, minutes): (i64, i64) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
        if hours > 23 || minutes > 59 {
            return None;
        }
        let seconds = hours * 3600 + minutes * 60;
        return Some((&text[..at], if &text[at..=at] == "-" { -seconds } else { seconds }));
    }
    // Civil forms without an offset are UTC.
    Some((text, 0))
}

/// A time as RFC 3339 in UTC, to the second: `2025-03-05T14:22:10Z`.
pub fn format(seconds: i64) -> String {
    EPOCH
        .checked_add(SignedDuration::from_secs(seconds))
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// A measured time for people: minutes under an hour, hours under two days, then days.
pub fn duration(hours: f64) -> String {
    if hours < 1.0 {
        format!("{:.0} min", hours * 60.0)
    } else if hours < 48.0 {
        format!("{hours:.0} h")
    } else {
        format!("{:.1} days", hours / 24.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measured_times_read_in_the_unit_that_suits_them() {
        let said: Vec<String> = [0.25, 1.0, 16.4, 47.9, 48.0, 65.0].map(duration).into();
        assert_eq!(said, ["15 min", "1 h", "16 h", "48 h", "2.0 days", "2.7 days"]);
    }

    #[test]
    fn every_written_form_reads_as_the_same_instant() {
        let t = parse("2025-03-05T14:22:10Z").unwrap();
        assert_eq!(parse("2025-03-05T14:22:10.000+0000"), Some(t));
        assert_eq!(parse("2025-03-05T15:22:10+01:00"), Some(t));
        assert_eq!(parse("2025-03-05T09:22:10.000-0500"), Some(t));
        assert_eq!(parse("2025-03-05 14:22:10"), Some(t));
        assert_eq!(parse("2025-03-05"), Some(t - (14 * 3600 + 22 * 60 + 10)));
        assert_eq!(format(t), "2025-03-05T14:22:10Z");
    }

    #[test]
    fn every_rfc_3339_year_is_read() {
        let last = parse("9999-12-31T23:59:59Z").expect("the last second of 9999");
        assert_eq!(format(last), "9999-12-31T23:59:59Z");
        assert_eq!(parse("9999-12-31T23:59:59.000+0000"), Some(last));
        let first = parse("0000-01-01T00:00:00Z").expect("the first second of year 0");
        assert_eq!(format(first), "0000-01-01T00:00:00Z");
        assert_eq!(parse("0000-01-01"), Some(first));
        assert_eq!(parse("0000-01-01T01:00:00+01:00"), Some(first));
    }

    #[test]
    fn anything_else_is_not_a_time() {
        for bad in [
            "",
            "yesterday",
            "2025-13-05",
            "05/03/2025",
            "2025-03-05T25:00:00Z",
            "1741184530",
            "2025-03-05T14:22:10+2400",
            "2025-03-05T14:22:10+01:0",
            "10000-01-01T00:00:00Z",
            "2025-03-05+01:00",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
