//! The QR widget's output scans: render it to a buffer, turn the cells back into pixels and
//! decode them with rqrr.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::fixtures::attendee_url;
use crate::tui::widgets::qr::{QrGrid, QrWidget};

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

#[test]
fn rendered_qr_decodes_back_to_the_link() {
    let url = attendee_url("0_k3xq9z1a");
    let grid = QrGrid::encode(&url).expect("encodes");
    let (w, h) = grid.cells();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    QrWidget {
        grid: &grid,
        style: Default::default(),
    }
    .render(area, &mut buf);
    let rows: Vec<String> = (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
                .collect()
        })
        .collect();
    assert_eq!(decode_half_blocks(&rows), url);
}

#[test]
fn qr_size_grows_with_the_link() {
    let short = QrGrid::encode("https://example.com/")
        .expect("encodes")
        .cells();
    let long = QrGrid::encode(&attendee_url("0_k3xq9z1a"))
        .expect("encodes")
        .cells();
    assert!(long.0 > short.0);
    assert_eq!(long.1, long.0.div_ceil(2));
}
