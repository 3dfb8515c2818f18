//! What every report file shares: the format chosen by extension, and text made
//! safe for each format (a Markdown cell, HTML, an Excel cell), so trainees' answers
//! always show as the text they are.

use std::io;
use std::path::Path;

/// A `--report` format, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Html,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// A cell Excel shows as the text it is.
pub fn csv_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A csv error as the I/O error it almost always is.
pub fn csv_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Text safe in HTML element content and in quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The shared look of the HTML reports.
pub const STYLE: &str = "body{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
td.num{text-align:right}tr.best td{background:#fff6d5}.pass{color:#1a7f37}.fail{color:#c62828}.meta{color:#555}";

/// Text safe inside a Markdown table cell.
pub fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        match ch {
            '|' => out.push_str("\\|"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// An RFC 3339 time as a person in time zone `tz` reads it, with the zone named:
/// `2026-11-23 17:05 Asia/Shanghai` (or `UTC+08:00` for a zone with no name).
/// Anything that is not such a time is shown as stored.
pub fn local_time(rfc3339: &str, tz: &jiff::tz::TimeZone) -> String {
    let Ok(ts) = rfc3339.parse::<jiff::Timestamp>() else {
        return rfc3339.to_owned();
    };
    let zoned = ts.to_zoned(tz.clone());
    let zone = match tz.iana_name() {
        Some(name) => name.to_owned(),
        None => format!("UTC{}", zoned.offset()),
    };
    format!("{} {zone}", zoned.strftime("%Y-%m-%d %H:%M"))
}

/// The date alone of an RFC 3339 time, in time zone `tz`: `2026-11-23`.
pub fn local_date(rfc3339: &str, tz: &jiff::tz::TimeZone) -> String {
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(ts) => ts.to_zoned(tz.clone()).strftime("%Y-%m-%d").to_string(),
        Err(_) => rfc3339.chars().take(10).collect(),
    }
}

#[cfg(test)]
mod time_tests {
    use super::*;
    use jiff::tz::{Offset, TimeZone};

    #[test]
    fn times_are_shown_in_the_readers_zone_with_the_zone_named() {
        let shanghai = TimeZone::fixed(Offset::constant(8));
        assert_eq!(
            local_time("2026-11-23T23:30:00Z", &shanghai),
            "2026-11-24 07:30 UTC+08"
        );
        assert_eq!(local_date("2026-11-23T23:30:00Z", &shanghai), "2026-11-24");
        assert_eq!(
            local_time("2026-11-23T23:30:00Z", &TimeZone::UTC),
            "2026-11-23 23:30 UTC"
        );
        assert_eq!(local_time("yesterday", &TimeZone::UTC), "yesterday");
    }
}
