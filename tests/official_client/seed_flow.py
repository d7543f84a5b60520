"""Runs Kaltura's official Python client (PyPI `KalturaApiClient`, unchanged; it speaks XML,
format=2) through the seed app's call sequence against a kwebcast sandbox.
Driven by tests/sandbox_official_client.rs with KALTURA_SERVICE_URL, KALTURA_PARTNER_ID and
KALTURA_ADMIN_SECRET in the environment. Prints one JSON summary line; exits 1 on failure."""

import json
import os
import sys
import time
import urllib.request

from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaBaseEntryFilter, KalturaConversionProfileFilter, KalturaDVRStatus,
    KalturaLiveEntryRecordingOptions, KalturaLivePublishStatus, KalturaLiveStreamEntry,
    KalturaMediaType, KalturaNullableBoolean, KalturaRecordStatus, KalturaSessionType,
    KalturaSourceType, KalturaUiConfFilter, KalturaUiConfObjType, KalturaViewMode)
from KalturaClient.Plugins.Metadata import KalturaMetadataObjectType, KalturaMetadataProfileFilter

SERVICE_URL = os.environ["KALTURA_SERVICE_URL"]
PARTNER_ID = int(os.environ["KALTURA_PARTNER_ID"])
SECRET = os.environ["KALTURA_ADMIN_SECRET"]


def fail(step, detail):
    print(f"official Python client step failed: {step}: {detail}", file=sys.stderr)
    sys.exit(1)


def check(cond, step, detail=""):
    if not cond:
        fail(step, detail)


def control(path):
    req = urllib.request.Request(f"{SERVICE_URL}/sandbox/{path}", method="POST")
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read())


def poll(step, fn):
    for _ in range(400):
        v = fn()
        if v:
            return v
        time.sleep(0.025)
    fail(step, "condition never met")


def main():
    config = KalturaConfiguration()
    config.serviceUrl = SERVICE_URL
    client = KalturaClient(config)
    ks = client.session.start(SECRET, "admin@example.com", KalturaSessionType.ADMIN,
                              PARTNER_ID, 86400, "disableentitlement")
    check(ks.startswith("djJ8"), "session.start", ks)
    client.setKs(ks)

    f = KalturaConversionProfileFilter()
    f.nameEqual = "Cloud transcode"
    cloud = client.conversionProfile.list(f)
    check(cloud.totalCount == 1 and cloud.objects[0].name == "Cloud transcode", "conversionProfile.list")
    f = KalturaConversionProfileFilter()
    f.systemNameEqual = "KMS54_NEW_DOC_CONV_IMAGE_WIDE"
    check(len(client.conversionProfile.list(f).objects) == 1, "conversionProfile.list(systemName)")

    entry = KalturaLiveStreamEntry()
    entry.name = "Python client webcast"
    entry.description = "created by KalturaApiClient"
    entry.mediaType = KalturaMediaType.LIVE_STREAM_FLASH
    entry.dvrStatus = KalturaDVRStatus.ENABLED
    entry.dvrWindow = 60
    entry.recordStatus = KalturaRecordStatus.PER_SESSION
    entry.explicitLive = KalturaNullableBoolean.TRUE_VALUE
    entry.pushPublishEnabled = KalturaLivePublishStatus.DISABLED
    entry.adminTags = "vpaas-webcast"
    entry.conversionProfileId = cloud.objects[0].id
    options = KalturaLiveEntryRecordingOptions()
    options.shouldCopyEntitlement = KalturaNullableBoolean.TRUE_VALUE
    options.shouldMakeHidden = KalturaNullableBoolean.TRUE_VALUE
    options.shouldAutoArchive = KalturaNullableBoolean.TRUE_VALUE
    entry.recordingOptions = options
    entry.entitledUsersEdit = "moderator@example.com"
    live = client.liveStream.add(entry, KalturaSourceType.LIVE_STREAM)
    check(live.id.startswith("0_") and live.conversionProfileId == cloud.objects[0].id, "liveStream.add")
    check(live.sourceType.getValue() == "32", "liveStream.add sourceType", live.sourceType)

    for system, xml in [
        ("KMS_KWEBCAST2", "<metadata><SlidesDocEntryId></SlidesDocEntryId><IsKwebcastEntry>1</IsKwebcastEntry><IsSelfServe>1</IsSelfServe></metadata>"),
        ("KMS_EVENTS3", "<metadata><StartTime>1</StartTime><EndTime>2</EndTime><Timezone>UTC</Timezone></metadata>"),
    ]:
        pf = KalturaMetadataProfileFilter()
        pf.systemNameEqual = system
        profiles = client.metadata.metadataProfile.list(pf)
        check(profiles.totalCount == 1, f"metadataProfile.list({system})")
        md = client.metadata.metadata.add(profiles.objects[0].id, KalturaMetadataObjectType.ENTRY, live.id, xml)
        check(md.objectId == live.id, f"metadata.add({system})")

    uf = KalturaUiConfFilter()
    uf.objTypeEqual = KalturaUiConfObjType.WEBCASTING
    templates = client.uiConf.listTemplates(uf)
    studio = json.loads(templates.objects[0].config)
    check(studio["osx"]["recommendedVersionUrl"] and studio["windows"]["recommendedVersionUrl"], "uiConf.listTemplates")

    got = client.liveStream.get(live.id)
    check(got.liveStatus.getValue() == 0, "liveStream.get")
    check(client.liveStream.isLive(live.id) is False, "liveStream.isLive (offline)")

    control(f"entries/{live.id}/broadcast")
    poll("playable", lambda: client.liveStream.get(live.id).liveStatus.getValue() == 1)
    check(client.liveStream.isLive(live.id) is True, "isLive (admin sees the preview)")
    go = KalturaLiveStreamEntry()
    go.viewMode = KalturaViewMode.ALLOW_ALL
    check(client.liveStream.update(live.id, go).viewMode.getValue() == 1, "liveStream.update (Go Live)")
    control(f"entries/{live.id}/end")

    def find_recording():
        client.startMultiRequest()
        client.liveStream.get(live.id)
        client.liveStream.isLive(live.id)
        bf = KalturaBaseEntryFilter()
        bf.rootEntryIdEqual = live.id
        bf.orderBy = "-createdAt"
        client.baseEntry.list(bf)
        results = client.doMultiRequest()
        check(len(results) == 3 and results[0].id == live.id, "multirequest", results)
        recs = [o for o in results[2].objects if o.id != live.id]
        # KalturaEntryStatus is a string enum in the Python client ("2" = READY).
        return recs[0] if recs and str(recs[0].status.getValue()) == "2" else None

    recording = poll("recording found", find_recording)
    check(recording.rootEntryId == live.id, "recording rootEntryId")

    try:
        client.liveStream.get("0_nosuch00")
        fail("liveStream.get(unknown)", "no error")
    except KalturaException as e:
        check(e.code == "ENTRY_ID_NOT_FOUND", "liveStream.get(unknown)", e.code)

    print(json.dumps({"ok": True, "entryId": live.id, "recordingId": recording.id}))


if __name__ == "__main__":
    main()
