//! Kaltura's objects as we read and write them, one file per object family.
//!
//! Reading is lenient by design (see [`lenient`]): unknown fields are ignored, missing ones
//! default, numbers may come as strings, booleans as `1`/`"1"`, enums keep unknown values. Empty
//! IDs stay `""` in the fields and read as `None` through helper methods (e.g.
//! [`LiveStreamEntry::recorded_entry_id`]).
//!
//! Public API: [`LiveStreamEntry`], [`RecordingOptions`], [`MediaEntry`] (= [`BaseEntry`]),
//! [`ListResponse`], [`LiveStreamStats`], [`LiveEntryServerNode`], [`ReportGraph`], [`Metadata`], [`MetadataProfile`], [`UiConf`], [`ConversionProfile`],
//! [`NewLiveStream`], [`LiveStreamUpdate`], [`SessionInfo`], [`WidgetSession`], [`AppTokenObject`],
//! and the enums in [`enums`].

pub mod conversion_profile;
pub mod enums;
pub mod lenient;
pub mod list;
pub mod live_health;
pub mod live_stream;
pub mod media;
pub mod metadata;
pub mod new_live_stream;
pub mod session;
pub mod short_link;
pub mod ui_conf;

pub use conversion_profile::ConversionProfile;
pub use enums::{
    ConversionProfileType, DvrStatus, EntryServerNodeStatus, EntryServerNodeType, EntryStatus,
    EntryType, LivePublishStatus, LiveStatus, MediaType, MetadataObjectType, PlaybackProtocol,
    RecordStatus, RecordingStatus, SourceType, UiConfObjType, ViewMode,
};
pub use list::ListResponse;
pub use live_health::{LiveEntryServerNode, LiveStreamParams, LiveStreamStats, ReportGraph};
pub use live_stream::{LiveStreamEntry, RecordingOptions};
pub use media::{BaseEntry, MediaEntry};
pub use metadata::{Metadata, MetadataProfile};
pub use new_live_stream::{LIVE_STREAM_ENTRY, LiveStreamUpdate, NewLiveStream};
pub use session::{AppTokenObject, SessionInfo, WidgetSession};
pub use short_link::ShortLink;
pub use ui_conf::UiConf;
