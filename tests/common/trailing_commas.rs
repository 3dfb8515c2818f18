//! OpenCC's test file (`testcases.json`) has trailing commas (`"a": "b",\n }`), which
//! strict JSON rejects. Read by `tests/opencc.rs` and `examples/opencc_agreement.rs`.

/// `raw` without every comma whose next non-space char closes an object or array,
/// leaving string contents alone.
pub fn strip(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in raw.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = raw[i + 1..].trim_start().chars().next();
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn commas_before_a_closing_bracket_go_and_strings_stay() {
        let raw = "{\"a\": [1, 2,\n ],\n \"b\": \"x,}\\\",]\",\n}";
        assert_eq!(
            super::strip(raw),
            "{\"a\": [1, 2\n ],\n \"b\": \"x,}\\\",]\"\n}"
        );
        let value: serde_json::Value = serde_json::from_str(&super::strip(raw)).unwrap();
        assert_eq!(value["b"], "x,}\",]");
    }
}
