//! The one sanitiser for text that comes from outside (Kaltura's answers, error messages, the
//! journal, config values) before anything can show it on a terminal.
//!
//! Why: event names and descriptions are set by anyone holding an editor's KS, and a terminal
//! obeys what it is sent: `ESC ] 52` writes the clipboard, `ESC ] 0` the window title, `ESC [ 2J`
//! clears the screen, C1 `0x9B` is an 8-bit CSI, and bidi overrides (U+202E) or zero-width
//! characters reorder or shift what the operator reads. So text is cleaned once, where it enters
//! (the typed decode in `kaltura::types::lenient`, `ApiException::from_value`, the error
//! scrubber, the journal reader, the config checks) and again on every line the CLI prints.
//!
//! What happens to each character (documented in `docs/reliability.md`):
//! - Printable text — letters of every script, digits, punctuation, symbols, emoji, combining
//!   marks — passes unchanged (borrowed, no copy).
//! - Line breaks (CR, LF, CRLF, VT, FF, NEL U+0085, U+2028, U+2029) become one space in a
//!   single-line field ([`line`]) and `\n` in a multi-line one ([`multiline`]); TAB becomes a
//!   space in both.
//! - Every other C0 control (ESC, BEL, NUL, BS...), DEL and every C1 control (U+0080–U+009F,
//!   including CSI U+009B and OSC U+009D) becomes the visible placeholder `�` (U+FFFD), so the
//!   operator sees that something was there.
//! - Format characters (Unicode category Cf: bidi embeddings, overrides, isolates and marks,
//!   zero-width space/joiners, the BOM, soft hyphen, tag characters...) are removed: they are
//!   invisible, so a placeholder would only add noise to, say, a Hebrew title carrying an RLM.
//!   The one exception is a zero-width joiner between two emoji (`👩‍💻`), which is part of
//!   printable text.
//!
//! Dependency-free and low in the layering so `kaltura/`, `webcast/`, `config/`, `cli/` and
//! `tui/` all use the same function.

use std::borrow::Cow;

