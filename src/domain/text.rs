//! Text from the API as it may be shown: bidirectional controls (which can
//! make `exe.lanretni-gpj` read as "jpg-internal.exe") and other invisible
//! control characters are made visible as `[U+202E]`, so what is on screen
//! is what the API sent. Markup needs no treatment here: the view only ever
//! inserts text.

use std::borrow::Cow;

fn hidden(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{2060}'..='\u{2064}')
        || (c.is_control() && c != '\t' && c != '\n')
}

/// The text with every hidden or direction-changing character shown as `[U+XXXX]`.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("[U+{:04X}]", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_overrides_and_controls_become_visible() {
        assert_eq!(visible("\u{202E}exe.lanretni-gpj"), "[U+202E]exe.lanretni-gpj");
        assert_eq!(visible("a\u{0007}b\u{200B}c"), "a[U+0007]b[U+200B]c");
        assert_eq!(visible("bell\u{9B}"), "bell[U+009B]");
    }

    #[test]
    fn ordinary_text_markup_and_emoji_pass_untouched() {
        for s in ["web-01", "<img src=x onerror=alert(1)>", "🦀 サーバー", "tab\there"] {
            assert!(matches!(visible(s), Cow::Borrowed(_)), "{s}");
        }
    }
}
