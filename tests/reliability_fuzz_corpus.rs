//! The fuzz targets' code (`fuzz/exercise.rs`) run on a few thousand deterministic inputs, so CI
//! exercises KS and answer parsing in seconds without cargo-fuzz: valid KSs and Kaltura-shaped
//! answers, then byte-level mutations of them (flips, cuts, splices, inserted junk) and
//! type-level mutations of the JSON (every field replaced by a value of another kind).

#[path = "../fuzz/exercise.rs"]
mod exercise;

use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use serde_json::{Value, json};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// One random byte-level mutation.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(3) {
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let cut = rng.below(out.len());
                out.truncate(cut);
            }
            2 => {
                let at = rng.below(out.len() + 1);
                let n = 1 + rng.below(8);
                let junk = rng.bytes(n);
                out.splice(at..at, junk);
            }
            3 if !out.is_empty() => {
                let i = rng.below(out.len());
                const SPECIAL: &[u8] = b"|;:,&=%{}[]\"\\\0\xff";
                out[i] = SPECIAL[rng.below(SPECIAL.len())];
            }
            4 if out.len() > 2 => {
                let (a, b) = (rng.below(out.len()), rng.below(out.len()));
                out.swap(a, b);
            }
            _ => {
                let at = rng.below(out.len() + 1);
                let piece: Vec<u8> = out[at..].iter().take(16).copied().collect();
                out.extend(piece);
            }
        }
    }
    out
}

fn ks_seeds() -> Vec<String> {
    let mut seeds = Vec::new();
    for (user, privileges) in [
        ("admin@example.com", "disableentitlement"),
        (
            "attendee",
            "sview:0_abcd1234,restrictexplicitliveview:0_abcd1234,enableentitlement,appid:a,appdomain:d,sessionkey:attendee",
        ),
        (
            "producer",
            "setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:0_x,download:0_x",
        ),
        ("Zoë Ünïcode & co", "*"),
        ("", ""),
    ] {
        for version in [KsVersion::V1, KsVersion::V2] {
            for session_type in [SessionType::User, SessionType::Admin] {
                seeds.push(ks::sign(
                    exercise::SECRET,
                    &KsSpec {
                        partner_id: exercise::PARTNER,
                        user_id: user,
                        session_type,
                        expires_at: 1_900_000_000,
                        privileges,
                    },
                    version,
                ));
            }
        }
    }
    seeds
}

#[test]
fn ks_parsing_survives_mutated_and_random_inputs() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let seeds = ks_seeds();
    for seed in &seeds {
        let info = ks::verify(seed, exercise::SECRET).expect("seeds verify");
        assert_eq!(info.partner_id, exercise::PARTNER);
    }
    let mut runs = 0;
    for i in 0..3000 {
        let seed = seeds[i % seeds.len()].as_bytes();
        let mutated = mutate(&mut rng, seed);
        let mut input = vec![0u8];
        input.extend_from_slice(&mutated);
        exercise::ks_input(&input);
        // The same bytes as signed v1 info, signed v2 fields and round-trip user/privileges.
        for mode in 1..4u8 {
            let mut input = vec![mode];
            input.extend_from_slice(&mutate(&mut rng, &mutated[..mutated.len().min(120)]));
            exercise::ks_input(&input);
        }
        let n = rng.below(64);
        exercise::ks_input(&rng.bytes(n));
        runs += 5;
    }
    assert_eq!(runs, 15_000);
}

fn answer_seeds() -> Vec<Value> {
    let entry = json!({
        "objectType": "KalturaLiveStreamEntry", "id": "0_abcd1234", "partnerId": 4242,
        "name": "Town hall", "status": 2, "type": 7, "mediaType": 201, "sourceType": "32",
        "createdAt": 1_700_000_000, "rootEntryId": "0_abcd1234", "redirectEntryId": "",
        "recordedEntryId": "0_rec00001", "recordStatus": 2, "explicitLive": true, "viewMode": 0,
        "recordingStatus": 0, "liveStatus": 1, "firstBroadcast": 1_700_000_100,
        "lastBroadcast": 1_700_000_100, "currentBroadcastStartTime": 0,
        "recordingOptions": {"objectType": "KalturaLiveEntryRecordingOptions",
            "shouldCopyEntitlement": true, "shouldMakeHidden": 1, "shouldAutoArchive": "1"},
        "dvrStatus": 1, "dvrWindow": 60, "streamPassword": "abcd1234",
    });
    let recording = json!({"objectType": "KalturaMediaEntry", "id": "0_rec00001",
        "status": 2, "type": 1, "mediaType": 1, "sourceType": "36",
        "rootEntryId": "0_abcd1234", "createdAt": 1_700_000_500, "displayInSearch": -1});
    vec![
        entry.clone(),
        json!({"objectType": "KalturaLiveStreamListResponse", "objects": [entry.clone(), entry], "totalCount": 2}),
        json!({"objectType": "KalturaMediaListResponse", "objects": [recording.clone()], "totalCount": 1}),
        recording,
        json!({"code": "INVALID_KS", "objectType": "KalturaAPIException",
            "message": format!("Invalid KS \"{}\" secret {}", ks_seeds()[1], exercise::SECRET),
            "args": {"KSID": "EXPIRED", "ERR_CODE": -1}}),
        json!({"code": "MISSING_KS", "message": "m", "args": []}),
        json!({"objectType": "KalturaMetadataListResponse", "objects": [{"id": 1, "objectId": "0_abcd1234",
            "xml": "<metadata><StartTime>1700000000</StartTime><EndTime>1700003600</EndTime><Timezone>UTC</Timezone></metadata>"}]}),
        json!({"objectType": "KalturaUiConfListResponse", "objects": [{"id": 5, "objType": 21, "config": "{\"osx\":{}}"}]}),
        json!([true, null, "djJ8NDI0Mnx", {"code": "X", "message": "y"}]),
        json!("<metadata><StartTime>1</StartTime><EndTime>2</EndTime></metadata>"),
        json!(true),
        json!(null),
    ]
}

