//! Kaltura's enums (kaltura-api.md section 5), each with an `Unknown` fallback.
//!
//! Kaltura adds values over time and sends integer enums as numbers or numeric strings; an unknown
//! value must not break a poll, so every enum keeps what it did not recognise. Integer enums travel
//! as numbers, string enums (`SourceType`, `ConversionProfileType`, `PlaybackProtocol`) as strings.

use super::lenient::int_of;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// Declares an integer enum: `code()`, `From<i64>`, lenient Deserialize, Serialize as a number.
macro_rules! int_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:expr),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value this build does not know; kept so it can be shown and sent back.
            Unknown(i64),
        }

        impl $name {
            /// Kaltura's number for this value.
            pub fn code(self) -> i64 {
                match self {
                    $($name::$variant => $code,)+
                    $name::Unknown(n) => n,
                }
            }
        }

        impl From<i64> for $name {
            fn from(code: i64) -> Self {
                match code {
                    $(c if c == $code => $name::$variant,)+
                    other => $name::Unknown(other),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = Value::deserialize(d)?;
                int_of(&v).map($name::from).ok_or_else(|| {
                    de::Error::custom(format!(concat!("expected a ", stringify!($name), " number, got {}"), v))
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }
    };
}

/// Declares a string enum: `code()`, `From<&str>`, Deserialize from a string or number, Serialize
/// as a string.
macro_rules! str_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:expr),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value this build does not know; kept so it can be shown and sent back.
            Unknown(String),
        }

        impl $name {
            /// Kaltura's string for this value.
            pub fn code(&self) -> &str {
                match self {
                    $($name::$variant => $code,)+
                    $name::Unknown(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(code: &str) -> Self {
                match code.trim() {
                    $(c if c.eq_ignore_ascii_case($code) => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                match Value::deserialize(d)? {
                    Value::String(s) => Ok($name::from(s.as_str())),
                    Value::Number(n) => Ok($name::from(n.to_string().as_str())),
                    other => Err(de::Error::custom(format!(
                        concat!("expected a ", stringify!($name), " string, got {}"), other))),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
    };
}

int_enum!(
    /// `KalturaEntryStatus`: whether an entry can be played (READY) or is still processing.
    EntryStatus {
        /// -2: the import failed.
        ErrorImporting = -2,
        /// -1: transcoding failed.
        ErrorConverting = -1,
        /// 0: being imported.
        Import = 0,
        /// 1: waiting to be converted.
        Preconvert = 1,
        /// 2: playable.
        Ready = 2,
        /// 3: deleted.
        Deleted = 3,
        /// 4: pending.
        Pending = 4,
        /// 5: awaiting moderation.
        Moderate = 5,
        /// 6: blocked.
        Blocked = 6,
        /// 7: created but no media yet (a recording while live).
        NoContent = 7,
    }
);

impl EntryStatus {
    /// True for the failure states (negative codes), which the board shows as ERROR.
    pub fn is_error(self) -> bool {
        self.code() < 0
    }
}

int_enum!(
    /// `KalturaEntryType`: a live entry or a media clip (a recording).
    EntryType {
        /// 1: a media clip (recordings are these).
        MediaClip = 1,
        /// 7: a live stream.
        LiveStream = 7,
    }
);

int_enum!(
    /// `KalturaMediaType`: what kind of media an entry holds.
    MediaType {
        /// 1: video.
        Video = 1,
        /// 2: image.
        Image = 2,
        /// 5: audio.
        Audio = 5,
        /// 201: a live stream fed by RTMP/RTSP/SIP/WebRTC.
        LiveStreamFlash = 201,
    }
);

str_enum!(
    /// `KalturaSourceType` (a string enum): where an entry's media comes from.
    SourceType {
        /// "1": an uploaded file.
        File = "1",
        /// "32": Kaltura-hosted live stream (our events).
        LiveStream = "32",
        /// "34": a recorded live stream (legacy).
        RecordedLive = "34",
        /// "36": the recording of a Kaltura live session.
        KalturaRecordedLive = "36",
    }
);

int_enum!(
    /// `KalturaEntryServerNodeStatus`, the entry's `liveStatus`: what the encoder is doing.
    LiveStatus {
        /// -1: the media server reports an error.
        Error = -1,
        /// 0: no encoder.
        Stopped = 0,
        /// 1: playable.
        Playable = 1,
        /// 2: receiving, not yet playable.
        Broadcasting = 2,
        /// 3: the encoder authenticated.
        Authenticated = 3,
        /// 4: being removed.
        MarkedForDeletion = 4,
        /// 5: a server task is pending.
        TaskPending = 5,
        /// 6: a server task is queued.
        TaskQueued = 6,
        /// 7: a server task is processing.
        TaskProcessing = 7,
        /// 8: a server task is uploading.
        TaskUploading = 8,
        /// 9: a server task finished.
        TaskFinished = 9,
    }
);

/// Kaltura's own name for the `liveStatus` enum.
pub type EntryServerNodeStatus = LiveStatus;

str_enum!(
    /// `KalturaEntryServerNodeType` (a string enum): which ingest point of a live entry a
    /// `KalturaLiveEntryServerNode` is.
    EntryServerNodeType {
        /// "0": the primary ingest (`primaryBroadcastingUrl`).
        LivePrimary = "0",
        /// "1": the backup ingest (`secondaryBroadcastingUrl`).
        LiveBackup = "1",
    }
);

int_enum!(
    /// `KalturaViewMode`: whether attendees may watch an `explicitLive` entry yet.
    ViewMode {
        /// 0: only the producer sees the preview.
        Preview = 0,
        /// 1: everyone (after Go Live).
        AllowAll = 1,
    }
);

int_enum!(
    /// `KalturaRecordingStatus`: whether the current session is being recorded.
    RecordingStatus {
        /// 0: stopped.
        Stopped = 0,
        /// 1: paused.
        Paused = 1,
        /// 2: recording.
        Active = 2,
        /// 3: recording is off for this entry.
        Disabled = 3,
    }
);

int_enum!(
    /// `KalturaRecordStatus`: how an entry records its sessions.
    RecordStatus {
        /// 0: no recording.
        Disabled = 0,
        /// 1: one recording appended across sessions.
        Appended = 1,
        /// 2: a recording per session (the webcast default).
        PerSession = 2,
    }
);

int_enum!(
    /// `KalturaDVRStatus`: whether viewers can rewind the live stream.
    DvrStatus {
        /// 0: off.
        Disabled = 0,
        /// 1: on.
        Enabled = 1,
    }
);

int_enum!(
    /// `KalturaLivePublishStatus` (`pushPublishEnabled`).
    LivePublishStatus {
        /// 0: off.
        Disabled = 0,
        /// 1: on.
        Enabled = 1,
    }
);

int_enum!(
    /// `KalturaUiConfObjType`: what a uiConf configures.
    UiConfObjType {
        /// 1: a player.
        Player = 1,
        /// 21: the webcasting Studio.
        Webcasting = 21,
    }
);

str_enum!(
    /// `KalturaMetadataObjectType` (a string enum): what a metadata record is attached to.
    MetadataObjectType {
        /// "1": an entry.
        Entry = "1",
    }
);

str_enum!(
    /// `KalturaConversionProfileType` (a string enum).
    ConversionProfileType {
        /// "1": VOD transcoding.
        Media = "1",
        /// "2": live transcoding.
        LiveStream = "2",
    }
);

str_enum!(
    /// `KalturaPlaybackProtocol`, as `liveStream.isLive` takes it.
    PlaybackProtocol {
        /// "auto": let the server pick (what the seed sends).
        Auto = "auto",
        /// "hls".
        Hls = "hls",
        /// "applehttp".
        AppleHttp = "applehttp",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn int_enums_take_numbers_and_numeric_strings() {
        let s: EntryStatus = serde_json::from_value(json!(2)).unwrap();
        assert_eq!(s, EntryStatus::Ready);
        let s: EntryStatus = serde_json::from_value(json!("-1")).unwrap();
        assert_eq!(s, EntryStatus::ErrorConverting);
        assert!(s.is_error());
        let s: LiveStatus = serde_json::from_value(json!(42)).unwrap();
        assert_eq!(s, LiveStatus::Unknown(42));
        assert_eq!(s.code(), 42);
        assert_eq!(
            serde_json::to_value(MediaType::LiveStreamFlash).unwrap(),
            json!(201)
        );
        assert!(serde_json::from_value::<ViewMode>(json!("preview")).is_err());
    }

    #[test]
    fn string_enums_take_strings_and_numbers() {
        let s: SourceType = serde_json::from_value(json!("32")).unwrap();
        assert_eq!(s, SourceType::LiveStream);
        let s: SourceType = serde_json::from_value(json!(36)).unwrap();
        assert_eq!(s, SourceType::KalturaRecordedLive);
        let s: SourceType = serde_json::from_value(json!("99")).unwrap();
        assert_eq!(s, SourceType::Unknown("99".into()));
        assert_eq!(
            serde_json::to_value(SourceType::LiveStream).unwrap(),
            json!("32")
        );
        assert_eq!(PlaybackProtocol::from("HLS"), PlaybackProtocol::Hls);
    }
}
