//! Merging the sources — flag > environment > file (profile, then top) > default — into
//! [`Settings`], with the admin secret and the app token resolved and the account checked for
//! completeness.

use super::app_token;
use super::error::ConfigError;
use super::file::{self, ConfigFile};
use super::knobs::{self, KNOBS};
use super::paths::{AppDirs, expand_home};
use super::settings::*;
use super::values::{Entry, Layer, Origin, URL_KEYS, check, from_env, insecure_host};
use super::{GlobalArgs, Overrides};
use crate::kaltura::ks::KsVersion;
use crate::kaltura::secret::AdminSecret;
use std::path::PathBuf;
use std::time::Duration;
use toml::Value;

/// Loads the settings. `env` looks up environment variables (`|k| std::env::var(k).ok()` in the
/// binary, a map in tests), so tests never mutate the process environment.
pub fn load(
    args: &GlobalArgs,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<Settings, ConfigError> {
    let env_var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let dirs = AppDirs::resolve(env);
    let file = find_file(args, &env_var, &dirs)?;

    let (profile, profile_layer) =
        select_profile(args, &env_var, file.as_ref(), &dirs.config_file())?;
    let env_layer = env_layer(&env_var)?;
    let flag_layer = flag_layer(&args.overrides)?;
    let top = file.as_ref().map(|f| f.top.clone()).unwrap_or_default();

    let mut warnings = Vec::new();
    let (secret, secret_origin) = resolve_secret(
        [&flag_layer, &env_layer, &profile_layer, &top],
        env,
        &mut warnings,
        file.as_ref(),
    )?;

    let mut merged = Layer::new();
    for layer in [&top, &profile_layer, &env_layer, &flag_layer] {
        for (k, v) in layer {
            merged.insert(k, v.clone());
        }
    }
    let token = app_token::resolve(
        [&flag_layer, &env_layer, &profile_layer, &top],
        &merged,
        env,
        &mut warnings,
        file.as_ref(),
    )?;
    if args.sandbox {
        // `--sandbox` forces the built-in sandbox: an account it will not use need not be
        // complete (the README promises it works whatever is configured).
        if merged.contains_key("partner_id") || secret.is_some() || token.is_some() {
            warnings.push(
                "note: --sandbox: the configured account is not used; everything runs on the \
                 built-in sandbox"
                    .into(),
            );
        }
    } else {
        check_account(
            &merged,
            secret.is_some(),
            secret_origin.as_ref(),
            token.as_ref(),
        )?;
    }
    check_insecure_http(&merged, &mut warnings)?;
    if let (Some(t), Some(_)) = (&token, &secret) {
        warnings.push(format!(
            "note: both an app token and an admin secret are configured; kwebcast signs in with the app token {} (app_token_id from {}) and leaves the admin secret unused",
            t.credentials.id, t.id_origin
        ));
    }
    let mut settings = build(
        merged,
        secret,
        secret_origin,
        profile,
        &dirs,
        env,
        file.map(|f| f.path),
        args,
        warnings,
    );
    if let Some(t) = token {
        settings.app_token_source = Some(t.id_origin.to_string());
        settings.app_token = Some(t.credentials);
    }
    Ok(settings)
}

fn find_file(
    args: &GlobalArgs,
    env_var: &impl Fn(&str) -> Option<String>,
    dirs: &AppDirs,
) -> Result<Option<ConfigFile>, ConfigError> {
    if let Some(path) = &args.config {
        return file::read(path, "--config").map(Some);
    }
    if let Some(path) = env_var("KWEBCAST_CONFIG") {
        return file::read(&PathBuf::from(path), "KWEBCAST_CONFIG").map(Some);
    }
    let default = dirs.config_file();
    if default.exists() {
        return file::read(&default, "the default location").map(Some);
    }
    Ok(None)
}

fn select_profile(
    args: &GlobalArgs,
    env_var: &impl Fn(&str) -> Option<String>,
    file: Option<&ConfigFile>,
    default_file: &std::path::Path,
) -> Result<(Option<String>, Layer), ConfigError> {
    let chosen = if let Some(p) = &args.profile {
        Some((p.clone(), "--profile".to_string()))
    } else if let Some(p) = env_var("KWEBCAST_PROFILE") {
        Some((p, "KWEBCAST_PROFILE".to_string()))
    } else {
        file.and_then(|f| {
            f.default_profile
                .clone()
                .map(|p| (p, format!("default_profile in {}", f.path.display())))
        })
    };
    let Some((name, given_by)) = chosen else {
        return Ok((None, Layer::new()));
    };
    let Some(file) = file else {
        return Err(ConfigError::ProfileWithoutFile {
            profile: name,
            given_by,
            looked_for: default_file.to_path_buf(),
        });
    };
    match file.profiles.get(&name) {
        Some(layer) => Ok((Some(name), layer.clone())),
        None => Err(ConfigError::UnknownProfile {
            profile: name,
            given_by,
            file: format!("config file {}", file.path.display()),
            known: if file.profiles.is_empty() {
                "none defined".into()
            } else {
                file.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
            },
        }),
    }
}

fn env_layer(env_var: &impl Fn(&str) -> Option<String>) -> Result<Layer, ConfigError> {
    let mut layer = Layer::new();
    for knob in KNOBS {
        if let Some(text) = env_var(knob.env) {
            let value = from_env(knob, &text)?;
            layer.insert(knob.key, Entry::new(knob, value, Origin::Env(knob.env)));
        }
    }
    Ok(layer)
}

fn flag_layer(o: &Overrides) -> Result<Layer, ConfigError> {
    let mut layer = Layer::new();
    let mut put = |key: &'static str, flag: &'static str, value: Option<Value>| {
        let Some(value) = value else { return Ok(()) };
        let knob = knobs::by_key(key).expect("override flags name known knobs");
        let origin = Origin::Flag(flag);
        let value = check(knob, value, &origin)?;
        layer.insert(key, Entry::new(knob, value, origin));
        Ok::<(), ConfigError>(())
    };
    put(
        "partner_id",
        "--partner-id",
        o.partner_id.map(Value::Integer),
    )?;
    put(
        "service_url",
        "--service-url",
        o.service_url.clone().map(Value::String),
    )?;
    put(
        "admin_email",
        "--admin-email",
        o.admin_email.clone().map(Value::String),
    )?;
    put("uiconf_id", "--uiconf-id", o.uiconf_id.map(Value::Integer))?;
    put("user_id", "--user-id", o.user_id.clone().map(Value::String))?;
    Ok(layer)
}

/// Finds the highest source that provides a secret. A profile that names its own `partner_id`
/// does not inherit the top-level secret: that secret belongs to another account.
fn resolve_secret(
    layers: [&Layer; 4],
    env: &impl Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
    file: Option<&ConfigFile>,
) -> Result<(Option<AdminSecret>, Option<Origin>), ConfigError> {
    let [flags, env_l, profile, top] = layers;
    let mut candidates = vec![flags, env_l, profile];
    if !(profile.contains_key("partner_id")
        && !profile.contains_key("admin_secret")
        && !profile.contains_key("admin_secret_file"))
    {
        candidates.push(top);
    }
    for layer in candidates {
        let inline = layer.get("admin_secret");
        let path = layer.get("admin_secret_file");
        match (inline, path) {
            (Some(a), Some(_)) => {
                return Err(ConfigError::TwoSecrets {
                    origin: a.origin.to_string(),
                });
            }
            (Some(entry), None) => {
                let text = entry.value.as_str().unwrap_or_default();
                if text.trim().is_empty() {
                    return Err(ConfigError::BadValue {
                        origin: entry.origin.to_string(),
                        key: "admin_secret".into(),
                        problem: "is empty".into(),
                        fix:
                            "set it to the partner's admin secret, or remove it to use the sandbox"
                                .into(),
                    });
                }
                if let (Origin::File { path, .. }, Some(f)) = (&entry.origin, file)
                    && f.readable_by_others
                {
                    warnings.push(format!(
                            "warning: config file {} holds admin_secret and can be read by other users; run `chmod 600 {}` or move the secret to admin_secret_file",
                            path.display(),
                            path.display()
                        ));
                }
                return Ok((Some(AdminSecret::new(text)), Some(entry.origin.clone())));
            }
            (None, Some(entry)) => {
                let path = expand_home(entry.value.as_str().unwrap_or_default(), env);
                let secret = read_secret_file(&path, &entry.origin)?;
                return Ok((Some(secret), Some(entry.origin.clone())));
            }
            (None, None) => {}
        }
    }
    Ok((None, None))
}

fn read_secret_file(path: &std::path::Path, origin: &Origin) -> Result<AdminSecret, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::SecretFileUnreadable {
        path: path.to_path_buf(),
        origin: origin.to_string(),
        reason: file::io_reason(&e),
    })?;
    if file::readable_by_others(path) {
        return Err(ConfigError::SecretFileTooOpen {
            path: path.to_path_buf(),
            origin: origin.to_string(),
        });
    }
    let secret = AdminSecret::new(text);
    if secret.is_empty() {
        return Err(ConfigError::SecretFileEmpty {
            path: path.to_path_buf(),
            origin: origin.to_string(),
        });
    }
    Ok(secret)
}

