//! Precedence and every bad-config message. Environments are closures over maps and files live in
//! temporary directories: the process environment is never touched.

use super::*;
use std::collections::HashMap;
use std::path::Path;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k: &str| map.get(k).cloned()
}

/// A temporary home with an optional config file (mode 600) in the XDG location.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn write(&self, name: &str, text: &str, mode: u32) -> std::path::PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        p
    }
    fn home(&self) -> String {
        self.path().display().to_string()
    }
}

fn args_with_file(path: &Path) -> GlobalArgs {
    GlobalArgs {
        config: Some(path.to_path_buf()),
        ..GlobalArgs::default()
    }
}

fn err(args: &GlobalArgs, env: &impl Fn(&str) -> Option<String>) -> String {
    load(args, env).expect_err("should be refused").to_string()
}

#[test]
fn no_credentials_means_sandbox_with_defaults() {
    let home = Home::new();
    let s = load(&GlobalArgs::default(), &env_of(&[("HOME", &home.home())])).unwrap();
    assert_eq!(s.partner_id, None);
    assert!(s.admin_secret.is_none());
    assert!(!s.has_account());
    assert_eq!(s.service_url, DEFAULT_SERVICE_URL);
    assert_eq!(s.player_cdn_url(), SAAS_CDN_URL);
    assert_eq!(s.poll_interval, std::time::Duration::from_secs(5));
    assert_eq!(s.ks_version, crate::kaltura::ks::KsVersion::V2);
    assert_eq!(s.clipboard, ClipboardPolicy::Auto);
    assert!(s.attendee_ks);
    assert_eq!(s.data_dir, home.path().join(".local/share/kwebcast"));
    assert_eq!(
        s.log_file,
        home.path().join(".local/state/kwebcast/kwebcast.log")
    );
    assert_eq!(s.config_file, None);
}

#[test]
fn precedence_is_flag_then_env_then_file_then_default() {
    let home = Home::new();
    let file = home.write(
        "c.toml",
        "partner_id = 111\nadmin_secret = \"filesecret\"\nadmin_email = \"file@x\"\nuser_id = \"file-user\"\nuiconf_id = 5\napp_name = \"FileApp\"\n",
        0o600,
    );
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KALTURA_PARTNER_ID", "222"),
        ("KALTURA_ADMIN_EMAIL", "env@x"),
        ("KALTURA_USER_ID", "env-user"),
    ]);
    let mut args = args_with_file(&file);
    args.overrides.partner_id = Some(333);
    let s = load(&args, &env).unwrap();
    assert_eq!(s.partner_id, Some(333), "flag beats env and file");
    assert_eq!(s.admin_email, "env@x", "env beats file");
    assert_eq!(s.user_id, "env-user");
    assert_eq!(s.uiconf_id, Some(5), "file beats default");
    assert_eq!(s.app_name, "FileApp");
    assert_eq!(s.moderator_user, "kwebcast-moderator", "default when unset");
    assert_eq!(s.admin_secret.as_ref().unwrap().expose(), "filesecret");

    args.overrides.partner_id = None;
    assert_eq!(
        load(&args, &env).unwrap().partner_id,
        Some(222),
        "env beats file"
    );
    let no_env = env_of(&[("HOME", &home.home())]);
    assert_eq!(load(&args, &no_env).unwrap().partner_id, Some(111));
}

#[test]
fn env_names_the_config_file_and_the_xdg_path_is_the_fallback() {
    let home = Home::new();
    std::fs::create_dir_all(home.path().join(".config/kwebcast")).unwrap();
    home.write(
        ".config/kwebcast/config.toml",
        "app_name = \"xdg\"\n",
        0o600,
    );
    let other = home.write("other.toml", "app_name = \"named\"\n", 0o600);
    let env = env_of(&[("HOME", &home.home())]);
    assert_eq!(load(&GlobalArgs::default(), &env).unwrap().app_name, "xdg");
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KWEBCAST_CONFIG", &other.display().to_string()),
    ]);
    assert_eq!(
        load(&GlobalArgs::default(), &env).unwrap().app_name,
        "named"
    );
}

