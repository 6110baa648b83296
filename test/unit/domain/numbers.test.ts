import { strict as assert } from 'node:assert';
import { formatHours, formatMoney, formatNumber, formatPercent, formatValue, parseNumber, unitLabel } from '../../../src/domain/numbers';

const NB = '\u00A0';

describe('numbers', () => {
  describe('parseNumber', () => {
    const accepted: Array<[string, number]> = [
      ['12,5', 12.5],
      ['12.5', 12.5],
      ['1 200', 1200],
      ['1200', 1200],
      ['-3', -3],
      ['+3', 3],
      ['1 234 567,5', 1234567.5],
      [`1${NB}234${NB}567,5`, 1234567.5],
      ['1\u202F234', 1234],
      ['  42  ', 42],
      ['0', 0],
      ['-0', 0],
      ['0,05', 0.05],
      ['1.200', 1.2], // a dot is always a decimal separator
      ['1,234', 1.234], // and so is a comma
      ['\u22127,5', -7.5], // typographic minus, as pasted from formatted text
    ];
    for (const [text, expected] of accepted) {
      it(`accepts ${JSON.stringify(text)}`, () => assert.equal(parseNumber(text), expected));
    }
    const rejected = [
      '', ' ', '12abc', '1,2,3', '1.2.3', 'NaN', 'Infinity', '-Infinity', '1e5', '1E5', '12.345,6', '1,234.5',
      '12 34', '1 2345', ',5', '.5', '12,', '12.', '--3', '+-3', '0x10', '1_000', '9'.repeat(400),
    ];
    for (const text of rejected) {
      it(`rejects ${JSON.stringify(text.length > 20 ? text.slice(0, 20) + '…' : text)}`, () =>
        assert.equal(parseNumber(text), undefined));
    }
    it('never returns -0', () => assert.ok(Object.is(parseNumber('-0,0'), 0)));
  });

  describe('formatNumber', () => {
    it('groups with no-break spaces in nb and commas in en', () => {
      assert.equal(formatNumber(1234567.5, 'nb'), `1${NB}234${NB}567,5`);
      assert.equal(formatNumber(1234567.5, 'en'), '1,234,567.5');
    });
    it('keeps up to 2 decimals by default and drops trailing zeros', () => {
      assert.equal(formatNumber(12.345, 'en'), '12.35');
      assert.equal(formatNumber(12.1, 'nb'), '12,1');
      assert.equal(formatNumber(12, 'nb'), '12');
    });
    it('pads to a fixed number of decimals when asked', () => {
      assert.equal(formatNumber(12, 'nb', 2), '12,00');
      assert.equal(formatNumber(999.96, 'en', 1), '1,000.0');
    });
    it('uses the true minus sign (U+2212) and never shows -0', () => {
      assert.equal(formatNumber(-1234.5, 'nb'), `\u22121${NB}234,5`);
      assert.equal(formatNumber(-0.001, 'nb'), '0');
      assert.equal(formatNumber(-0, 'en', 1), '0.0');
    });
    it('rejects non-finite numbers', () => {
      assert.throws(() => formatNumber(Number.NaN, 'nb'), RangeError);
      assert.throws(() => formatNumber(Number.POSITIVE_INFINITY, 'en'), RangeError);
    });
  });

  describe('formatMoney', () => {
    it('formats whole kroner', () => {
      assert.equal(formatMoney(1234567, 'nb'), `1${NB}234${NB}567${NB}kr`);
      assert.equal(formatMoney(1234567, 'en'), `NOK${NB}1,234,567`);
      assert.equal(formatMoney(999.5, 'nb'), `1${NB}000${NB}kr`);
      assert.equal(formatMoney(-1500, 'nb'), `\u22121${NB}500${NB}kr`);
      assert.equal(formatMoney(-1500, 'en'), `NOK${NB}\u22121,500`);
    });
  });

  describe('formatHours', () => {
    it('shows one decimal', () => {
      assert.equal(formatHours(12.5, 'nb'), `12,5${NB}t`);
      assert.equal(formatHours(12.5, 'en'), `12.5${NB}h`);
      assert.equal(formatHours(12, 'nb'), `12,0${NB}t`);
      assert.equal(formatHours(1694.96, 'en'), `1,695.0${NB}h`);
    });
  });

  describe('formatPercent', () => {
    it('shows whole percent with Norwegian spacing', () => {
      assert.equal(formatPercent(0.853, 'nb'), `85${NB}%`);
      assert.equal(formatPercent(0.853, 'en'), '85%');
      assert.equal(formatPercent(1.25, 'en'), '125%');
      assert.equal(formatPercent(-0.1, 'nb'), `\u221210${NB}%`);
    });
  });

  describe('formatValue', () => {
    it('adds the unit after up to 2 decimals', () => {
      assert.equal(formatValue(12.5, 'besøk', 'nb'), `12,5${NB}besøk`);
      assert.equal(formatValue(12.5, 'visits', 'en'), `12.5${NB}visits`);
      assert.equal(formatValue(3.14159, 'min', 'en'), `3.14${NB}min`);
      assert.equal(formatValue(2.1, '', 'nb'), '2,1');
    });
    it('writes percent and money units the usual way', () => {
      assert.equal(formatValue(85, '%', 'nb'), `85${NB}%`);
      assert.equal(formatValue(85.5, '%', 'en'), '85.5%');
      assert.equal(formatValue(1234.5, 'NOK', 'nb'), `1${NB}234,5${NB}kr`);
      assert.equal(formatValue(1234.5, 'kr', 'en'), `NOK${NB}1,234.5`);
    });
  });
});

describe('unitLabel: a unit on its own, in a report column', () => {
  it('writes money as kr in Norwegian and NOK in English, other units as typed', () => {
    assert.equal(unitLabel('NOK', 'nb'), 'kr');
    assert.equal(unitLabel('kr', 'en'), 'NOK');
    assert.equal(unitLabel('nok', 'nb'), 'kr');
    assert.equal(unitLabel('besøk', 'nb'), 'besøk');
    assert.equal(unitLabel('%', 'en'), '%');
  });
});