/// `http://` to another machine sends the admin KS (and, in links, attendee and moderator KSs)
/// in clear text: refused unless `allow_insecure_http = true`, and then warned about on every
/// start. Loopback (the sandbox, a local proxy) is fine.
fn check_insecure_http(merged: &Layer, warnings: &mut Vec<String>) -> Result<(), ConfigError> {
    let allowed = merged
        .get("allow_insecure_http")
        .and_then(|e| e.value.as_bool())
        .unwrap_or(false);
    for key in URL_KEYS {
        let Some(entry) = merged.get(key) else {
            continue;
        };
        let Some(host) = entry.value.as_str().and_then(insecure_host) else {
            continue;
        };
        if !allowed {
            return Err(ConfigError::BadValue {
                origin: entry.origin.to_string(),
                key: key.to_string(),
                problem: format!(
                    "uses http:// to {host}, which is not this machine: KSs would cross the network in clear text"
                ),
                fix: "use https://, or set allow_insecure_http = true (KWEBCAST_ALLOW_INSECURE_HTTP=1) if you really must".into(),
            });
        }
        warnings.push(insecure_warning(key, &host));
    }
    Ok(())
}

/// The warning printed on every start while `allow_insecure_http` lets an http:// URL through.
pub fn insecure_warning(key: &str, host: &str) -> String {
    format!(
        "warning: {key} uses http:// to {host} (allow_insecure_http = true): KSs cross the network in clear text"
    )
}