#[test]
fn profiles_overlay_the_top_level_and_do_not_inherit_another_accounts_secret() {
    let home = Home::new();
    let file = home.write(
        "c.toml",
        r#"
partner_id = 1
admin_secret = "top"
app_name = "Top"
default_profile = "a"
[profiles.a]
app_name = "A"
[profiles.b]
partner_id = 2
admin_secret = "bsecret"
[profiles.c]
partner_id = 3
"#,
        0o600,
    );
    let env = env_of(&[("HOME", &home.home())]);
    let mut args = args_with_file(&file);
    let a = load(&args, &env).unwrap();
    assert_eq!(
        (a.profile.as_deref(), a.partner_id, a.app_name.as_str()),
        (Some("a"), Some(1), "A")
    );
    args.profile = Some("b".into());
    let b = load(&args, &env).unwrap();
    assert_eq!((b.partner_id, b.app_name.as_str()), (Some(2), "Top"));
    assert_eq!(b.admin_secret.unwrap().expose(), "bsecret");
    args.profile = Some("c".into());
    let msg = err(&args, &env);
    assert!(
        msg.contains("[profiles.c] sets partner_id but no admin secret"),
        "{msg}"
    );
    let env = env_of(&[("HOME", &home.home()), ("KWEBCAST_PROFILE", "b")]);
    args.profile = None;
    assert_eq!(load(&args, &env).unwrap().partner_id, Some(2));
}

#[test]
fn secret_file_is_read_and_must_be_private() {
    let home = Home::new();
    let secret = home.write("secret", "s3cr3t\n", 0o600);
    let file = home.write(
        "c.toml",
        &format!(
            "partner_id = 9\nadmin_secret_file = \"{}\"\n",
            secret.display()
        ),
        0o644,
    );
    let env = env_of(&[("HOME", &home.home())]);
    let s = load(&args_with_file(&file), &env).unwrap();
    assert_eq!(s.admin_secret.unwrap().expose(), "s3cr3t");
    assert!(
        s.warnings.is_empty(),
        "a readable file without the secret is fine"
    );

    home.write("secret", "s3cr3t\n", 0o640);
    let msg = err(&args_with_file(&file), &env);
    assert!(
        msg.contains("can be read by other users; run `chmod 600"),
        "{msg}"
    );
    assert!(!msg.contains("s3cr3t"));

    home.write("secret", "  \n", 0o600);
    assert!(err(&args_with_file(&file), &env).contains("is empty; put the partner's admin secret"));

    let missing = home.write(
        "c.toml",
        "partner_id = 9\nadmin_secret_file = \"~/nope\"\n",
        0o600,
    );
    let msg = err(&args_with_file(&missing), &env);
    assert!(msg.contains(&format!("{}/nope", home.home())), "{msg}");
    assert!(msg.contains("no such file; check the path"), "{msg}");
}

#[test]
fn inline_secret_in_a_readable_file_warns_once() {
    let home = Home::new();
    let file = home.write("c.toml", "partner_id = 9\nadmin_secret = \"abc\"\n", 0o644);
    let s = load(&args_with_file(&file), &env_of(&[("HOME", &home.home())])).unwrap();
    assert_eq!(s.warnings.len(), 1);
    assert!(s.warnings[0].starts_with("warning: config file"));
    assert!(s.warnings[0].contains("chmod 600"));
    assert!(!s.warnings[0].contains("abc"));
}

