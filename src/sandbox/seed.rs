//! What a fresh webcasting-enabled partner holds (reference section 7): the conversion profiles
//! of Kaltura's init data (VOD default, `Passthrough_Live`, `Default_Live`) and the slides
//! profile, the two KMS metadata profiles with their XSDs, the Studio (WEBCASTING) uiConf
//! template and a player uiConf.

use super::store::{Obj, Store};
use serde_json::{Value, json};

/// A fresh store for `partner_id`, created at `now` (Unix seconds).
pub fn fresh(partner_id: i64, now: i64) -> Store {
    let mut store = Store {
        partner_id,
        entries: Vec::new(),
        metadata_profiles: Vec::new(),
        metadata: Vec::new(),
        conversion_profiles: Vec::new(),
        ui_confs: Vec::new(),
        next_int_id: 10001,
        timers: Vec::new(),
        server_nodes: Vec::new(),
        app_tokens: Vec::new(),
        user_secret: None,
        admin_secret: None,
        instance_id: Some(super::store::random_alnum(12)),
        short_links: Vec::new(),
        generation: 0,
        index_clock: Default::default(),
    };
    for profile in CONVERSION_PROFILES {
        let id = store.new_int_id();
        store
            .conversion_profiles
            .push(conversion_profile(id, partner_id, profile, now));
    }
    let kwebcast = store.new_int_id();
    store.metadata_profiles.push(metadata_profile(
        kwebcast,
        partner_id,
        "KMS_KWEBCAST2",
        KWEBCAST_XSD,
        now,
    ));
    let events = store.new_int_id();
    store.metadata_profiles.push(metadata_profile(
        events,
        partner_id,
        "KMS_EVENTS3",
        EVENTS_XSD,
        now,
    ));
    let studio = store.new_int_id();
    store.ui_confs.push(studio_template(studio, now));
    // An account that has had KMC for years: an old v2 player, listed first, and the v7 one
    // `embedPlaykitJs` needs (tagged `kalturaPlayerJs`).
    let player = store.new_int_id();
    let legacy = store.new_int_id();
    store
        .ui_confs
        .push(legacy_player_ui_conf(legacy, partner_id, now));
    store
        .ui_confs
        .push(player_ui_conf(player, partner_id, now - 60));
    store
}

/// A conversion profile of the seed: what Kaltura's deployment init data
/// (`deployment/base/scripts/init_data/07.conversionProfile2.ini`) copies to every new partner
/// from the template partner, plus the partner's VOD default and the slides profile KMS adds.
struct SeedProfile {
    name: &'static str,
    system_name: &'static str,
    /// `KalturaConversionProfileType`: "1" MEDIA (VOD), "2" LIVE_STREAM.
    kind: &'static str,
    description: &'static str,
    /// The partner's default of its kind (`conversionProfile.getDefault(type)`).
    is_default: bool,
    flavor_params_ids: &'static str,
}

/// In creation order: the VOD default comes with the partner, the live profiles from the
/// template partner's init data (`Passthrough_Live` then `Default_Live`, the live default,
/// displayed as "Cloud transcode"), the slides profile when KMS's webcasting module is enabled.
const CONVERSION_PROFILES: &[SeedProfile] = &[
    SeedProfile {
        name: "Default",
        system_name: "Default",
        kind: "1",
        description: "The default set of flavors",
        is_default: true,
        flavor_params_ids: "0,487041,487051,487061,487071,487081,487091",
    },
    SeedProfile {
        name: "Passthrough",
        system_name: "Passthrough_Live",
        kind: "2",
        description: "Publish only the broadcasted stream",
        is_default: false,
        flavor_params_ids: "32,36",
    },
    SeedProfile {
        name: "Cloud transcode",
        system_name: "Default_Live",
        kind: "2",
        description: "The default set of live renditions",
        is_default: true,
        flavor_params_ids: "32,33,34,35",
    },
    SeedProfile {
        name: "KMS54_NEW_DOC_CONV_IMAGE_WIDE",
        system_name: "KMS54_NEW_DOC_CONV_IMAGE_WIDE",
        kind: "1",
        description: "",
        is_default: false,
        flavor_params_ids: "0",
    },
];

fn conversion_profile(id: i64, pid: i64, p: &SeedProfile, now: i64) -> Obj {
    obj(json!({
        "id": id, "partnerId": pid, "status": "2", "type": p.kind, "name": p.name,
        "systemName": p.system_name, "tags": "", "description": p.description,
        "createdAt": now, "flavorParamsIds": p.flavor_params_ids,
        "isDefault": p.is_default, "isPartnerDefault": p.is_default,
        "cropDimensions": {"left": 0, "top": 0, "width": 0, "height": 0,
                           "objectType": "KalturaCropDimensions"},
        "mediaParserType": "0", "objectType": "KalturaConversionProfile",
    }))
}

fn metadata_profile(id: i64, pid: i64, system: &str, xsd: &str, now: i64) -> Obj {
    obj(json!({
        "id": id, "partnerId": pid, "metadataObjectType": "1", "version": 1,
        "name": system, "systemName": system, "description": "", "createdAt": now,
        "updatedAt": now, "status": 1, "xsd": xsd, "createMode": 1,
        "objectType": "KalturaMetadataProfile",
    }))
}

