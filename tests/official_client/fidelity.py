"""Runs Kaltura's official Python client (PyPI `KalturaApiClient`, unchanged: form-encoded
requests, XML answers) against a kwebcast sandbox to show, through a real client, where the
sandbox follows Kaltura's server: v7 players told from v2 ones, response profiles (per call and
per multirequest sub-call), fields locked while the encoder is connected, root-entry lists,
whole-word nameLike, what the encoder's disconnection does to the entry, and the account views'
lists (webcasts by admin tags, isLive, a KalturaMetadataSearchItem on the schedule).
Driven by tests/sandbox_official_client.rs with KALTURA_SERVICE_URL, KALTURA_PARTNER_ID and
KALTURA_ADMIN_SECRET in the environment. Prints one JSON summary line; exits 1 on failure."""

import json
import os
import sys
import urllib.request

from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaBaseEntryFilter, KalturaDetachedResponseProfile, KalturaDVRStatus,
    KalturaLiveStreamEntry, KalturaLiveStreamEntryFilter, KalturaMediaType,
    KalturaNullableBoolean, KalturaRecordStatus, KalturaResponseProfileType, KalturaSessionType,
    KalturaSearchComparableCondition, KalturaSearchConditionComparison, KalturaSourceType,
    KalturaUiConfFilter, KalturaUiConfObjType)
from KalturaClient.Plugins.Metadata import (
    KalturaMetadataObjectType, KalturaMetadataProfileFilter, KalturaMetadataSearchItem)

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


def unset(value):
    """A field the answer did not carry (the client leaves its class default)."""
    return value is None or value is NotImplemented or value == ""


def value(v):
    return v.getValue() if hasattr(v, "getValue") else v


def profile(kind, fields):
    p = KalturaDetachedResponseProfile()
    p.type = kind
    p.fields = fields
    return p


