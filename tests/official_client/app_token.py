"""Kaltura's official Python client (PyPI `KalturaApiClient`, unchanged; it speaks XML, format=2)
through the application-token sign-in against a kwebcast sandbox: an administrator's
appToken.add (session.start with the admin secret), then — with no secret — the widget session,
the token hash computed with Python's hashlib, appToken.startSession, and a call with the new KS.
Driven by tests/sandbox_official_client.rs with KALTURA_SERVICE_URL, KALTURA_PARTNER_ID and
KALTURA_ADMIN_SECRET in the environment. Prints one JSON summary line; exits 1 on failure."""

import hashlib
import json
import os
import sys

from KalturaClient import KalturaClient, KalturaConfiguration
from KalturaClient.exceptions import KalturaException
from KalturaClient.Plugins.Core import (
    KalturaAppToken, KalturaAppTokenHashType, KalturaFilterPager, KalturaLiveStreamEntryFilter,
    KalturaSessionType)

SERVICE_URL = os.environ["KALTURA_SERVICE_URL"]
PARTNER_ID = int(os.environ["KALTURA_PARTNER_ID"])
SECRET = os.environ["KALTURA_ADMIN_SECRET"]


def fail(step, detail):
    print(f"official Python client step failed: {step}: {detail}", file=sys.stderr)
    sys.exit(1)


def client():
    config = KalturaConfiguration()
    config.serviceUrl = SERVICE_URL
    return KalturaClient(config)


def main():
    admin = client()
    admin.setKs(admin.session.start(SECRET, "admin@example.com", KalturaSessionType.ADMIN,
                                    PARTNER_ID, 600, "disableentitlement"))
    token = KalturaAppToken(sessionType=KalturaSessionType.ADMIN,
                            hashType=KalturaAppTokenHashType.SHA512,
                            description="official Python client")
    made = admin.appToken.add(token)
    if len(made.token) != 32 or made.hashType.getValue() != KalturaAppTokenHashType.SHA512:
        fail("appToken.add", vars(made))

    # From here on, no secret: what an integrator holding only the token does.
    integrator = client()
    widget = integrator.session.startWidgetSession(f"_{PARTNER_ID}")
    integrator.setKs(widget.ks)
    token_hash = hashlib.sha512((widget.ks + made.token).encode()).hexdigest()
    info = integrator.appToken.startSession(made.id, token_hash, "py@example.com",
                                            KalturaSessionType.ADMIN, 300)
    integrator.setKs(info.ks)
    pager = KalturaFilterPager()
    pager.pageSize = 1
    listed = integrator.liveStream.list(KalturaLiveStreamEntryFilter(), pager)
    try:
        integrator.setKs(widget.ks)
        integrator.appToken.startSession(made.id, hashlib.sha512(b"wrong").hexdigest())
        fail("appToken.startSession with a wrong hash", "was accepted")
    except KalturaException as e:
        wrong_hash = e.code
    print(json.dumps({
        "ok": True,
        "sessionType": info.sessionType.getValue(),
        "userId": info.userId,
        "privileges": info.privileges,
        "expiry": info.expiry,
        "listed": listed.totalCount,
        "wrongHash": wrong_hash,
        "tokenId": made.id,
    }))


if __name__ == "__main__":
    try:
        main()
    except KalturaException as e:
        fail("call", f"{e.code}: {e}")
