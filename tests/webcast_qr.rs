//! QR codes rendered as half blocks decode back to the exact text (with rqrr), so what the
//! operator shows on screen is what a phone will open.

use kwebcast::kaltura::ks::{self, KsSpec, SessionType};
use kwebcast::webcast::qr::{self, Ink};

/// Rebuilds the module grid from the half-block text: each character is one column and two
/// module rows. Returns `true` for inked cells.
fn grid_from_text(lines: &[String]) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in lines {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?}"),
            };
            top.push(t);
            bottom.push(b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// Decodes half-block text with rqrr after upscaling each module to `scale` pixels.
fn decode(lines: &[String], ink: Ink) -> String {
    let grid = grid_from_text(lines);
    let (h, w) = (grid.len(), grid[0].len());
    let scale = 6;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * scale, h * scale, |x, y| {
        let inked = grid[y / scale][x / scale];
        let dark = match ink {
            Ink::DarkModules => inked,
            Ink::LightModules => !inked,
        };
        if dark { 0 } else { 255 }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code should be found");
    grids[0].decode().expect("decodes").1
}

fn attendee_link() -> String {
    let privileges = "sview:1_abcdefgh,restrictexplicitliveview:1_abcdefgh,enableentitlement,appid:kwebcast,appdomain:events.example.org,sessionkey:attendee";
    let spec = KsSpec {
        partner_id: 1234567,
        user_id: "attendee",
        session_type: SessionType::User,
        expires_at: 1_900_000_000,
        privileges,
    };
    let ks = ks::sign("0123456789abcdef0123456789abcdef", &spec, ks::KsVersion::V2);
    format!(
        "https://cdnapisec.kaltura.com/p/1234567/embedPlaykitJs/uiconf_id/52345678?iframeembed=true&entry_id=1_abcdefgh&ks={ks}"
    )
}

#[test]
fn attendee_link_round_trips_in_both_inks() {
    let url = attendee_link();
    for ink in [Ink::LightModules, Ink::DarkModules] {
        let lines = qr::render_half_blocks_with(&url, ink).unwrap();
        assert_eq!(decode(&lines, ink), url);
    }
    let m = qr::modules(&url).unwrap();
    println!(
        "attendee link: {} chars → QR version {}, {} columns × {} rows",
        url.len(),
        m.version(),
        m.columns(),
        m.rows()
    );
    // A typical attendee link must fit a 100×50 terminal.
    assert!(m.columns() <= 100 && m.rows() <= 50);
}

#[test]
fn matrix_matches_the_rendering() {
    let url = "https://cdnapisec.kaltura.com/p/1/embedPlaykitJs/uiconf_id/2?iframeembed=true&entry_id=0_x";
    let m = qr::modules(url).unwrap();
    let lines = qr::render_half_blocks_with(url, Ink::DarkModules).unwrap();
    let grid = grid_from_text(&lines);
    for (y, row) in grid.iter().enumerate().take(m.size()) {
        for (x, inked) in row.iter().enumerate() {
            assert_eq!(*inked, m.is_dark(x, y), "module ({x},{y})");
        }
    }
    assert_eq!(decode(&lines, Ink::DarkModules), url);
}

#[test]
fn sizes_of_typical_links() {
    let with_ks = attendee_link();
    let public = with_ks.split("&ks=").next().unwrap().to_string();
    let v1_ks = ks::sign(
        "0123456789abcdef0123456789abcdef",
        &KsSpec {
            partner_id: 1234567,
            user_id: "attendee",
            session_type: SessionType::User,
            expires_at: 1_900_000_000,
            privileges: "sview:1_abcdefgh,restrictexplicitliveview:1_abcdefgh,enableentitlement,appid:kwebcast,appdomain:events.example.org,sessionkey:attendee",
        },
        ks::KsVersion::V1,
    );
    let with_v1 = format!("{public}&ks={v1_ks}");
    for (what, url) in [("v2 KS", &with_ks), ("v1 KS", &with_v1), ("no KS", &public)] {
        let m = qr::modules(url).unwrap();
        println!(
            "{what}: {} chars → version {}, {} columns × {} rows",
            url.len(),
            m.version(),
            m.columns(),
            m.rows()
        );
        let lines = qr::render_half_blocks(url).unwrap();
        assert_eq!(decode(&lines, Ink::LightModules), *url);
    }
    assert!(
        qr::modules(&public).unwrap().rows() <= 25,
        "a public link fits 80×24-ish"
    );
}
