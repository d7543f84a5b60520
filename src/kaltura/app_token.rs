//! Kaltura application tokens, the protocol part: the token's hash types and the `tokenHash`
//! that proves a caller holds a token without sending it.
//!
//! An administrator creates a token once with `appToken.add` and hands out its ID and value. A
//! client opens an unprivileged widget session (`session.startWidgetSession("_{partnerId}")`)
//! and calls `appToken.startSession(id, tokenHash)` with that widget KS, where `tokenHash` is
//! `hex(HASH(widgetKs + token))` and HASH is the token's `hashType` (`AppToken::calcHash` in
//! kaltura/server: PHP's `hash($hashType, kCurrentContext::$ks . $token)`, lower-case hex). The
//! token itself never travels. Pure functions, no IO; the sandbox checks hashes with them too, so
//! `tests/fixtures/app_token_hash_vectors.json` pins them to values computed by Python's hashlib.

use crate::kaltura::secret::AppTokenSecret;
use sha1::Digest;
use std::fmt;

/// `KalturaAppTokenHashType`: how `tokenHash` is computed. Kaltura's default for a token created
/// without one is SHA1 (`AppToken::getHashType`); kwebcast's default is SHA256, the type its
/// README tells administrators to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TokenHash {
    /// `MD5`.
    Md5,
    /// `SHA1` (Kaltura's default).
    Sha1,
    /// `SHA256` (kwebcast's default).
    #[default]
    Sha256,
    /// `SHA512`.
    Sha512,
}

impl TokenHash {
    /// Every hash type, in Kaltura's order.
    pub const ALL: [TokenHash; 4] = [
        TokenHash::Md5,
        TokenHash::Sha1,
        TokenHash::Sha256,
        TokenHash::Sha512,
    ];

    /// The enum value Kaltura uses on the wire and in `KalturaAppToken.hashType`.
    pub fn name(self) -> &'static str {
        match self {
            TokenHash::Md5 => "MD5",
            TokenHash::Sha1 => "SHA1",
            TokenHash::Sha256 => "SHA256",
            TokenHash::Sha512 => "SHA512",
        }
    }

    /// Reads a hash type in any letter case (`sha256`, `SHA256`); `None` for anything else.
    pub fn parse(text: &str) -> Option<TokenHash> {
        let t = text.trim();
        TokenHash::ALL
            .into_iter()
            .find(|h| h.name().eq_ignore_ascii_case(t))
    }

    /// Lower-case hex of `HASH(bytes)`.
    pub fn hex(self, bytes: &[u8]) -> String {
        match self {
            TokenHash::Md5 => hex::encode(md5::Md5::digest(bytes)),
            TokenHash::Sha1 => hex::encode(sha1::Sha1::digest(bytes)),
            TokenHash::Sha256 => hex::encode(sha2::Sha256::digest(bytes)),
            TokenHash::Sha512 => hex::encode(sha2::Sha512::digest(bytes)),
        }
    }
}

impl fmt::Display for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `tokenHash` of `appToken.startSession`: `hex(HASH(ks + token))`, where `ks` is the KS the
/// `startSession` call itself carries.
pub fn token_hash(hash: TokenHash, ks: &str, token: &AppTokenSecret) -> String {
    let mut bytes = Vec::with_capacity(ks.len() + token.expose().len());
    bytes.extend_from_slice(ks.as_bytes());
    bytes.extend_from_slice(token.expose().as_bytes());
    hash.hex(&bytes)
}

/// What a client needs to open sessions with one application token. Debug never shows the
/// token (it is an [`AppTokenSecret`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppTokenCredentials {
    /// The token's ID (`0_abcd1234`): not a secret, safe to show and log.
    pub id: String,
    /// The token's value.
    pub token: AppTokenSecret,
    /// The token's `hashType`, which the client must match.
    pub hash: TokenHash,
}

/// Privileges Kaltura puts into every session started from a token: `sessionid:{tokenId}` (so
/// deleting the token logs its sessions out) and `apptoken:{tokenId}`.
pub const BOOKKEEPING_PRIVILEGES: [&str; 2] = ["sessionid", "apptoken"];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Vectors computed with Python's hashlib (see the fixture's README entry).
    #[test]
    fn hashes_match_independently_computed_vectors() {
        let text = include_str!("../../tests/fixtures/app_token_hash_vectors.json");
        let vectors: Value = serde_json::from_str(text).expect("fixture is JSON");
        let list = vectors["vectors"].as_array().expect("a vectors array");
        assert!(list.len() >= 4, "one vector per hash type at least");
        for v in list {
            let hash = TokenHash::parse(v["hash_type"].as_str().unwrap()).unwrap();
            let token = AppTokenSecret::new(v["token"].as_str().unwrap());
            let got = token_hash(hash, v["ks"].as_str().unwrap(), &token);
            assert_eq!(got, v["token_hash"].as_str().unwrap(), "{hash} vector");
        }
    }

    #[test]
    fn names_parse_in_any_case() {
        for h in TokenHash::ALL {
            assert_eq!(TokenHash::parse(h.name()), Some(h));
            assert_eq!(TokenHash::parse(&h.name().to_lowercase()), Some(h));
        }
        assert_eq!(TokenHash::parse("sha384"), None);
        assert_eq!(TokenHash::default(), TokenHash::Sha256);
    }

    #[test]
    fn credentials_debug_hides_the_token() {
        let c = AppTokenCredentials {
            id: "0_abcd1234".into(),
            token: AppTokenSecret::new("feedfacefeedfacefeedfacefeedface"),
            hash: TokenHash::Sha256,
        };
        let text = format!("{c:?}");
        assert!(text.contains("0_abcd1234"), "{text}");
        assert!(!text.contains("feedface"), "{text}");
    }
}
