//! Text measured as a terminal shows it: CJK characters take two columns. Titles are
//! fitted to a width without breaking a word in two.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Whether a break between `a` and `b` would split a word: letters, digits, `-` and
/// `_` in a run (Latin words, ids, numbers). Between CJK characters a line may break.
fn joins(a: char, b: char) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    word(a) && word(b)
}

/// `text` cut to at most `max` columns with `…` at the end when cut, never inside a
/// word (unless the word alone is wider than the room left).
pub fn fit(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let room = max.saturating_sub(1);
    let chars: Vec<char> = text.chars().collect();
    let mut used = 0;
    let mut end = 0;
    for &c in &chars {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        end += 1;
    }
    let mut cut = end;
    while cut > 0 && cut < chars.len() && joins(chars[cut - 1], chars[cut]) {
        cut -= 1;
    }
    if cut == 0 {
        cut = end;
    }
    let mut out: String = chars[..cut].iter().collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The terminal's width in columns: the `COLUMNS` variable, else the size of the
/// terminal on stdout, else 80.
pub fn terminal_columns() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` into the struct it is given.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    if ok && size.ws_col > 0 {
        usize::from(size.ws_col)
    } else {
        80
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, max: usize, expected: &str) {
        let got = fit(text, max);
        assert_eq!(got, expected);
        assert!(width(&got) <= max, "{got} is wider than {max}");
    }

    #[test]
    fn fitting_counts_columns_and_never_splits_a_word() {
        case("电话邀约", 8, "电话邀约");
        case("电话邀约客户到网点面谈", 9, "电话邀约…");
        case("电话邀约客户到网点面谈", 8, "电话邀…");
        case(
            "Continue with the recommended scenario",
            20,
            "Continue with the…",
        );
        case("spin-lobby-waiting · 大堂经理", 12, "spin-lobby-…");
        case("supercalifragilistic", 6, "super…");
        case("a", 0, "");
        case("ab", 1, "…");
    }

    #[test]
    fn cjk_takes_two_columns() {
        assert_eq!(width("您好"), 4);
        assert_eq!(width("ok"), 2);
        assert_eq!(width("第 1 步"), 7);
    }
}
