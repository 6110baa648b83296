// Audit row keys: newest first, a total order within one millisecond, and entries written before
// the sequence existed (random hex suffix) still sort after anything new.
import assert from 'node:assert/strict';
import { auditRowKey, nextAuditKey } from '../../../src/storage/auditRepo';

const ms = Date.parse('2026-12-07T08:00:00.000Z');

describe('audit keys', () => {
  it('sorts a later millisecond first', () => {
    assert.ok(auditRowKey(ms + 1, 0) < auditRowKey(ms, 0));
  });

  it('gives the next change in the same millisecond a key that sorts before the newest', () => {
    let newest: string | undefined;
    const keys: string[] = [];
    for (let i = 0; i < 50; i++) keys.push((newest = nextAuditKey(ms, newest)));
    assert.deepEqual([...keys].sort(), [...keys].reverse(), 'each key sorts before the one written before it');
  });

  it('stays after the newest entry when this clock is behind it', () => {
    const newest = auditRowKey(ms + 5_000, 3);
    const next = nextAuditKey(ms, newest);
    assert.ok(next < newest);
  });

  it('moves past an entry with a random suffix in the same millisecond', () => {
    const legacy = `${auditRowKey(ms, 0).slice(0, 13)}~ffffffff`;
    const next = nextAuditKey(ms, legacy);
    assert.ok(next < legacy && next < `${auditRowKey(ms, 0).slice(0, 13)}~00000000`);
  });
});
