import assert from 'node:assert/strict';
import { isHoursUnit, isMoneyUnit } from '../../../src/domain/units';

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