#[test]
fn environment_secret_and_partner_make_an_account() {
    let home = Home::new();
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KALTURA_PARTNER_ID", "4242"),
        ("KALTURA_ADMIN_SECRET", "envsecret"),
        ("KALTURA_SERVICE_URL", "https://kaltura.example.edu/"),
    ]);
    let s = load(&GlobalArgs::default(), &env).unwrap();
    assert!(s.has_account());
    assert_eq!(
        s.secret_source.as_deref(),
        Some("environment variable KALTURA_ADMIN_SECRET")
    );
    assert_eq!(
        s.player_cdn_url(),
        "https://kaltura.example.edu",
        "on-prem serves its player"
    );
    let forced = GlobalArgs {
        sandbox: true,
        ..GlobalArgs::default()
    };
    assert!(!load(&forced, &env).unwrap().has_account());
}

#[test]
fn durations_choices_and_booleans_are_read() {
    let home = Home::new();
    let file = home.write(
        "c.toml",
        "poll_interval = \"2m\"\nattendee_ks_expiry = 3600\nclipboard = \"OSC52\"\ntheme = \"mono\"\nbell = true\nks_format = \"v1\"\nattendee_ks = false\n",
        0o600,
    );
    let env = env_of(&[("HOME", &home.home()), ("KWEBCAST_BELL", "no")]);
    let s = load(&args_with_file(&file), &env).unwrap();
    assert_eq!(s.poll_interval, std::time::Duration::from_secs(120));
    assert_eq!(s.attendee_ks_expiry, Some(3600));
    assert_eq!(s.clipboard, ClipboardPolicy::Osc52);
    assert_eq!(s.theme, Theme::Mono);
    assert!(!s.bell, "env beats file");
    assert!(!s.attendee_ks);
    assert_eq!(s.ks_version, crate::kaltura::ks::KsVersion::V1);
}

// ---- each bad configuration, and its one-sentence message ----

fn bad_file(text: &str) -> (Home, String) {
    let home = Home::new();
    let file = home.write("bad.toml", text, 0o600);
    let msg = err(&args_with_file(&file), &env_of(&[("HOME", &home.home())]));
    (home, msg)
}

fn assert_one_sentence(msg: &str) {
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert!(msg.contains("; "), "names a fix: {msg}");
}

#[test]
fn unknown_key_is_named() {
    let (home, msg) = bad_file("partner_idd = 5\n");
    assert_one_sentence(&msg);
    assert!(msg.contains(&format!("{}/bad.toml", home.home())), "{msg}");
    assert!(msg.contains("unknown key `partner_idd`"), "{msg}");
    let (_h, msg) = bad_file("[profiles.p]\nthme = \"dark\"\n");
    assert!(msg.contains("unknown key `thme` in [profiles.p]"), "{msg}");
}

#[test]
fn wrong_types_are_named_with_an_example() {
    let (_h, msg) = bad_file("partner_id = \"123\"\nadmin_secret = \"x\"\n");
    assert_one_sentence(&msg);
    assert!(msg.contains("`partner_id` must be a whole number"), "{msg}");
    assert!(
        msg.contains("it is a string; write for example partner_id = 1234567"),
        "{msg}"
    );
    let (_h, msg) = bad_file("bell = \"yes\"\n");
    assert!(msg.contains("`bell` must be true or false"), "{msg}");
    let (_h, msg) = bad_file("poll_interval = \"soon\"\n");
    assert!(
        msg.contains("`poll_interval` must be a number of seconds"),
        "{msg}"
    );
    let (_h, msg) = bad_file("profiles = 3\n");
    assert!(msg.contains("`profiles` must be a table"), "{msg}");
    let (_h, msg) = bad_file("admin_secret = 12345\npartner_id = 1\n");
    assert!(msg.contains("`admin_secret` must be a string"), "{msg}");
    assert!(!msg.contains("12345"), "never echo a secret: {msg}");
}

