"""Kaltura's Python webcasting sample, call for call, against a kwebcast sandbox.

Written for this repository (no code of the sample is copied): it performs the call sequence of
Kaltura's current webcasting sample (kaltura-vpaas/webcasting-app-python, create.py, view.py and
ks.py) with the client version the sample pins (KalturaApiClient 16.0.0, in the virtualenv
tests/official_client/py16) and the sample's configuration style: a service URL ending in "/",
which makes the client request "//api_v3/...". Every call is a separate request, as in the
sample; each client gets its KS from session.start.

Environment (set by tests/sandbox_official_client.rs): KALTURA_SERVICE_URL (ending in "/"),
KALTURA_PARTNER_ID, KALTURA_ADMIN_SECRET, SANDBOX_CONTROL_URL (the sandbox's own base, for the
simulated encoder). Prints one JSON summary line; exits 1 on the first step that fails.
"""

import json
import os
import sys
import time
import urllib.request

from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.Plugins.Core import (
    KalturaBaseEntryFilter, KalturaConversionProfileFilter, KalturaConversionProfileType,
    KalturaDVRStatus, KalturaFilterPager, KalturaLiveEntryRecordingOptions,
    KalturaLivePublishStatus, KalturaLiveStreamEntry, KalturaMediaType, KalturaNullableBoolean,
    KalturaPlaybackProtocol, KalturaRecordStatus, KalturaSessionType, KalturaSourceType,
    KalturaUiConfFilter, KalturaUiConfObjType)
from KalturaClient.Plugins.Metadata import KalturaMetadataObjectType, KalturaMetadataProfileFilter

SERVICE_URL = os.environ["KALTURA_SERVICE_URL"]
PARTNER_ID = int(os.environ["KALTURA_PARTNER_ID"])
ADMIN_SECRET = os.environ["KALTURA_ADMIN_SECRET"]
CONTROL_URL = os.environ["SANDBOX_CONTROL_URL"].rstrip("/")

# The sample's config.py settings, with this test's values.
ADMIN_EMAIL = "webcast-admin@example.com"
MODERATOR_USER = "sample-moderator"
BROADCASTER_USER = "sample-broadcaster"
USER_ID = "sample-attendee"
APP_ID = "sampleWebcastApp"
APP_DOMAIN = "webcast.example.com"


def fail(step, detail):
    print(f"sample step failed: {step}: {detail}", file=sys.stderr)
    sys.exit(1)


def check(cond, step, detail=""):
    if not cond:
        fail(step, detail)


def session(user, session_type, privileges):
    """A new client and a KS from session.start, as the sample's ks.py makes them."""
    config = KalturaConfiguration(PARTNER_ID)
    config.serviceUrl = SERVICE_URL
    client = KalturaClient(config)
    ks = client.session.start(ADMIN_SECRET, user, session_type, PARTNER_ID, 86400, privileges)
    return client, ks


def admin_client():
    client, ks = session(ADMIN_EMAIL, KalturaSessionType.ADMIN, "")
    client.setKs(ks)
    return client


def control(path):
    req = urllib.request.Request(f"{CONTROL_URL}/sandbox/{path}", method="POST")
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read())


def wait(step, probe):
    for _ in range(400):
        value = probe()
        if value:
            return value
        time.sleep(0.025)
    fail(step, "never happened")


def live_conversion_profile(client):
    """Default_Live by system name (LIVE_STREAM only); else the account's default live profile."""
    f = KalturaConversionProfileFilter()
    f.systemNameEqual = "Default_Live"
    f.typeEqual = KalturaConversionProfileType.LIVE_STREAM
    found = client.conversionProfile.list(f, KalturaFilterPager())
    if found.objects:
        return found.objects[0].id, "list"
    default = client.conversionProfile.getDefault(KalturaConversionProfileType.LIVE_STREAM)
    return default.id, "getDefault"


