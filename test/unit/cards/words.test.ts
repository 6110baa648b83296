import { strict as assert } from 'node:assert';
import { periodLabel } from '../../../src/cards/words';

describe('periodLabel: a period as people say it', () => {
  it('names weeks, months and days in Norwegian, as the contract shows them', () => {
    assert.equal(periodLabel('2026-W49', 'nb'), 'uke 49 2026');
    assert.equal(periodLabel('2026-W07', 'nb'), 'uke 7 2026');
    assert.equal(periodLabel('2026-11', 'nb'), 'november 2026');
    assert.equal(periodLabel('2026-12-07', 'nb'), 'mandag 7. desember');
    assert.equal(periodLabel('2027-01-03', 'nb'), 'søndag 3. januar');
  });

  it('and in English', () => {
    assert.equal(periodLabel('2026-W49', 'en'), 'week 49 2026');
    assert.equal(periodLabel('2026-11', 'en'), 'November 2026');
    assert.equal(periodLabel('2026-12-07', 'en'), 'Monday 7 December');
  });
});