#[test]
fn bad_values_are_named() {
    let (_h, msg) = bad_file("service_url = \"www.kaltura.com\"\n");
    assert_one_sentence(&msg);
    assert!(msg.contains("`service_url` is not a valid URL"), "{msg}");
    let (_h, msg) = bad_file("service_url = \"ftp://x.example\"\n");
    assert!(msg.contains("scheme \"ftp\""), "{msg}");
    let (_h, msg) = bad_file("clipboard = \"always\"\n");
    assert!(
        msg.contains("use one of \"auto\", \"osc52\", \"system\" or \"off\""),
        "{msg}"
    );
    let (_h, msg) = bad_file("poll_interval = 0\n");
    assert!(
        msg.contains("`poll_interval` must be longer than zero"),
        "{msg}"
    );
    let (_h, msg) = bad_file("partner_id = -4\nadmin_secret = \"x\"\n");
    assert!(msg.contains("must be a positive number"), "{msg}");
}

#[test]
fn toml_syntax_errors_give_the_line() {
    let (_h, msg) = bad_file("app_name = \"ok\"\npartner_id 5\n");
    assert_one_sentence(&msg);
    assert!(msg.contains("is not valid TOML (line 2"), "{msg}");
}

#[test]
fn half_an_account_is_refused() {
    let (_h, msg) = bad_file("partner_id = 5\n");
    assert_one_sentence(&msg);
    assert!(msg.contains("sets partner_id but no admin secret"), "{msg}");
    assert!(msg.contains("admin_secret_file"), "{msg}");
    let (_h, msg) = bad_file("admin_secret = \"abc\"\n");
    assert!(
        msg.contains("provides an admin secret but no partner_id"),
        "{msg}"
    );
    assert!(!msg.contains("abc"));
    let (_h, msg) = bad_file("partner_id = 5\nadmin_secret = \"a\"\nadmin_secret_file = \"/x\"\n");
    assert!(
        msg.contains("sets both admin_secret and admin_secret_file"),
        "{msg}"
    );
    let (_h, msg) = bad_file("partner_id = 5\nadmin_secret = \"\"\n");
    assert!(msg.contains("`admin_secret` is empty"), "{msg}");
}

#[test]
fn unknown_profile_lists_the_known_ones() {
    let home = Home::new();
    let file = home.write("c.toml", "[profiles.prod]\n[profiles.test]\n", 0o600);
    let mut args = args_with_file(&file);
    args.profile = Some("staging".into());
    let msg = err(&args, &env_of(&[("HOME", &home.home())]));
    assert_one_sentence(&msg);
    assert!(
        msg.contains("profile `staging` (selected by --profile)"),
        "{msg}"
    );
    assert!(msg.contains("(prod, test)"), "{msg}");
    assert!(msg.contains("add a [profiles.staging] section"), "{msg}");
    let none = GlobalArgs {
        profile: Some("x".into()),
        ..GlobalArgs::default()
    };
    let msg = err(&none, &env_of(&[("HOME", &home.home())]));
    assert_one_sentence(&msg);
    assert!(
        msg.contains("needs a config file, and none was found at"),
        "{msg}"
    );
    assert!(msg.contains(".config/kwebcast/config.toml"), "{msg}");
}

#[test]
fn unreadable_files_are_named() {
    let home = Home::new();
    let args = args_with_file(&home.path().join("missing.toml"));
    let msg = err(&args, &env_of(&[("HOME", &home.home())]));
    assert_one_sentence(&msg);
    assert!(
        msg.contains("missing.toml (given by --config): no such file"),
        "{msg}"
    );
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KWEBCAST_CONFIG", "/nonexistent/k.toml"),
    ]);
    let msg = err(&GlobalArgs::default(), &env);
    assert!(msg.contains("(given by KWEBCAST_CONFIG)"), "{msg}");
    let dir_args = args_with_file(home.path());
    assert!(err(&dir_args, &env_of(&[("HOME", &home.home())])).contains("cannot read config file"));
}

