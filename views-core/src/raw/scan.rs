//! A JSON scanner over bytes for the routing parse: it steps over
//! whitespace, strings, numbers and literals, and skips whole values
//! without building them. It accepts exactly what serde_json's skip of an
//! ignored value accepts (no more; values nested deeper than
//! [`MAX_DEPTH`] give up), and gives up rather than guess: any error is
//! [`Stop::Unsure`], for serde_json to decide.

use std::ops::Range;

/// How deep a skipped value may nest before the scanner gives up (and
/// serde_json, which skips iteratively, decides): the bracket stack is one
/// bit a level.
pub(super) const MAX_DEPTH: u32 = 128;

/// Why the scan stopped before reading the routing fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stop {
    /// The text is something serde_json would refuse, or read in a way
    /// this scanner does not follow: serde_json reads it instead.
    Unsure,
    /// serde_json's reading would refuse it too (another event, another
    /// interaction type): hand it back now.
    Refused,
}

pub(super) type Scan<T> = Result<T, Stop>;

/// A string read by [`Scanner::string`]: the bytes between its quotes,
/// and whether any was an escape.
#[derive(Clone, Debug)]
pub(super) struct Str {
    pub(super) inner: Range<usize>,
    pub(super) escaped: bool,
}

impl Str {
    /// The string with its quotes, as serde_json would read it again.
    pub(super) fn quoted(&self) -> Range<usize> {
        self.inner.start - 1..self.inner.end + 1
    }
}

/// A cursor over the text.
pub(super) struct Scanner<'t> {
    pub(super) text: &'t [u8],
    pub(super) at: usize,
}

/// The high bit of each byte of `word` that is a `"`, a `\\` or a control
/// character: exact for the lowest such byte (a borrow may flag bytes
/// above it, which no caller reads).
#[inline(always)]
fn string_stops(word: u64) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH;
    below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
        | below(word, 0x20)
}

/// Where the first `"`, `\\` or control character at or after `at` is:
/// eight bytes at a time, most of a frame being the inside of its strings.
/// (SIMD would take sixteen, but its intrinsics need `unsafe`, which this
/// workspace forbids.)
#[inline(always)]
fn string_stop(text: &[u8], mut at: usize) -> Option<usize> {
    while let Some(chunk) = text.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let found = string_stops(u64::from_le_bytes(*chunk));
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = text.get(at..)?;
    rest.iter()
        .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
        .map(|offset| at + offset)
}

/// The end of a string whose opening quote is just before `at`: the index
/// after its closing quote, and whether it held an escape. serde_json's
/// check: no control character, and each escape one of JSON's (the code
/// point of a `\u` escape is checked only when the string is decoded).
#[inline(always)]
fn string_end(text: &[u8], mut at: usize) -> Scan<(usize, bool)> {
    let mut escaped = false;
    loop {
        at = string_stop(text, at).ok_or(Stop::Unsure)?;
        match text.get(at) {
            Some(b'"') => return Ok((at + 1, escaped)),
            Some(b'\\') => {
                escaped = true;
                at = escape_end(text, at)?;
            }
            // A control character: serde_json refuses it in a string.
            _ => return Err(Stop::Unsure),
        }
    }
}

/// The end of an escape whose backslash is at `at`.
fn escape_end(text: &[u8], at: usize) -> Scan<usize> {
    match text.get(at + 1) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(at + 2),
        Some(b'u') => {
            let hex = text.get(at + 2..at + 6).ok_or(Stop::Unsure)?;
            if hex.iter().all(u8::is_ascii_hexdigit) {
                Ok(at + 6)
            } else {
                Err(Stop::Unsure)
            }
        }
        _ => Err(Stop::Unsure),
    }
}