fn check_account(
    merged: &Layer,
    has_secret: bool,
    secret_origin: Option<&Origin>,
    token: Option<&app_token::ResolvedToken>,
) -> Result<(), ConfigError> {
    match (merged.get("partner_id"), has_secret, token) {
        (Some(p), false, None) => Err(ConfigError::MissingSecret {
            origin: p.origin.to_string(),
            fix: missing_secret_fix(&p.origin),
        }),
        (None, _, Some(t)) => Err(ConfigError::TokenWithoutPartner {
            origin: t.id_origin.to_string(),
            fix: missing_partner_fix(t.id_origin.is_file()),
        }),
        (None, true, None) => Err(ConfigError::MissingPartner {
            origin: secret_origin.map_or_else(String::new, Origin::to_string),
            fix: missing_partner_fix(secret_origin.is_some_and(Origin::is_file)),
        }),
        _ => Ok(()),
    }
}

/// How to finish an account whose partner ID came from `origin`, in that place's syntax: a
/// variable set alone gets variable names, a file gets TOML.
fn missing_secret_fix(origin: &Origin) -> String {
    match origin {
        Origin::File { .. } => "add app_token_id and app_token_file = \"PATH\" (or \
             admin_secret_file = \"PATH\") beside it, or set KALTURA_APP_TOKEN_ID and \
             KALTURA_APP_TOKEN (remove partner_id, or pass --sandbox, to use the built-in sandbox)"
            .into(),
        Origin::Env(var) => format!(
            "also set KALTURA_APP_TOKEN_ID and KALTURA_APP_TOKEN (or KALTURA_ADMIN_SECRET_FILE, \
             a file holding the admin secret), or unset {var} (or pass --sandbox) to use the \
             built-in sandbox"
        ),
        Origin::Flag(flag) => format!(
            "set KALTURA_APP_TOKEN_ID and KALTURA_APP_TOKEN (or KALTURA_ADMIN_SECRET_FILE, a file \
             holding the admin secret) in the environment, or leave out {flag} to use the \
             built-in sandbox"
        ),
    }
}

