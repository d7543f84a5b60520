//! Errors surface with Kaltura's codes: bad entry IDs, and a user KS where an admin one is needed.

mod webcast_support;

use kwebcast::kaltura::client::KsProvider;
use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use kwebcast::webcast::{CreateError, Webcast};
use webcast_support::*;

#[tokio::test]
async fn bad_entry_ids_surface_entry_id_not_found() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let err = wc.resolve_playback("0_nosuch00").await.unwrap_err();
    assert_eq!(err.code(), Some("ENTRY_ID_NOT_FOUND"), "{err}");
    assert_eq!(err.call(), Some("liveStream.get"));
    let err = wc.studio("0_nosuch00").await.unwrap_err();
    assert_eq!(err.code(), Some("ENTRY_ID_NOT_FOUND"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let err = wc.finish("0_nosuch00", &journal(&dir)).await.unwrap_err();
    assert!(err.to_string().contains("not in the journal"), "{err}");
    let err = wc
        .finish_with("0_nosuch00", &request("x", None), &journal(&dir))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ENTRY_ID_NOT_FOUND"), "{err}");
}

#[tokio::test]
async fn a_user_ks_cannot_create() {
    let sb = sandbox(1000.0).await;
    let user_ks = ks::sign(
        sb.admin_secret(),
        &KsSpec {
            partner_id: sb.partner_id(),
            user_id: "attendee-1",
            session_type: SessionType::User,
            expires_at: now() + 3600,
            privileges: "",
        },
        KsVersion::V2,
    );
    let wc = Webcast::new(
        client_with(&sb, KsProvider::Fixed(user_ks.clone())),
        settings(&sb),
    );
    let dir = tempfile::tempdir().unwrap();
    let err = wc
        .create(&request("Not allowed", None), &journal(&dir))
        .await
        .unwrap_err();
    match &err {
        CreateError::NotCreated(e) => {
            // A user KS may not even look the live conversion profile up.
            assert_eq!(e.code(), Some("SERVICE_FORBIDDEN"), "{e}");
            assert_eq!(e.call(), Some("conversionProfile.list"));
        }
        other => panic!("expected NotCreated, got {other}"),
    }
    // Nothing was created: no entry journaled, the attempt settled as not created; the KS is
    // not in the message.
    let load = journal(&dir).load().unwrap();
    assert!(load.records.is_empty());
    assert!(
        journal(&dir)
            .unsettled(sb.partner_id(), &sb.url())
            .unwrap()
            .is_empty()
    );
    assert!(!err.to_string().contains(&user_ks));

    // With the profile known, the add itself is refused.
    let mut s = settings(&sb);
    s.conversion_profile_id = Some(1);
    let wc = Webcast::new(client_with(&sb, KsProvider::Fixed(user_ks.clone())), s);
    let err = wc
        .create(&request("Not allowed", None), &journal(&dir))
        .await
        .unwrap_err();
    match &err {
        CreateError::NotCreated(e) => {
            assert_eq!(e.code(), Some("SERVICE_FORBIDDEN"), "{e}");
            assert_eq!(e.call(), Some("liveStream.add"));
        }
        other => panic!("expected NotCreated, got {other}"),
    }
}
