//! Creating events against the sandbox: two round-trips then one (the live conversion profile
//! looked up once, checked, remembered), the seed's settings and roles, metadata filled and
//! escaped, Studio details, journal before return, and no duplicate for a repeated reference.

mod webcast_support;

use base64::Engine;
use kwebcast::kaltura::services::metadata::MetadataFilter;
use kwebcast::kaltura::services::{EntryFilter, Pager, live_stream, metadata};
use kwebcast::kaltura::types::{
    DvrStatus, ListResponse, LiveStreamEntry, Metadata, MetadataObjectType, RecordStatus,
};
use kwebcast::webcast::{CreateError, Journal, xml};
use webcast_support::*;

async fn metadata_of(wc: &kwebcast::webcast::Webcast, id: &str) -> Vec<Metadata> {
    let filter = MetadataFilter {
        metadata_object_type_equal: Some(MetadataObjectType::Entry),
        object_id_equal: Some(id.into()),
        ..MetadataFilter::default()
    };
    let list: ListResponse<Metadata> = wc
        .client()
        .call_as(&metadata::list(&filter, None))
        .await
        .unwrap();
    list.objects
}

/// The sandbox's live default (`Default_Live`) and another profile, by system name.
async fn profile_id(wc: &kwebcast::webcast::Webcast, system_name: &str) -> i64 {
    let req = kwebcast::kaltura::services::conversion_profile::list_by_system_name(system_name);
    let list: ListResponse<kwebcast::kaltura::types::ConversionProfile> =
        wc.client().call_as(&req).await.unwrap();
    list.objects[0].id
}

#[tokio::test]
async fn create_looks_the_profile_up_once_then_takes_one_round_trip() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let req = request("Town hall", None);
    let live = profile_id(&wc, "Default_Live").await;
    reset_stats(&sb).await;

    let created = wc.create(&req, &journal).await.unwrap();

    let (http, multi, calls) = stats(&sb).await;
    assert_eq!((http, multi), (2, 2), "lookups, then the add: {calls}");
    assert_eq!(calls["conversionProfile.getDefault"], 1, "{calls}");
    assert!(created.is_complete(), "{:?}", created.pending);
    assert!(!created.reused);
    let e = &created.entry;
    assert!(e.id.starts_with("0_"), "{}", e.id);
    assert_eq!(e.name, "Town hall");
    assert_eq!(e.conversion_profile_id, Some(live), "Default_Live, checked");
    assert_eq!(e.explicit_live, Some(true));
    assert_eq!(e.record_status, Some(RecordStatus::PerSession));
    assert_eq!(e.dvr_status, Some(DvrStatus::Enabled));
    assert_eq!(e.dvr_window, Some(60));
    assert_eq!(e.admin_tags, "kms-webcast-event,vpaas-webcast");
    assert_eq!(
        e.entitled_users_edit, "producer@example.com,webcast-broadcaster",
        "the moderator and the broadcaster"
    );
    let opts = e.recording_options.clone().unwrap();
    assert_eq!(
        (
            opts.should_copy_entitlement,
            opts.should_make_hidden,
            opts.should_auto_archive
        ),
        (Some(true), Some(true), Some(true))
    );
    // Both records, with the user's text escaped and read back intact.
    let records = metadata_of(&wc, &e.id).await;
    assert_eq!(records.len(), 2, "{records:?}");
    let events = records
        .iter()
        .find_map(|m| xml::parse_schedule(&m.xml).map(|s| (s, m.xml.clone())))
        .expect("KMS_EVENTS3 record");
    assert_eq!(events.0, req.schedule());
    assert!(
        events
            .1
            .contains("<PresenterName>Ann O&apos;Neil &amp; Co</PresenterName>")
    );
    assert!(
        records
            .iter()
            .any(|m| m.xml.contains("<IsKwebcastEntry>1</IsKwebcastEntry>"))
    );

    // Studio details came with the same request.
    let studio = created.studio.clone().expect("studio info");
    assert!(
        studio.windows_url.starts_with("http"),
        "{}",
        studio.windows_url
    );
    assert!(studio.mac_url.starts_with("http"), "{}", studio.mac_url);
    let b64 = studio.launch_url.strip_prefix("KalturaWebcast:").unwrap();
    let query = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
    .unwrap();
    assert!(query.contains(&format!("MediaEntryId={}", e.id)));
    let params: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(
        get("userId"),
        "webcast-broadcaster",
        "the Studio is the broadcaster's"
    );
    let studio_ks = kwebcast::kaltura::ks::verify(&get("ks"), sb.admin_secret()).unwrap();
    assert_eq!(studio_ks.user_id, "webcast-broadcaster");
    assert!(!get("eventsMetadataProfileId").is_empty());
    assert!(!get("kwebcastMetadataProfileId").is_empty());
    assert!(!get("presentationConversionProfileId").is_empty());
    assert!(!get("uiConfID").is_empty());
    // The player uiConf was learnt in the same request (none is configured in these tests).
    let player = wc.player_uiconf().expect("player uiConf discovered");
    assert_eq!(get("playerUIConf"), player.to_string());

    // Journaled before return, with what the brief asks for.
    let rec = journal
        .find_entry(sb.partner_id(), &sb.url(), &e.id)
        .unwrap()
        .expect("journaled");
    assert_eq!(
        (rec.name.as_str(), rec.start, rec.end),
        ("Town hall", req.start, req.end)
    );
    assert_eq!(rec.partner_id, sb.partner_id());
    assert!(rec.pending.is_empty());

    // The profile was remembered beside the journal: the next create is one request.
    reset_stats(&sb).await;
    let second = wc.create(&request("Second", None), &journal).await.unwrap();
    let (http, multi, calls) = stats(&sb).await;
    assert_eq!((http, multi), (1, 1), "one multirequest: {calls}");
    assert_eq!(second.entry.conversion_profile_id, Some(live));
    assert!(second.is_complete(), "{:?}", second.pending);
}

