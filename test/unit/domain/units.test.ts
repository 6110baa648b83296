import assert from 'node:assert/strict';
import { formatValue } from '../../../src/domain/numbers';
import { isHoursUnit, isMoneyUnit, unitForCount } from '../../../src/domain/units';

describe('units implied by the benefit type', () => {
  it('time is in hours, with or without a per-period qualifier', () => {
    for (const u of ['timer', 'Timer', 't', 'h', 'hours', 'timer per uke', 't/uke', 'timer pr. måned', 'hours per week']) assert.ok(isHoursUnit(u), u);
    for (const u of ['besøk', 'minutter', 'kr', 'saker per uke', 'tid']) assert.ok(!isHoursUnit(u), u);
  });
  it('cost is in kroner', () => {
    for (const u of ['NOK', 'kr', 'kr.', 'kroner', 'kr per måned', 'NOK/år']) assert.ok(isMoneyUnit(u), u);
    for (const u of ['timer', 'EUR', 'euro', '%']) assert.ok(!isMoneyUnit(u), u);
  });
});

describe('units after a number', () => {
  it('are singular after 1 and as typed otherwise, only the first word changing', () => {
    assert.equal(unitForCount('timer', true), 'time');
    assert.equal(unitForCount('timer', false), 'timer');
    assert.equal(unitForCount('timer per uke', true), 'time per uke');
    assert.equal(unitForCount('Timer', true), 'Time');
    assert.equal(unitForCount('besøk', true), 'besøk');
    assert.equal(unitForCount('fall', false), 'fall', 'Norwegian fall is its own plural');
    assert.equal(unitForCount('visits', true), 'visit');
    assert.equal(unitForCount('saker/uke', true), 'saker/uke', 'a word glued to its qualifier is left as typed');
  });
  it('formatValue writes 1 time, 2 timer, −1 time and 1,5 timer', () => {
    assert.equal(formatValue(1, 'timer', 'nb'), '1\u00a0time');
    assert.equal(formatValue(2, 'timer', 'nb'), '2\u00a0timer');
    assert.equal(formatValue(-1, 'timer', 'nb'), '\u22121\u00a0time');
    assert.equal(formatValue(1.5, 'timer', 'nb'), '1,5\u00a0timer');
    assert.equal(formatValue(1, 'visits', 'en'), '1\u00a0visit');
  });
});
