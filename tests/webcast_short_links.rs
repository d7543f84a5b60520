//! Attendee links shortened with the short-link service: made once per (event, played entry,
//! KS) and cached, expiring with the attendee KS, falling back to the full link (and saying why)
//! on an account without the service; the short link's redirect yields the full attendee link,
//! and its QR code fits an 80×24 terminal.

mod webcast_support;

use kwebcast::webcast::QrTarget;
use kwebcast::webcast::qr;
use webcast_support::*;

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Follows `/tiny/{id}` → goto → the full URL, without fetching the last hop (the player's CDN).
async fn follow(sandbox_url: &str, short: &str) -> String {
    let http = no_redirects();
    let first = http.get(short).send().await.expect("GET tiny");
    assert_eq!(first.status(), 301);
    let goto = first.headers()["location"].to_str().unwrap().to_string();
    let second = http
        .get(format!("{sandbox_url}{goto}"))
        .send()
        .await
        .expect("GET goto");
    assert_eq!(second.status(), 302);
    second.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn the_attendee_link_is_shortened_once_and_its_redirect_plays_the_event() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let created = wc
        .create(&request("Short", None), &journal(&dir))
        .await
        .expect("create");
    let snap = wc.resolve_playback(created.entry_id()).await.unwrap();
    reset_stats(&sb).await;
    let links = wc.links(&snap).await.expect("links");
    let short = links.attendee_short.clone().expect("a short link");
    assert_eq!(short.url, format!("{}/tiny/{}", sb.url(), short.id));
    assert_eq!(short.expires_at, links.attendee_expires_at);
    assert_eq!(links.short_link_note, None);
    assert_eq!(links.default_qr_target(), QrTarget::ShortLink);
    assert_eq!(
        links.qr_targets(),
        vec![
            QrTarget::ShortLink,
            QrTarget::FullLink,
            QrTarget::LinkWithoutKs
        ]
    );
    assert!(
        !links
            .attendee_url_without_ks
            .as_deref()
            .unwrap()
            .contains("ks=")
    );
    assert_eq!(follow(&sb.url(), &short.url).await, links.attendee_url);

    // What the QR encodes fits 80×24 (the Links tab has 21 rows there), the full link does not.
    let code = qr::modules(&short.url).unwrap();
    assert!(code.rows() <= 21 && code.columns() <= 44, "{}", code.rows());
    let full = qr::modules(&links.attendee_url).unwrap();
    assert!(full.rows() > 24, "the full link needs {} rows", full.rows());

    // Again: the same KS and short link, no new shortLink.add.
    let again = wc.links(&snap).await.expect("links again");
    assert_eq!(again.attendee_short, links.attendee_short);
    assert_eq!(again.attendee_url, links.attendee_url);
    let (_, _, calls) = stats(&sb).await;
    assert_eq!(calls["shortLink.add"], 1, "{calls}");

    let stored = get_json(&format!(
        "{}/api_v3/service/shortlink_shortlink/action/get?format=1&id={}&ks={}",
        sb.url(),
        short.id,
        wc.client().current_ks().await.unwrap().unwrap()
    ))
    .await;
    assert_eq!(stored["expiresAt"], links.attendee_expires_at.unwrap());
    assert_eq!(
        stored["systemName"],
        format!("kwebcast-attendee-{}", links.play_entry_id)
    );
}

#[tokio::test]
async fn an_account_without_short_links_gets_the_full_link_and_is_told_why() {
    let sb = sandbox(1000.0).await;
    reqwest::Client::new()
        .post(format!("{}/sandbox/faults", sb.url()))
        .json(&serde_json::json!({"missing_plugins": ["shortLink"]}))
        .send()
        .await
        .unwrap();
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let created = wc
        .create(&request("No shortener", None), &journal(&dir))
        .await
        .expect("create");
    let snap = wc.resolve_playback(created.entry_id()).await.unwrap();
    reset_stats(&sb).await;
    let links = wc.links(&snap).await.expect("links still work");
    assert_eq!(links.attendee_short, None);
    let note = links.short_link_note.clone().expect("a reason");
    assert!(note.contains("SERVICE_FORBIDDEN"), "{note}");
    assert_eq!(links.default_qr_target(), QrTarget::FullLink);
    let again = wc.links(&snap).await.unwrap();
    assert_eq!(again.short_link_note, Some(note));
    let (_, _, calls) = stats(&sb).await;
    assert_eq!(
        calls["shortLink.add"], 1,
        "the refusal is remembered: {calls}"
    );
}

#[tokio::test]
async fn public_entries_shorten_the_link_without_a_ks() {
    let sb = sandbox(1000.0).await;
    let mut settings = settings(&sb);
    settings.attendee_ks = false;
    let wc = kwebcast::webcast::Webcast::new(admin_client(&sb), settings);
    let dir = tempfile::tempdir().unwrap();
    let created = wc
        .create(&request("Public", None), &journal(&dir))
        .await
        .expect("create");
    let snap = wc.resolve_playback(created.entry_id()).await.unwrap();
    let links = wc.links(&snap).await.unwrap();
    assert!(!links.attendee_url.contains("ks="));
    assert_eq!(links.attendee_url_without_ks, None, "already without a KS");
    let short = links.attendee_short.clone().expect("short link");
    assert_eq!(short.expires_at, None);
    assert_eq!(
        links.qr_targets(),
        vec![QrTarget::ShortLink, QrTarget::FullLink]
    );
    assert_eq!(follow(&sb.url(), &short.url).await, links.attendee_url);
}
