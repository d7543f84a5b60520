//! `kwebcast ks`: the printed KS verifies with the configured secret and says what was asked.

mod cli_support;

use cli_support::{Home, assert_no_secret, json_line};
use kwebcast::kaltura::ks::{self, KsVersion, SessionType};

const SECRET: &str = "ks-test-secret-abcdef0123456789";

fn account(home: &Home) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("KALTURA_PARTNER_ID", "987654")
        .env("KALTURA_ADMIN_SECRET", SECRET)
        .env("KALTURA_ADMIN_EMAIL", "ops@example.com");
    cmd
}

fn last_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .last()
        .expect("output")
        .to_string()
}

#[test]
fn admin_ks_verifies_with_the_secret() {
    let home = Home::new();
    let out = account(&home)
        .args(["ks", "--type", "admin"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = last_line(&out.stdout);
    let info = ks::verify(&printed, SECRET).expect("a valid KS");
    assert_eq!(info.partner_id, 987_654);
    assert_eq!(info.session_type, SessionType::Admin);
    assert_eq!(info.user_id, "ops@example.com");
    assert_eq!(info.version, KsVersion::V2);
    let now = jiff::Timestamp::now().as_second();
    assert!(
        (info.expires_at - now - 86_400).abs() < 60,
        "default admin expiry"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("sandbox"));
    assert_no_secret(&out, SECRET);
}

#[test]
fn user_ks_carries_user_privileges_expiry_and_format() {
    let home = Home::new();
    let out = account(&home)
        .args([
            "ks",
            "--type",
            "user",
            "--user",
            "viewer-7",
            "--privileges",
            "sview:0_abcd1234,enableentitlement",
            "--expiry",
            "600",
            "--format",
            "v1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let info = ks::verify(&last_line(&out.stdout), SECRET).unwrap();
    assert_eq!(info.version, KsVersion::V1);
    assert_eq!(info.session_type, SessionType::User);
    assert_eq!(info.user_id, "viewer-7");
    assert_eq!(info.privilege("sview"), Some("0_abcd1234"));
    assert!(info.privileges_string().contains("enableentitlement"));
    let now = jiff::Timestamp::now().as_second();
    assert!((info.expires_at - now - 600).abs() < 60);
    assert!(ks::verify(&last_line(&out.stdout), "another-secret").is_err());
}

#[test]
fn json_output_has_the_documented_keys() {
    let home = Home::new();
    let out = account(&home)
        .args(["ks", "--type", "user", "--json"])
        .env("KALTURA_USER_ID", "att-1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json_line(&out.stdout);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "schema",
            "sandbox",
            "partner_id",
            "type",
            "user_id",
            "privileges",
            "format",
            "expires_at",
            "ks"
        ]
    );
    assert_eq!(v["schema"], 1);
    assert_eq!(v["sandbox"], false);
    assert_eq!(v["type"], "user");
    assert_eq!(v["user_id"], "att-1");
    let info = ks::verify(v["ks"].as_str().unwrap(), SECRET).unwrap();
    assert_eq!(info.expires_at, v["expires_at"].as_i64().unwrap());
    assert_no_secret(&out, SECRET);
}

#[test]
fn without_credentials_the_sandbox_signs_and_says_so() {
    let home = Home::new();
    let out = home.cmd().args(["ks", "--type", "admin"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("sandbox: using the built-in Kaltura sandbox at http://127.0.0.1:"),
        "{stdout}"
    );
    let envelope = ks::decode(&last_line(&out.stdout)).unwrap();
    assert_eq!(envelope.partner_id(), 1000);

    let out = home
        .cmd()
        .args(["ks", "--type", "admin", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_line(&out.stdout)["sandbox"], true);
}

#[test]
fn admin_ks_warns_on_stderr_and_stays_last_on_stdout() {
    let home = Home::new();
    let out = account(&home)
        .args(["ks", "--type", "admin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<_> = stderr
        .lines()
        .filter(|l| l.contains("admin KS grants full access"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0]
            .starts_with("warning: this admin KS grants full access to partner 987654 until "),
        "{stderr}"
    );
    assert!(warnings[0].ends_with("; do not share it"), "{stderr}");
    let printed = last_line(&out.stdout);
    assert!(
        ks::verify(&printed, SECRET).is_ok(),
        "the KS is stdout's last line"
    );
    assert!(
        !stderr.contains(&printed),
        "the KS is not repeated on stderr"
    );

    let out = account(&home)
        .args(["ks", "--type", "user"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("admin KS"),
        "no warning for a user KS"
    );
}

#[test]
fn a_huge_expiry_flag_does_not_overflow() {
    let home = Home::new();
    let out = account(&home)
        .args(["ks", "--type", "user", "--expiry", &i64::MAX.to_string()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = ks::verify(&last_line(&out.stdout), SECRET).unwrap();
    assert_eq!(info.expires_at, i64::MAX);
}
