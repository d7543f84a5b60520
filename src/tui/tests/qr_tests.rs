//! The QR widget's output scans: render it to a buffer, turn the cells back into pixels and
//! decode them with rqrr.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::fixtures::{attendee_url, board, links};
use crate::tui::state::LinkKind;
use crate::tui::view::QrTarget;
use crate::tui::widgets::qr::{QrWidget, cells};
use crate::webcast::qr::{Ink, QUIET_ZONE, QrMatrix, modules, render_matrix};

/// Decodes half-block text (light modules as ink) back to the encoded text.
pub fn decode_half_blocks(rows: &[String]) -> String {
    let scale = 4usize;
    let width = rows.iter().map(|r| r.chars().count()).max().unwrap_or(0);
    let margin = 8usize;
    let w = width * scale + 2 * margin;
    let h = rows.len() * 2 * scale + 2 * margin;
    let img = image_from(w, h, |x, y| {
        if x < margin || y < margin || x >= w - margin || y >= h - margin {
            return 255;
        }
        let (cx, py) = ((x - margin) / scale, (y - margin) / scale);
        let ch = rows[py / 2].chars().nth(cx).unwrap_or(' ');
        let light = matches!((ch, py % 2), ('█', _) | ('▀', 0) | ('▄', 1));
        if light { 255 } else { 0 }
    });
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| img[y * w + x]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code");
    grids[0].decode().expect("decodes").1
}

fn image_from(w: usize, h: usize, f: impl Fn(usize, usize) -> u8) -> Vec<u8> {
    let mut v = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            v[y * w + x] = f(x, y);
        }
    }
    v
}

/// The widget's cells as text rows.
fn widget_rows(matrix: &QrMatrix) -> Vec<String> {
    let (w, h) = cells(matrix);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    QrWidget {
        matrix,
        style: Default::default(),
    }
    .render(area, &mut buf);
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
                .collect()
        })
        .collect()
}

#[test]
fn rendered_qr_decodes_back_to_the_link() {
    let url = attendee_url("0_k3xq9z1a");
    let matrix = modules(&url).expect("encodes");
    assert_eq!(decode_half_blocks(&widget_rows(&matrix)), url);
}

#[test]
fn the_widget_draws_the_standard_quiet_zone() {
    let matrix = modules(&attendee_url("0_k3xq9z1a")).expect("encodes");
    let rows = widget_rows(&matrix);
    // Light modules are ink: the first QUIET_ZONE module rows (two per cell row) are solid.
    for row in &rows[..QUIET_ZONE / 2] {
        assert!(row.chars().all(|c| c == '█'), "{row}");
    }
    // And so are the first QUIET_ZONE columns of every row but the last (half beyond the code).
    for row in &rows[..rows.len() - 1] {
        assert!(row.chars().take(QUIET_ZONE).all(|c| c == '█'), "{row}");
    }
    assert_eq!(rows, render_matrix(&matrix, Ink::LightModules));
}

#[test]
fn qr_size_grows_with_the_link() {
    let short = cells(&modules("https://example.com/").expect("encodes"));
    let long = cells(&modules(&attendee_url("0_k3xq9z1a")).expect("encodes"));
    assert!(long.0 > short.0);
    assert_eq!(long.1, long.0.div_ceil(2));
}

#[test]
fn links_arrive_with_their_codes_encoded_once() {
    let mut s = board((120, 40));
    s.set_links("0_p8w2m4td".into(), links("0_p8w2m4td", "0_p8w2m4td"));
    let signed = &s.links["0_p8w2m4td"];
    for kind in [LinkKind::Attendee, LinkKind::Moderator] {
        let matrix = signed.qr(kind, None).expect("encoded");
        assert_eq!(
            decode_half_blocks(&widget_rows(matrix)),
            signed.qr_url(kind, None),
            "{kind:?}"
        );
    }
    // The attendee's: the short link unless the operator chose another form.
    assert_eq!(
        signed.qr_url(LinkKind::Attendee, None),
        "https://www.kaltura.com/tiny/k3x9"
    );
    for target in [
        QrTarget::ShortLink,
        QrTarget::FullLink,
        QrTarget::LinkWithoutKs,
    ] {
        let matrix = signed
            .qr(LinkKind::Attendee, Some(target))
            .expect("encoded");
        let want = signed.view.qr_url(target).unwrap();
        assert_eq!(decode_half_blocks(&widget_rows(matrix)), want, "{target:?}");
    }
}