fn studio_template(id: i64, now: i64) -> Obj {
    let config = json!({
        "osx": {
            "recommendedVersion": "2.4.16",
            "recommendedVersionUrl": "https://cdnapisec.kaltura.com/content/kwebcast/osx/KalturaWebcastingStudio-2.4.16.dmg",
            "minimumVersion": "2.2.0",
        },
        "windows": {
            "recommendedVersion": "2.4.16",
            "recommendedVersionUrl": "https://cdnapisec.kaltura.com/content/kwebcast/windows/KalturaWebcastingStudio-2.4.16.msi",
            "minimumVersion": "2.2.0",
        },
    });
    obj(json!({
        "id": id, "name": "Kaltura Webcasting Studio", "description": "Webcasting application template",
        "objTypeAsString": "Webcast", "objType": 21, "partnerId": 0, "width": 0, "height": 0,
        "htmlParams": "", "swfUrl": "", "confFilePath": "", "config": config.to_string(),
        "confVars": "", "useCdn": true, "tags": "webcast,kwebcast,template", "swfUrlVersion": "",
        "createdAt": now, "updatedAt": now, "creationMode": 2, "html5Url": "", "version": "1",
        "partnerTags": "", "objectType": "KalturaUiConf",
    }))
}

/// A v7 (Kaltura Player JS) player as KMC's player studio saves it: tagged `kalturaPlayerJs`,
/// its bundle named in `confVars`, no `html5Url`.
fn player_ui_conf(id: i64, pid: i64, now: i64) -> Obj {
    let config = json!({"plugins": {"qna": {}, "kaltura-live": {"checkLiveWithKs": false, "isLiveInterval": 10}}});
    let conf_vars = json!({"kaltura-ovp-player": "{latest}", "playkit-qna": "{latest}", "playkit-kaltura-live": "{latest}"});
    obj(json!({
        "id": id, "name": "Webcast player (v7)", "description": "", "objTypeAsString": "Player",
        "objType": 1, "partnerId": pid, "width": 560, "height": 395, "htmlParams": "",
        "swfUrl": "", "confFilePath": "", "config": config.to_string(),
        "confVars": conf_vars.to_string(), "useCdn": true, "tags": "kalturaPlayerJs,player,ovp",
        "swfUrlVersion": "", "createdAt": now, "updatedAt": now, "creationMode": 2,
        "html5Url": "", "version": "1", "partnerTags": "", "objectType": "KalturaUiConf",
    }))
}

/// An old v2 (HTML5 library) player: `html5Url` names its loader, tags without
/// `kalturaPlayerJs`, so `embedPlaykitJs` refuses it (`MISSING_BUNDLE_CONFIGURATION`).
fn legacy_player_ui_conf(id: i64, pid: i64, now: i64) -> Obj {
    obj(json!({
        "id": id, "name": "Universal player (v2)", "description": "", "objTypeAsString": "Player",
        "objType": 1, "partnerId": pid, "width": 560, "height": 395, "htmlParams": "",
        "swfUrl": "/flash/kdp3/v3.9.9/kdp3.swf", "confFilePath": "", "confFile": "<layout id=\"full\"/>",
        "config": "", "confVars": "", "useCdn": true, "tags": "html5studio,player",
        "swfUrlVersion": "3.9.9", "createdAt": now, "updatedAt": now, "creationMode": 2,
        "html5Url": "/html5/html5lib/v2.101/mwEmbedLoader.php", "version": "2",
        "partnerTags": "", "objectType": "KalturaUiConf",
    }))
}

fn obj(v: Value) -> Obj {
    match v {
        Value::Object(m) => m,
        _ => Obj::new(),
    }
}

/// The KMS_KWEBCAST2 schema: the fields `create.py` writes (section 3, step 3).
const KWEBCAST_XSD: &str = r#"<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element name="metadata"><xsd:complexType><xsd:sequence><xsd:element name="SlidesDocEntryId" minOccurs="0" maxOccurs="1" type="xsd:string"/><xsd:element name="IsKwebcastEntry" minOccurs="0" maxOccurs="1" type="xsd:int"/><xsd:element name="IsSelfServe" minOccurs="0" maxOccurs="1" type="xsd:int"/></xsd:sequence></xsd:complexType></xsd:element></xsd:schema>"#;

/// The KMS_EVENTS3 schema: event times, time zone and presenters (section 3, step 4).
const EVENTS_XSD: &str = r#"<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element name="metadata"><xsd:complexType><xsd:sequence><xsd:element name="StartTime" minOccurs="0" maxOccurs="1" type="dateType"/><xsd:element name="EndTime" minOccurs="0" maxOccurs="1" type="dateType"/><xsd:element name="Timezone" minOccurs="0" maxOccurs="1" type="xsd:string"/><xsd:element name="Presenter" minOccurs="0" maxOccurs="unbounded"><xsd:complexType><xsd:sequence><xsd:element name="PresenterId" minOccurs="0" maxOccurs="1" type="xsd:string"/><xsd:element name="PresenterName" minOccurs="0" maxOccurs="1" type="xsd:string"/><xsd:element name="PresenterTitle" minOccurs="0" maxOccurs="1" type="xsd:string"/><xsd:element name="PresenterBio" minOccurs="0" maxOccurs="1" type="xsd:string"/><xsd:element name="PresenterLink" minOccurs="0" maxOccurs="1" type="xsd:string"/><xsd:element name="PresenterImage" minOccurs="0" maxOccurs="1" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element></xsd:sequence></xsd:complexType></xsd:element><xsd:simpleType name="dateType"><xsd:restriction base="xsd:long"/></xsd:simpleType></xsd:schema>"#;
