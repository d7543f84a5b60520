//! Reading the TOML config file: every key checked against the knob table, `[profiles.NAME]`
//! sections kept apart, and the file's permission bits remembered for the secret warning.

use super::error::ConfigError;
use super::knobs::{self, TOP_ONLY_KEYS};
use super::values::{Entry, Layer, Origin, check};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// A config file, read and checked. Its Debug shows every setting but an inline `admin_secret`,
/// which [`Entry`]'s Debug prints as `[redacted]`.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The top-level settings, shared by all profiles.
    pub top: Layer,
    /// Each `[profiles.NAME]` section.
    pub profiles: BTreeMap<String, Layer>,
    /// `default_profile = "NAME"`, if set.
    pub default_profile: Option<String>,
    /// True when group or others may read the file (Unix permission bits).
    pub readable_by_others: bool,
}

/// Reads and checks the file. `given_by` says how the path was chosen (for the message when it
/// cannot be read).
pub fn read(path: &Path, given_by: &str) -> Result<ConfigFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
        path: path.to_path_buf(),
        given_by: given_by.to_string(),
        reason: io_reason(&e),
    })?;
    let table: Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::Syntax {
            path: path.to_path_buf(),
            detail: syntax_detail(&text, &e),
        })?;
    parse(path, &table, readable_by_others(path))
}

/// Checks an already parsed table (separate from [`read`] so tests need no files).
pub fn parse(path: &Path, table: &Table, open: bool) -> Result<ConfigFile, ConfigError> {
    let top = layer(path, None, table)?;
    let mut profiles = BTreeMap::new();
    if let Some(value) = table.get("profiles") {
        let Value::Table(sections) = value else {
            return Err(not_a_table(path, "profiles", "[profiles.NAME]"));
        };
        for (name, section) in sections {
            let Value::Table(section) = section else {
                return Err(not_a_table(path, name, &format!("[profiles.{name}]")));
            };
            profiles.insert(name.clone(), layer(path, Some(name), section)?);
        }
    }
    let default_profile = match table.get("default_profile") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            return Err(ConfigError::WrongType {
                origin: format!("config file {}", path.display()),
                key: "default_profile".into(),
                expected: "a string".into(),
                fix: "write for example default_profile = \"production\"".into(),
            });
        }
    };
    Ok(ConfigFile {
        path: path.to_path_buf(),
        top,
        profiles,
        default_profile,
        readable_by_others: open,
    })
}

fn layer(path: &Path, profile: Option<&str>, table: &Table) -> Result<Layer, ConfigError> {
    let origin = Origin::File {
        path: path.to_path_buf(),
        profile: profile.map(str::to_string),
    };
    let mut out = Layer::new();
    for (key, value) in table {
        if profile.is_none() && TOP_ONLY_KEYS.contains(&key.as_str()) {
            continue;
        }
        let Some(knob) = knobs::by_key(key) else {
            let known = knobs::KNOBS.iter().map(|k| k.key);
            let nearest = match profile {
                Some(_) => did_you_mean(key, known),
                None => did_you_mean(key, known.chain(TOP_ONLY_KEYS.iter().copied())),
            };
            return Err(ConfigError::UnknownKey {
                path: path.to_path_buf(),
                key: key.clone(),
                section: match profile {
                    Some(p) => format!(" in [profiles.{p}]"),
                    None => String::new(),
                },
                suggestion: nearest
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default(),
            });
        };
        let value = check(knob, value.clone(), &origin)?;
        out.insert(knob.key, Entry::new(knob, value, origin.clone()));
    }
    Ok(out)
}

/// The known key nearest to a misspelt `key` (`profile` → `profiles`, `parnter_id` →
/// `partner_id`), if one is close: at most a third of its letters edited, and at least one.
pub fn did_you_mean<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    let limit = (key.chars().count() / 3).max(1);
    known
        .map(|k| (edit_distance(&key, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance counting a swap of two neighbours as one edit (the commonest typo).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

fn not_a_table(path: &Path, key: &str, example: &str) -> ConfigError {
    ConfigError::WrongType {
        origin: format!("config file {}", path.display()),
        key: key.to_string(),
        expected: "a table".into(),
        fix: format!("write it as a section, {example}"),
    }
}

/// "line 3, column 7: expected `=`" from toml's multi-line report.
fn syntax_detail(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

/// A short reason for an IO error, without Rust's "(os error 2)" noise.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        std::io::ErrorKind::InvalidData => "it is not UTF-8 text".into(),
        _ => e.to_string(),
    }
}

/// True when the file's group or other permission bits allow reading.
pub fn readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}
