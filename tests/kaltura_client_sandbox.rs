//! `KalturaClient` and the typed services against the built-in sandbox (which is itself proven
//! with Kaltura's official Node client): the seed's create and playback calls, typed answers,
//! Kaltura's error codes, multirequest references, and the KS providers.

use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider, decode};
use kwebcast::kaltura::error::Error;
use kwebcast::kaltura::ks::{KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::kaltura::services::{
    EntryFilter, Pager, base_entry, conversion_profile, live_stream, metadata, metadata_profile,
    ui_conf,
};
use kwebcast::kaltura::types::{
    ConversionProfile, DvrStatus, EntryStatus, ListResponse, LivePublishStatus, LiveStatus,
    LiveStreamEntry, LiveStreamUpdate, MediaEntry, Metadata, MetadataProfile, NewLiveStream,
    PlaybackProtocol, RecordStatus, RecordingOptions, RecordingStatus, UiConf, UiConfObjType,
    ViewMode,
};
use kwebcast::kaltura::wire::result_ref;
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use std::time::Duration;

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions {
        speed: 1000.0,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

fn local(sb: &Sandbox, ttl_secs: i64) -> KsProvider {
    KsProvider::Local {
        secret: AdminSecret::new(sb.admin_secret()),
        partner_id: sb.partner_id(),
        user_id: "admin@example.com".into(),
        session_type: SessionType::Admin,
        privileges: "disableentitlement".into(),
        ttl_secs,
        version: KsVersion::V2,
    }
}

fn client(sb: &Sandbox, provider: KsProvider) -> KalturaClient {
    let mut config = ClientConfig::new(sb.url(), sb.partner_id(), provider);
    config.retry_backoff = Duration::from_millis(5);
    KalturaClient::new(config).unwrap()
}

fn webcast_entry(name: &str) -> NewLiveStream {
    NewLiveStream {
        description: Some("quarterly".into()),
        dvr_status: Some(DvrStatus::Enabled),
        dvr_window: Some(60),
        record_status: Some(RecordStatus::PerSession),
        explicit_live: Some(true),
        push_publish_enabled: Some(LivePublishStatus::Disabled),
        admin_tags: Some("vpaas-webcast".into()),
        entitled_users_edit: Some("moderator".into()),
        reference_id: Some("kwebcast-test-1".into()),
        recording_options: Some(RecordingOptions {
            should_copy_entitlement: Some(true),
            should_make_hidden: Some(true),
            should_auto_archive: Some(true),
            ..Default::default()
        }),
        ..NewLiveStream::new(name)
    }
}

#[tokio::test]
async fn the_seed_create_flow_with_typed_requests_and_answers() {
    let sb = sandbox().await;
    let c = client(&sb, local(&sb, 3600));

    let profiles: ListResponse<ConversionProfile> = c
        .call_as(&conversion_profile::list_by_name("Cloud transcode"))
        .await
        .unwrap();
    let live_profile = profiles.objects.first().expect("a live profile").id;

    let entry: LiveStreamEntry = c
        .call_as(&live_stream::add(&NewLiveStream {
            conversion_profile_id: Some(live_profile),
            ..webcast_entry("Town hall")
        }))
        .await
        .unwrap();
    assert_eq!(entry.name, "Town hall");
    assert_eq!(entry.status, Some(EntryStatus::Ready));
    assert_eq!(entry.live_status, Some(LiveStatus::Stopped));
    assert_eq!(entry.explicit_live, Some(true));
    assert_eq!(entry.view_mode, Some(ViewMode::Preview));
    assert_eq!(entry.conversion_profile_id, Some(live_profile));
    assert_eq!(entry.reference_id(), Some("kwebcast-test-1"));
    assert_eq!(entry.recorded_entry_id(), None);
    assert_eq!(
        entry.recording_options.as_ref().unwrap().should_make_hidden,
        Some(true)
    );
    assert!(!entry.stream_password.is_empty());

    let kwebcast: ListResponse<MetadataProfile> = c
        .call_as(&metadata_profile::list_by_system_name("KMS_KWEBCAST2"))
        .await
        .unwrap();
    let profile_id = kwebcast.objects[0].id;
    let xml = "<metadata><SlidesDocEntryId></SlidesDocEntryId><IsKwebcastEntry>1</IsKwebcastEntry><IsSelfServe>1</IsSelfServe></metadata>";
    let record: Metadata = c
        .call_as(&metadata::add(profile_id, &entry.id, xml))
        .await
        .unwrap();
    assert_eq!(record.object_id, entry.id);
    let again = c
        .call(&metadata::add(profile_id, &entry.id, xml))
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("METADATA_ALREADY_EXISTS"));
    let found: ListResponse<Metadata> = c
        .call_as(&metadata::list_for_object(profile_id, &entry.id))
        .await
        .unwrap();
    assert_eq!(found.objects[0].id, record.id);
    let updated: Metadata = c
        .call_as(&metadata::update(
            record.id,
            "<metadata><IsSelfServe>0</IsSelfServe></metadata>",
        ))
        .await
        .unwrap();
    assert!(updated.xml.contains("<IsSelfServe>0</IsSelfServe>"));

    let templates: ListResponse<UiConf> = c
        .call_as(&ui_conf::list_templates(UiConfObjType::Webcasting))
        .await
        .unwrap();
    let config = templates.objects[0].config_json().expect("config is JSON");
    assert!(config["osx"]["recommendedVersionUrl"].is_string());

    let by_ref: ListResponse<LiveStreamEntry> = c
        .call_as(&live_stream::list(
            &EntryFilter {
                reference_id_equal: Some("kwebcast-test-1".into()),
                ..Default::default()
            },
            Some(&Pager::first(10)),
        ))
        .await
        .unwrap();
    assert_eq!(by_ref.objects[0].id, entry.id);

    let live: LiveStreamEntry = c
        .call_as(&live_stream::update(
            &entry.id,
            &LiveStreamUpdate {
                view_mode: Some(ViewMode::AllowAll),
                recording_status: Some(RecordingStatus::Active),
                clear: vec!["referenceId".into()],
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    assert_eq!(live.view_mode, Some(ViewMode::AllowAll));
    assert_eq!(live.reference_id(), None, "cleared with referenceId__null");

    c.call(&live_stream::delete(&entry.id)).await.unwrap();
    let gone = c.call(&live_stream::get(&entry.id)).await.unwrap_err();
    assert_eq!(gone.code(), Some("ENTRY_ID_NOT_FOUND"));
    assert_eq!(gone.call(), Some("liveStream.get"));
}

#[tokio::test]
async fn a_playback_multirequest_with_references() {
    let sb = sandbox().await;
    let c = client(&sb, local(&sb, 3600));
    let a: LiveStreamEntry = c
        .call_as(&live_stream::add(&webcast_entry("A")))
        .await
        .unwrap();
    let b: LiveStreamEntry = c
        .call_as(&live_stream::add(&webcast_entry("B")))
        .await
        .unwrap();
    let reqs = vec![
        live_stream::list(&EntryFilter::ids(&[&a.id, &b.id]), Some(&Pager::first(50))),
        live_stream::get(&a.id),
        live_stream::is_live(&a.id, PlaybackProtocol::Auto),
        base_entry::list(
            &EntryFilter {
                root_entry_id_equal: Some(result_ref(2, &["id"])),
                order_by: Some("-createdAt".into()),
                ..Default::default()
            },
            None,
        ),
        live_stream::get("0_nosuch00"),
    ];
    let slots = c.multirequest(&reqs).await.unwrap();
    let list: ListResponse<LiveStreamEntry> =
        decode(&reqs[0], slots[0].as_ref().unwrap().clone()).unwrap();
    assert_eq!(list.objects.len(), 2);
    assert_eq!(list.total_count, 2);
    let got: LiveStreamEntry = decode(&reqs[1], slots[1].as_ref().unwrap().clone()).unwrap();
    assert_eq!(got.id, a.id);
    let is_live: bool = decode(&reqs[2], slots[2].as_ref().unwrap().clone()).unwrap();
    assert!(!is_live);
    let rooted: ListResponse<MediaEntry> =
        decode(&reqs[3], slots[3].as_ref().unwrap().clone()).unwrap();
    assert!(rooted.objects.iter().all(|e| e.root_entry_id == a.id));
    let missing = slots[4].as_ref().unwrap_err();
    assert_eq!(missing.code(), Some("ENTRY_ID_NOT_FOUND"));
    assert_eq!(missing.call(), Some("liveStream.get"));
}

#[tokio::test]
async fn session_start_and_wrong_secrets() {
    let sb = sandbox().await;
    let provider = KsProvider::SessionStart {
        secret: AdminSecret::new(sb.admin_secret()),
        user_id: "admin@example.com".into(),
        session_type: SessionType::Admin,
        privileges: "disableentitlement".into(),
        ttl_secs: 3600,
    };
    let c = client(&sb, provider);
    let profiles: ListResponse<MetadataProfile> = c
        .call_as(&metadata_profile::list_by_system_name("KMS_EVENTS3"))
        .await
        .unwrap();
    assert_eq!(profiles.objects.len(), 1);

    let wrong = "not-the-partner-secret-0000";
    let bad_start = client(
        &sb,
        KsProvider::SessionStart {
            secret: AdminSecret::new(wrong),
            user_id: "admin@example.com".into(),
            session_type: SessionType::Admin,
            privileges: String::new(),
            ttl_secs: 3600,
        },
    );
    let err = bad_start
        .call(&metadata_profile::list_by_system_name("KMS_EVENTS3"))
        .await
        .unwrap_err();
    assert_eq!(err.call(), Some("session.start"));
    assert!(err.code().is_some(), "{err}");
    assert!(!err.to_string().contains(wrong));

    let bad_local = client(
        &sb,
        KsProvider::Local {
            secret: AdminSecret::new(wrong),
            partner_id: sb.partner_id(),
            user_id: "admin@example.com".into(),
            session_type: SessionType::Admin,
            privileges: String::new(),
            ttl_secs: 3600,
            version: KsVersion::V2,
        },
    );
    let sent = bad_local.current_ks().await.unwrap().unwrap();
    let err = bad_local
        .call(&live_stream::get("0_abcd1234"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("INVALID_KS"));
    assert!(!err.is_expired_ks());
    let text = format!("{err} {err:?}");
    assert!(!text.contains(&sent), "the echoed KS is redacted: {text}");
    assert!(!text.contains(wrong));
}

#[tokio::test]
async fn server_side_expiry_is_cured_by_one_re_sign() {
    let sb = sandbox().await;
    let c = client(&sb, local(&sb, 3600));
    let http = reqwest::Client::new();
    // The sandbox may shorten every KS's life; then a KS is expired after its first second.
    let resp = http
        .post(format!("{}/sandbox/faults", sb.url()))
        .json(&serde_json::json!({"ks_ttl_secs": 1}))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let req = live_stream::list(&EntryFilter::default(), None);
    c.call(&req).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    // The cached KS is now expired by the server's rule; the client re-signs and succeeds.
    let list: ListResponse<LiveStreamEntry> = c.call_as(&req).await.unwrap();
    assert_eq!(list.total_count, 0);
    let fixed = client(
        &sb,
        KsProvider::Fixed(c.current_ks().await.unwrap().unwrap()),
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let err = fixed.call(&req).await.unwrap_err();
    assert!(err.is_expired_ks(), "{err}");
    assert!(matches!(err, Error::Api { .. }));
}