def create():
    client = admin_client()
    live_profile, found_by = live_conversion_profile(client)
    f = KalturaConversionProfileFilter()
    f.systemNameEqual = "KMS54_NEW_DOC_CONV_IMAGE_WIDE"
    slides = client.conversionProfile.list(f, KalturaFilterPager())
    check(len(slides.objects) == 1, "conversionProfile.list(slides)")

    entry = KalturaLiveStreamEntry()
    entry.name = "Sample webcast"
    entry.description = "made the way Kaltura's Python sample makes one"
    entry.mediaType = KalturaMediaType.LIVE_STREAM_FLASH
    entry.dvrStatus = KalturaDVRStatus.ENABLED
    entry.dvrWindow = 60
    entry.sourceType = KalturaSourceType.LIVE_STREAM
    entry.adminTags = "kms-webcast-event,vpaas-webcast"
    entry.pushPublishEnabled = KalturaLivePublishStatus.DISABLED
    entry.explicitLive = KalturaNullableBoolean.TRUE_VALUE
    entry.recordStatus = KalturaRecordStatus.PER_SESSION
    entry.conversionProfileId = live_profile
    entry.recordingOptions = KalturaLiveEntryRecordingOptions()
    entry.recordingOptions.shouldCopyEntitlement = KalturaNullableBoolean.TRUE_VALUE
    entry.recordingOptions.shouldMakeHidden = KalturaNullableBoolean.TRUE_VALUE
    entry.recordingOptions.shouldAutoArchive = KalturaNullableBoolean.TRUE_VALUE
    entry.entitledUsersEdit = MODERATOR_USER + "," + BROADCASTER_USER
    live = client.liveStream.add(entry, KalturaSourceType.LIVE_STREAM)
    check(live.id.startswith("0_"), "liveStream.add", live.id)
    check(live.conversionProfileId == live_profile, "liveStream.add profile", live.conversionProfileId)
    check(live.adminTags == "kms-webcast-event,vpaas-webcast", "liveStream.add adminTags", live.adminTags)

    records = {}
    for system, xml in [
        ("KMS_KWEBCAST2", '<?xml version="1.0"?><metadata><SlidesDocEntryId></SlidesDocEntryId>'
                          '<IsKwebcastEntry>1</IsKwebcastEntry><IsSelfServe>1</IsSelfServe></metadata>'),
        ("KMS_EVENTS3", '<?xml version="1.0"?><metadata><StartTime>{}</StartTime><EndTime>{}</EndTime>'
                        '<Timezone>America/New_York</Timezone><Presenter><PresenterId>1</PresenterId>'
                        '<PresenterName>Jo Presenter</PresenterName></Presenter></metadata>'
                        .format(int(time.time()) + 120, int(time.time()) + 600)),
    ]:
        pf = KalturaMetadataProfileFilter()
        pf.systemNameEqual = system
        profiles = client.metadata.metadataProfile.list(pf, KalturaFilterPager())
        check(len(profiles.objects) == 1, f"metadataProfile.list({system})")
        record = client.metadata.metadata.add(
            profiles.objects[0].id, KalturaMetadataObjectType.ENTRY, live.id, xml)
        check(record.objectId == live.id, f"metadata.add({system})")
        records[system] = profiles.objects[0].id

    uf = KalturaUiConfFilter()
    uf.objTypeEqual = KalturaUiConfObjType.WEBCASTING
    templates = client.uiConf.listTemplates(uf, KalturaFilterPager())
    downloads = json.loads(templates.objects[0].config)
    check(downloads["osx"]["recommendedVersionUrl"], "uiConf.listTemplates osx")
    check(downloads["windows"]["recommendedVersionUrl"], "uiConf.listTemplates windows")

    # The Studio launch: the broadcaster's producer KS.
    privileges = f"setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:{live.id},download:{live.id}"
    _, studio_ks = session(BROADCASTER_USER, KalturaSessionType.USER, privileges)
    check(studio_ks.startswith("djJ8"), "session.start (broadcaster)", studio_ks)
    return live, live_profile, found_by, slides.objects[0].id, records


def playback(entry_id):
    """The sample's view: live → the entry; else redirect, recorded, or the newest by root."""
    client = admin_client()
    live = client.liveStream.get(entry_id)
    play_id, via = entry_id, "live"
    if client.liveStream.isLive(entry_id, KalturaPlaybackProtocol.AUTO) is False:
        if live.redirectEntryId:
            play_id, via = live.redirectEntryId, "redirect"
        elif live.recordedEntryId:
            play_id, via = live.recordedEntryId, "recorded"
        else:
            bf = KalturaBaseEntryFilter()
            bf.rootEntryIdEqual = entry_id
            found = client.baseEntry.list(bf, KalturaFilterPager())
            if found.objects:
                play_id, via = found.objects[0].id, "baseEntry.list"
            else:
                via = "nothing"
    privileges = (f"sview:{play_id},restrictexplicitliveview:{play_id},enableentitlement,"
                  f"appid:{APP_ID},appdomain:{APP_DOMAIN},sessionkey:{USER_ID}")
    _, attendee_ks = session(USER_ID, KalturaSessionType.USER, privileges)
    check(attendee_ks.startswith("djJ8"), "session.start (attendee)")
    return play_id, via


def moderator(entry_id):
    privileges = f"setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:{entry_id},download:{entry_id}"
    _, ks = session(MODERATOR_USER, KalturaSessionType.USER, privileges)
    check(ks.startswith("djJ8"), "session.start (moderator)")


def main():
    check(SERVICE_URL.endswith("/"), "configuration", "the sample's service URL ends in /")
    live, live_profile, found_by, slides, records = create()
    moderator(live.id)
    play_id, via = playback(live.id)
    # Nothing recorded yet: the live entry itself (Kaltura's list by root never returns the
    # root, so "nothing"; a sandbox that does returns the entry itself, which plays the same).
    check(play_id == live.id, "playback before the event", (play_id, via))

    # The event happens (the sandbox's simulated encoder), then its recording is archived:
    # redirect and recorded IDs are cleared, and only the list by root finds it.
    control(f"entries/{live.id}/broadcast")
    control(f"entries/{live.id}/golive")
    control(f"entries/{live.id}/end")

    def archived():
        got = admin_client().liveStream.get(live.id)
        return not got.redirectEntryId and not got.recordedEntryId and got.lastBroadcastEndTime

    wait("auto-archive", archived)
    play_id, via = playback(live.id)
    check(via == "baseEntry.list" and play_id != live.id, "playback after the event", (play_id, via))

    print(json.dumps({
        "ok": True, "entryId": live.id, "recordingId": play_id, "liveProfileId": live_profile,
        "liveProfileFoundBy": found_by, "slidesProfileId": slides,
        "metadataProfileIds": records,
    }))


if __name__ == "__main__":
    main()
