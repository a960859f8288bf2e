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

/// Where the first `"`, `\\` or control character of `bytes` is: eight
/// bytes at a time, most of a frame being the inside of its strings.
fn string_stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each byte of `word` below `limit`, exact for the
    // lowest such byte (a borrow may flag bytes above it).
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let found = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
        .map(|at| offset + at)
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\n' | b'\t' | b'\r')
}

impl<'t> Scanner<'t> {
    pub(super) fn new(text: &'t [u8]) -> Self {
        Self { text, at: 0 }
    }

    /// The next byte that is not whitespace, not consumed.
    pub(super) fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.text.get(self.at) {
            if !is_whitespace(byte) {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Consumes `byte`, after any whitespace.
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
    pub(super) fn string(&mut self) -> Scan<Str> {
        self.eat(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            let rest = self.text.get(self.at..).unwrap_or_default();
            self.at += string_stop(rest).ok_or(Stop::Unsure)?;
            match self.text[self.at] {
                b'"' => {
                    self.at += 1;
                    return Ok(Str {
                        inner: start..self.at - 1,
                        escaped,
                    });
                }
                b'\\' => {
                    escaped = true;
                    self.escape()?;
                }
                // A control character: serde_json refuses it in a string.
                _ => return Err(Stop::Unsure),
            }
        }
    }

    /// An escape, its backslash next: serde_json's check (the escaped
    /// character, or four hex digits after `u`; the code point is checked
    /// only when the string is decoded).
    fn escape(&mut self) -> Scan<()> {
        let escaped = *self.text.get(self.at + 1).ok_or(Stop::Unsure)?;
        self.at += 2;
        match escaped {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => {
                let hex = self.text.get(self.at..self.at + 4).ok_or(Stop::Unsure)?;
                if hex.iter().all(u8::is_ascii_hexdigit) {
                    self.at += 4;
                    Ok(())
                } else {
                    Err(Stop::Unsure)
                }
            }
            _ => Err(Stop::Unsure),
        }
    }

    /// A number, by JSON's grammar (as serde_json checks a skipped one):
    /// its text.
    pub(super) fn number(&mut self) -> Scan<Range<usize>> {
        self.peek();
        let start = self.at;
        if self.byte() == Some(b'-') {
            self.at += 1;
        }
        match self.byte() {
            Some(b'0') => {
                self.at += 1;
                if self.byte().is_some_and(|byte| byte.is_ascii_digit()) {
                    return Err(Stop::Unsure);
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Stop::Unsure),
        }
        if self.byte() == Some(b'.') {
            self.at += 1;
            if !self.byte().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(Stop::Unsure);
            }
            self.digits();
        }
        if matches!(self.byte(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.byte(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !self.byte().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(Stop::Unsure);
            }
            self.digits();
        }
        Ok(start..self.at)
    }

    fn byte(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn digits(&mut self) {
        while self.byte().is_some_and(|byte| byte.is_ascii_digit()) {
            self.at += 1;
        }
    }

    /// `null`, `true` or `false` (the first byte already seen).
    fn literal(&mut self, word: &[u8]) -> Scan<()> {
        if self.text.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(Stop::Unsure)
        }
    }

    /// Consumes `null` if it is next.
    pub(super) fn null(&mut self) -> Scan<bool> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// A scalar value (not an array or object), skipped.
    fn scalar(&mut self, first: u8) -> Scan<()> {
        match first {
            b'"' => self.string().map(drop),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            _ => Err(Stop::Unsure),
        }
    }

    /// Skips one value of any kind, nested up to [`MAX_DEPTH`] levels,
    /// without recursion: each open bracket is one bit of `stack` (set for
    /// an object).
    pub(super) fn skip_value(&mut self) -> Scan<()> {
        let mut stack: u128 = 0;
        let mut depth: u32 = 0;
        loop {
            // A value is next.
            let first = self.peek().ok_or(Stop::Unsure)?;
            let opened = match first {
                b'[' | b'{' => {
                    if depth == MAX_DEPTH {
                        return Err(Stop::Unsure);
                    }
                    self.at += 1;
                    stack = (stack << 1) | u128::from(first == b'{');
                    depth += 1;
                    true
                }
                _ => {
                    self.scalar(first)?;
                    false
                }
            };
            // After the value (or just inside a new bracket): close
            // brackets until a comma or a new member leads to a value.
            let mut empty_allowed = opened;
            loop {
                if depth == 0 {
                    return Ok(());
                }
                let in_object = stack & 1 == 1;
                let close = if in_object { b'}' } else { b']' };
                match self.peek() {
                    Some(byte) if byte == close => {
                        self.at += 1;
                        stack >>= 1;
                        depth -= 1;
                        empty_allowed = false;
                    }
                    Some(b',') if !empty_allowed => {
                        self.at += 1;
                        break;
                    }
                    Some(_) if empty_allowed => break,
                    _ => return Err(Stop::Unsure),
                }
            }
            if stack & 1 == 1 {
                self.string()?;
                self.eat(b':')?;
            }
        }
    }
}

#[cfg(test)]
mod tests;
