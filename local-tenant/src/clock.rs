//! Wall-clock timestamps in the formats Graph and mail use, without a date crate.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Monotonic time for rate limits. Shared by clones, so a test holding one
/// can move the tenant's time forward instead of sleeping.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    skipped_ms: Arc<AtomicU64>,
}

impl Clock {
    pub fn now(&self) -> Instant {
        Instant::now() + Duration::from_millis(self.skipped_ms.load(Ordering::Relaxed))
    }

    pub fn advance(&self, by: Duration) {
        let millis = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.skipped_ms.fetch_add(millis, Ordering::Relaxed);
    }
}

/// Seconds and milliseconds since the Unix epoch.
pub fn now() -> (i64, u32) {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (elapsed.as_secs() as i64, elapsed.subsec_millis())
}

pub fn now_secs() -> i64 {
    now().0
}

/// `2026-03-01T09:30:00.123Z`, used for `sentAt` and audit entries.
pub fn rfc3339_now() -> String {
    let (secs, millis) = now();
    let (date, time) = split(secs);
    format!("{date}T{time}.{millis:03}Z")
}

/// `2026-03-01T09:30:00Z`, the form of Graph's `createdDateTime`.
pub fn rfc3339(secs: i64) -> String {
    let (date, time) = split(secs);
    format!("{date}T{time}Z")
}

/// `2026-03-01T09:30:00`, the form Graph puts in `innerError.date`.
pub fn graph_date_now() -> String {
    let (date, time) = split(now_secs());
    format!("{date}T{time}")
}

/// `Sun, 01 Mar 2026 09:30:00 +0000`, the RFC 5322 `Date:` header.
pub fn rfc5322(secs: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
    let (_, time) = split(secs);
    format!(
        "{weekday}, {day:02} {} {year} {time} +0000",
        MONTHS[month as usize - 1]
    )
}

fn split(secs: i64) -> (String, String) {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let of_day = secs.rem_euclid(86_400);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!(
            "{:02}:{:02}:{:02}",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        ),
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(rfc5322(1_772_357_400), "Sun, 01 Mar 2026 09:30:00 +0000");
    }
}
