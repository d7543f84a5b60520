//! Where kwebcast keeps its files, found the XDG way through an environment-lookup closure so that
//! tests can point everything at a temporary directory without touching the process environment.

use std::path::{Path, PathBuf};

/// The application's directory name under each XDG base directory.
const APP: &str = "kwebcast";

/// The three places kwebcast uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDirs {
    /// `$XDG_CONFIG_HOME/kwebcast`: `config.toml`.
    pub config: PathBuf,
    /// `$XDG_DATA_HOME/kwebcast`: the event journal.
    pub data: PathBuf,
    /// `$XDG_STATE_HOME/kwebcast`: the log file.
    pub state: PathBuf,
}

impl AppDirs {
    /// Resolves the directories from `XDG_*_HOME`, else `$HOME/.config`, `.local/share` and
    /// `.local/state`, else the platform's own directories, else the working directory.
    pub fn resolve(env: &impl Fn(&str) -> Option<String>) -> AppDirs {
        let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let home = var("HOME");
        let fallback = directories::ProjectDirs::from("", "", APP);
        let pick = |xdg: &str, home_rel: &str, platform: Option<&Path>| -> PathBuf {
            if let Some(base) = var(xdg).filter(|p| p.is_absolute()) {
                return base.join(APP);
            }
            if let Some(home) = &home {
                return home.join(home_rel).join(APP);
            }
            match platform {
                Some(dir) => dir.to_path_buf(),
                None => PathBuf::from(".").join(APP),
            }
        };
        AppDirs {
            config: pick(
                "XDG_CONFIG_HOME",
                ".config",
                fallback.as_ref().map(|d| d.config_dir()),
            ),
            data: pick(
                "XDG_DATA_HOME",
                ".local/share",
                fallback.as_ref().map(|d| d.data_dir()),
            ),
            state: pick(
                "XDG_STATE_HOME",
                ".local/state",
                fallback
                    .as_ref()
                    .map(|d| d.state_dir().unwrap_or(d.cache_dir())),
            ),
        }
    }

    /// The default config file, used when neither `--config` nor `KWEBCAST_CONFIG` names one.
    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }

    /// The default log file.
    pub fn log_file(&self) -> PathBuf {
        self.state.join("kwebcast.log")
    }
}

/// Expands a leading `~/` with `$HOME`, as a shell would, so config files can say
/// `admin_secret_file = "~/.config/kwebcast/secret"`.
pub fn expand_home(path: &str, env: &impl Fn(&str) -> Option<String>) -> PathBuf {
    match (path.strip_prefix("~/"), env("HOME")) {
        (Some(rest), Some(home)) if !home.is_empty() => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_variables_win_over_home() {
        let env = |k: &str| match k {
            "HOME" => Some("/home/op".to_string()),
            "XDG_CONFIG_HOME" => Some("/xdg/config".to_string()),
            _ => None,
        };
        let dirs = AppDirs::resolve(&env);
        assert_eq!(
            dirs.config_file(),
            Path::new("/xdg/config/kwebcast/config.toml")
        );
        assert_eq!(dirs.data, Path::new("/home/op/.local/share/kwebcast"));
        assert_eq!(
            dirs.log_file(),
            Path::new("/home/op/.local/state/kwebcast/kwebcast.log")
        );
        assert_eq!(expand_home("~/s", &env), Path::new("/home/op/s"));
        assert_eq!(expand_home("/abs", &env), Path::new("/abs"));
    }
}
