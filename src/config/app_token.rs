//! The application token among the settings: its ID (`app_token_id`), its value (`app_token` or
//! `app_token_file`, a secret held like the admin secret) and its hash type (`app_token_hash`).
//!
//! The same rules as for the admin secret: the highest source that names a token value wins, a
//! profile with a `partner_id` of its own does not inherit the top level's token (it belongs to
//! another account), a token file must be private, and an inline token in a file others can read
//! draws a warning. When both a token and an admin secret are configured, the token is used and
//! every run says so on stderr.

use super::error::ConfigError;
use super::file::{self, ConfigFile};
use super::paths::expand_home;
use super::values::{Layer, Origin};
use crate::kaltura::app_token::{AppTokenCredentials, TokenHash};
use crate::kaltura::secret::AppTokenSecret;

/// The keys that name a token value.
const VALUE_KEYS: [&str; 2] = ["app_token", "app_token_file"];

/// A resolved token and where its ID came from.
#[derive(Debug, Clone)]
pub(super) struct ResolvedToken {
    pub credentials: AppTokenCredentials,
    pub id_origin: Origin,
}

/// Finds the token: ID and value from the highest layers that give them (a profile with its own
/// `partner_id` and no token keys is cut off from the top level's), the hash type from the
/// merged settings.
pub(super) fn resolve(
    layers: [&Layer; 4],
    merged: &Layer,
    env: &impl Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
    file: Option<&ConfigFile>,
) -> Result<Option<ResolvedToken>, ConfigError> {
    let [flags, env_l, profile, top] = layers;
    let mut candidates = vec![flags, env_l, profile];
    let profile_has_token_keys =
        profile.contains_key("app_token_id") || VALUE_KEYS.iter().any(|k| profile.contains_key(k));
    if !profile.contains_key("partner_id") || profile_has_token_keys {
        candidates.push(top);
    }
    let id = candidates.iter().find_map(|l| l.get("app_token_id"));
    let value = value_of(&candidates, env, warnings, file)?;
    let (id, (token, value_origin)) = match (id, value) {
        (None, None) => return Ok(None),
        (Some(id), None) => {
            return Err(ConfigError::TokenIdWithoutToken {
                origin: id.origin.to_string(),
            });
        }
        (None, Some((_, origin))) => {
            return Err(ConfigError::TokenWithoutId {
                origin: origin.to_string(),
            });
        }
        (Some(id), Some(value)) => (id, value),
    };
    let id_text = id.value.as_str().unwrap_or_default().trim().to_string();
    check_id(&id_text, &id.origin)?;
    let hash = merged
        .get("app_token_hash")
        .and_then(|e| e.value.as_str())
        .and_then(TokenHash::parse)
        .unwrap_or_default();
    tracing::debug!(token = %id_text, value_from = %value_origin, "app token configured");
    Ok(Some(ResolvedToken {
        credentials: AppTokenCredentials {
            id: id_text,
            token,
            hash,
        },
        id_origin: id.origin.clone(),
    }))
}

/// An app token ID is short and plain (`0_ab12cd34`): it goes into messages and logs.
fn check_id(id: &str, origin: &Origin) -> Result<(), ConfigError> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-');
    if id.is_empty() || id.len() > 64 || !id.chars().all(plain) {
        return Err(ConfigError::BadValue {
            origin: origin.to_string(),
            key: "app_token_id".into(),
            problem: "is not an app token ID".into(),
            fix: "use the `id` that appToken.add returned, such as 0_ab12cd34".into(),
        });
    }
    Ok(())
}

/// The token's value from the first layer that names one.
fn value_of(
    candidates: &[&Layer],
    env: &impl Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
    file: Option<&ConfigFile>,
) -> Result<Option<(AppTokenSecret, Origin)>, ConfigError> {
    for layer in candidates {
        match (layer.get("app_token"), layer.get("app_token_file")) {
            (Some(inline), Some(_)) => {
                return Err(ConfigError::TwoTokens {
                    origin: inline.origin.to_string(),
                });
            }
            (Some(entry), None) => {
                let token = AppTokenSecret::new(entry.value.as_str().unwrap_or_default());
                if token.is_empty() {
                    return Err(ConfigError::BadValue {
                        origin: entry.origin.to_string(),
                        key: "app_token".into(),
                        problem: "is empty".into(),
                        fix: "set it to the token that appToken.add returned, or remove it".into(),
                    });
                }
                if let (Origin::File { path, .. }, Some(f)) = (&entry.origin, file)
                    && f.readable_by_others
                {
                    warnings.push(format!(
                            "warning: config file {} holds app_token and can be read by other users; run `chmod 600 {}` or move the token to app_token_file",
                            path.display(),
                            path.display()
                        ));
                }
                return Ok(Some((token, entry.origin.clone())));
            }
            (None, Some(entry)) => {
                let path = expand_home(entry.value.as_str().unwrap_or_default(), env);
                return read_token_file(&path, &entry.origin)
                    .map(|t| Some((t, entry.origin.clone())));
            }
            (None, None) => {}
        }
    }
    Ok(None)
}

