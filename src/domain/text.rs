//! Text from the API as it may be shown: bidirectional controls (which can
//! make `exe.lanretni-gpj` read as "jpg-internal.exe") and other invisible
//! control characters are made visible as `[U+202E]`, so what is on screen
//! is what the API sent. Markup needs no treatment here: the view only ever
//! inserts text.

use std::borrow::Cow;

use crate::api::lenient::is_hidden_char as hidden;

/// A flag as the tables and detail lists show it.
pub fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

/// Lower case for search and sorting. ASCII, Latin-1, Latin Extended-A,
/// Greek and Cyrillic capitals fold to their small letters; anything else is
/// kept as it is. (`str::to_lowercase` would ship Unicode's case tables,
/// ~12 KB of the bundle, for names that are host names.)
pub fn fold_case(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let u = c as u32;
    let folded = match u {
        // A–Z, À–Ö, Ø–Þ; Greek Α–Ρ, Σ–Ϋ; Cyrillic А–Я.
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => u + 32,
        // Cyrillic Ѐ–Џ.
        0x400..=0x40F => u + 80,
        // Latin Extended-A pairs: capital then small (Ā ā … Ķ ķ, Ŋ ŋ … Ŷ ŷ),
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        // and, after the odd ones out, small after an odd capital (Ĺ ĺ … Ň ň, Ź ź … Ž ž).
        0x139..=0x148 | 0x179..=0x17E if !u.is_multiple_of(2) => u + 1,
        _ => u,
    };
    char::from_u32(folded).unwrap_or(c)
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

    #[test]
    fn case_folds_for_search_in_the_scripts_host_names_use() {
        assert_eq!(fold_case("WEB-01.Example.COM"), "web-01.example.com");
        assert_eq!(fold_case("ÀÉÎ Øre Straße"), "àéî øre straße");
        assert_eq!(fold_case("ĀĶ ĹŇ ŊŶ ŹŽ Łódź"), "āķ ĺň ŋŷ źž łódź");
        assert_eq!(fold_case("ΣΕΡΒΕΡ ΔΩ"), "σερβερ δω");
        assert_eq!(fold_case("СЕРВЕР ЁЖ"), "сервер ёж");
        assert_eq!(fold_case("×÷ 名前 🙂 ı"), "×÷ 名前 🙂 ı", "no case, no change");
    }
}
