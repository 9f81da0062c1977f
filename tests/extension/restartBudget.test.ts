import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartBudget } from '../../extension/src/sidecar/restartBudget';

test('four restarts within three minutes, with growing delays, then none', () => {
  let now = 0;
  const budget = new RestartBudget(4, 180_000, 250, () => now);
  assert.deepEqual([budget.next(), budget.next(), budget.next(), budget.next()], [250, 500, 1000, 2000]);
  assert.equal(budget.next(), undefined);
  now += 180_001;
  assert.equal(budget.next(), 250, 'crashes older than the window no longer count');
});

test('reset gives a fresh budget', () => {
  const budget = new RestartBudget(1, 180_000, 100, () => 0);
  assert.equal(budget.next(), 100);
  assert.equal(budget.next(), undefined);
  budget.reset();
  assert.equal(budget.next(), 100);
});
