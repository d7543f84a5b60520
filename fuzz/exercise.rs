//! What the fuzz targets (and the CI corpus test, `tests/reliability_fuzz_corpus.rs`) feed their
//! inputs to. Shared by `include!`/`#[path]` so both run exactly the same code.
//!
//! Properties checked (a failed `assert!` is a crash like a panic in the code under test):
//! - KS text: `decode`, `open`, `verify`, `redact` and the error scrubber never panic.
//! - A well-signed KS with arbitrary v1 info / v2 fields never reads as `BadSignature`.
//! - A v2 KS signed for an arbitrary user and privileges verifies back to the same partner,
//!   user, type and expiry.
//! - Any bytes as a Kaltura answer: the exception reader, every typed answer we decode and the
//!   state derivation never panic; an exception never keeps the secret we passed to scrub.
//! - The text sanitiser (`kwebcast::text`): its output never holds a control, bidi or other
//!   format character (a zero-width joiner between two emoji aside), `line` no line break at
//!   all; it is idempotent; printable text passes unchanged; the typed decode gives exactly
//!   `line` of a name and `multiline` of a description, and an entry ID that is well formed or
//!   a refused object.

#![allow(dead_code)]

use aes::cipher::{BlockEncryptMut, KeyIvInit, block_padding::NoPadding};
use base64::Engine;
use kwebcast::kaltura::client::decode;
use kwebcast::kaltura::error::{ApiException, scrub};
use kwebcast::kaltura::ks::{self, KsError, KsSpec, KsVersion, SessionType};
use kwebcast::kaltura::types::{
    BaseEntry, ConversionProfile, ListResponse, LiveStreamEntry, MediaEntry, Metadata,
    MetadataProfile, UiConf,
};
use kwebcast::kaltura::wire::ApiRequest;
use kwebcast::webcast::EventSnapshot;
use serde_json::Value;
use sha1::{Digest, Sha1};

/// The secret every fuzzed KS is opened with.
pub const SECRET: &str = "fuzz-admin-secret-0123456789abcdef";
/// The partner of the KSs the harness signs.
pub const PARTNER: i64 = 4242;

/// Entry point of the `ks_decode` target.
pub fn ks_input(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match mode % 4 {
        0 => ks_text(&text),
        1 => {
            let ks = sign_v1_info(&text);
            assert_ne!(
                ks::verify(&ks, SECRET).err(),
                Some(KsError::BadSignature),
                "a correctly signed v1 KS was refused: {text:?}"
            );
            ks_text(&ks);
        }
        2 => {
            let ks = sign_v2_fields(rest);
            assert_ne!(
                ks::verify(&ks, SECRET).err(),
                Some(KsError::BadSignature),
                "a correctly signed v2 KS was refused: {rest:?}"
            );
            ks_text(&ks);
        }
        _ => round_trip(&text),
    }
}

/// Everything we do with a KS string we did not make.
pub fn ks_text(text: &str) {
    let _ = ks::redact(text);
    let scrubbed = scrub(&format!("Invalid KS \"{text}\""), &[SECRET]);
    assert!(
        !scrubbed.contains(SECRET),
        "the scrubber kept the secret: {scrubbed:?}"
    );
    if let Ok(env) = ks::decode(text) {
        let _ = (env.partner_id(), env.version());
        if let Ok(info) = env.open(SECRET) {
            let _ = info.privileges_string();
            let _ = info.is_expired(0);
            let _ = info.privilege("sview");
            let _ = info.privilege_values("list").count();
        }
    }
    let _ = ks::verify(text, SECRET);
}

/// `base64(hex(sha1(secret + info)) | info)`: a v1 KS with arbitrary info, correctly signed.
pub fn sign_v1_info(info: &str) -> String {
    let digest = hex::encode(
        Sha1::new()
            .chain_update(SECRET)
            .chain_update(info)
            .finalize(),
    );
    base64::engine::general_purpose::STANDARD.encode(format!("{digest}|{info}"))
}

/// A v2 KS whose field string is arbitrary bytes, correctly signed and encrypted. Trailing NUL
/// bytes are dropped first: v2 pads with zeros and strips them on reading (as Kaltura's own
/// code does), so fields ending in NUL cannot exist in a real KS.
pub fn sign_v2_fields(fields: &[u8]) -> String {
    let fields = &fields[..fields.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1)];
    let random = [7u8; 16];
    let mut rest = random.to_vec();
    rest.extend_from_slice(fields);
    let mut plain = Sha1::digest(&rest).to_vec();
    plain.extend_from_slice(&rest);
    let len = plain.len().div_ceil(16) * 16;
    plain.resize(len, 0);
    let key: [u8; 16] = Sha1::digest(SECRET.as_bytes())[..16]
        .try_into()
        .expect("16 bytes");
    let ciphertext = cbc::Encryptor::<aes::Aes128>::new(&key.into(), &[0u8; 16].into())
        .encrypt_padded_mut::<NoPadding>(&mut plain, len)
        .expect("whole blocks")
        .to_vec();
    let mut raw = format!("v2|{PARTNER}|").into_bytes();
    raw.extend_from_slice(&ciphertext);
    base64::engine::general_purpose::URL_SAFE.encode(raw)
}