#[tokio::test]
async fn the_profile_is_found_by_system_name_else_the_account_default_never_empty() {
    let sb = sandbox(1000.0).await;
    let live = profile_id(&webcast(&sb), "Default_Live").await;
    let passthrough = profile_id(&webcast(&sb), "Passthrough_Live").await;
    for (name, expected) in [("Passthrough_Live", passthrough), ("No such profile", live)] {
        let mut s = settings(&sb);
        s.conversion_profile = name.into();
        let wc = kwebcast::webcast::Webcast::new(admin_client(&sb), s);
        let dir = tempfile::tempdir().unwrap();
        let created = wc.create(&request(name, None), &journal(&dir)).await;
        let created = created.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            created.entry.conversion_profile_id,
            Some(expected),
            "{name}"
        );
        assert!(created.is_complete(), "{name}: {:?}", created.pending);
        assert_eq!(metadata_of(&wc, created.entry_id()).await.len(), 2);
    }
    // A VOD profile by that name is not taken for a live entry.
    let mut s = settings(&sb);
    s.conversion_profile = "Default".into();
    let wc = kwebcast::webcast::Webcast::new(admin_client(&sb), s);
    let dir = tempfile::tempdir().unwrap();
    let created = wc
        .create(&request("vod name", None), &journal(&dir))
        .await
        .unwrap();
    assert_eq!(created.entry.conversion_profile_id, Some(live));
}