/// What a control character is shown as.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// Cleans text shown on one line: names, IDs, codes, error messages, URLs.
pub fn line(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// Cleans text that may span lines (descriptions): line breaks become `\n`, everything else as
/// in [`line`].
pub fn multiline(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

/// [`line`] for an owned string: returns it unchanged (no copy) when it is already clean.
pub fn line_owned(text: String) -> String {
    match line(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

/// [`multiline`] for an owned string.
pub fn multiline_owned(text: String) -> String {
    match multiline(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

/// At most `max_chars` characters of `text`, with `…` and the full length appended when cut:
/// a server's 5 MB "message" must not become a 5 MB error line.
pub fn shorten(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!(
            "{}… ({} characters)",
            &text[..end],
            text.chars().count()
        )),
    }
}

/// True when `c` may reach a terminal as it is: not a control, not a line or paragraph
/// separator, not a format character (the emoji joiner aside, which [`line`] keeps only between
/// emoji). `\n` is not safe in this sense; [`multiline`] keeps it as a line separator.
pub fn is_safe_char(c: char) -> bool {
    !(c.is_control() || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// True when the text needs no cleaning for one line (what [`line`] would return unchanged).
pub fn is_clean_line(text: &str) -> bool {
    matches!(line(text), Cow::Borrowed(_))
}

/// Unicode general category Cf (Unicode 15.1), plus the unassigned U+2065 inside the bidi block:
/// bidi marks, embeddings, overrides and isolates, zero-width space/non-joiner/joiner, word
/// joiner and invisible operators, BOM, soft hyphen, interlinear annotation, prepended number
/// signs, Egyptian/shorthand/musical format controls and tag characters.
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

const ZWJ: char = '\u{200D}';

/// Emoji that a zero-width joiner may glue into one picture (an approximation of
/// Extended_Pictographic, plus the emoji variation selector and skin tones that precede a ZWJ).
fn is_pictographic(c: char) -> bool {
    matches!(
        c,
        '\u{00A9}'
            | '\u{00AE}'
            | '\u{203C}'
            | '\u{2049}'
            | '\u{2122}'
            | '\u{2139}'
            | '\u{2194}'..='\u{21AA}'
            | '\u{2300}'..='\u{23FF}'
            | '\u{24C2}'
            | '\u{25AA}'..='\u{25FE}'
            | '\u{2600}'..='\u{27BF}'
            | '\u{2934}'..='\u{2935}'
            | '\u{2B05}'..='\u{2B55}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{3297}'
            | '\u{3299}'
            | '\u{FE0F}'
            | '\u{1F000}'..='\u{1FAFF}'
    )
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// What one input character turns into.
enum Emit {
    /// Itself.
    Same,
    /// Another character.
    Char(char),
    /// Nothing.
    Drop,
}

fn decide(
    c: char,
    multiline: bool,
    prev_out: Option<char>,
    next: Option<char>,
    after_cr: bool,
) -> Emit {
    if (' '..='~').contains(&c) {
        return Emit::Same;
    }
    if is_line_break(c) {
        return match (c, multiline) {
            // CRLF is one break.
            ('\n', _) if after_cr => Emit::Drop,
            ('\n', true) => Emit::Same,
            (_, true) => Emit::Char('\n'),
            (_, false) => Emit::Char(' '),
        };
    }
    if c == '\t' {
        return Emit::Char(' ');
    }
    if c.is_control() {
        return Emit::Char(PLACEHOLDER);
    }
    if c == ZWJ {
        let joins = prev_out.is_some_and(is_pictographic) && next.is_some_and(is_pictographic);
        return if joins { Emit::Same } else { Emit::Drop };
    }
    if is_format(c) {
        return Emit::Drop;
    }
    Emit::Same
}

fn clean(text: &str, multiline: bool) -> Cow<'_, str> {
    // Fast path: plain printable ASCII (nearly every name and ID) needs no look at all.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut prev_out: Option<char> = None;
    let mut after_cr = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let emit = decide(c, multiline, prev_out, next, after_cr);
        after_cr = c == '\r';
        match emit {
            Emit::Same => {
                if let Some(o) = out.as_mut() {
                    o.push(c);
                }
                prev_out = Some(c);
            }
            Emit::Char(r) => {
                out.get_or_insert_with(|| copy_prefix(text, i)).push(r);
                prev_out = Some(r);
            }
            Emit::Drop => {
                out.get_or_insert_with(|| copy_prefix(text, i));
            }
        }
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(text),
    }
}

fn copy_prefix(text: &str, end: usize) -> String {
    let mut s = String::with_capacity(text.len());
    s.push_str(&text[..end]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOAD: &str = "Evil\u{1b}]52;c;Y3VybCBldmlsIHwgc2g=\u{7}\u{1b}[2J\u{1b}]0;PWNED\u{7}";

    #[test]
    fn the_terminal_payload_is_inert() {
        let clean = line(PAYLOAD);
        assert_eq!(clean, "Evil�]52;c;Y3VybCBldmlsIHwgc2g=��[2J�]0;PWNED�");
        assert!(clean.chars().all(is_safe_char));
    }

    #[test]
    fn c1_controls_del_and_nul_become_placeholders() {
        assert_eq!(line("a\u{9b}31mb\u{9d}0;t\u{7f}\0"), "a�31mb�0;t��");
        assert_eq!(line("\u{80}\u{9f}"), "��");
    }

    #[test]
    fn line_breaks_and_tabs() {
        assert_eq!(line("a\r\nb\nc\rd\te\u{2028}f\u{85}g"), "a b c d e f g");
        assert_eq!(
            multiline("a\r\nb\nc\rd\te\u{2029}f\u{0c}g"),
            "a\nb\nc\nd e\nf\ng"
        );
        assert!(matches!(multiline("one\ntwo"), Cow::Borrowed(_)));
        assert!(matches!(line("one\ntwo"), Cow::Owned(_)));
    }

    #[test]
    fn bidi_and_zero_width_characters_are_removed() {
        assert_eq!(line("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(
            line("a\u{200B}b\u{200C}c\u{200E}d\u{2066}e\u{2069}f\u{FEFF}g\u{AD}h\u{E0041}"),
            "abcdefgh"
        );
        assert_eq!(line("\u{200D}x\u{200D}"), "x");
    }

    #[test]
    fn printable_text_passes_unchanged_and_borrowed() {
        for text in [
            "Town hall Q3",
            "Zoë — Ünïcode «quotes» 日本語のイベント",
            "שלום עולם مرحبا",
            "emoji 🎉🚀 and a family 👩‍👩‍👧 and 🏳️‍🌈 and 👩🏽‍💻",
            "combining e\u{301} and क्षि",
            "",
        ] {
            assert!(matches!(line(text), Cow::Borrowed(_)), "{text}");
            assert!(matches!(multiline(text), Cow::Borrowed(_)), "{text}");
            assert!(is_clean_line(text));
        }
    }

    #[test]
    fn long_text_is_shortened_with_its_length() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcdé", 3), "abc… (5 characters)");
        assert!(matches!(shorten("日本", 5), Cow::Borrowed(_)));
    }

    #[test]
    fn cleaning_is_idempotent_and_owned_variants_agree() {
        let dirty = format!("{PAYLOAD}\r\n\u{202E}x\u{200D}\u{200D}🎉\u{200D}\u{200B}🎉");
        let once = line(&dirty).into_owned();
        assert_eq!(line(&once), once.as_str());
        assert_eq!(line_owned(dirty.clone()), once);
        let m = multiline(&dirty).into_owned();
        assert_eq!(multiline(&m), m.as_str());
        assert_eq!(multiline_owned(dirty), m);
    }
}
