import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkLength,
  cleanText,
  COMMENT_MAX,
  LESSON_MAX,
  MESSAGE_MAX,
  PLAN_NAME_MAX,
  REALIZATION_MAX,
  TEXT_LIMITS,
  textLength,
  TITLE_MAX,
  UNIT_MAX,
} from '../../../src/domain/text';

describe('text: bounds', () => {
  it('match COMMANDS.md', () => {
    assert.equal(TITLE_MAX, 120);
    assert.equal(MESSAGE_MAX, 500);
    assert.equal(REALIZATION_MAX, 500);
    assert.equal(COMMENT_MAX, 1000);
    assert.equal(LESSON_MAX, 1000);
    assert.equal(UNIT_MAX, 30);
    assert.equal(PLAN_NAME_MAX, 80);
    assert.equal(TEXT_LIMITS.title, 120);
  });

  it('counts code points, so an emoji is one character', () => {
    assert.equal(textLength('👍'), 1);
    assert.equal(textLength('Tromsø'), 6);
    assert.deepEqual(checkLength('👍'.repeat(120), TITLE_MAX), { ok: true, length: 120, max: 120 });
    assert.deepEqual(checkLength('x'.repeat(121), TITLE_MAX), { ok: false, length: 121, max: 120 });
    assert.deepEqual(checkLength('', UNIT_MAX), { ok: true, length: 0, max: 30 });
  });
});

describe('text: cleanText', () => {
  it('trims and collapses whitespace, including line breaks and no-break spaces', () => {
    assert.equal(cleanText('  Hei \n\t verden  '), 'Hei verden');
    assert.equal(cleanText('1\u00a0200\u00a0\u00a0kr'), '1 200 kr');
    assert.equal(cleanText('a\r\nb\u2028c'), 'a b c');
  });

  it('removes C0, DEL and C1 controls (NEL counts as a line break)', () => {
    assert.equal(cleanText('a\u0000b\u001bc\u007fd\u0090e'), 'abcde');
    assert.equal(cleanText('a\u0085b'), 'a b');
    assert.equal(cleanText('a \u0000 b'), 'a b');
  });

  it('removes bidi overrides, BOM and zero-width space, keeps emoji joiners', () => {
    assert.equal(cleanText('abc\u202edef\u2066'), 'abcdef');
    assert.equal(cleanText('\ufeffHei\u200b'), 'Hei');
    const family = '👩\u200d👩\u200d👧';
    assert.equal(cleanText(family), family);
  });

  it('removes unpaired surrogates and keeps pairs', () => {
    assert.equal(cleanText('a\ud800b'), 'ab');
    assert.equal(cleanText('x\udc00'), 'x');
    assert.equal(cleanText('\udc00\ud83d\udc4d\ud800'), '👍');
  });

  it('NFC-normalises', () => {
    // a + combining ring above → å (U+00E5)
    assert.equal(cleanText('Ka\u030are'), 'K\u00e5re');
    assert.equal(cleanText('Ka\u030are').length, 4);
  });

  it('property: idempotent, trimmed, no controls, well-formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const c = cleanText(s);
        assert.equal(cleanText(c), c);
        assert.equal(c, c.trim());
        assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(c));
        assert.ok(!/\s\s/.test(c));
        assert.equal(c, c.normalize('NFC'));
        assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(c));
      }),
    );
  });
});
