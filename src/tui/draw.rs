//! The frame layout: header, body (the tab), error bar, footer; overlays on top. A pure function
//! of the state: the same state always draws the same screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::state::{AppState, Tab};
use super::tabs;
use super::theme::Theme;
use super::widgets::{action_popup, error_bar, footer, header, popup};

/// Smallest usable terminal (columns, rows); below it we say so instead of drawing.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// Whether a terminal of `size` (columns, rows) is below [`MIN_SIZE`]: the screen then only says
/// so, and keys other than quit and suspend are ignored (they would act on a board nobody sees).
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1
}

/// Header, body, error bar and footer of a `area`-sized screen; `update` uses it (through
/// [`body_area`]) to know how much text fits, so it mirrors `draw`.
fn regions(state: &AppState, area: Rect) -> [Rect; 4] {
    let error_h = u16::from(state.error_visible && !state.errors.is_empty());
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(error_h),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Where the tab is drawn on a terminal of `state.size`.
pub fn body_area(state: &AppState) -> Rect {
    regions(state, Rect::new(0, 0, state.size.0, state.size.1))[1]
}

/// Draws the whole screen.
pub fn draw(f: &mut Frame, state: &AppState) {
    let area = f.area();
    let theme = Theme { color: state.color };
    if too_small((area.width, area.height)) {
        let text = if state.confirm_quit {
            // The quit question cannot be drawn here: ask it in words.
            "an event is still being created: y quits anyway (the journal keeps it pending), \
             any other key stays"
                .to_string()
        } else {
            let ignored = match state.ignored_keys {
                0 => String::new(),
                1 => "; 1 key ignored".to_string(),
                n => format!("; {n} keys ignored"),
            };
            format!(
                "terminal too small: need {}x{} (have {}x{}); enlarge it, or press q to quit{ignored}",
                MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
            )
        };
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    if state.qr_fullscreen {
        f.render_widget(Clear, area);
        tabs::links::draw_fullscreen(f, area, state, theme);
        return;
    }
    let [head, body, err, foot] = regions(state, area);
    let error_h = err.height;
    header::draw(f, head, state, theme);
    draw_body(f, body, state, theme);
    if error_h > 0 {
        error_bar::draw(f, err, state, theme);
    }
    footer::draw(f, foot, state, theme);
    if let Some(s) = &state.search {
        popup::search(f, body, s, theme);
    }
    if state.show_errors {
        popup::errors(f, body, state, theme);
    }
    action_popup::draw(f, body, state, theme);
    // The quit question goes over everything (Ctrl-C works with another question open).
    if state.confirm_quit {
        popup::confirm_quit(f, body, state, theme);
    }
}

fn draw_body(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    match state.tab {
        Tab::Events => tabs::events::draw(f, area, state, theme),
        Tab::Create => tabs::create::draw(f, area, state, theme),
        Tab::Links => tabs::links::draw(f, area, state, theme),
        Tab::Studio => tabs::studio::draw(f, area, state, theme),
        Tab::Help => tabs::help::draw(f, area, state, theme),
    }
}