/// How to add the partner ID a secret or token lacks.
fn missing_partner_fix(in_file: bool) -> String {
    if in_file {
        "add partner_id = 1234567 beside it, or set KALTURA_PARTNER_ID".into()
    } else {
        "set KALTURA_PARTNER_ID as well (the number in the KMC under Settings > Integration \
         Settings)"
            .into()
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    merged: Layer,
    admin_secret: Option<AdminSecret>,
    secret_origin: Option<Origin>,
    profile: Option<String>,
    dirs: &AppDirs,
    env: &impl Fn(&str) -> Option<String>,
    config_file: Option<PathBuf>,
    args: &GlobalArgs,
    warnings: Vec<String>,
) -> Settings {
    let text = |key: &str, default: &str| -> String {
        merged
            .get(key)
            .and_then(|e| e.value.as_str())
            .unwrap_or(default)
            .to_string()
    };
    let int = |key: &str| merged.get(key).and_then(|e| e.value.as_integer());
    let boolean = |key: &str, default: bool| {
        merged
            .get(key)
            .and_then(|e| e.value.as_bool())
            .unwrap_or(default)
    };
    let path = |key: &str, default: PathBuf| match merged.get(key).and_then(|e| e.value.as_str()) {
        Some(p) => expand_home(p, env),
        None => default,
    };
    Settings {
        profile,
        partner_id: int("partner_id"),
        admin_secret,
        secret_source: secret_origin.map(|o| o.to_string()),
        app_token: None,
        app_token_source: None,
        admin_email: text("admin_email", "kwebcast-admin"),
        service_url: text("service_url", DEFAULT_SERVICE_URL),
        cdn_url: merged
            .get("cdn_url")
            .and_then(|e| e.value.as_str())
            .map(str::to_string),
        moderator_url: text("moderator_url", DEFAULT_MODERATOR_URL),
        uiconf_id: int("uiconf_id"),
        user_id: text("user_id", "kwebcast-attendee"),
        moderator_user: text("moderator_user", "kwebcast-moderator"),
        moderator_scope: if text("moderator_scope", "shared") == "event" {
            ModeratorScope::Event
        } else {
            ModeratorScope::Shared
        },
        broadcaster_user: text("broadcaster_user", "kwebcast-broadcaster"),
        app_name: text("app_name", "kwebcast"),
        app_id: text("app_id", "kwebcast"),
        app_domain: text("app_domain", "localhost"),
        ks_version: if text("ks_format", "v2") == "v1" {
            KsVersion::V1
        } else {
            KsVersion::V2
        },
        admin_ks_expiry: int("admin_ks_expiry").unwrap_or(86_400),
        attendee_ks_expiry: int("attendee_ks_expiry"),
        moderator_ks_expiry: int("moderator_ks_expiry").unwrap_or(86_400),
        attendee_ks: boolean("attendee_ks", true),
        poll_interval: Duration::from_secs(int("poll_interval").unwrap_or(5).unsigned_abs()),
        watchdog_grace: Duration::from_secs(
            int("watchdog_grace")
                .unwrap_or(crate::webcast::watchdog::DEFAULT_GRACE_SECS)
                .unsigned_abs(),
        ),
        watchdog_recording_wait: Duration::from_secs(
            int("watchdog_recording_wait")
                .unwrap_or(crate::webcast::watchdog::DEFAULT_RECORDING_WAIT_SECS)
                .unsigned_abs(),
        ),
        viewers_interval: Duration::from_secs(
            int("viewers_interval")
                .unwrap_or(crate::webcast::audience::DEFAULT_VIEWERS_INTERVAL_SECS)
                .unsigned_abs(),
        ),
        clipboard: text("clipboard", "auto").parse().unwrap_or_default(),
        theme: Theme::from_word(&text("theme", "dark")),
        bell: boolean("bell", false),
        use_session_start: boolean("use_session_start", false),
        conversion_profile: text(
            "conversion_profile",
            crate::webcast::settings::DEFAULT_CONVERSION_PROFILE,
        ),
        conversion_profile_id: int("conversion_profile_id"),
        sandbox_speed: int("sandbox_speed").unwrap_or(DEFAULT_SANDBOX_SPEED) as f64,
        request_timeout: Duration::from_secs(
            int("request_timeout")
                .unwrap_or(DEFAULT_REQUEST_TIMEOUT_SECS)
                .unsigned_abs(),
        ),
        max_answer_bytes: int("max_answer_mb")
            .unwrap_or(DEFAULT_MAX_ANSWER_MB)
            .unsigned_abs()
            << 20,
        allow_insecure_http: boolean("allow_insecure_http", false),
        data_dir: path("data_dir", dirs.data.clone()),
        log_file: path("log_file", dirs.log_file()),
        config_file,
        force_sandbox: args.sandbox,
        warnings,
        sandbox_instance: None,
        short_links: boolean("short_links", true),
    }
}
