// Runs Kaltura's official Node client (npm `kaltura-client`, unchanged) against a kwebcast
// sandbox to show, through a real client, where the sandbox follows Kaltura's server rather than
// the notes it was first written from: v7 players told from v2 ones, response profiles per call
// and per multirequest sub-call, fields locked while the encoder is connected, root-entry lists,
// whole-word nameLike, and what the encoder's disconnection does to the entry.
// Driven by tests/sandbox_official_client.rs (KALTURA_SERVICE_URL, KALTURA_PARTNER_ID,
// KALTURA_ADMIN_SECRET). Exits 0 with one JSON summary line; exits 1 naming the failed step.
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

async function run(step, request, client) {
  try {
    return await request.execute(client);
  } catch (e) {
    fail(step, e && e.message ? { code: e.code, message: e.message } : e);
  }
}

async function refused(step, request, client) {
  try {
    await request.execute(client);
  } catch (e) {
    return e;
  }
  return fail(step, 'no error');
}

function profile(type, fields) {
  const p = new kaltura.objects.DetachedResponseProfile();
  p.type = type;
  p.fields = fields;
  return p;
}

async function addLive(client, name) {
  const entry = new kaltura.objects.LiveStreamEntry();
  entry.name = name;
  entry.mediaType = kaltura.enums.MediaType.LIVE_STREAM_FLASH;
  entry.dvrStatus = kaltura.enums.DVRStatus.ENABLED;
  entry.dvrWindow = 60;
  entry.recordStatus = kaltura.enums.RecordStatus.PER_SESSION;
  entry.explicitLive = kaltura.enums.NullableBoolean.TRUE_VALUE;
  return run(`liveStream.add(${name})`, kaltura.services.liveStream.add(entry, kaltura.enums.SourceType.LIVE_STREAM), client);
}

async function main() {
  const config = new kaltura.Configuration();
  config.serviceUrl = serviceUrl;
  config.setLogger({ log() {}, error() {}, debug() {} });
  const client = new kaltura.Client(config);
  const ks = await run('session.start', kaltura.services.session.start(
    secret, 'admin@example.com', kaltura.enums.SessionType.ADMIN, partnerId, 86400, 'disableentitlement'), client);
  client.setKs(ks);

  // Players: an old v2 player is listed first; only the v7 one carries `kalturaPlayerJs`.
  const players = new kaltura.objects.UiConfFilter();
  players.objTypeEqual = kaltura.enums.UiConfObjType.PLAYER;
  const all = await run('uiConf.list(PLAYER)', kaltura.services.uiConf.listAction(players), client);
  const isV7 = (u) => (u.tags || '').split(',').map((t) => t.trim()).includes('kalturaPlayerJs');
  check(all.objects.length >= 2 && all.objects[0].html5Url && !isV7(all.objects[0]), 'a v2 player first', all.objects);
  players.tagsMultiLikeOr = 'kalturaPlayerJs';
  const v7 = await run('uiConf.list(kalturaPlayerJs)', kaltura.services.uiConf.listAction(players), client);
  check(v7.objects.length === 1 && isV7(v7.objects[0]), 'uiConf.list(tagsMultiLikeOr)', v7.objects);

  const live = await addLive(client, 'Quarterly town hall');

  // Response profiles: per call, and per sub-call in a multirequest.
  const trimmed = await run('liveStream.get (INCLUDE_FIELDS)',
    kaltura.services.liveStream.get(live.id).setResponseProfile(profile(kaltura.enums.ResponseProfileType.INCLUDE_FIELDS, 'id,name')), client);
  check(trimmed.id === live.id && trimmed.name === 'Quarterly town hall', 'trimmed fields kept', trimmed);
  check(trimmed.streamPassword === undefined && trimmed.status === undefined && trimmed.dvrWindow === undefined,
    'trimmed fields dropped', trimmed);
  const listFilter = new kaltura.objects.LiveStreamEntryFilter();
  listFilter.idIn = live.id;
  const multi = kaltura.services.liveStream.get(live.id)
    .setResponseProfile(profile(kaltura.enums.ResponseProfileType.EXCLUDE_FIELDS, 'streamPassword,primaryBroadcastingUrl'))
    .add(kaltura.services.liveStream.get(live.id))
    .add(kaltura.services.liveStream.listAction(listFilter)
      .setResponseProfile(profile(kaltura.enums.ResponseProfileType.INCLUDE_FIELDS, 'id,liveStatus')));
  const [excluded, whole, list] = await run('multirequest with per-call profiles', multi, client);
  check(excluded.streamPassword === undefined && excluded.primaryBroadcastingUrl === undefined && excluded.name,
    'EXCLUDE_FIELDS in a sub-call', excluded);
  check(whole.streamPassword && whole.name, 'a sub-call without a profile is whole', whole);
  check(list.totalCount === 1 && list.objects[0].id === live.id && list.objects[0].name === undefined
    && list.objects[0].liveStatus === 0, 'a list trims each object', list);

  // nameLike matches whole words (Kaltura's search index), not substrings.
  const byWord = new kaltura.objects.LiveStreamEntryFilter();
  byWord.nameLike = 'town';
  const found = await run('liveStream.list(nameLike word)', kaltura.services.liveStream.listAction(byWord), client);
  check(found.objects.some((o) => o.id === live.id), 'nameLike finds a whole word', found);
  byWord.nameLike = 'tow';
  const none = await run('liveStream.list(nameLike part)', kaltura.services.liveStream.listAction(byWord), client);
  check(!none.objects.some((o) => o.id === live.id), 'nameLike does not match part of a word', none);

  // Fields locked while the encoder is connected.
  await control(`entries/${live.id}/broadcast`);
  const change = new kaltura.objects.LiveStreamEntry();
  change.dvrStatus = kaltura.enums.DVRStatus.DISABLED;
  const locked = await refused('update dvrStatus while broadcasting', kaltura.services.liveStream.update(live.id, change), client);
  check(locked.code === 'CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING'
    && locked.message === 'Cannot update [dvrStatus] while entry is broadcasting', 'CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING', locked);
  const rename = new kaltura.objects.LiveStreamEntry();
  rename.name = 'Quarterly town hall (live)';
  const renamed = await run('rename while broadcasting', kaltura.services.liveStream.update(live.id, rename), client);
  check(renamed.name === 'Quarterly town hall (live)', 'other fields still change', renamed);

  // The encoder disconnects: back to preview, recording stopped, redirected to the recording.
  await control(`entries/${live.id}/end`);
  const ended = await run('liveStream.get after the end', kaltura.services.liveStream.get(live.id), client);
  check(ended.liveStatus === 0 && ended.viewMode === 0 && ended.recordingStatus === 0
    && ended.currentBroadcastStartTime === 0 && ended.lastBroadcastEndTime > 0
    && ended.recordedEntryId && ended.redirectEntryId === ended.recordedEntryId, 'the disconnection', ended);

  // A root-entry list holds the recordings, never the root itself.
  const byRoot = new kaltura.objects.BaseEntryFilter();
  byRoot.rootEntryIdEqual = live.id;
  byRoot.statusIn = '2,7';
  const recs = await run('baseEntry.list(rootEntryIdEqual)', kaltura.services.baseEntry.listAction(byRoot), client);
  check(recs.objects.length === 1 && recs.objects[0].id === ended.recordedEntryId
    && !recs.objects.some((o) => o.id === live.id), 'rootEntryIdEqual never lists the root', recs);

  console.log(JSON.stringify({ ok: true, entryId: live.id }));
}

main().catch((e) => fail('unexpected', e && e.stack ? e.stack : e));