/// Signs a v2 KS for an arbitrary user and privileges and reads it back.
pub fn round_trip(text: &str) {
    let (user, privileges) = text.split_once('\u{1}').unwrap_or((text, ""));
    let expires_at = 1_700_000_000 + (text.len() as i64) * 7;
    for session_type in [SessionType::User, SessionType::Admin] {
        let spec = KsSpec {
            partner_id: PARTNER,
            user_id: user,
            session_type,
            expires_at,
            privileges,
        };
        let ks = ks::sign(SECRET, &spec, KsVersion::V2);
        let info = ks::verify(&ks, SECRET)
            .unwrap_or_else(|e| panic!("our own v2 KS does not verify ({e}): {spec:?}"));
        assert_eq!(info.partner_id, PARTNER);
        assert_eq!(info.user_id, user, "user of {spec:?}");
        assert_eq!(info.session_type, session_type, "type of {spec:?}");
        assert_eq!(info.expires_at, expires_at, "expiry of {spec:?}");
        assert!(ks::verify(&ks, "another-secret").is_err());
        // v1 cannot carry ';' in its fields (as in Kaltura's own format): only no panic.
        let v1 = ks::sign(SECRET, &spec, KsVersion::V1);
        let _ = ks::verify(&v1, SECRET);
    }
}

/// Entry point of the `response_parse` target: bytes as a Kaltura answer body.
pub fn response_input(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    response_value(value);
}

/// Everything we read out of an answer's JSON.
pub fn response_value(value: Value) {
    if let Some(e) = ApiException::from_value(&value, &[SECRET]) {
        let shown = format!("{e} {:?}", e.args);
        assert!(
            !shown.contains(SECRET),
            "exception kept the secret: {shown}"
        );
        let _ = e.is_expired_ks();
    }
    let req = ApiRequest::new("liveStream", "get");
    if let Ok(entry) = decode::<LiveStreamEntry>(&req, value.clone()) {
        let recordings = decode::<ListResponse<MediaEntry>>(&req, value.clone())
            .map(|l| l.objects)
            .unwrap_or_default();
        let snap = EventSnapshot::derive(entry, recordings, None, 1_700_000_000);
        let _ = snap.summary();
        let _ = (snap.state.word(), snap.state.symbol());
    }
    if let Ok(list) = decode::<ListResponse<LiveStreamEntry>>(&req, value.clone()) {
        for entry in list.objects {
            let _ = EventSnapshot::derive(entry, Vec::new(), None, 0).summary();
        }
    }
    let _ = decode::<ListResponse<BaseEntry>>(&req, value.clone());
    let _ = decode::<MediaEntry>(&req, value.clone());
    if let Ok(list) = decode::<ListResponse<Metadata>>(&req, value.clone()) {
        for m in &list.objects {
            let _ = kwebcast::webcast::xml::parse_schedule(&m.xml);
        }
    }
    let _ = decode::<ListResponse<MetadataProfile>>(&req, value.clone());
    let _ = decode::<ListResponse<UiConf>>(&req, value.clone());
    let _ = decode::<ListResponse<ConversionProfile>>(&req, value.clone());
    let _ = decode::<bool>(&req, value.clone());
    if let Value::String(s) = &value {
        let _ = kwebcast::webcast::xml::parse_schedule(s);
        ks_text(s);
    }
}

/// Entry point of the `text_sanitise` target: bytes as text from outside.
pub fn text_input(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    text_properties(&text);
}

/// Bidi controls and marks: never in any output.
const BIDI: &[char] = &[
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Every property of the sanitiser on one text.
pub fn text_properties(text: &str) {
    use kwebcast::text::{is_format, is_safe_char, line, multiline};
    let one = line(text);
    let many = multiline(text);
    for (what, out, newline_ok) in [("line", &one, false), ("multiline", &many, true)] {
        let chars: Vec<char> = out.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            assert!(!BIDI.contains(&c), "{what} kept bidi {c:?} from {text:?}");
            if c == '\n' {
                assert!(newline_ok, "{what} kept a line break from {text:?}");
                continue;
            }
            if c == '\u{200D}' {
                // Only inside an emoji sequence, never at an end.
                assert!(
                    i > 0 && i + 1 < chars.len(),
                    "{what} kept a dangling ZWJ from {text:?}"
                );
                continue;
            }
            assert!(
                is_safe_char(c),
                "{what} kept {c:?} (control: {}, format: {}) from {text:?}",
                c.is_control(),
                is_format(c)
            );
        }
        assert_eq!(
            if newline_ok {
                multiline(out)
            } else {
                line(out)
            },
            out.as_ref(),
            "{what} is not idempotent on {text:?}"
        );
    }
    // Printable text (the input without its controls and format characters) passes unchanged,
    // and without a copy.
    let printable: String = text.chars().filter(|c| is_safe_char(*c)).collect();
    assert!(
        matches!(line(&printable), std::borrow::Cow::Borrowed(_)),
        "printable text was changed: {printable:?}"
    );
    assert!(matches!(
        multiline(&printable),
        std::borrow::Cow::Borrowed(_)
    ));

    // The typed decode applies exactly these.
    let v = serde_json::json!({"id": text, "name": text, "description": text});
    let req = ApiRequest::new("liveStream", "get");
    match decode::<LiveStreamEntry>(&req, v) {
        Ok(entry) => {
            assert_eq!(entry.name, one.as_ref());
            assert_eq!(entry.description, many.as_ref());
            assert!(
                entry.id.is_empty() || kwebcast::kaltura::types::lenient::is_entry_id(&entry.id),
                "an ID got through: {:?}",
                entry.id
            );
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(shown.contains("is not an entry ID"), "{shown}");
            assert!(shown.chars().all(is_safe_char), "the error shows {shown:?}");
        }
    }
}
