import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refreshDelayMs, remainingMs, tokenClaims, tokenTimes, SERVER_TICK_MS } from '../index.js';
import { jwt, rawJwt } from './jwt.js';

test('tokenClaims_jws_returnsThePayload', () => {
  assert.deepEqual(tokenClaims(jwt({ sub: 'alice', exp: 1900000000, name: 'Zoë' })), {
    sub: 'alice',
    exp: 1900000000,
    name: 'Zoë',
  });
});

test('tokenClaims_notAJws_isNull', () => {
  for (const token of [
    undefined,
    null,
    42,
    '',
    'opaque-api-key-0123456789',
    'a.b', // two parts
    `${jwt({ exp: 1 })}.x.y`, // five parts: a JWE is opaque to the client
    'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9+.c2ln', // not base64url
    'eyJhbGciOiJIUzI1NiJ9.e.c2ln', // a length no base64 has
  ]) {
    assert.equal(tokenClaims(token), null, String(token));
  }
});

test('tokenClaims_payloadNotAJsonObject_isNull', () => {
  for (const payload of ['[1,2]', '"exp"', 'null', '12', '{"exp":', '\u0000']) {
    assert.equal(tokenClaims(rawJwt(payload)), null, payload);
  }
  // invalid UTF-8 in the payload
  const bad = Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url');
  assert.equal(tokenClaims(`eyJhbGciOiJIUzI1NiJ9.${bad}.c2ln`), null);
});

test('tokenTimes_expAndIat_areRead', () => {
  assert.deepEqual(tokenTimes(jwt({ exp: 2000, iat: 1000 })), { exp: 2000, iat: 1000 });
  assert.deepEqual(tokenTimes(jwt({ exp: 2000 })), { exp: 2000 });
});

test('tokenTimes_noUsableExp_isNull', () => {
  assert.equal(tokenTimes(jwt({ sub: 'a' })), null);
  assert.equal(tokenTimes(jwt({ exp: '2000' })), null);
  assert.equal(tokenTimes(rawJwt('{"exp":1e999}')), null); // Infinity
  assert.equal(tokenTimes('opaque'), null);
});

test('tokenTimes_iatAfterExpOrNotANumber_isIgnored', () => {
  assert.deepEqual(tokenTimes(jwt({ exp: 2000, iat: 3000 })), { exp: 2000 });
  assert.deepEqual(tokenTimes(jwt({ exp: 2000, iat: 'now' })), { exp: 2000 });
});

test('tokenTimes_acknowledgedExp_winsOverTheClaim', () => {
  assert.deepEqual(tokenTimes(jwt({ exp: 2000, iat: 1000 }), 1500), { exp: 1500, iat: 1000 });
  assert.deepEqual(tokenTimes('opaque', 1500), { exp: 1500 });
  assert.deepEqual(tokenTimes(jwt({ exp: 2000 }), null), { exp: 2000 });
});

test('remainingMs_byTheBrowsersClock', () => {
  assert.equal(remainingMs({ exp: 1000 }, 400_000), 600_000);
  assert.equal(remainingMs({ exp: 1000 }, 1_200_000), -200_000);
});

test('remainingMs_browserClockBehind_isBoundedByTheTokensLifetime', () => {
  // minted at 1000 s for 60 s; the browser's clock says 900 s: it would wait 100 s
  assert.equal(remainingMs({ exp: 1060, iat: 1000 }, 900_000), 60_000);
  // a clock ahead only shortens it
  assert.equal(remainingMs({ exp: 1060, iat: 1000 }, 1_030_000), 30_000);
});

const serverDefaults = { expiryJitterMs: 10_000, refreshMarginMs: 1000 };

test('refreshDelayMs_longLivedToken_beforeTheJitterWindowAndTheSweep', () => {
  assert.equal(refreshDelayMs(3_600_000, serverDefaults), 3_600_000 - 10_000 - SERVER_TICK_MS - 1000);
});

test('refreshDelayMs_shortLivedToken_windowIsHalfTheRemainingLifetime', () => {
  // the server's window is at most half the remaining lifetime, as in ExpiryWindow.closeAt
  assert.equal(refreshDelayMs(8000, serverDefaults), 8000 - 4000 - 500 - 1000);
  assert.equal(refreshDelayMs(4000, { expiryJitterMs: 1000, refreshMarginMs: 1000 }), 1500);
});

test('refreshDelayMs_noJitterNoMargin_isOneSweepBeforeExp', () => {
  assert.equal(refreshDelayMs(5000, { expiryJitterMs: 0, refreshMarginMs: 0 }), 4500);
});

test('refreshDelayMs_almostOrAlreadyExpired_isNow', () => {
  assert.equal(refreshDelayMs(1200, serverDefaults), 0);
  assert.equal(refreshDelayMs(0, serverDefaults), 0);
  assert.equal(refreshDelayMs(-5000, serverDefaults), 0);
});

test('refreshDelayMs_noDeadline_isNull', () => {
  assert.equal(refreshDelayMs(NaN, serverDefaults), null);
  assert.equal(refreshDelayMs(Infinity, serverDefaults), null);
});