#[test]
fn bad_environment_values_name_the_variable() {
    let home = Home::new();
    let env = env_of(&[("HOME", &home.home()), ("KALTURA_PARTNER_ID", "abc")]);
    let msg = err(&GlobalArgs::default(), &env);
    assert_one_sentence(&msg);
    assert!(
        msg.starts_with(
            "environment variable KALTURA_PARTNER_ID: `partner_id` must be a whole number"
        ),
        "{msg}"
    );
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KALTURA_SERVICE_URL", "localhost:8080"),
    ]);
    assert!(err(&GlobalArgs::default(), &env).contains("KALTURA_SERVICE_URL: `service_url`"));
}

#[test]
fn bad_flags_name_the_flag() {
    let home = Home::new();
    let mut args = GlobalArgs::default();
    args.overrides.service_url = Some("nope".into());
    let msg = err(&args, &env_of(&[("HOME", &home.home())]));
    assert!(
        msg.starts_with("flag --service-url: `service_url` is not a valid URL"),
        "{msg}"
    );
}

#[test]
fn the_example_config_documents_every_knob_and_parses_uncommented() {
    let example = include_str!("../../config/kwebcast.example.toml");
    for knob in KNOBS {
        assert!(
            example.contains(&format!("# {} = ", knob.key)),
            "{} undocumented",
            knob.key
        );
        assert!(example.contains(knob.env), "{} undocumented", knob.env);
    }
    let uncommented: String = example
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| {
            l.starts_with("[profiles.")
                || l.split(" = ").next().is_some_and(|k| {
                    !matches!(k, "admin_secret" | "app_token")
                        && (knobs::by_key(k).is_some() || k == "default_profile")
                }) && l.contains(" = ")
        })
        .map(|l| format!("{}\n", l.split("  #").next().unwrap_or(l).trim_end()))
        .collect();
    let table: toml::Table = uncommented.parse().expect("example parses");
    let parsed = file::parse(Path::new("example.toml"), &table, false).expect("example is valid");
    assert_eq!(parsed.profiles.len(), 2);
    assert_eq!(parsed.default_profile.as_deref(), Some("production"));
}

#[test]
fn sandbox_speed_comes_from_the_environment_and_must_be_positive() {
    let home = Home::new();
    let s = load(&GlobalArgs::default(), &env_of(&[("HOME", &home.home())])).unwrap();
    assert_eq!(s.sandbox_speed, DEFAULT_SANDBOX_SPEED as f64);
    let fast = env_of(&[("HOME", &home.home()), ("KWEBCAST_SANDBOX_SPEED", "20")]);
    assert_eq!(
        load(&GlobalArgs::default(), &fast).unwrap().sandbox_speed,
        20.0
    );
    let zero = env_of(&[("HOME", &home.home()), ("KWEBCAST_SANDBOX_SPEED", "0")]);
    let msg = err(&GlobalArgs::default(), &zero);
    assert!(msg.contains("KWEBCAST_SANDBOX_SPEED"), "{msg}");
    assert!(msg.contains("whole number above zero"), "{msg}");
}

#[test]
fn privilege_text_refuses_separators_that_would_add_privileges() {
    for key in ["app_id", "app_domain", "user_id", "moderator_user"] {
        for bad in ["x,sview:*", "example.com:8080", "a;b"] {
            let (_h, msg) = bad_file(&format!("{key} = \"{bad}\"\n"));
            assert_one_sentence(&msg);
            assert!(msg.contains(&format!("`{key}` contains")), "{msg}");
            assert!(msg.contains("remove every ',', ':' and ';'"), "{msg}");
        }
    }
    let home = Home::new();
    let env = env_of(&[("HOME", &home.home()), ("KALTURA_USER_ID", "u,sview:*")]);
    let msg = err(&GlobalArgs::default(), &env);
    assert!(
        msg.starts_with("environment variable KALTURA_USER_ID: `user_id` contains ','"),
        "{msg}"
    );
    // Other text knobs keep their punctuation.
    let file = home.write("ok.toml", "app_name = \"Webcasts: a, b; c\"\n", 0o600);
    load(&args_with_file(&file), &env_of(&[("HOME", &home.home())])).unwrap();
}