/// The whole screen as text rows, drawn by the dashboard at its size.
fn screen(s: &crate::tui::state::AppState) -> Vec<String> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| crate::tui::draw::draw(f, s)).expect("draw");
    let buf = t.backend().buffer().clone();
    (0..s.size.1)
        .map(|y| {
            (0..s.size.0)
                .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
                .collect()
        })
        .collect()
}

/// Cuts the drawn code out of a screen: its top quiet-zone row is the first long run of `█`,
/// its last row the run of `▀` (an odd module count leaves a half row) or of `█`.
pub fn qr_on_screen(rows: &[String]) -> Option<Vec<String>> {
    let run = |row: &str, c: char| -> Option<(usize, usize)> {
        let chars: Vec<char> = row.chars().collect();
        let start = chars.iter().position(|&x| x == c)?;
        let len = chars[start..].iter().take_while(|&&x| x == c).count();
        (len >= 21).then_some((start, len))
    };
    let top = rows.iter().position(|r| run(r, '█').is_some())?;
    let (start, width) = run(&rows[top], '█')?;
    let mut out = Vec::new();
    for row in &rows[top..] {
        let cut: String = row.chars().skip(start).take(width).collect();
        let last = cut.chars().all(|c| c == '▀');
        out.push(cut);
        if last || out.len() == width.div_ceil(2) {
            break;
        }
    }
    Some(out)
}

#[test]
fn the_attendee_qr_is_drawn_whole_at_80x24_and_100x30_and_scans() {
    for size in [(80, 24), (100, 30)] {
        let mut s = board(size);
        s.tab = crate::tui::state::Tab::Links;
        s.set_links("0_k3xq9z1a".into(), links("0_k3xq9z1a", "0_k3xq9z1a"));
        let rows = screen(&s);
        let code =
            qr_on_screen(&rows).unwrap_or_else(|| panic!("{size:?}: no QR\n{}", rows.join("\n")));
        assert_eq!(
            decode_half_blocks(&code),
            "https://www.kaltura.com/tiny/k3x9",
            "{size:?}"
        );
        let text = rows.join("\n");
        assert!(
            text.contains("QR: the short link (33 characters)"),
            "{text}"
        );
        assert!(text.contains("attendee KS expires"), "{text}");
        // Switched to the full link, it no longer fits 80×24 and the tab says what it needs.
        s.qr_target = Some(QrTarget::FullLink);
        let text = screen(&s).join("\n");
        assert!(text.contains("QR: the full link"), "{text}");
    }
}

#[test]
fn the_moderator_view_shows_its_own_expiry_and_what_it_opens() {
    let mut s = board((120, 40));
    s.tab = crate::tui::state::Tab::Links;
    s.link_kind = LinkKind::Moderator;
    let text = screen(&s).join("\n");
    assert!(
        text.contains("moderator KS expires 2026-11-26 13:00 (in 1d)"),
        "the moderator's own 24 h: {text}"
    );
    assert!(text.contains("opens the live entry 0_k3xq9z1a"), "{text}");
    assert!(!text.contains("plays "), "{text}");
    assert!(!text.contains("attendee KS"), "{text}");
}

#[test]
fn the_full_screen_view_never_says_press_f() {
    let mut s = board((80, 24));
    s.tab = crate::tui::state::Tab::Links;
    s.link_kind = LinkKind::Moderator;
    s.qr_fullscreen = true;
    let text = screen(&s).join("\n");
    assert!(text.contains("The QR code needs"), "{text}");
    assert!(!text.contains("press f"), "{text}");
    s.qr_fullscreen = false;
    assert!(screen(&s).join("\n").contains("press f"));
}