def main():
    config = KalturaConfiguration()
    config.serviceUrl = SERVICE_URL
    client = KalturaClient(config)
    client.setKs(client.session.start(SECRET, "admin@example.com", KalturaSessionType.ADMIN,
                                      PARTNER_ID, 86400, "disableentitlement"))

    # Players: an old v2 player first; only the v7 one is tagged kalturaPlayerJs.
    uf = KalturaUiConfFilter()
    uf.objTypeEqual = KalturaUiConfObjType.PLAYER
    players = client.uiConf.list(uf).objects
    v7 = lambda u: "kalturaPlayerJs" in [t.strip() for t in (u.tags or "").split(",")]
    check(len(players) >= 2 and players[0].html5Url and not v7(players[0]), "a v2 player first",
          [(p.id, p.tags) for p in players])
    uf.tagsMultiLikeOr = "kalturaPlayerJs"
    tagged = client.uiConf.list(uf).objects
    check(len(tagged) == 1 and v7(tagged[0]), "uiConf.list(tagsMultiLikeOr)")

    entry = KalturaLiveStreamEntry()
    entry.name = "Quarterly town hall"
    entry.mediaType = KalturaMediaType.LIVE_STREAM_FLASH
    entry.dvrStatus = KalturaDVRStatus.ENABLED
    entry.dvrWindow = 60
    entry.recordStatus = KalturaRecordStatus.PER_SESSION
    entry.explicitLive = KalturaNullableBoolean.TRUE_VALUE
    live = client.liveStream.add(entry, KalturaSourceType.LIVE_STREAM)

    # Response profiles: the client copies its request configuration into each call it queues,
    # so in a multirequest every sub-call carries its own (none at the top level).
    client.setResponseProfile(profile(KalturaResponseProfileType.INCLUDE_FIELDS, "id,name"))
    trimmed = client.liveStream.get(live.id)
    check(trimmed.id == live.id and trimmed.name == "Quarterly town hall", "trimmed fields kept")
    check(unset(trimmed.streamPassword) and unset(trimmed.dvrWindow), "trimmed fields dropped",
          (trimmed.streamPassword, trimmed.dvrWindow))
    client.startMultiRequest()
    client.liveStream.get(live.id)
    lf = KalturaLiveStreamEntryFilter()
    lf.idIn = live.id
    client.liveStream.list(lf)
    first, listed = client.doMultiRequest()
    check(unset(first.streamPassword) and first.name, "a trimmed sub-call")
    check(listed.totalCount == 1 and listed.objects[0].id == live.id
          and unset(listed.objects[0].dvrWindow), "a list trims each object")
    client.requestConfiguration.pop("responseProfile", None)
    whole = client.liveStream.get(live.id)
    check(not unset(whole.streamPassword), "whole again without a profile")

    # nameLike: whole words only.
    nf = KalturaLiveStreamEntryFilter()
    nf.nameLike = "town"
    check(any(o.id == live.id for o in client.liveStream.list(nf).objects), "nameLike word")
    nf.nameLike = "tow"
    check(not any(o.id == live.id for o in client.liveStream.list(nf).objects), "nameLike part")

    # Fields locked while the encoder is connected.
    control(f"entries/{live.id}/broadcast")
    change = KalturaLiveStreamEntry()
    change.dvrWindow = 120
    try:
        client.liveStream.update(live.id, change)
        fail("update dvrWindow while broadcasting", "no error")
    except KalturaException as e:
        check(e.code == "CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING", "locked dvrWindow", e.code)

    # The encoder disconnects.
    control(f"entries/{live.id}/end")
    ended = client.liveStream.get(live.id)
    check(value(ended.liveStatus) == 0 and value(ended.viewMode) == 0
          and value(ended.recordingStatus) == 0 and not ended.currentBroadcastStartTime
          and ended.lastBroadcastEndTime > 0 and ended.recordedEntryId
          and ended.redirectEntryId == ended.recordedEntryId, "the disconnection")

    # A root-entry list never holds the root.
    bf = KalturaBaseEntryFilter()
    bf.rootEntryIdEqual = live.id
    bf.statusIn = "2,7"
    recs = client.baseEntry.list(bf).objects
    check([o.id for o in recs] == [ended.recordedEntryId], "rootEntryIdEqual", [o.id for o in recs])

    # The account views' lists: webcasts by admin tags, isLive, and a metadata search on the
    # schedule (an array of conditions travels form-encoded as items:0:…).
    tags = KalturaLiveStreamEntry()
    tags.adminTags = "kms-webcast-event,vpaas-webcast"
    client.liveStream.update(live.id, tags)
    pf = KalturaMetadataProfileFilter()
    pf.systemNameEqual = "KMS_EVENTS3"
    events = client.metadata.metadataProfile.list(pf).objects[0]
    xml = ("<metadata><StartTime>1900000000</StartTime><EndTime>1900003600</EndTime>"
           "<Timezone>UTC</Timezone></metadata>")
    client.metadata.metadata.add(events.id, KalturaMetadataObjectType.ENTRY, live.id, xml)
    end = "/*[local-name()='metadata']/*[local-name()='EndTime']"
    start = "/*[local-name()='metadata']/*[local-name()='StartTime']"

    def upcoming(after):
        cond = KalturaSearchComparableCondition()
        cond.field = end
        cond.value = str(after)
        cond.comparison = KalturaSearchConditionComparison.GREATER_THAN
        search = KalturaMetadataSearchItem()
        search.metadataProfileId = events.id
        search.type = 1
        search.items = [cond]
        search.orderBy = "+" + start
        wf = KalturaLiveStreamEntryFilter()
        wf.adminTagsMultiLikeOr = "kms-webcast-event,vpaas-webcast"
        wf.advancedSearch = search
        return [o.id for o in client.liveStream.list(wf).objects]

    check(upcoming(1800000000) == [live.id], "a webcast ahead", upcoming(1800000000))
    check(upcoming(1900003600) == [], "none after its end", upcoming(1900003600))
    lf = KalturaLiveStreamEntryFilter()
    lf.adminTagsMultiLikeOr = "kms-webcast-event"
    lf.isLive = KalturaNullableBoolean.TRUE_VALUE
    check(client.liveStream.list(lf).totalCount == 0, "isLive after the encoder left")
    lf.isLive = KalturaNullableBoolean.FALSE_VALUE
    check([o.id for o in client.liveStream.list(lf).objects] == [live.id], "isLive false")

    print(json.dumps({"ok": True, "entryId": live.id}))


if __name__ == "__main__":
    main()