#[test]
fn ks_expiries_longer_than_ten_years_are_refused() {
    for key in [
        "admin_ks_expiry",
        "attendee_ks_expiry",
        "moderator_ks_expiry",
    ] {
        let (_h, msg) = bad_file(&format!("{key} = {}\n", i64::MAX));
        assert_one_sentence(&msg);
        assert!(
            msg.contains(&format!("`{key}` is longer than ten years")),
            "{msg}"
        );
        let (_h, msg) = bad_file(&format!("{key} = \"3651d\"\n"));
        assert!(msg.contains("longer than ten years"), "{msg}");
    }
    let home = Home::new();
    let file = home.write("ok.toml", "admin_ks_expiry = \"3650d\"\n", 0o600);
    let s = load(&args_with_file(&file), &env_of(&[("HOME", &home.home())])).unwrap();
    assert_eq!(s.admin_ks_expiry, 3650 * 86_400);
    // Not a KS expiry: no cap.
    let file = home.write("ok2.toml", "poll_interval = \"4000d\"\n", 0o600);
    load(&args_with_file(&file), &env_of(&[("HOME", &home.home())])).unwrap();
}

#[test]
fn debug_of_a_config_file_redacts_an_inline_secret() {
    let table: toml::Table = "partner_id = 42\nadmin_secret = \"hunter2-inline\"\n\
                              [profiles.p]\nadmin_secret = \"hunter3-profile\"\n"
        .parse()
        .unwrap();
    let file = super::file::parse(Path::new("/x/k.toml"), &table, false).unwrap();
    let shown = format!("{file:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(!shown.contains("hunter3"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(
        shown.contains("Integer(42)"),
        "the rest stays visible: {shown}"
    );
    let entry = &file.top["admin_secret"];
    assert!(!format!("{entry:#?}").contains("hunter2"));
}

#[test]
fn urls_with_a_password_are_refused_without_echoing_it() {
    let home = Home::new();
    for key in ["service_url", "cdn_url", "moderator_url"] {
        let file = home.write(
            "userinfo.toml",
            &format!("{key} = \"https://op:hunter2-pw@kaltura.example.edu/\"\n"),
            0o600,
        );
        let msg = err(&args_with_file(&file), &env_of(&[("HOME", &home.home())]));
        assert_one_sentence(&msg);
        assert!(
            msg.contains(&format!("`{key}` carries a user name or password")),
            "{msg}"
        );
        assert!(!msg.contains("hunter2") && !msg.contains("op:"), "{msg}");
    }
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KALTURA_SERVICE_URL", "http://admin@127.0.0.1:9/"),
    ]);
    let msg = err(&GlobalArgs::default(), &env);
    assert!(
        msg.starts_with("environment variable KALTURA_SERVICE_URL"),
        "{msg}"
    );
    assert!(!msg.contains("admin@"), "{msg}");
}

#[test]
fn plain_http_is_for_this_machine_only_unless_allowed_then_warned() {
    let home = Home::new();
    for loopback in [
        "http://127.0.0.1:8089/",
        "http://localhost:8089",
        "http://[::1]:1/",
        "http://127.9.9.9/",
    ] {
        let env = env_of(&[("HOME", &home.home()), ("KALTURA_SERVICE_URL", loopback)]);
        let s = load(&GlobalArgs::default(), &env).unwrap();
        assert!(
            s.warnings.is_empty() && s.insecure_urls().is_empty(),
            "{loopback}"
        );
    }
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KALTURA_SERVICE_URL", "http://kaltura.example.edu/"),
    ]);
    let msg = err(&GlobalArgs::default(), &env);
    assert_one_sentence(&msg);
    assert!(
        msg.contains("`service_url` uses http:// to kaltura.example.edu")
            && msg.contains("allow_insecure_http = true"),
        "{msg}"
    );
    let file = home.write(
        "insecure.toml",
        "cdn_url = \"http://cdn.example.edu\"\nallow_insecure_http = true\n",
        0o600,
    );
    let s = load(&args_with_file(&file), &env_of(&[("HOME", &home.home())])).unwrap();
    assert!(s.allow_insecure_http);
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(s.warnings[0].starts_with("warning: cdn_url uses http:// to cdn.example.edu"));
    assert_eq!(
        s.insecure_urls(),
        vec![("cdn_url", "cdn.example.edu".to_string())]
    );
}

