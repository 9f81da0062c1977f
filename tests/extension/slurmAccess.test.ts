import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { slurmAccessText } from '../../extension/src/sessions/slurmAccessText';
import { SlurmAccessMemory } from '../../extension/src/storage/slurmAccessMemory';
import { MemoryMemento } from './fixtures/memoryStores';

test('a fallback to node-address after a refused jump is remembered per host, once, and only steers auto', async () => {
  const state = new MemoryMemento();
  const memory = new SlurmAccessMemory(state);
  assert.equal(memory.nodeAccess('hpc', 'auto'), 'auto', 'nothing learnt yet');

  assert.equal(await memory.learn('hpc', undefined, 'jump'), false, 'a jump that worked teaches nothing');
  assert.equal(await memory.learn('hpc', 'node-address', 'node-address'), false, 'node-address asked for is no fallback');
  assert.equal(await memory.learn('hpc', undefined, undefined), false, 'an older sidecar says nothing');
  assert.equal(memory.nodeAccess('hpc', 'auto'), 'auto');

  assert.equal(await memory.learn('hpc', undefined, 'node-address'), true, 'auto fell back: learnt, to be said once');
  assert.equal(await memory.learn('hpc', 'jump', 'node-address'), false, 'already known: not said again');
  assert.equal(memory.nodeAccess('hpc', 'auto'), 'node-address');
  assert.equal(memory.nodeAccess('hpc', 'jump'), 'jump', 'a setting other than auto wins');
  assert.equal(memory.nodeAccess('other', 'auto'), 'auto', 'per host alias');

  // globalState outlives the window: a reload reads the same answer.
  assert.equal(new SlurmAccessMemory(state).nodeAccess('hpc', 'auto'), 'node-address');
});

test('tooltips say how the job was reached', () => {
  assert.equal(slurmAccessText({ access: 'jump', node: 'node1' }), 'reached by a jump to node1');
  assert.equal(slurmAccessText({ access: 'direct', node: 'node1' }), 'reached directly (the login node is node1)');
  assert.equal(slurmAccessText({ access: 'node-address', node: 'node1' }), "reached at node1's address");
  assert.equal(slurmAccessText({ node: 'node1' }), '');
  assert.equal(slurmAccessText(undefined), '');
});
