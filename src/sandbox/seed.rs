//! What a fresh webcasting-enabled partner holds (reference section 7): the live conversion
//! profile, the slides profile, the two KMS metadata profiles with their XSDs, the Studio
//! (WEBCASTING) uiConf template and a player uiConf.

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
        generation: 0,
    };
    let cloud = store.new_int_id();
    store.conversion_profiles.push(conversion_profile(
        cloud,
        partner_id,
        "Cloud transcode",
        "",
        "2",
        now,
    ));
    let slides = store.new_int_id();
    store.conversion_profiles.push(conversion_profile(
        slides,
        partner_id,
        "KMS54_NEW_DOC_CONV_IMAGE_WIDE",
        "KMS54_NEW_DOC_CONV_IMAGE_WIDE",
        "1",
        now,
    ));
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

fn conversion_profile(id: i64, pid: i64, name: &str, system: &str, typ: &str, now: i64) -> Obj {
    obj(json!({
        "id": id, "partnerId": pid, "status": "2", "type": typ, "name": name,
        "systemName": system, "description": "", "isDefault": false,
        "flavorParamsIds": if typ == "2" { "32,33,34,35" } else { "0" },
        "createdAt": now, "updatedAt": now, "objectType": "KalturaConversionProfile",
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