#[test]
fn text_values_with_controls_or_bidi_are_refused_without_echo() {
    let home = Home::new();
    for value in [
        "Evil\u{1b}]0;PWNED\u{7}",
        "a\u{202e}b",
        "two\nlines",
        "zw\u{200b}sp",
    ] {
        let env = env_of(&[("HOME", &home.home()), ("KALTURA_APP_NAME", value)]);
        let msg = err(&GlobalArgs::default(), &env);
        assert_one_sentence(&msg);
        assert!(
            msg.contains("`app_name` contains a control character"),
            "{msg}"
        );
        assert!(msg.chars().all(crate::text::is_safe_char), "{msg:?}");
    }
    let env = env_of(&[("HOME", &home.home()), ("KALTURA_APP_NAME", "Zoë's 🎉 app")]);
    assert_eq!(
        load(&GlobalArgs::default(), &env).unwrap().app_name,
        "Zoë's 🎉 app"
    );
}

#[test]
fn network_limits_have_defaults_and_bounds() {
    let home = Home::new();
    let s = load(&GlobalArgs::default(), &env_of(&[("HOME", &home.home())])).unwrap();
    assert_eq!(s.request_timeout, std::time::Duration::from_secs(30));
    assert_eq!(s.max_answer_bytes, 8 << 20);
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KWEBCAST_REQUEST_TIMEOUT", "2m"),
        ("KWEBCAST_MAX_ANSWER_MB", "64"),
    ]);
    let s = load(&GlobalArgs::default(), &env).unwrap();
    assert_eq!(s.request_timeout, std::time::Duration::from_secs(120));
    assert_eq!(s.max_answer_bytes, 64 << 20);
    for (var, value, phrase) in [
        ("KWEBCAST_MAX_ANSWER_MB", "0", "must be a positive number"),
        ("KWEBCAST_MAX_ANSWER_MB", "100000", "is above 4096"),
        ("KWEBCAST_REQUEST_TIMEOUT", "2h", "longer than an hour"),
        ("KWEBCAST_REQUEST_TIMEOUT", "0", "longer than zero"),
    ] {
        let env = env_of(&[("HOME", &home.home()), (var, value)]);
        let msg = err(&GlobalArgs::default(), &env);
        assert!(msg.contains(phrase), "{var}={value}: {msg}");
    }
}

#[test]
fn unknown_keys_and_tables_get_a_did_you_mean() {
    let (_h, msg) = bad_file("[profile.x]\npartner_id = 1\n");
    assert!(
        msg.contains("unknown key `profile` (did you mean `profiles`?)"),
        "{msg}"
    );
    let (_h, msg) = bad_file("parnter_id = 5\n");
    assert!(msg.contains("(did you mean `partner_id`?)"), "{msg}");
    let (_h, msg) = bad_file("[profiles.p]\nthme = \"dark\"\n");
    assert!(
        msg.contains("unknown key `thme` in [profiles.p] (did you mean `theme`?)"),
        "{msg}"
    );
    // Nothing close: no guess.
    let (_h, msg) = bad_file("zzzzzz = 1\n");
    assert!(!msg.contains("did you mean"), "{msg}");
    assert_one_sentence(&msg);
}

