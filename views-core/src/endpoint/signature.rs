//! Discord's request signature: `X-Signature-Ed25519` (hex, 64 bytes) over
//! `X-Signature-Timestamp` followed by the body, made with the
//! application's key. The check itself is ed25519-dalek's strict
//! verification; this module only reads the headers and bounds the age.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signature, VerifyingKey};
use http::HeaderMap;

use super::error::{EndpointError, EndpointErrorKind};

/// The header carrying the signature, hex-encoded.
pub(crate) const SIGNATURE_HEADER: &str = "x-signature-ed25519";
/// The header carrying the timestamp the signature covers (Unix seconds).
pub(crate) const TIMESTAMP_HEADER: &str = "x-signature-timestamp";

/// Timestamps longer than this are not read: Unix seconds have 10 digits
/// until the year 2286.
const MAX_TIMESTAMP_LEN: usize = 20;

/// Why a request's signature was refused. Every case is answered 401.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub(crate) enum Refusal {
    /// A header is missing, or not what Discord sends.
    BadHeaders,
    /// The timestamp is further from now than the endpoint allows.
    Stale,
    /// The signature does not verify.
    BadSignature,
}

impl Refusal {
    pub(crate) const fn reason(self) -> &'static str {
        match self {
            Self::BadHeaders => "missing or malformed signature headers",
            Self::Stale => "the signature's timestamp is too old or in the future",
            Self::BadSignature => "invalid request signature",
        }
    }
}

/// The signature headers of one request, read but not yet verified.
#[derive(Debug)]
pub(crate) struct SignedHeaders<'a> {
    /// The timestamp exactly as sent: the signature covers these bytes.
    pub(crate) timestamp: &'a [u8],
    signature: Signature,
}

/// The application's public key and the age a signature may have.
#[derive(Clone, Debug)]
pub(crate) struct Verifier {
    key: VerifyingKey,
    max_age: Duration,
}

impl Verifier {
    /// A verifier for the hex public key shown in the Developer Portal.
    pub(crate) fn from_hex(public_key: &str, max_age: Duration) -> Result<Self, EndpointError> {
        let bad_key = || EndpointError::new(EndpointErrorKind::PublicKey, None);
        let bytes: [u8; 32] = decode_hex(public_key.trim().as_bytes()).ok_or_else(bad_key)?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|error| {
            // Without std, the crate's error is Display only.
            EndpointError::new(EndpointErrorKind::PublicKey, Some(error.to_string().into()))
        })?;
        Ok(Self { key, max_age })
    }

    /// Reads the two headers and checks the timestamp's age, before the
    /// body is read.
    pub(crate) fn read_headers<'a>(
        &self,
        headers: &'a HeaderMap,
    ) -> Result<SignedHeaders<'a>, Refusal> {
        let signature = headers
            .get(SIGNATURE_HEADER)
            .and_then(|value| decode_hex::<64>(value.as_bytes()))
            .ok_or(Refusal::BadHeaders)?;
        let timestamp = headers
            .get(TIMESTAMP_HEADER)
            .map(http::HeaderValue::as_bytes)
            .filter(|value| !value.is_empty() && value.len() <= MAX_TIMESTAMP_LEN)
            .ok_or(Refusal::BadHeaders)?;
        let seconds = std::str::from_utf8(timestamp)
            .ok()
            .and_then(|text| text.parse::<u64>().ok())
            .ok_or(Refusal::BadHeaders)?;
        if !self.is_fresh(seconds, SystemTime::now()) {
            return Err(Refusal::Stale);
        }
        Ok(SignedHeaders {
            timestamp,
            signature: Signature::from_bytes(&signature),
        })
    }

    /// Whether a timestamp of `seconds` is within the allowed age of `now`,
    /// either way (a clock ahead of ours is as suspect as one behind).
    fn is_fresh(&self, seconds: u64, now: SystemTime) -> bool {
        let now = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        now.abs_diff(seconds) <= self.max_age.as_secs()
    }

    /// Verifies the signature over `signed`: the timestamp followed by the
    /// body. Strict verification refuses the malleable and small-order
    /// encodings plain Ed25519 lets through. Everything it compares is
    /// public (the key, the signature, the message), so no comparison here
    /// can leak a secret through its timing.
    pub(crate) fn verify(&self, headers: &SignedHeaders<'_>, signed: &[u8]) -> Result<(), Refusal> {
        self.key
            .verify_strict(signed, &headers.signature)
            .map_err(|_| Refusal::BadSignature)
    }
}

/// Decodes exactly `N` bytes of hex (either case); `None` for anything
/// else. Not a secret: these are public keys and signatures.
fn decode_hex<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    let mut out = [0_u8; N];
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

const fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_odd_input() {
        assert_eq!(decode_hex::<2>(b"0aFf"), Some([0x0a, 0xff]));
        assert_eq!(decode_hex::<2>(b"0aF"), None);
        assert_eq!(decode_hex::<2>(b"0aFff0"), None);
        assert_eq!(decode_hex::<2>(b"0g00"), None);
    }

    #[test]
    fn freshness_is_symmetric_and_bounded() {
        // The Ed25519 base point: a valid key whatever it signs.
        let verifier = Verifier::from_hex(
            "5866666666666666666666666666666666666666666666666666666666666666",
            Duration::from_secs(60),
        )
        .unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(verifier.is_fresh(1_000_000, now));
        assert!(verifier.is_fresh(999_940, now));
        assert!(verifier.is_fresh(1_000_060, now));
        assert!(!verifier.is_fresh(999_939, now));
        assert!(!verifier.is_fresh(1_000_061, now));
    }

    #[test]
    fn a_key_that_is_not_hex_of_32_bytes_is_refused() {
        for key in ["", "zz", &"ab".repeat(31), &"ab".repeat(33)] {
            let error = Verifier::from_hex(key, Duration::from_secs(1)).unwrap_err();
            assert!(matches!(error.kind(), EndpointErrorKind::PublicKey));
        }
    }
}
