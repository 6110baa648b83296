// The matching rule of an import: the id of this plan, else the title, else new; twice the same
// benefit or the same new title is a problem on the later row.
import assert from 'node:assert/strict';
import { matchRows, type KnownBenefit } from '../../../src/domain/registerMatch';

const existing: KnownBenefit[] = [
  { number: 1, title: 'Færre bomturer', state: 'tracking' },
  { number: 2, title: 'Lavere portokostnader', state: 'planned' },
  { number: 3, title: 'Gammel gevinst', state: 'archived' },
  { number: 4, title: 'Dobbel', state: 'tracking' },
  { number: 5, title: 'dobbel', state: 'achieved' },
];

describe('domain/registerMatch', () => {
  it('an id of this plan names that benefit, whatever the title says', () => {
    assert.deepEqual(matchRows('tilsyn', existing, [{ row: 2, id: 'tilsyn/2', title: 'Nytt navn' }]), [{ kind: 'existing', number: 2, by: 'id' }]);
    assert.deepEqual(matchRows('tilsyn', existing, [{ row: 2, id: ' Tilsyn / 02 ', title: '' }]), [{ kind: 'existing', number: 2, by: 'id' }]);
  });

  it('an id of another plan (a report of that plan) falls back to the title, else a new benefit', () => {
    const r = matchRows('tilsyn', existing, [
      { row: 2, id: 'annen-plan/1', title: '  færre   BOMTURER ' },
      { row: 3, id: 'annen-plan/2', title: 'Helt ny' },
      { row: 4, title: 'Gammel gevinst' },
    ]);
    assert.deepEqual(r, [{ kind: 'existing', number: 1, by: 'title' }, { kind: 'new' }, { kind: 'new' }], 'archived benefits are not matched by title');
  });

  it('an unknown or archived id of this plan, or a title two benefits share, is a problem', () => {
    const r = matchRows('tilsyn', existing, [
      { row: 2, id: 'tilsyn/99', title: 'X' },
      { row: 3, id: 'tilsyn/3', title: 'Gammel gevinst' },
      { row: 4, title: 'DOBBEL' },
    ]);
    assert.deepEqual(
      r.map((m) => (m.kind === 'problem' ? m.key : m.kind)),
      ['import.err.unknownId', 'import.err.archived', 'import.err.ambiguousTitle'],
    );
  });

  it('two rows on one benefit, or two new rows with one title: the later row is the problem', () => {
    const r = matchRows('tilsyn', existing, [
      { row: 2, id: 'tilsyn/1', title: 'Færre bomturer' },
      { row: 3, title: 'Færre bomturer' },
      { row: 4, title: 'Ny' },
      { row: 5, title: 'ny' },
    ]);
    assert.deepEqual(r[0], { kind: 'existing', number: 1, by: 'id' });
    assert.deepEqual(r[1], { kind: 'problem', key: 'import.err.sameBenefit', params: { first: 2, id: 'tilsyn/1' } });
    assert.deepEqual(r[2], { kind: 'new' });
    assert.deepEqual(r[3], { kind: 'problem', key: 'import.err.sameTitle', params: { first: 4 } });
  });
});