/// Replaces one value somewhere in `v` with a value of another kind.
fn retype(rng: &mut Rng, v: &mut Value) {
    let replacement = match rng.below(8) {
        0 => json!(null),
        1 => json!(rng.next() as i64),
        2 => json!(-1),
        3 => json!("1"),
        4 => json!(true),
        5 => json!([]),
        6 => json!({"objectType": "KalturaAPIException"}),
        _ => json!(1e308),
    };
    match v {
        Value::Object(map) if !map.is_empty() => {
            let i = rng.below(map.len());
            let key = map.keys().nth(i).cloned().unwrap_or_default();
            if rng.below(3) == 0 {
                map.insert(key, replacement);
            } else if let Some(child) = map.get_mut(&key) {
                retype(rng, child);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.below(items.len());
            retype(rng, &mut items[i]);
        }
        other => *other = replacement,
    }
}

#[test]
fn answer_parsing_survives_mutated_and_retyped_inputs() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let seeds = answer_seeds();
    let mut runs = 0;
    for i in 0..2500 {
        let seed = &seeds[i % seeds.len()];
        exercise::response_input(&mutate(&mut rng, seed.to_string().as_bytes()));
        let mut typed = seed.clone();
        for _ in 0..=rng.below(3) {
            retype(&mut rng, &mut typed);
        }
        exercise::response_value(typed);
        let n = rng.below(48);
        exercise::response_input(&rng.bytes(n));
        runs += 3;
    }
    assert_eq!(runs, 7500);
}

/// Characters the sanitiser must handle: every C0 and C1 control, DEL, line separators, bidi
/// and zero-width characters, other format characters, emoji with joiners and skin tones,
/// letters of several scripts, combining marks.
fn interesting_char(rng: &mut Rng) -> char {
    const POOL: &[char] = &[
        '\u{0}',
        '\u{7}',
        '\u{8}',
        '\t',
        '\n',
        '\u{b}',
        '\u{c}',
        '\r',
        '\u{1b}',
        '\u{1f}',
        '\u{7f}',
        '\u{80}',
        '\u{85}',
        '\u{9b}',
        '\u{9d}',
        '\u{9f}',
        '\u{ad}',
        '\u{61c}',
        '\u{180e}',
        '\u{200b}',
        '\u{200c}',
        '\u{200d}',
        '\u{200e}',
        '\u{200f}',
        '\u{2028}',
        '\u{2029}',
        '\u{202a}',
        '\u{202e}',
        '\u{2060}',
        '\u{2066}',
        '\u{2069}',
        '\u{feff}',
        '\u{fff9}',
        '\u{e0001}',
        '\u{e0041}',
        '\u{fe0f}',
        '\u{1f3fd}',
        '\u{1f469}',
        '\u{1f4bb}',
        '\u{1f3f3}',
        '\u{1f308}',
        '\u{2764}',
        '\u{301}',
        'a',
        'Z',
        ' ',
        '[',
        ']',
        ';',
        'é',
        'ש',
        'م',
        '日',
        'क',
        '\u{94d}',
        '\u{fffd}',
    ];
    if rng.below(8) == 0 {
        // Anything at all, now and then.
        char::from_u32(rng.next() as u32 % 0x11_0000).unwrap_or('x')
    } else {
        POOL[rng.below(POOL.len())]
    }
}

#[test]
fn the_text_sanitiser_holds_its_properties_on_mutated_and_random_text() {
    let mut rng = Rng(0xA076_1D64_78BD_642F);
    let seeds = [
        "Evil\u{1b}]52;c;Y3VybCBldmlsIHwgc2g=\u{7}\u{1b}[2J\u{1b}]0;PWNED\u{7}",
        "a\u{9b}31m\u{9d}0;t\u{7}\u{202e}gnp.exe\u{200b}\u{2066}\r\nline",
        "Town hall Q3 — Zoë «Ünïcode» 日本語 שלום مرحبا",
        "family 👩\u{200d}👩\u{200d}👧 flag 🏳\u{fe0f}\u{200d}🌈 coder 👩🏽\u{200d}💻",
        "first\r\nsecond\u{85}third\u{2028}fourth\tfifth",
        "0_abcd1234",
    ];
    let mut runs = 0;
    for i in 0..4000 {
        let seed = seeds[i % seeds.len()];
        exercise::text_input(&mutate(&mut rng, seed.as_bytes()));
        let n = rng.below(24);
        let random: String = (0..n).map(|_| interesting_char(&mut rng)).collect();
        exercise::text_properties(&random);
        let n = rng.below(32);
        exercise::text_input(&rng.bytes(n));
        runs += 3;
    }
    assert_eq!(runs, 12_000);
}
