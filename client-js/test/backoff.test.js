import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from '../index.js';

const policy = { baseMs: 500, maxMs: 30000 };
const almostOne = () => 0.999999;

test('backoffDelayMs_firstAttempt_isBelowTheBase', () => {
  assert.equal(backoffDelayMs(0, policy, () => 0), 0);
  assert.equal(backoffDelayMs(0, policy, almostOne), 499);
});

test('backoffDelayMs_eachAttempt_doublesTheCeiling', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((a) => backoffDelayMs(a, policy, almostOne)),
    [499, 999, 1999, 3999, 7999]);
});

test('backoffDelayMs_manyAttempts_staysUnderTheCap', () => {
  assert.equal(backoffDelayMs(6, policy, almostOne), 29999);
  assert.equal(backoffDelayMs(1000, policy, almostOne), 29999);
  assert.equal(backoffDelayMs(Number.MAX_SAFE_INTEGER, policy, () => 0.5), 15000);
});

test('backoffDelayMs_fullJitter_spreadsOverTheWholeRange', () => {
  // seeded so the test cannot flake: a 48-bit linear congruential generator
  let seed = 42;
  const random = () => {
    seed = (seed * 25214903917 + 11) % 2 ** 48;
    return seed / 2 ** 48;
  };
  const delays = Array.from({ length: 2000 }, () => backoffDelayMs(3, policy, random));
  assert.ok(delays.every((d) => d >= 0 && d < 4000));
  const quarters = [0, 1, 2, 3].map((q) => delays.filter((d) => Math.floor(d / 1000) === q).length);
  for (const n of quarters) {
    assert.ok(n > 400 && n < 600, `quarters ${quarters} are not uniform`);
  }
});

test('backoffDelayMs_negativeAttempt_isTheFirstAttempt', () => {
  assert.equal(backoffDelayMs(-3, policy, almostOne), 499);
});