fn read_token_file(path: &std::path::Path, origin: &Origin) -> Result<AppTokenSecret, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::TokenFileUnreadable {
        path: path.to_path_buf(),
        origin: origin.to_string(),
        reason: file::io_reason(&e),
    })?;
    if file::readable_by_others(path) {
        return Err(ConfigError::TokenFileTooOpen {
            path: path.to_path_buf(),
            origin: origin.to_string(),
        });
    }
    let token = AppTokenSecret::new(text);
    if token.is_empty() {
        return Err(ConfigError::TokenFileEmpty {
            path: path.to_path_buf(),
            origin: origin.to_string(),
        });
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use crate::config::{GlobalArgs, load};
    use crate::kaltura::app_token::TokenHash;
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    fn write(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        p
    }

    fn with_file(path: &Path) -> GlobalArgs {
        GlobalArgs {
            config: Some(path.to_path_buf()),
            ..GlobalArgs::default()
        }
    }

    #[test]
    fn a_token_from_the_environment_is_an_account_without_a_secret() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().display().to_string();
        let env = env_of(&[
            ("HOME", &h),
            ("KALTURA_PARTNER_ID", "42"),
            ("KALTURA_APP_TOKEN_ID", "0_ab12cd34"),
            ("KALTURA_APP_TOKEN", TOKEN),
        ]);
        let s = load(&GlobalArgs::default(), &env).unwrap();
        assert!(s.has_account());
        assert!(s.admin_secret.is_none());
        let t = s.app_token.as_ref().unwrap();
        assert_eq!(t.id, "0_ab12cd34");
        assert_eq!(t.token.expose(), TOKEN);
        assert_eq!(t.hash, TokenHash::Sha256, "the default");
        assert_eq!(
            s.app_token_source.as_deref(),
            Some("environment variable KALTURA_APP_TOKEN_ID")
        );
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert!(!format!("{s:?}").contains(TOKEN), "Debug hides the token");
    }

    #[test]
    fn the_token_file_must_be_private_and_not_empty_and_the_hash_is_read() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().display().to_string();
        let token = write(home.path(), "token", &format!("{TOKEN}\n"), 0o600);
        let cfg = write(
            home.path(),
            "c.toml",
            &format!(
                "partner_id = 7\napp_token_id = \"0_x\"\napp_token_file = \"{}\"\napp_token_hash = \"SHA1\"\n",
                token.display()
            ),
            0o644,
        );
        let env = env_of(&[("HOME", &h)]);
        let s = load(&with_file(&cfg), &env).unwrap();
        let t = s.app_token.unwrap();
        assert_eq!(t.token.expose(), TOKEN, "the newline is trimmed");
        assert_eq!(t.hash, TokenHash::Sha1);
        assert!(
            s.warnings.is_empty(),
            "a readable file without the token is fine"
        );

        write(home.path(), "token", TOKEN, 0o640);
        let msg = load(&with_file(&cfg), &env).unwrap_err().to_string();
        assert!(msg.contains("app token file"), "{msg}");
        assert!(
            msg.contains("can be read by other users; run `chmod 600"),
            "{msg}"
        );
        assert!(!msg.contains(TOKEN));

        write(home.path(), "token", "  \n", 0o600);
        let msg = load(&with_file(&cfg), &env).unwrap_err().to_string();
        assert!(msg.contains("is empty; put the app token in it"), "{msg}");

        std::fs::remove_file(&token).unwrap();
        let msg = load(&with_file(&cfg), &env).unwrap_err().to_string();
        assert!(msg.contains("cannot read the app token file"), "{msg}");
        assert!(msg.contains("no such file"), "{msg}");
    }

    #[test]
    fn half_a_token_and_a_token_without_partner_are_refused_in_one_sentence() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().display().to_string();
        let err = |pairs: &[(&str, &str)]| {
            let mut all = vec![("HOME", h.as_str())];
            all.extend_from_slice(pairs);
            load(&GlobalArgs::default(), &env_of(&all))
                .unwrap_err()
                .to_string()
        };
        let msg = err(&[("KALTURA_PARTNER_ID", "1"), ("KALTURA_APP_TOKEN_ID", "0_x")]);
        assert!(
            msg.starts_with(
                "environment variable KALTURA_APP_TOKEN_ID sets app_token_id but no app token"
            ),
            "{msg}"
        );
        let msg = err(&[("KALTURA_PARTNER_ID", "1"), ("KALTURA_APP_TOKEN", TOKEN)]);
        assert!(
            msg.contains("provides an app token but no app_token_id"),
            "{msg}"
        );
        assert!(!msg.contains(TOKEN));
        let msg = err(&[
            ("KALTURA_APP_TOKEN_ID", "0_x"),
            ("KALTURA_APP_TOKEN", TOKEN),
        ]);
        assert!(
            msg.contains("provides an app token but no partner_id"),
            "{msg}"
        );
        let msg = err(&[
            ("KALTURA_PARTNER_ID", "1"),
            ("KALTURA_APP_TOKEN_ID", "0 x; rm"),
            ("KALTURA_APP_TOKEN", TOKEN),
        ]);
        assert!(
            msg.contains("`app_token_id` is not an app token ID"),
            "{msg}"
        );
        let msg = err(&[
            ("KALTURA_PARTNER_ID", "1"),
            ("KALTURA_APP_TOKEN_ID", "0_x"),
            ("KALTURA_APP_TOKEN", TOKEN),
            ("KALTURA_APP_TOKEN_HASH", "sha384"),
        ]);
        assert!(msg.contains("`app_token_hash` is not one of"), "{msg}");
        let msg = err(&[("KALTURA_PARTNER_ID", "1")]);
        assert!(
            msg.contains("sets partner_id but no admin secret or app token"),
            "{msg}"
        );
        let cfg = write(
            home.path(),
            "two.toml",
            &format!(
                "partner_id = 1\napp_token_id = \"0_x\"\napp_token = \"{TOKEN}\"\napp_token_file = \"/x\"\n"
            ),
            0o600,
        );
        let msg = load(&with_file(&cfg), &env_of(&[("HOME", &h)]))
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("sets both app_token and app_token_file"),
            "{msg}"
        );
    }

    #[test]
    fn with_both_the_token_wins_and_the_run_says_so() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().display().to_string();
        let env = env_of(&[
            ("HOME", &h),
            ("KALTURA_PARTNER_ID", "42"),
            ("KALTURA_ADMIN_SECRET", "the-admin-secret"),
            ("KALTURA_APP_TOKEN_ID", "0_ab12cd34"),
            ("KALTURA_APP_TOKEN", TOKEN),
        ]);
        let s = load(&GlobalArgs::default(), &env).unwrap();
        assert!(s.app_token.is_some() && s.admin_secret.is_some());
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert!(
            s.warnings[0].contains("signs in with the app token 0_ab12cd34"),
            "{}",
            s.warnings[0]
        );
        let client = crate::bootstrap::client(&s).unwrap();
        assert_eq!(
            client.auth_method(),
            crate::kaltura::client::AuthMethod::AppToken {
                id: "0_ab12cd34".into()
            }
        );
    }

    #[test]
    fn a_profile_with_its_own_partner_does_not_inherit_the_top_token() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().display().to_string();
        let cfg = write(
            home.path(),
            "c.toml",
            &format!(
                "partner_id = 1\napp_token_id = \"0_top\"\napp_token = \"{TOKEN}\"\n[profiles.other]\npartner_id = 2\n[profiles.same]\napp_name = \"x\"\n"
            ),
            0o600,
        );
        let env = env_of(&[("HOME", &h)]);
        let mut args = with_file(&cfg);
        args.profile = Some("same".into());
        assert_eq!(load(&args, &env).unwrap().app_token.unwrap().id, "0_top");
        args.profile = Some("other".into());
        let msg = load(&args, &env).unwrap_err().to_string();
        assert!(
            msg.contains("[profiles.other] sets partner_id but no admin secret or app token"),
            "{msg}"
        );
    }
}
