//! Reading the journal as untrusted input: it is a file anyone with the operator's account (or a
//! bug, or a full disk) can garble, and what it holds is shown on the screen and polled.
//!
//! - Lines are read with a cap ([`MAX_LINE_BYTES`]): a longer line is skipped without being held
//!   in memory (a 10 MB "entry ID" once cost 80% of a core on every poll, forever).
//! - A record's entry ID must be well formed, like an ID the operator types
//!   ([`crate::kaltura::types::lenient::is_entry_id`]); its text (name, reference, pending steps,
//!   the saved request) is cleaned with [`crate::text`].
//! - Every line that cannot be used is kept in [`JournalLoad::skipped`] with its number and why,
//!   for the log and the one-line notice ([`JournalLoad::skipped_notice`]).

use super::{CreateAttempt, JournalLoad, JournalRecord, SkippedLine};
use crate::kaltura::types::lenient::is_entry_id;
use crate::text::{line_owned, multiline_owned};
use crate::webcast::request::CreateRequest;
use std::io::{self, BufRead};

/// The longest journal line read; a record with the fullest request is a few KiB.
pub const MAX_LINE_BYTES: usize = 256 * 1024;

/// Reads every line of a journal.
pub fn read(mut reader: impl BufRead) -> io::Result<JournalLoad> {
    let mut load = JournalLoad::default();
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        let (len, terminated) = read_line_capped(&mut reader, &mut buf)?;
        if len == 0 && !terminated {
            break;
        }
        number += 1;
        let skip = |reason: String| SkippedLine {
            line: number,
            torn: !terminated,
            reason,
        };
        if len > MAX_LINE_BYTES {
            load.skipped.push(skip(format!(
                "the line is {len} bytes long, more than a record can be ({MAX_LINE_BYTES})"
            )));
            continue;
        }
        let text = String::from_utf8_lossy(&buf);
        if text.trim().is_empty() {
            continue;
        }
        // Entry records carry `entry_id`; create attempts carry `attempt` and never `entry_id`.
        match serde_json::from_str::<JournalRecord>(&text)
            .map_err(|e| format!("not a journal record: {}", line_owned(e.to_string())))
            .and_then(checked)
        {
            Ok(rec) => load.records.push(rec),
            Err(reason) => match serde_json::from_str::<CreateAttempt>(&text) {
                Ok(attempt) => match checked_attempt(attempt) {
                    Ok(attempt) => load.attempts.push(attempt),
                    Err(why) => load.skipped.push(skip(why)),
                },
                Err(_) => load.skipped.push(skip(reason)),
            },
        }
    }
    Ok(load)
}

/// Reads up to and without the next `\n` into `buf`, keeping at most `MAX_LINE_BYTES + 1` bytes
/// of it; returns the line's whole length and whether a `\n` ended it.
fn read_line_capped(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<(usize, bool)> {
    let mut total = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((total, false));
        }
        let newline = available.iter().position(|b| *b == b'\n');
        let part = newline.map_or(available, |i| &available[..i]);
        let room = (MAX_LINE_BYTES + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&part[..part.len().min(room)]);
        total += part.len();
        let used = part.len() + usize::from(newline.is_some());
        reader.consume(used);
        if newline.is_some() {
            return Ok((total, true));
        }
    }
}

/// A parsed record made safe to use: a well-formed entry ID, text cleaned for the terminal.
fn checked(mut rec: JournalRecord) -> Result<JournalRecord, String> {
    if !is_entry_id(&rec.entry_id) {
        let shown: String = crate::text::line(&rec.entry_id).chars().take(40).collect();
        return Err(format!(
            "its entry ID {shown:?} ({} characters) is not a Kaltura entry ID",
            rec.entry_id.chars().count()
        ));
    }
    rec.name = line_owned(rec.name);
    rec.service_url = line_owned(rec.service_url);
    rec.reference = rec.reference.map(line_owned);
    for p in &mut rec.pending {
        p.code = p.code.take().map(line_owned);
        p.error = line_owned(std::mem::take(&mut p.error));
        p.how_to_finish = line_owned(std::mem::take(&mut p.how_to_finish));
    }
    if let Some(req) = rec.request.as_mut() {
        clean_request(req);
    }
    if let Some(removal) = rec.removed.as_mut() {
        // Only IDs that could name an entry are kept: they are shown and may be looked up.
        removal.recordings_deleted.retain(|id| is_entry_id(id));
        removal.recordings_kept.retain(|id| is_entry_id(id));
    }
    Ok(rec)
}

/// A create attempt made safe to use: a reference fit for a lookup, text cleaned.
fn checked_attempt(mut a: CreateAttempt) -> Result<CreateAttempt, String> {
    a.reference = line_owned(a.reference);
    if a.reference.is_empty() || a.reference.contains(',') || a.reference.chars().count() > 512 {
        let shown: String = a.reference.chars().take(40).collect();
        return Err(format!(
            "a create attempt whose reference {shown:?} cannot be looked up"
        ));
    }
    a.name = line_owned(a.name);
    a.service_url = line_owned(a.service_url);
    clean_request(&mut a.request);
    Ok(a)
}

/// Cleans the text of a saved request for the terminal (descriptions and bios keep their lines).
fn clean_request(req: &mut CreateRequest) {
    req.name = line_owned(std::mem::take(&mut req.name));
    req.description = multiline_owned(std::mem::take(&mut req.description));
    req.timezone = line_owned(std::mem::take(&mut req.timezone));
    req.reference = req.reference.take().map(line_owned);
    let p = &mut req.presenter;
    for field in [
        &mut p.id,
        &mut p.name,
        &mut p.title,
        &mut p.link,
        &mut p.image,
    ] {
        *field = line_owned(std::mem::take(field));
    }
    p.bio = multiline_owned(std::mem::take(&mut p.bio));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, name: &str) -> String {
        serde_json::json!({"entry_id": id, "name": name, "start": 1, "end": 2, "partner_id": 1,
            "service_url": "http://127.0.0.1:1", "recorded_at": 3})
        .to_string()
    }

    #[test]
    fn garbage_huge_and_hostile_lines_are_skipped_and_named() {
        let huge_id = "a".repeat(10_000_000);
        let text = format!(
            "{}\nnot json at all\n\n{}\n{}\n\u{1b}]52;c;eA==\u{7}\n{}\n{{\"entry_id\":\"0_",
            line("0_good0001", "Evil\u{1b}[2J\u{202e}name"),
            line(&huge_id, "big"),
            line("0_a\u{1b}[2J", "escape in the id"),
            line("0_good0002", "fine"),
        );
        let load = read(text.as_bytes()).unwrap();
        let ids: Vec<&str> = load.records.iter().map(|r| r.entry_id.as_str()).collect();
        assert_eq!(ids, ["0_good0001", "0_good0002"]);
        assert_eq!(load.records[0].name, "Evil�[2Jname");
        let lines: Vec<usize> = load.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 4, 5, 6, 8]);
        assert!(
            load.skipped[1].reason.contains("10000"),
            "{:?}",
            load.skipped[1]
        );
        assert!(load.skipped[2].reason.contains("not a Kaltura entry ID"));
        assert!(load.skipped.iter().all(|s| s.reason.len() < 300));
        assert!(
            load.skipped
                .iter()
                .all(|s| s.reason.chars().all(crate::text::is_safe_char))
        );
        assert!(load.skipped[4].torn && !load.skipped[0].torn);
    }
}
