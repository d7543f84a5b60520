//! The Studio for an existing event: downloads, and launch parameters with the event's dates
//! read back from its KMS_EVENTS3 record, in one round-trip; the Studio KS is the producer's.

mod webcast_support;

use base64::Engine;
use kwebcast::kaltura::ks::{self, SessionType};
use kwebcast::webcast::studio::LAUNCH_SCHEME;
use kwebcast::webcast::time::iso_utc;
use webcast_support::*;

#[tokio::test]
async fn studio_launch_for_an_existing_event() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let req = request("Studio event", None);
    let created = wc.create(&req, &journal(&dir)).await.unwrap();
    let id = created.entry_id().to_string();
    let id = id.as_str();

    reset_stats(&sb).await;
    let before = now();
    let info = wc.studio(id).await.unwrap();
    assert_eq!(stats(&sb).await.0, 1, "one round-trip");

    assert!(info.windows_url.starts_with("http"));
    assert!(info.mac_url.starts_with("http"));
    let b64 = info.launch_url.strip_prefix(LAUNCH_SCHEME).unwrap();
    let query = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let params: Vec<(String, String)> =
        serde_urlencoded::from_str(std::str::from_utf8(&query).unwrap()).unwrap();
    assert_eq!(params, info.params);
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{k} missing"))
    };
    assert_eq!(get("MediaEntryId"), id);
    assert_eq!(get("fromDate"), iso_utc(req.start));
    assert_eq!(get("toDate"), iso_utc(req.end));
    assert_eq!(get("serverAddress"), sb.url());
    assert_eq!(
        get("userId"),
        "webcast-broadcaster",
        "the Studio is the broadcaster's"
    );
    assert_eq!(get("userRole"), "adminRole");
    // Same profile IDs as the create found.
    let created_params = created.studio.unwrap().params;
    for key in [
        "eventsMetadataProfileId",
        "kwebcastMetadataProfileId",
        "presentationConversionProfileId",
        "uiConfID",
    ] {
        let at_create = created_params.iter().find(|(k, _)| k == key).unwrap();
        assert_eq!(get(key), at_create.1, "{key}");
        assert!(!get(key).is_empty(), "{key}");
    }
    let studio_ks = ks::verify(&get("ks"), sb.admin_secret()).unwrap();
    assert_eq!(studio_ks.session_type, SessionType::User);
    assert_eq!(studio_ks.user_id, "webcast-broadcaster");
    assert_eq!(
        studio_ks.privileges_string(),
        format!("setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:{id},download:{id}")
    );
    assert!(studio_ks.expires_at >= before + 86_400 && studio_ks.expires_at <= now() + 86_400);
    assert_eq!(get("ks_expiry"), iso_utc(studio_ks.expires_at));
    assert_eq!(info.expires_at, studio_ks.expires_at);
}
