// Runs Kaltura's official Node client (npm `kaltura-client`, unchanged) through the seed app's
// call sequence against a kwebcast sandbox. Driven by tests/sandbox_official_client.rs:
//   KALTURA_SERVICE_URL, KALTURA_PARTNER_ID, KALTURA_ADMIN_SECRET (env)
// Exits 0 and prints one JSON summary line on success; exits 1 naming the failed step.
'use strict';

const http = require('http');
const kaltura = require('kaltura-client');

const serviceUrl = process.env.KALTURA_SERVICE_URL;
const partnerId = parseInt(process.env.KALTURA_PARTNER_ID, 10);
const secret = process.env.KALTURA_ADMIN_SECRET;

function fail(step, detail) {
  console.error(`official client step failed: ${step}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  process.exit(1);
}

function check(cond, step, detail) {
  if (!cond) fail(step, detail);
}

// The sandbox's own control endpoint (not part of Kaltura's API): the simulated encoder.
function control(path) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${serviceUrl}/sandbox/${path}`, { method: 'POST' }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function poll(step, fn) {
  for (let i = 0; i < 400; i++) {
    const v = await fn();
    if (v) return v;
    await sleep(25);
  }
  fail(step, 'condition never met');
}

async function run(step, request, client) {
  try {
    return await request.execute(client);
  } catch (e) {
    fail(step, e && e.message ? { code: e.code, message: e.message } : e);
  }
}

async function main() {
  const config = new kaltura.Configuration();
  config.serviceUrl = serviceUrl;
  config.setLogger({ log() {}, error() {}, debug() {} });
  const client = new kaltura.Client(config);

  // session.start with the admin secret, as the SDK examples do.
  const ks = await run('session.start', kaltura.services.session.start(
    secret, 'admin@example.com', kaltura.enums.SessionType.ADMIN, partnerId, 86400, 'disableentitlement'), client);
  check(typeof ks === 'string' && ks.startsWith('djJ8'), 'session.start', ks);
  client.setKs(ks);

  // 1. conversionProfile.list x2
  const cpFilter = new kaltura.objects.ConversionProfileFilter();
  cpFilter.nameEqual = 'Cloud transcode';
  const cloud = await run('conversionProfile.list(nameEqual)', kaltura.services.conversionProfile.listAction(cpFilter), client);
  check(cloud.totalCount === 1 && cloud.objects[0].name === 'Cloud transcode', 'conversionProfile.list(nameEqual)', cloud);
  const slidesFilter = new kaltura.objects.ConversionProfileFilter();
  slidesFilter.systemNameEqual = 'KMS54_NEW_DOC_CONV_IMAGE_WIDE';
  const slides = await run('conversionProfile.list(systemNameEqual)', kaltura.services.conversionProfile.listAction(slidesFilter), client);
  check(slides.objects.length === 1, 'conversionProfile.list(systemNameEqual)', slides);
  // The account's default live profile is the one named "Cloud transcode" (Default_Live).
  const liveDefault = await run('conversionProfile.getDefault',
    kaltura.services.conversionProfile.getDefault(kaltura.enums.ConversionProfileType.LIVE_STREAM), client);
  check(liveDefault.id === cloud.objects[0].id && liveDefault.systemName === 'Default_Live',
    'conversionProfile.getDefault', liveDefault);

  // 2. liveStream.add with the seed's fields
  const entry = new kaltura.objects.LiveStreamEntry();
  entry.name = 'Official client webcast';
  entry.description = 'created by kaltura-client';
  entry.mediaType = kaltura.enums.MediaType.LIVE_STREAM_FLASH;
  entry.sourceType = kaltura.enums.SourceType.LIVE_STREAM;
  entry.dvrStatus = kaltura.enums.DVRStatus.ENABLED;
  entry.dvrWindow = 60;
  entry.recordStatus = kaltura.enums.RecordStatus.PER_SESSION;
  entry.explicitLive = kaltura.enums.NullableBoolean.TRUE_VALUE;
  entry.pushPublishEnabled = kaltura.enums.LivePublishStatus.DISABLED;
  entry.adminTags = 'vpaas-webcast';
  entry.conversionProfileId = cloud.objects[0].id;
  const options = new kaltura.objects.LiveEntryRecordingOptions();
  options.shouldCopyEntitlement = kaltura.enums.NullableBoolean.TRUE_VALUE;
  options.shouldMakeHidden = kaltura.enums.NullableBoolean.TRUE_VALUE;
  options.shouldAutoArchive = kaltura.enums.NullableBoolean.TRUE_VALUE;
  entry.recordingOptions = options;
  entry.entitledUsersEdit = 'moderator@example.com';
  const live = await run('liveStream.add', kaltura.services.liveStream.add(entry, kaltura.enums.SourceType.LIVE_STREAM), client);
  check(live.objectType === 'KalturaLiveStreamEntry' && /^0_[a-z0-9]{8}$/.test(live.id), 'liveStream.add', live);
  check(live.conversionProfileId === cloud.objects[0].id && live.explicitLive === true, 'liveStream.add fields', live);

  // 3-4. metadataProfile.list + metadata.add, twice
  const kwFilter = new kaltura.objects.MetadataProfileFilter();
  kwFilter.systemNameEqual = 'KMS_KWEBCAST2';
  const kw = await run('metadataProfile.list(KMS_KWEBCAST2)', kaltura.services.metadataProfile.listAction(kwFilter), client);
  check(kw.totalCount === 1, 'metadataProfile.list(KMS_KWEBCAST2)', kw);
  const md1 = await run('metadata.add(KMS_KWEBCAST2)', kaltura.services.metadata.add(kw.objects[0].id,
    kaltura.enums.MetadataObjectType.ENTRY, live.id,
    '<metadata><SlidesDocEntryId></SlidesDocEntryId><IsKwebcastEntry>1</IsKwebcastEntry><IsSelfServe>1</IsSelfServe></metadata>'), client);
  check(md1.objectType === 'KalturaMetadata' && md1.objectId === live.id, 'metadata.add(KMS_KWEBCAST2)', md1);
  const evFilter = new kaltura.objects.MetadataProfileFilter();
  evFilter.systemNameEqual = 'KMS_EVENTS3';
  const ev = await run('metadataProfile.list(KMS_EVENTS3)', kaltura.services.metadataProfile.listAction(evFilter), client);
  check(ev.totalCount === 1, 'metadataProfile.list(KMS_EVENTS3)', ev);
  const start = Math.floor(Date.now() / 1000);
  const md2 = await run('metadata.add(KMS_EVENTS3)', kaltura.services.metadata.add(ev.objects[0].id,
    kaltura.enums.MetadataObjectType.ENTRY, live.id,
    `<metadata><StartTime>${start}</StartTime><EndTime>${start + 3600}</EndTime><Timezone>Europe/Paris</Timezone><Presenter><PresenterId>1</PresenterId><PresenterName>Ada</PresenterName><PresenterTitle>CTO</PresenterTitle><PresenterBio>bio</PresenterBio><PresenterLink>https://example.com</PresenterLink><PresenterImage></PresenterImage></Presenter></metadata>`), client);
  check(md2.metadataProfileId === ev.objects[0].id, 'metadata.add(KMS_EVENTS3)', md2);

  // 5. uiConf.listTemplates(objTypeEqual 21)
  const uiFilter = new kaltura.objects.UiConfFilter();
  uiFilter.objTypeEqual = kaltura.enums.UiConfObjType.WEBCASTING;
  const templates = await run('uiConf.listTemplates', kaltura.services.uiConf.listTemplates(uiFilter), client);
  check(templates.objects.length >= 1, 'uiConf.listTemplates', templates);
  const studio = JSON.parse(templates.objects[0].config);
  check(studio.osx.recommendedVersionUrl && studio.windows.recommendedVersionUrl, 'uiConf config', studio);

  // Status: liveStream.get + isLive + baseEntry.list (single calls and one multirequest).
  const got = await run('liveStream.get', kaltura.services.liveStream.get(live.id), client);
  check(got.id === live.id && got.liveStatus === 0, 'liveStream.get', got);
  const offline = await run('liveStream.isLive', kaltura.services.liveStream.isLive(live.id, kaltura.enums.PlaybackProtocol.HLS), client);
  check(offline === false, 'liveStream.isLive (offline)', offline);

  // The simulated encoder connects; wait for PLAYABLE, then end the session.
  await control(`entries/${live.id}/broadcast`);
  await poll('live becomes playable', async () => {
    const e = await run('liveStream.get (poll)', kaltura.services.liveStream.get(live.id), client);
    return e.liveStatus === 1;
  });
  const preview = await run('liveStream.isLive (preview, admin)', kaltura.services.liveStream.isLive(live.id), client);
  check(preview === true, 'liveStream.isLive (admin sees the preview)', preview);
  const goLive = new kaltura.objects.LiveStreamEntry();
  goLive.viewMode = kaltura.enums.ViewMode.ALLOW_ALL;
  goLive.recordingStatus = kaltura.enums.RecordingStatus.ACTIVE;
  const updated = await run('liveStream.update (Go Live)', kaltura.services.liveStream.update(live.id, goLive), client);
  check(updated.viewMode === 1, 'liveStream.update (Go Live)', updated);
  await control(`entries/${live.id}/end`);

  // After the end: the recording, found as the seed does (rootEntryIdEqual), once archived.
  const recording = await poll('recording found by baseEntry.list', async () => {
    const f = new kaltura.objects.BaseEntryFilter();
    f.rootEntryIdEqual = live.id;
    f.orderBy = '-createdAt';
    const multi = kaltura.services.liveStream.get(live.id)
      .add(kaltura.services.liveStream.isLive(live.id))
      .add(kaltura.services.baseEntry.listAction(f));
    const results = await run('multirequest(get, isLive, baseEntry.list)', multi, client);
    check(Array.isArray(results) && results.length === 3, 'multirequest answer', results);
    const recs = results[2].objects.filter((o) => o.id !== live.id);
    return recs.length > 0 && recs[0].status === 2 ? recs[0] : null;
  });
  check(recording.sourceType === '36' && recording.rootEntryId === live.id, 'recording fields', recording);

  // An error as the client sees it: code and message from the server.
  try {
    await kaltura.services.liveStream.get('0_nosuch00').execute(client);
    fail('liveStream.get(unknown)', 'no error');
  } catch (e) {
    check(e.code === 'ENTRY_ID_NOT_FOUND', 'liveStream.get(unknown)', e);
  }

  console.log(JSON.stringify({ ok: true, entryId: live.id, recordingId: recording.id, recordingName: recording.name }));
}

main().catch((e) => fail('unexpected', e && e.stack ? e.stack : e));
