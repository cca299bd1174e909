//! The times a stage history is written in: RFC 3339 with an offset (`…Z`, `+01:00`, and
//! Salesforce's `.000+0000`), `YYYY-MM-DD HH:MM:SS` (UTC) or `YYYY-MM-DD` (midnight UTC).

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// Seconds since 1970-01-01T00:00:00Z, or `None` when `text` is none of the forms above.
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t.as_second());
    }
    // jiff reads offsets as ±HH:MM; Salesforce writes ±HHMM.
    if let Some(t) = with_colon_offset(text).and_then(|t| t.parse::<Timestamp>().ok()) {
        return Some(t.as_second());
    }
    let utc = |dt: DateTime| TimeZone::UTC.to_timestamp(dt).ok().map(Timestamp::as_second);
    if let Ok(dt) = text.parse::<DateTime>() {
        return utc(dt);
    }
    if text.len() == 10
        && let Ok(date) = text.parse::<Date>()
    {
        return utc(date.to_datetime(jiff::civil::Time::midnight()));
    }
    None
}

/// `…+0000` as `…+00:00`, when the text ends in a four-digit offset.
fn with_colon_offset(text: &str) -> Option<String> {
    let (head, offset) = text.split_at(text.len().checked_sub(5)?);
    let sign = offset.chars().next()?;
    let digits = &offset[1..];
    ((sign == '+' || sign == '-')
        && digits.chars().all(|c| c.is_ascii_digit())
        && head.contains('T'))
    .then(|| format!("{head}{sign}{}:{}", &digits[..2], &digits[2..]))
}

/// A time as RFC 3339 in UTC, to the second: `2025-03-05T14:22:10Z`.
pub fn format(seconds: i64) -> String {
    Timestamp::from_second(seconds)
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
    fn anything_else_is_not_a_time() {
        for bad in
            ["", "yesterday", "2025-13-05", "05/03/2025", "2025-03-05T25:00:00Z", "1741184530"]
        {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
