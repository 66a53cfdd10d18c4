import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptTarget, controlFrame, normalizeOptions, ticketUrlOf } from '../index.js';
import { jwt } from './jwt.js';

const options = (mode, extra = {}) =>
  normalizeOptions({ url: 'wss://api.example.com/ws?v=2', mode, getToken: () => 't', protocols: ['app.v1'], ...extra });

test('ticketUrlOf_wsUrl_isThePathPlusTicketOverHttp', () => {
  assert.equal(ticketUrlOf('wss://api.example.com/ws'), 'https://api.example.com/ws/ticket');
  assert.equal(ticketUrlOf('ws://localhost:8080/ws/?token=x#f'), 'http://localhost:8080/ws/ticket');
  assert.equal(ticketUrlOf('wss://api.example.com/acme/ws'), 'https://api.example.com/acme/ws/ticket');
});

test('ticketUrlOf_relativeUrl_resolvesAgainstThePage', () => {
  assert.equal(ticketUrlOf('/ws', 'https://app.example.com/chat'), 'https://app.example.com/ws/ticket');
});

test('attemptTarget_query_addsTheTokenAndKeepsTheRest', () => {
  const t = jwt({ exp: 1 });
  const target = attemptTarget(options('query'), t);
  const u = new URL(target.url);
  assert.equal(u.searchParams.get('token'), t);
  assert.equal(u.searchParams.get('v'), '2');
  assert.deepEqual(target.protocols, ['app.v1']);
});

test('attemptTarget_queryWithOwnParam_replacesAnyValueThere', () => {
  const target = attemptTarget(options('query', { url: 'ws://h/ws?access=old', queryParam: 'access' }), 'new');
  assert.equal(target.url, 'ws://h/ws?access=new');
});

test('attemptTarget_ticket_putsTheTicketInItsParam', () => {
  const target = attemptTarget(options('ticket'), 'T1cket_-');
  assert.equal(new URL(target.url).searchParams.get('ticket'), 'T1cket_-');
  assert.equal(new URL(target.url).searchParams.get('token'), null);
});

test('attemptTarget_subprotocolJwt_isABearerEntryAfterTheApplicationProtocols', () => {
  const t = jwt({ exp: 1 });
  const target = attemptTarget(options('subprotocol'), t);
  assert.equal(target.url, 'wss://api.example.com/ws?v=2');
  assert.deepEqual(target.protocols, ['app.v1', `bearer.${t}`]);
});

test('attemptTarget_subprotocolOpaqueToken_isUnpaddedBase64url', () => {
  const target = attemptTarget(options('subprotocol'), 'key: ü/+?');
  const entry = target.protocols[1];
  assert.ok(entry.startsWith('base64url.bearer.'));
  const encoded = entry.slice('base64url.bearer.'.length);
  assert.match(encoded, /^[A-Za-z0-9_-]+$/);
  assert.equal(Buffer.from(encoded, 'base64url').toString('utf8'), 'key: ü/+?');
});

test('attemptTarget_message_leavesUrlAndProtocolsAlone', () => {
  assert.deepEqual(attemptTarget(options('message'), 'tok'), {
    url: 'wss://api.example.com/ws?v=2',
    protocols: ['app.v1'],
  });
});

test('controlFrame_wsgateFrames_areParsed', () => {
  assert.deepEqual(controlFrame('{"type":"wsgate.refreshed","exp":1900000000}'), {
    type: 'wsgate.refreshed',
    exp: 1900000000,
  });
  assert.deepEqual(controlFrame(' { "type" : "wsgate.authenticated", "exp": null }'), {
    type: 'wsgate.authenticated',
    exp: null,
  });
});

test('controlFrame_applicationMessages_areNull', () => {
  for (const m of ['hello', '{"type":"chat","text":"wsgate."}', '{"type":"wsgate.refreshed"', '[]', new ArrayBuffer(2)]) {
    assert.equal(controlFrame(m), null, String(m));
  }
});

test('normalizeOptions_defaults', () => {
  const o = normalizeOptions({ url: 'wss://h/ws', getToken: () => 't' });
  assert.equal(o.mode, 'query');
  assert.equal(o.refresh, false);
  assert.equal(o.expiryJitterMs, 10000);
  assert.equal(o.refreshMarginMs, 1000);
  assert.deepEqual(o.backoff, { baseMs: 500, maxMs: 30000 });
  assert.equal(o.maxAttempts, Infinity);
  assert.equal(o.credentials, 'same-origin');
});

test('normalizeOptions_ticketWithoutGetToken_sendsCookies', () => {
  assert.equal(normalizeOptions({ url: 'wss://h/ws', mode: 'ticket' }).credentials, 'include');
});

test('normalizeOptions_mistakes_throwNamingTheOption', () => {
  assert.throws(() => normalizeOptions({}), /url is required/);
  assert.throws(() => normalizeOptions({ url: 'ws://h', mode: 'cookie', getToken: () => 't' }), /mode 'cookie' is not one of ticket, query, subprotocol, message/);
  assert.throws(() => normalizeOptions({ url: 'ws://h', mode: 'query' }), /getToken is required in query mode/);
  assert.throws(() => normalizeOptions({ url: 'ws://h', getToken: 'abc' }), /getToken must be a function/);
  assert.throws(() => normalizeOptions({ url: 'ws://h', mode: 'subprotocol', getToken: () => 't' }), /needs an application protocol/);
});
