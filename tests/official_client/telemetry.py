"""Runs Kaltura's official Python client (PyPI `KalturaApiClient`, unchanged: form-encoded
requests, XML answers) against a kwebcast sandbox through a live event's telemetry:
`liveStream.getLiveStreamStats` (KalturaLiveStreamStats), `entryServerNode.list` with a
KalturaLiveEntryServerNodeFilter (KalturaLiveEntryServerNode objects with their
KalturaLiveStreamParams, primary and backup, a failover), and `report.getGraphs` of report 10005
(KalturaReportGraph objects), in a multirequest too.
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
    KalturaEndUserReportInputFilter, KalturaLiveEntryServerNodeFilter, KalturaLiveStreamEntry,
    KalturaMediaType, KalturaNullableBoolean, KalturaRecordStatus, KalturaReportResponseOptions,
    KalturaReportType, KalturaSessionType, KalturaSourceType, KalturaViewMode)

SERVICE_URL = os.environ["KALTURA_SERVICE_URL"]
PARTNER_ID = int(os.environ["KALTURA_PARTNER_ID"])
SECRET = os.environ["KALTURA_ADMIN_SECRET"]


def fail(step, detail):
    print(f"official Python client step failed: {step}: {detail}", file=sys.stderr)
    sys.exit(1)


def check(cond, step, detail=""):
    if not cond:
        fail(step, detail)


def control(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{SERVICE_URL}/sandbox/{path}", data=data, method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read())


def value(v):
    return v.getValue() if hasattr(v, "getValue") else v


def wait(step, probe):
    for _ in range(400):
        got = probe()
        if got:
            return got
        time.sleep(0.025)
    fail(step, "timed out")


def main():
    config = KalturaConfiguration()
    config.serviceUrl = SERVICE_URL
    client = KalturaClient(config)
    client.setKs(client.session.start(SECRET, "admin@example.com", KalturaSessionType.ADMIN,
                                      PARTNER_ID, 86400, "disableentitlement"))

    entry = KalturaLiveStreamEntry()
    entry.name = "Telemetry"
    entry.mediaType = KalturaMediaType.LIVE_STREAM_FLASH
    entry.recordStatus = KalturaRecordStatus.PER_SESSION
    entry.explicitLive = KalturaNullableBoolean.TRUE_VALUE
    live = client.liveStream.add(entry, KalturaSourceType.LIVE_STREAM)

    stats = client.liveStream.getLiveStreamStats(live.id)
    check(type(stats).__name__ == "KalturaLiveStreamStats" and stats.liveViewers == 0,
          "no audience before the event", vars(stats))

    control(f"entries/{live.id}/broadcast")
    control(f"entries/{live.id}/broadcast?node=backup")
    nf = KalturaLiveEntryServerNodeFilter()
    nf.entryIdIn = live.id

    def both_playable():
        nodes = client.entryServerNode.list(nf).objects
        ok = len(nodes) == 2 and all(value(n.status) == 1 for n in nodes)
        return nodes if ok else None

    nodes = wait("both points playable", both_playable)
    kinds = sorted(value(n.serverType) for n in nodes)
    check(kinds == ["0", "1"], "primary and backup", kinds)
    check(all(type(n).__name__ == "KalturaLiveEntryServerNode" for n in nodes), "node class",
          [type(n).__name__ for n in nodes])
    primary = next(n for n in nodes if value(n.serverType) == "0")
    check(len(primary.streams) == 2 and primary.streams[0].bitrate > 0
          and primary.streams[0].height == 720, "the primary's streams",
          [vars(s) for s in primary.streams])

    go = KalturaLiveStreamEntry()
    go.viewMode = KalturaViewMode.ALLOW_ALL
    client.liveStream.update(live.id, go)
    control(f"entries/{live.id}/viewers", {"count": 321})
    wait("the audience set", lambda: client.liveStream.getLiveStreamStats(live.id).liveViewers == 321)

    # Failover: the primary drops, the backup carries on.
    control(f"entries/{live.id}/disconnect?node=primary")
    left = client.entryServerNode.list(nf).objects
    check(len(left) == 1 and value(left[0].serverType) == "1", "the backup alone",
          [vars(n) for n in left])
    check(value(client.liveStream.get(live.id).liveStatus) == 1, "still playable")

    # The realtime report, alone and in a multirequest with the stats.
    rf = KalturaEndUserReportInputFilter()
    rf.entryIdIn = live.id
    now = int(time.time())
    rf.fromDate = now - 200
    rf.toDate = now
    rf.interval = "ten_seconds"
    rf.timeZoneOffset = 0
    ro = KalturaReportResponseOptions()
    ro.delimiter = "|"
    ro.skipEmptyDates = False
    graphs = client.report.getGraphs(KalturaReportType.USERS_OVERVIEW_REALTIME, rf, NotImplemented,
                                     NotImplemented, ro)
    ids = [g.id for g in graphs]
    check("view_unique_audience" in ids, "the audience graph", ids)
    audience = next(g for g in graphs if g.id == "view_unique_audience")
    last = audience.data.rstrip(";").split(";")[-1].split("|")
    check(len(last) == 2 and int(last[1]) == 321, "the last point", audience.data)

    client.startMultiRequest()
    client.liveStream.getLiveStreamStats(live.id)
    client.entryServerNode.list(nf)
    batched_stats, batched_nodes = client.doMultiRequest()
    check(batched_stats.liveViewers == 321 and batched_nodes.totalCount == 1, "a multirequest",
          (vars(batched_stats), batched_nodes.totalCount))

    try:
        client.entryServerNode.list(KalturaLiveEntryServerNodeFilter())
        fail("an unfiltered list", "no error")
    except KalturaException as e:
        check(e.code == "MUST_FILTER_ON_ENTRY_AND_SERVER_TYPE", "unfiltered", e.code)

    print(json.dumps({"ok": True, "entryId": live.id}))


if __name__ == "__main__":
    main()
