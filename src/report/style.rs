//! The few styles the screens use, chosen to read on light and dark backgrounds
//! alike: bold, underline, and the dark red, green and magenta of the basic palette.
//! No yellow, cyan, white or faint text, which wash out on one background or the other.

use colored::{ColoredString, Colorize};

/// Passed, met.
pub fn good(s: &str) -> ColoredString {
    s.green()
}

/// Failed, missing, banned.
pub fn bad(s: &str) -> ColoredString {
    s.red()
}

/// Headings and what the eye should find first.
pub fn strong(s: &str) -> ColoredString {
    s.bold()
}

/// The customer's name before a line.
pub fn customer(s: &str) -> ColoredString {
    s.magenta().bold()
}

/// Labels of help the trainee asked for (提示, 参考答案).
pub fn label(s: &str) -> ColoredString {
    s.magenta()
}

/// Secondary text (reasons, sources): the terminal's own colour, never faint.
pub fn quiet(s: &str) -> ColoredString {
    s.normal()
}

#[cfg(test)]
pub mod tests {
    /// The SGR codes in `text` that are not among the readable ones.
    pub fn unreadable_codes(text: &str) -> Vec<String> {
        let allowed = ["0", "1", "4", "31", "32", "35"];
        let mut bad = Vec::new();
        for part in text.split("\x1b[").skip(1) {
            let Some(end) = part.find('m') else { continue };
            for code in part[..end].split(';') {
                if !allowed.contains(&code) {
                    bad.push(code.to_owned());
                }
            }
        }
        bad
    }
}