#[tokio::test]
async fn a_configured_profile_wins_and_a_remembered_one_is_rechecked_when_refused() {
    let sb = sandbox(1000.0).await;
    let passthrough = profile_id(&webcast(&sb), "Passthrough_Live").await;
    let live = profile_id(&webcast(&sb), "Default_Live").await;
    // Configured: one request from the first create, no lookup.
    let mut s = settings(&sb);
    s.conversion_profile_id = Some(passthrough);
    let wc = kwebcast::webcast::Webcast::new(admin_client(&sb), s);
    let dir = tempfile::tempdir().unwrap();
    reset_stats(&sb).await;
    let created = wc
        .create(&request("Configured", None), &journal(&dir))
        .await
        .unwrap();
    let (http, _, calls) = stats(&sb).await;
    assert_eq!(http, 1, "{calls}");
    assert!(
        calls.get("conversionProfile.getDefault").is_none(),
        "{calls}"
    );
    assert_eq!(created.entry.conversion_profile_id, Some(passthrough));
    // A configured VOD profile is Kaltura's to refuse; nothing is made.
    let vod = profile_id(&webcast(&sb), "Default").await;
    let mut s = settings(&sb);
    s.conversion_profile_id = Some(vod);
    let wc = kwebcast::webcast::Webcast::new(admin_client(&sb), s);
    let err = wc
        .create(&request("VOD", None), &journal(&dir))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CreateError::NotCreated(e) if e.code() == Some("CONVERSION_PROFILE_ID_NOT_FOUND")),
        "{err:?}"
    );

    // Remembered but gone (deleted, another account...): refused, forgotten, looked up again.
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let memory = kwebcast::webcast::memory::AccountMemory::beside(&journal(&dir));
    memory.remember_live_profile(sb.partner_id(), &sb.url(), 999_999);
    reset_stats(&sb).await;
    let created = wc
        .create(&request("Remembered", None), &journal(&dir))
        .await
        .unwrap();
    let (http, _, calls) = stats(&sb).await;
    assert_eq!(http, 3, "refused add, lookups, add: {calls}");
    assert_eq!(created.entry.conversion_profile_id, Some(live));
    assert_eq!(memory.live_profile(sb.partner_id(), &sb.url()), Some(live));
    assert_eq!(
        journal(&dir).load().unwrap().records.len(),
        1,
        "one event, journaled once"
    );
    assert!(
        journal(&dir)
            .unsettled(sb.partner_id(), &sb.url())
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn without_dvr_the_entry_has_none() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let mut req = request("No rewind", None);
    req.dvr = false;
    let created = wc.create(&req, &journal(&dir)).await.unwrap();
    assert_eq!(created.entry.dvr_status, Some(DvrStatus::Disabled));
}

#[tokio::test]
async fn a_repeated_reference_never_makes_a_duplicate() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let req = request("Board meeting", Some("ref-2026-q4"));

    let first = wc.create(&req, &journal).await.unwrap();
    reset_stats(&sb).await;
    let again = wc.create(&req, &journal).await.unwrap();
    assert!(again.reused);
    assert_eq!(again.entry_id(), first.entry_id());
    let (http, _, _) = stats(&sb).await;
    assert_eq!(http, 1, "a journal hit only confirms the entry exists");

    // Another machine (empty journal) finds it on the service by referenceId.
    let other_dir = tempfile::tempdir().unwrap();
    let other_journal = Journal::in_dir(other_dir.path());
    let third = wc.create(&req, &other_journal).await.unwrap();
    assert!(third.reused);
    assert_eq!(third.entry_id(), first.entry_id());
    assert!(third.is_complete(), "{:?}", third.pending);
    assert!(
        other_journal
            .find_by_ref(sb.partner_id(), &sb.url(), "ref-2026-q4")
            .unwrap()
            .is_some()
    );

    let filter = EntryFilter {
        reference_id_equal: Some("ref-2026-q4".into()),
        ..EntryFilter::default()
    };
    let list: ListResponse<LiveStreamEntry> = wc
        .client()
        .call_as(&live_stream::list(&filter, Some(&Pager::first(50))))
        .await
        .unwrap();
    assert_eq!(
        list.objects.len(),
        1,
        "exactly one entry with that reference"
    );
    // The repeated finds added no metadata duplicates either.
    assert_eq!(metadata_of(&wc, first.entry_id()).await.len(), 2);
}

#[tokio::test]
async fn bad_input_is_refused_before_any_call() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    reset_stats(&sb).await;
    let mut req = request("x", None);
    req.end = req.start - 1;
    let err = wc.create(&req, &journal(&dir)).await.unwrap_err();
    assert!(matches!(err, CreateError::Invalid(_)), "{err}");
    let mut req = request("x", None);
    req.timezone = "Mars/Olympus".into();
    assert!(matches!(
        wc.create(&req, &journal(&dir)).await,
        Err(CreateError::Invalid(_))
    ));
    assert_eq!(stats(&sb).await.0, 0);
    assert!(!dir.path().join("events.jsonl").exists());
}

#[tokio::test]
async fn a_journal_that_cannot_be_written_stops_the_create_before_anything_is_sent() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    // The journal path is a directory: the pending attempt cannot be recorded, so nothing is
    // sent (a create the journal does not know of could be lost).
    let blocked = Journal::new(dir.path());
    reset_stats(&sb).await;
    let err = wc
        .create(&request("Unjournaled", None), &blocked)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CreateError::JournalRead(_) | CreateError::JournalPending(_)
        ),
        "{err:?}"
    );
    let (_, _, calls) = stats(&sb).await;
    assert!(
        calls.get("liveStream.add").is_none(),
        "nothing sent: {calls}"
    );
}
