// Kaltura's official Node client (npm `kaltura-client`, unchanged) managing and using application
// tokens against a kwebcast sandbox, as an account's administrator and an integrator would.
// Driven by tests/app_token_cli.rs and tests/sandbox_official_client.rs:
//   KALTURA_SERVICE_URL, KALTURA_PARTNER_ID (env); KALTURA_ADMIN_SECRET for `add` and `delete`.
//
//   node app_token.js add '{"sessionType":2,"hashType":"SHA256",...}'
//       appToken.add with an admin KS (session.start with the admin secret); prints
//       {"id", "token", "hashType", "status"} — the pair an administrator hands to an operator.
//   node app_token.js delete ID
//       appToken.delete (revokes the token); prints {"ok": true}.
//   node app_token.js flow ID TOKEN HASHTYPE
//       The documented sign-in, with no admin secret: session.startWidgetSession("_{partnerId}"),
//       tokenHash = hex(HASH(widgetKs + token)) computed with Node's crypto, appToken.startSession,
//       then liveStream.list and session.get with the new KS; prints what the session is.
// Exits 0 and prints one JSON line on success; exits 1 naming the failed step (with Kaltura's
// code, e.g. APP_TOKEN_NOT_ACTIVE) otherwise.
'use strict';

const crypto = require('crypto');
const kaltura = require('kaltura-client');

const serviceUrl = process.env.KALTURA_SERVICE_URL;
const partnerId = parseInt(process.env.KALTURA_PARTNER_ID, 10);

function fail(step, detail) {
  console.error(`official client step failed: ${step}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  process.exit(1);
}

async function run(step, request, client) {
  try {
    return await request.execute(client);
  } catch (e) {
    fail(step, e && e.message ? { code: e.code, message: e.message } : e);
  }
}

function newClient() {
  const config = new kaltura.Configuration();
  config.serviceUrl = serviceUrl;
  config.setLogger({ log() {}, error() {}, debug() {} });
  return new kaltura.Client(config);
}

async function adminClient() {
  const client = newClient();
  const ks = await run('session.start', kaltura.services.session.start(
    process.env.KALTURA_ADMIN_SECRET, 'admin@example.com', kaltura.enums.SessionType.ADMIN,
    partnerId, 3600, 'disableentitlement'), client);
  client.setKs(ks);
  return client;
}

async function add(fields) {
  const client = await adminClient();
  const token = new kaltura.objects.AppToken();
  for (const [k, v] of Object.entries(fields)) token[k] = v;
  const made = await run('appToken.add', kaltura.services.appToken.add(token), client);
  if (made.objectType !== 'KalturaAppToken' || !made.id || !/^[0-9a-f]{32}$/.test(made.token)) {
    fail('appToken.add', made);
  }
  const got = await run('appToken.get', kaltura.services.appToken.get(made.id), client);
  if (got.token !== made.token || got.status !== kaltura.enums.AppTokenStatus.ACTIVE) fail('appToken.get', got);
  console.log(JSON.stringify({ id: made.id, token: made.token, hashType: made.hashType, status: made.status }));
}

async function remove(id) {
  const client = await adminClient();
  await run('appToken.delete', kaltura.services.appToken.deleteAction(id), client);
  const got = await run('appToken.get', kaltura.services.appToken.get(id), client);
  if (got.status !== kaltura.enums.AppTokenStatus.DELETED) fail('appToken.get after delete', got);
  console.log(JSON.stringify({ ok: true, status: got.status }));
}

async function flow(id, token, hashType) {
  const client = newClient();
  const widget = await run('session.startWidgetSession',
    kaltura.services.session.startWidgetSession(`_${partnerId}`), client);
  if (widget.objectType !== 'KalturaStartWidgetSessionResponse' || !widget.ks) fail('session.startWidgetSession', widget);
  client.setKs(widget.ks);
  const tokenHash = crypto.createHash(hashType.toLowerCase()).update(widget.ks + token).digest('hex');
  const info = await run('appToken.startSession', kaltura.services.appToken.startSession(
    id, tokenHash, 'integrator@example.com', kaltura.enums.SessionType.ADMIN, 600), client);
  if (info.objectType !== 'KalturaSessionInfo' || !info.ks) fail('appToken.startSession', info);
  client.setKs(info.ks);
  const pager = new kaltura.objects.FilterPager();
  pager.pageSize = 1;
  const list = await run('liveStream.list', kaltura.services.liveStream.listAction(
    new kaltura.objects.LiveStreamEntryFilter(), pager), client);
  const got = await run('session.get', kaltura.services.session.get(), client);
  console.log(JSON.stringify({
    ok: true,
    sessionType: info.sessionType,
    userId: info.userId,
    privileges: info.privileges,
    expiry: info.expiry,
    listed: list.totalCount,
    sessionGet: { sessionType: got.sessionType, userId: got.userId, privileges: got.privileges },
  }));
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'add') return add(JSON.parse(args[0] || '{}'));
  if (mode === 'delete') return remove(args[0]);
  if (mode === 'flow') return flow(args[0], args[1], args[2] || 'SHA256');
  fail('arguments', `unknown mode ${mode}`);
}

main().catch((e) => fail('unexpected', e && e.stack ? e.stack : e));