/// The end of a number starting at `at`, by JSON's grammar (as serde_json
/// checks a skipped one).
#[inline(always)]
fn number_end(text: &[u8], mut at: usize) -> Scan<usize> {
    let digit = |at: usize| text.get(at).is_some_and(u8::is_ascii_digit);
    let digits = |mut at: usize| {
        while digit(at) {
            at += 1;
        }
        at
    };
    if text.get(at) == Some(&b'-') {
        at += 1;
    }
    match text.get(at) {
        Some(b'0') => {
            at += 1;
            if digit(at) {
                return Err(Stop::Unsure);
            }
        }
        Some(b'1'..=b'9') => at = digits(at + 1),
        _ => return Err(Stop::Unsure),
    }
    if text.get(at) == Some(&b'.') {
        if !digit(at + 1) {
            return Err(Stop::Unsure);
        }
        at = digits(at + 1);
    }
    if matches!(text.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(text.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if !digit(at) {
            return Err(Stop::Unsure);
        }
        at = digits(at);
    }
    Ok(at)
}

/// The end of the literal `word` if it starts at `at`.
#[inline(always)]
fn literal_end(text: &[u8], at: usize, word: &[u8]) -> Scan<usize> {
    if text.get(at..at + word.len()) == Some(word) {
        Ok(at + word.len())
    } else {
        Err(Stop::Unsure)
    }
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\n' | b'\t' | b'\r')
}

/// The first byte at or after `*at` that is not whitespace, `*at` moved
/// to it. Compact JSON has none, so the first test usually answers.
#[inline(always)]
fn non_space(text: &[u8], at: &mut usize) -> Option<u8> {
    while let Some(&byte) = text.get(*at) {
        if byte > b' ' || !is_whitespace(byte) {
            return Some(byte);
        }
        *at += 1;
    }
    None
}

impl<'t> Scanner<'t> {
    pub(super) fn new(text: &'t [u8]) -> Self {
        Self { text, at: 0 }
    }

    /// The next byte that is not whitespace, not consumed.
    #[inline]
    pub(super) fn peek(&mut self) -> Option<u8> {
        non_space(self.text, &mut self.at)
    }

    /// Consumes `byte`, after any whitespace.
    #[inline]
    pub(super) fn eat(&mut self, byte: u8) -> Scan<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(Stop::Unsure)
        }
    }

    /// Whether only whitespace is left.
    pub(super) fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// A string, its opening quote next (after whitespace).
    #[inline]
    pub(super) fn string(&mut self) -> Scan<Str> {
        self.eat(b'"')?;
        let start = self.at;
        let (end, escaped) = string_end(self.text, start)?;
        self.at = end;
        Ok(Str {
            inner: start..end - 1,
            escaped,
        })
    }

    /// A number, by JSON's grammar (as serde_json checks a skipped one):
    /// its text.
    pub(super) fn number(&mut self) -> Scan<Range<usize>> {
        self.peek();
        let start = self.at;
        self.at = number_end(self.text, start)?;
        Ok(start..self.at)
    }

    /// Consumes `null` if it is next.
    #[inline]
    pub(super) fn null(&mut self) -> Scan<bool> {
        if self.peek() == Some(b'n') {
            self.at = literal_end(self.text, self.at, b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Skips one value of any kind, nested up to [`MAX_DEPTH`] levels.
    pub(super) fn skip_value(&mut self) -> Scan<()> {
        // The position is a local until the end: the loop below is the
        // hot path of the whole parse, and keeping it in a register
        // rather than in `self` is a third of its cost.
        let mut at = self.at;
        let skipped = skip_value_at(self.text, &mut at);
        self.at = at;
        skipped
    }
}

/// Skips one value starting at `*at` (after whitespace), without recursion:
/// each open bracket is one bit of `stack` (set for an object).
fn skip_value_at(text: &[u8], at: &mut usize) -> Scan<()> {
    let mut stack: u128 = 0;
    let mut depth: u32 = 0;
    loop {
        // A value is next.
        let first = non_space(text, at).ok_or(Stop::Unsure)?;
        match first {
            b'"' => *at = string_end(text, *at + 1)?.0,
            b'[' | b'{' => {
                if depth == MAX_DEPTH {
                    return Err(Stop::Unsure);
                }
                *at += 1;
                let in_object = first == b'{';
                let close = if in_object { b'}' } else { b']' };
                if non_space(text, at) == Some(close) {
                    // Empty: a value after all.
                    *at += 1;
                } else {
                    stack = (stack << 1) | u128::from(in_object);
                    depth += 1;
                    if in_object {
                        member_key(text, at)?;
                    }
                    continue;
                }
            }
            b'-' | b'0'..=b'9' => *at = number_end(text, *at)?,
            b'n' => *at = literal_end(text, *at, b"null")?,
            b't' => *at = literal_end(text, *at, b"true")?,
            b'f' => *at = literal_end(text, *at, b"false")?,
            _ => return Err(Stop::Unsure),
        }
        // After a value: close brackets until a comma leads to the next
        // value (after its key, in an object).
        loop {
            if depth == 0 {
                return Ok(());
            }
            let in_object = stack & 1 == 1;
            match non_space(text, at) {
                Some(b',') => {
                    *at += 1;
                    if in_object {
                        member_key(text, at)?;
                    }
                    break;
                }
                Some(b'}') if in_object => {}
                Some(b']') if !in_object => {}
                _ => return Err(Stop::Unsure),
            }
            *at += 1;
            stack >>= 1;
            depth -= 1;
        }
    }
}

/// An object member's key and its colon, the key's quote next (after
/// whitespace).
#[inline(always)]
fn member_key(text: &[u8], at: &mut usize) -> Scan<()> {
    if non_space(text, at) != Some(b'"') {
        return Err(Stop::Unsure);
    }
    *at = string_end(text, *at + 1)?.0;
    if non_space(text, at) != Some(b':') {
        return Err(Stop::Unsure);
    }
    *at += 1;
    Ok(())
}

#[cfg(test)]
mod tests;
