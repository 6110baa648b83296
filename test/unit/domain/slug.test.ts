import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatBenefitRef, isSlug, parseBenefitRef, slugify, SLUG_MAX, uniqueSlug } from '../../../src/domain/slug';

describe('slug: slugify', () => {
  it('makes the documented example', () => {
    assert.equal(slugify('Digitalt tilsyn'), 'digitalt-tilsyn');
  });

  it('spells Norwegian letters the Norwegian way, in both cases', () => {
    assert.equal(slugify('Økt kvalitet på tjenester'), 'okt-kvalitet-pa-tjenester');
    assert.equal(slugify('ÆRLIG Å SI'), 'aerlig-a-si');
    assert.equal(slugify('Bærum ØST'), 'baerum-ost');
  });

  it('strips other accents via NFKD', () => {
    assert.equal(slugify('Café Müller'), 'cafe-muller');
    assert.equal(slugify('Señor Ñandú'), 'senor-nandu');
    assert.equal(slugify('Straße'), 'strasse');
    // fullwidth letters and digits fold to ASCII
    assert.equal(slugify('ＳＭＳ ２０２６'), 'sms-2026');
  });

  it('collapses separators and trims dashes', () => {
    assert.equal(slugify('  --Hei!!  verden--  '), 'hei-verden');
    assert.equal(slugify('SMS-påminnelser (tannhelse) 2026'), 'sms-paminnelser-tannhelse-2026');
  });

  it('returns undefined when nothing usable is left', () => {
    assert.equal(slugify(''), undefined);
    assert.equal(slugify('   '), undefined);
    assert.equal(slugify('🎉 !!'), undefined);
  });

  it('cuts at 40 characters on a dash boundary when possible', () => {
    // gevinstrealisering(18) -for(22) -digital(30) -hjemmetjeneste(45): char 40 is inside a word,
    // so the cut falls back to the dash at 30.
    assert.equal(slugify('Gevinstrealisering for digital hjemmetjeneste i kommunen'), 'gevinstrealisering-for-digital');
    // 40 a's followed by a dash: the cut is already on a boundary.
    assert.equal(slugify(`${'a'.repeat(40)} b`), 'a'.repeat(40));
    // no dash at all: hard cut
    assert.equal(slugify('a'.repeat(50)), 'a'.repeat(40));
  });

  it('property: always a valid slug or undefined', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const slug = slugify(s);
        assert.ok(slug === undefined || isSlug(slug), `${JSON.stringify(s)} → ${slug}`);
        if (slug !== undefined) assert.equal(slugify(slug), slug);
      }),
    );
  });
});

describe('slug: uniqueSlug', () => {
  it('adds -2, -3, … to a taken base', () => {
    assert.equal(uniqueSlug('plan', new Set()), 'plan');
    assert.equal(uniqueSlug('plan', new Set(['plan'])), 'plan-2');
    assert.equal(uniqueSlug('plan', new Set(['plan', 'plan-2'])), 'plan-3');
    assert.equal(uniqueSlug('plan', new Set(['plan', 'plan-3'])), 'plan-2');
  });

  it('keeps the result within 40 characters', () => {
    const base = 'a'.repeat(40);
    const s = uniqueSlug(base, new Set([base]));
    assert.equal(s, `${'a'.repeat(38)}-2`);
    assert.ok(s.length <= SLUG_MAX && isSlug(s));
    // 37 a's + '-bb' (40): the cut to 38 ends on the dash, which is dropped → 37 a's + '-2'
    const dashy = `${'a'.repeat(37)}-bb`;
    assert.equal(uniqueSlug(dashy, new Set([dashy])), `${'a'.repeat(37)}-2`);
  });
});

describe('slug: isSlug and benefit refs', () => {
  it('isSlug', () => {
    assert.equal(isSlug('digitalt-tilsyn'), true);
    assert.equal(isSlug('plan-2'), true);
    assert.equal(isSlug('Digitalt-tilsyn'), false);
    assert.equal(isSlug('-plan'), false);
    assert.equal(isSlug('plan--2'), false);
    assert.equal(isSlug(''), false);
    assert.equal(isSlug('øst'), false);
    assert.equal(isSlug('a'.repeat(41)), false);
  });

  it('parses <plan>/<n>', () => {
    assert.deepEqual(parseBenefitRef('digitalt-tilsyn/2'), { planId: 'digitalt-tilsyn', number: 2 });
    assert.deepEqual(parseBenefitRef('digitalt-tilsyn/02'), { planId: 'digitalt-tilsyn', number: 2 });
    assert.deepEqual(parseBenefitRef(' Digitalt-Tilsyn/9999 '), { planId: 'digitalt-tilsyn', number: 9999 });
    assert.deepEqual(parseBenefitRef('x/1'), { planId: 'x', number: 1 });
  });

  it('rejects anything else', () => {
    for (const bad of [
      'digitalt-tilsyn/0',
      'digitalt-tilsyn/10000',
      'digitalt-tilsyn/-1',
      'digitalt-tilsyn/1.5',
      'digitalt-tilsyn/',
      '/2',
      'digitalt tilsyn/2',
      'digitalt-tilsyn/2/3',
      'digitalt--tilsyn/2',
      'øst/1',
      'digitalt-tilsyn / 2',
      'digitalt-tilsyn#2',
      'digitalt-tilsyn',
    ]) {
      assert.equal(parseBenefitRef(bad), undefined, bad);
    }
  });

  it('formats and parses round-trip', () => {
    assert.equal(formatBenefitRef('digitalt-tilsyn', 2), 'digitalt-tilsyn/2');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (n) => {
        assert.deepEqual(parseBenefitRef(formatBenefitRef('plan-a', n)), { planId: 'plan-a', number: n });
      }),
    );
  });
});