#[test]
fn a_partner_id_set_alone_in_the_environment_gets_environment_names() {
    let home = Home::new();
    let msg = err(
        &GlobalArgs::default(),
        &env_of(&[("HOME", &home.home()), ("KALTURA_PARTNER_ID", "123")]),
    );
    assert_one_sentence(&msg);
    assert!(
        msg.contains("set KALTURA_APP_TOKEN_ID and KALTURA_APP_TOKEN"),
        "{msg}"
    );
    assert!(msg.contains("unset KALTURA_PARTNER_ID"), "{msg}");
    // No TOML for an environment setting.
    assert!(!msg.contains("= \"PATH\""), "{msg}");
    assert!(!msg.contains("beside it"), "{msg}");
    let msg = err(
        &GlobalArgs::default(),
        &env_of(&[("HOME", &home.home()), ("KALTURA_ADMIN_SECRET", "s3cret")]),
    );
    assert!(msg.contains("set KALTURA_PARTNER_ID as well"), "{msg}");
    assert!(!msg.contains("beside it"), "{msg}");
}

#[test]
fn sandbox_flag_ignores_a_half_configured_account() {
    let home = Home::new();
    let args = GlobalArgs {
        sandbox: true,
        ..GlobalArgs::default()
    };
    let s = load(
        &args,
        &env_of(&[("HOME", &home.home()), ("KALTURA_PARTNER_ID", "123")]),
    )
    .expect("--sandbox loads whatever account is half-configured");
    assert!(!s.has_account());
    assert!(
        s.warnings.iter().any(|w| w.contains("--sandbox")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn a_bad_environment_value_is_said_once_with_an_example() {
    let home = Home::new();
    let msg = err(
        &GlobalArgs::default(),
        &env_of(&[("HOME", &home.home()), ("KWEBCAST_POLL_INTERVAL", "banana")]),
    );
    assert_one_sentence(&msg);
    assert_eq!(
        msg.matches("a number of seconds or a string such as")
            .count(),
        1,
        "{msg}"
    );
    assert!(
        msg.contains("set for example KWEBCAST_POLL_INTERVAL=30s"),
        "{msg}"
    );
}

#[test]
fn watchdog_knobs_have_defaults_zero_grace_and_bounds() {
    let home = Home::new();
    let s = load(&GlobalArgs::default(), &env_of(&[("HOME", &home.home())])).unwrap();
    assert_eq!(s.watchdog_grace, std::time::Duration::from_secs(120));
    assert_eq!(
        s.watchdog_recording_wait,
        std::time::Duration::from_secs(900)
    );
    let env = env_of(&[
        ("HOME", &home.home()),
        ("KWEBCAST_WATCHDOG_GRACE", "0"),
        ("KWEBCAST_WATCHDOG_RECORDING_WAIT", "30m"),
    ]);
    let s = load(&GlobalArgs::default(), &env).unwrap();
    assert_eq!(s.watchdog_grace, std::time::Duration::ZERO);
    assert_eq!(
        s.watchdog_recording_wait,
        std::time::Duration::from_secs(1800)
    );
    let file = home.write(
        "w.toml",
        "watchdog_grace = \"5m\"\nwatchdog_recording_wait = 60\n",
        0o600,
    );
    let s = load(&args_with_file(&file), &env_of(&[("HOME", &home.home())])).unwrap();
    assert_eq!(s.watchdog_grace, std::time::Duration::from_secs(300));
    assert_eq!(
        s.watchdog_recording_wait,
        std::time::Duration::from_secs(60)
    );
    for (var, value, phrase) in [
        ("KWEBCAST_WATCHDOG_GRACE", "2d", "longer than a day"),
        ("KWEBCAST_WATCHDOG_GRACE", "soon", "KWEBCAST_WATCHDOG_GRACE"),
        ("KWEBCAST_WATCHDOG_RECORDING_WAIT", "0", "longer than zero"),
        (
            "KWEBCAST_WATCHDOG_RECORDING_WAIT",
            "25h",
            "longer than a day",
        ),
    ] {
        let env = env_of(&[("HOME", &home.home()), (var, value)]);
        let msg = err(&GlobalArgs::default(), &env);
        assert_one_sentence(&msg);
        assert!(msg.contains(phrase), "{var}={value}: {msg}");
    }
}
