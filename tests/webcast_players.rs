//! Attendee links need a v7 player: with no `uiconf_id` configured, kwebcast picks the account's
//! newest player tagged `kalturaPlayerJs`, never the first `uiConf.list` result (the sandbox,
//! like an account that has had KMC for years, lists an old v2 player first).

mod webcast_support;

use kwebcast::kaltura::services::Pager;
use kwebcast::kaltura::services::ui_conf::{self, UiConfFilter};
use kwebcast::kaltura::types::{ListResponse, UiConf, UiConfObjType};
use webcast_support::*;

#[tokio::test]
async fn links_use_the_newest_v7_player_not_the_first_listed() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    // What the old lookup took: the first PLAYER uiConf — a v2 player here.
    let all: ListResponse<UiConf> = wc
        .client()
        .call_as(&ui_conf::list(
            &UiConfFilter {
                obj_type_equal: Some(UiConfObjType::Player),
                ..UiConfFilter::default()
            },
            Some(&Pager::first(30)),
        ))
        .await
        .unwrap();
    let first = &all.objects[0];
    assert!(!first.html5_url.is_empty(), "{first:?}");
    assert!(!first.is_v7_player(), "{first:?}");
    let v7: Vec<&UiConf> = all.objects.iter().filter(|u| u.is_v7_player()).collect();
    assert_eq!(v7.len(), 1, "{:?}", all.objects);

    let dir = tempfile::tempdir().unwrap();
    let created = wc
        .create(&request("Players", None), &journal(&dir))
        .await
        .unwrap();
    assert_eq!(wc.player_uiconf(), Some(v7[0].id));
    let snap = wc.resolve_playback(created.entry_id()).await.unwrap();
    let links = wc.links(&snap).await.unwrap();
    assert!(
        links
            .attendee_url
            .contains(&format!("/embedPlaykitJs/uiconf_id/{}?", v7[0].id)),
        "{}",
        links.attendee_url
    );
}

#[tokio::test]
async fn a_poll_learns_the_v7_player_too() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    assert_eq!(wc.player_uiconf(), None);
    wc.poll(&["0_nosuch00".to_string()]).await.unwrap();
    let id = wc.player_uiconf().expect("learnt during the poll");
    let conf: UiConf = wc.client().call_as(&ui_conf::get(id)).await.unwrap();
    assert!(
        conf.tags.split(',').any(|t| t == "kalturaPlayerJs"),
        "{conf:?}"
    );
}

#[test]
fn without_a_v7_player_the_error_names_the_knob() {
    let msg = kwebcast::webcast::links::LinkError::NoPlayer.to_string();
    assert!(msg.contains("`uiconf_id`"), "{msg}");
    assert!(msg.contains("kalturaPlayerJs"), "{msg}");
}
