//! How long the protocol layer's own work takes per poll cycle, network aside: encoding a
//! 50-call multirequest and reading back a page of 50 live entries (a board of 50 events costs
//! one of each per cycle). Run with `cargo bench --bench kaltura_wire`; prints figures, asserts
//! nothing.

use kwebcast::kaltura::services::{EntryFilter, Pager, base_entry, live_stream};
use kwebcast::kaltura::types::{ListResponse, LiveStreamEntry};
use kwebcast::kaltura::wire::{self, API_VERSION, ApiRequest, Common};
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::Instant;

fn entry(i: usize) -> Value {
    json!({"objectType": "KalturaLiveStreamEntry", "id": format!("0_{i:08}"), "partnerId": "1000",
        "name": format!("Event {i}"), "status": "2", "type": 7, "mediaType": 201, "sourceType": "32",
        "createdAt": 1_700_000_000 + i, "liveStatus": i % 3, "explicitLive": true, "viewMode": 0,
        "recordingStatus": "0", "recordStatus": 2, "dvrStatus": 1, "dvrWindow": "60",
        "recordedEntryId": "", "redirectEntryId": "", "streamPassword": "a1b2c3d4",
        "primaryBroadcastingUrl": "rtmp://x.p.kpublish.kaltura.com:1935/kLive/?p=1000&e=0_x&i=0&t=abc",
        "recordingOptions": {"objectType": "KalturaLiveEntryRecordingOptions", "shouldMakeHidden": true},
        "firstBroadcast": 0, "lastBroadcast": 0, "currentBroadcastStartTime": 0.0,
        "unknownA": "x", "unknownB": [1, 2, 3], "unknownC": {"k": "v"}})
}

fn measure(label: &str, rounds: u32, mut f: impl FnMut()) {
    f();
    let start = Instant::now();
    for _ in 0..rounds {
        f();
    }
    let per = start.elapsed() / rounds;
    println!("{label:<48} {per:>12.2?} per run ({rounds} runs)");
}

fn main() {
    let ids: Vec<String> = (0..50).map(|i| format!("0_{i:08}")).collect();
    let common = Common {
        ks: Some("djJ8MTAwMHx0ZXN0a3M"),
        client_tag: "kwebcast:bench",
        api_version: API_VERSION,
    };
    measure(
        "encode multirequest: list + 50 recordings lists",
        2_000,
        || {
            let mut reqs: Vec<ApiRequest> = vec![live_stream::list(
                &EntryFilter::ids(&ids),
                Some(&Pager::first(50)),
            )];
            reqs.extend(
                ids.iter()
                    .map(|id| base_entry::list(&EntryFilter::recordings_of(id), None)),
            );
            let body = wire::multirequest_body(&reqs, &common);
            black_box(serde_json::to_vec(&body).map(|b| b.len()).unwrap_or(0));
        },
    );

    let page = json!({"objectType": "KalturaLiveStreamListResponse", "totalCount": 50,
        "objects": (0..50).map(entry).collect::<Vec<_>>()});
    let bytes = serde_json::to_vec(&page).unwrap_or_default();
    println!("list page size: {} bytes", bytes.len());
    measure(
        "parse a page of 50 live entries (bytes → typed)",
        2_000,
        || {
            let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            let list: Result<ListResponse<LiveStreamEntry>, _> = serde_json::from_value(value);
            black_box(list.map(|l| l.objects.len()).unwrap_or(0));
        },
    );
}
