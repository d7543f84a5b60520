//! A create that fails midway (the account lacks the KMS_EVENTS3 profile): the entry is still
//! returned and journaled with the failed step; `finish` completes it once the profile exists,
//! and a second finish settles METADATA_ALREADY_EXISTS with metadata.update.
//!
//! The sandbox is restarted on the same port from its state file with the profile renamed away
//! and back, which is how an account admin would break and repair it.

mod webcast_support;

use kwebcast::kaltura::services::metadata;
use kwebcast::kaltura::services::metadata::MetadataFilter;
use kwebcast::kaltura::types::{ListResponse, Metadata, MetadataObjectType};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use kwebcast::webcast::{CreateStep, Webcast, xml};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::Path;
use webcast_support::*;

/// Renames every object whose `field` equals `from`; returns how many.
fn rename(v: &mut Value, field: &str, from: &str, to: &str) -> usize {
    match v {
        Value::Object(map) => {
            let mut n = 0;
            if map.get(field).and_then(Value::as_str) == Some(from) {
                map.insert(field.into(), Value::from(to));
                n += 1;
            }
            n + map
                .values_mut()
                .map(|c| rename(c, field, from, to))
                .sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(|c| rename(c, field, from, to)).sum(),
        _ => 0,
    }
}

fn edit_state(path: &Path, from: &str, to: &str) {
    edit_field(path, "systemName", from, to);
}

fn edit_field(path: &Path, field: &str, from: &str, to: &str) {
    let mut state: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(
        rename(&mut state, field, from, to),
        1,
        "one profile renamed"
    );
    std::fs::write(path, serde_json::to_vec(&state).unwrap()).unwrap();
}

async fn start(bind: SocketAddr, state: &Path, secret: &str) -> Sandbox {
    Sandbox::start(SandboxOptions {
        bind,
        speed: 1000.0,
        admin_secret: secret.into(),
        user_secret: "user-secret-for-tests".into(),
        state_file: Some(state.to_path_buf()),
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

async fn records(wc: &Webcast, id: &str) -> Vec<Metadata> {
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

#[tokio::test]
async fn a_create_that_fails_midway_is_journaled_then_finished() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.json");
    let secret = "0123456789abcdef0123456789abcdef";
    let first = start("127.0.0.1:0".parse().unwrap(), &state, secret).await;
    let bind = first.local_addr();
    first.shutdown().await;
    edit_state(&state, "KMS_EVENTS3", "KMS_EVENTS3_RETIRED");

    let broken = start(bind, &state, secret).await;
    let wc = webcast(&broken);
    let journal = journal(&dir);
    let req = request("Half-made event", None);
    let created = wc.create(&req, &journal).await.unwrap();
    let id = created.entry_id().to_string();
    assert!(!id.is_empty());
    assert_eq!(created.pending.len(), 1, "{:?}", created.pending);
    let step = &created.pending[0];
    assert_eq!(step.step, CreateStep::EventsMetadata);
    assert_eq!(step.code.as_deref(), Some("METADATA_PROFILE_NOT_FOUND"));
    assert!(step.error.contains("KMS_EVENTS3"), "{}", step.error);
    assert!(step.how_to_finish.contains(&id));
    // The journal has it, with the failed step, before anyone fixed anything.
    let rec = journal
        .find_entry(broken.partner_id(), &broken.url(), &id)
        .unwrap()
        .unwrap();
    assert_eq!(rec.pending, created.pending);
    assert_eq!(records(&wc, &id).await.len(), 1, "KMS_KWEBCAST2 was added");

    // Finishing while the profile is still missing changes nothing and says so.
    let still = wc.finish(&id, &journal).await.unwrap();
    assert_eq!(still.pending.len(), 1);
    assert!(still.done.contains(&CreateStep::KwebcastMetadata));
    broken.shutdown().await;

    edit_state(&state, "KMS_EVENTS3_RETIRED", "KMS_EVENTS3");
    let repaired = start(bind, &state, secret).await;
    let wc = webcast(&repaired);
    let finished = wc.finish(&id, &journal).await.unwrap();
    assert!(finished.pending.is_empty(), "{:?}", finished.pending);
    assert!(finished.done.contains(&CreateStep::EventsMetadata));
    let latest = journal
        .find_entry(repaired.partner_id(), &repaired.url(), &id)
        .unwrap()
        .unwrap();
    assert!(latest.pending.is_empty());
    let recs = records(&wc, &id).await;
    assert_eq!(recs.len(), 2);
    let schedule = recs
        .iter()
        .find_map(|m| xml::parse_schedule(&m.xml))
        .unwrap();
    assert_eq!(schedule, req.schedule());

    // Finishing a complete event: METADATA_ALREADY_EXISTS → metadata.update, no duplicates.
    reset_stats(&repaired).await;
    let mut moved = req.clone();
    moved.end += 600;
    let again = wc.finish_with(&id, &moved, &journal).await.unwrap();
    assert!(again.pending.is_empty(), "{:?}", again.pending);
    let (http, _, calls) = stats(&repaired).await;
    assert_eq!(http, 2, "{calls}");
    assert_eq!(calls["metadata.update"], 1, "{calls}");
    let recs = records(&wc, &id).await;
    assert_eq!(recs.len(), 2);
    let schedule = recs
        .iter()
        .find_map(|m| xml::parse_schedule(&m.xml))
        .unwrap();
    assert_eq!(schedule.end, moved.end);
}

#[tokio::test]
async fn finish_moves_the_entry_to_the_configured_profile_and_entitles_its_editors() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let created = webcast(&sb)
        .create(&request("Profile later", None), &journal)
        .await
        .unwrap();
    let id = created.entry_id().to_string();
    let passthrough: ListResponse<kwebcast::kaltura::types::ConversionProfile> = webcast(&sb)
        .client()
        .call_as(
            &kwebcast::kaltura::services::conversion_profile::list_by_system_name(
                "Passthrough_Live",
            ),
        )
        .await
        .unwrap();
    let passthrough = passthrough.objects[0].id;
    assert_ne!(created.entry.conversion_profile_id, Some(passthrough));

    // The operator configures another profile and a per-event moderator: finish applies both.
    let mut s = settings(&sb);
    s.conversion_profile_id = Some(passthrough);
    s.moderator_scope = kwebcast::webcast::ModeratorScope::Event;
    let wc = Webcast::new(admin_client(&sb), s);
    let finished = wc.finish(&id, &journal).await.unwrap();
    assert!(finished.pending.is_empty(), "{:?}", finished.pending);
    assert!(finished.done.contains(&CreateStep::ConversionProfile));
    assert!(finished.done.contains(&CreateStep::ModeratorEntitlement));
    let snap = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(snap.entry.conversion_profile_id, Some(passthrough));
    let editors = snap.entry.entitled_users_edit;
    assert!(
        editors
            .split(',')
            .any(|u| u == format!("producer@example.com-{id}")),
        "{editors}"
    );
    // Finishing again changes nothing more.
    reset_stats(&sb).await;
    let again = wc.finish(&id, &journal).await.unwrap();
    assert!(again.pending.is_empty(), "{:?}", again.pending);
    let (_, _, calls) = stats(&sb).await;
    assert!(calls.get("liveStream.update").is_none(), "{calls}");
}
