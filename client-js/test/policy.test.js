import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterClose, closeCodeOfStatus, CloseCode, retryAfterMs } from '../index.js';

const open = { opened: true, authRetry: false };
const neverOpened = { opened: false, authRetry: false };

test('afterClose_4001_renewsTheTokenAndRetriesAtOnce', () => {
  assert.deepEqual(afterClose(4001, open), { retry: 'now', renew: true, authRetry: true });
  assert.deepEqual(afterClose(4001, neverOpened), { retry: 'now', renew: true, authRetry: true });
});

test('afterClose_refusedAgainAfterA4001_stopsAsUnauthorized', () => {
  // revoked while connected: 4001; the retry with a fresh token is refused at the upgrade (1006 in a
  // browser, 4001 in message mode)
  assert.deepEqual(afterClose(1006, { opened: false, authRetry: true }), { stop: 'unauthorized' });
  assert.deepEqual(afterClose(4001, { opened: false, authRetry: true }), { stop: 'unauthorized' });
  assert.deepEqual(afterClose(1013, { opened: false, authRetry: true }), { stop: 'unauthorized' });
});

test('afterClose_retryAfterA4001Opened_thenClosesOtherwise_backsOff', () => {
  assert.deepEqual(afterClose(1006, { opened: true, authRetry: true }), {
    retry: 'backoff',
    renew: false,
  });
});

test('afterClose_4002_renewsAtOnceAfterAnOpenConnection', () => {
  assert.deepEqual(afterClose(4002, open), { retry: 'now', renew: true });
});

test('afterClose_4002BeforeOpening_renewsWithBackoff', () => {
  // a token that is expired on arrival: retrying at once would loop if getToken hands it out again
  assert.deepEqual(afterClose(4002, neverOpened), { retry: 'backoff', renew: true });
});

test('afterClose_4003_stops', () => {
  assert.deepEqual(afterClose(4003, open), { stop: 'forbidden' });
  assert.deepEqual(afterClose(4003, neverOpened), { stop: 'forbidden' });
});

test('afterClose_1008_stopsAsRejected', () => {
  assert.deepEqual(afterClose(1008, open), { stop: 'rejected' });
});

test('afterClose_serverTroubleOrNetwork_backsOffWithTheSameToken', () => {
  for (const code of [1000, 1001, 1006, 1009, 1011, 1012, 1013, 1014, 4000, 4004, 4999]) {
    assert.deepEqual(afterClose(code, open), { retry: 'backoff', renew: false }, String(code));
    assert.deepEqual(afterClose(code, neverOpened), { retry: 'backoff', renew: false }, String(code));
  }
});

test('closeCodeOfStatus_followsTheServersFailureTable', () => {
  assert.equal(closeCodeOfStatus(401), CloseCode.UNAUTHORIZED);
  assert.equal(closeCodeOfStatus(403), CloseCode.FORBIDDEN);
  assert.equal(closeCodeOfStatus(429), CloseCode.TRY_AGAIN_LATER);
  assert.equal(closeCodeOfStatus(503), CloseCode.TRY_AGAIN_LATER);
  assert.equal(closeCodeOfStatus(500), CloseCode.INTERNAL_ERROR);
  assert.equal(closeCodeOfStatus(502), CloseCode.INTERNAL_ERROR);
  for (const status of [400, 404, 405, 431]) {
    assert.equal(closeCodeOfStatus(status), CloseCode.POLICY_VIOLATION, String(status));
  }
});

test('closeCodeOfStatus_thenAfterClose_ticketRefusalsShareTheSocketPolicy', () => {
  const decide = (status) => afterClose(closeCodeOfStatus(status), neverOpened);
  assert.deepEqual(decide(403), { stop: 'forbidden' });
  assert.deepEqual(decide(404), { stop: 'rejected' });
  assert.equal(decide(401).retry, 'now');
  assert.equal(decide(429).retry, 'backoff');
  assert.equal(decide(503).retry, 'backoff');
});

test('retryAfterMs_seconds', () => {
  assert.equal(retryAfterMs('30', 0), 30000);
  assert.equal(retryAfterMs(' 0 ', 0), 0);
});

test('retryAfterMs_httpDate_isTheTimeUntilThen', () => {
  const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
  assert.equal(retryAfterMs('Wed, 21 Oct 2026 07:28:42 GMT', now), 42000);
  assert.equal(retryAfterMs('Wed, 21 Oct 2026 07:00:00 GMT', now), 0);
});

test('retryAfterMs_absentOrGarbage_isNull', () => {
  for (const v of [null, undefined, '', '-5', '1.5', 'soon', '2026-10-21']) {
    assert.equal(retryAfterMs(v, 0), null, String(v));
  }
});
