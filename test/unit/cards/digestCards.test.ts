// The digest and notice cards: what a reader sees (words, colours, mentions, numbers in Norwegian
// and English format), and that every card passes the Adaptive Cards validator under Teams'
// size limit, also for 30 benefits with the longest titles and lessons (then it is paged).
import assert from 'node:assert/strict';
import { cardBytes, MAX_CARD_BYTES } from '../../../src/cards/build';
import { validateCard } from '../../../src/cards/validate';
import { buildDigestModel, type DigestBenefit } from '../../../src/domain/digest';
import type { PeriodRecord, Person, Plan } from '../../../src/domain/types';
import { renderDigestCards } from '../../../src/cards/digest';
import { lessonThanksCard, missedTargetCard, successCard } from '../../../src/cards/notices';
import { lessonProblems } from '../../../src/services/lessons';
import { targetPeriod } from '../../../src/storage/keys';

const NBSP = '\u00A0';
const NOW = '2026-12-04T13:00:00.000Z';
const ola: Person = { id: '29:ola', name: 'Ola Nordmann' };

function planOf(extra: Partial<Plan> = {}): Plan {
  return {
    tenantId: 't',
    id: 'digitalt-tilsyn',
    name: 'Digitalt tilsyn',
    channel: { conversationId: 'c', botId: '28:b', serviceUrl: 'http://x' },
    digest: 'fri 14:00',
    timezone: 'Europe/Oslo',
    hourlyRate: 500,
    hoursPerFte: 1695,
    tolerance: 10,
    archived: false,
    nextBenefitNumber: 1,
    createdAt: '2026-09-01T08:00:00.000Z',
    createdBy: ola,
    ...extra,
  };
}

/**
 * Teams chart elements are unknown to the Adaptive Cards SDK: it reports them and renders their
 * fallback. A card is accepted when those are its only problems, every chart has a fallback, and
 * the card with each chart replaced by its fallback validates cleanly (what old clients render).
 */
function checkCard(card: object): void {
  const r = validateCard(card);
  const others = r.problems.filter((p) => !/^parse: Unknown element type "Chart\.[A-Za-z.]+"\. Fallback will be used if present\.$/.test(p));
  assert.deepEqual(others, [], `card problems: ${others.join('; ')}`);
  assert.ok(r.bytes <= MAX_CARD_BYTES, `card is ${r.bytes} bytes`);
  const charts: Record<string, unknown>[] = [];
  const withFallbacks = JSON.parse(JSON.stringify(card), (_k, v) => {
    if (v && typeof v === 'object' && typeof v.type === 'string' && v.type.startsWith('Chart.')) {
      charts.push(v);
      assert.ok(v.fallback && typeof v.fallback === 'object', `${v.type} has a fallback element`);
      return v.fallback;
    }
    return v;
  });
  const fb = validateCard(withFallbacks);
  assert.deepEqual(fb.problems, [], `fallback card problems: ${fb.problems.join('; ')}`);
  // Mentions: every <at>…</at> in the card has its entity, and every entity is in the text.
  const json = JSON.stringify(card);
  const entities = ((card as { msteams?: { entities?: { text: string; mentioned: { id: string; name: string } }[] } }).msteams?.entities ?? []);
  const body = JSON.stringify((card as { body: unknown }).body);
  for (const e of entities) assert.ok(body.includes(e.text), `mention ${e.text} appears in the card text`);
  for (const m of json.matchAll(/<at>([^<]*)<\/at>/g)) assert.ok(entities.some((e) => e.text === m[0]), `${m[0]} has a mention entity`);
}

const texts = (card: object): string[] => {
  const out: string[] = [];
  JSON.parse(JSON.stringify(card), (k, v) => {
    if ((k === 'text' || k === 'value' || k === 'title') && typeof v === 'string') out.push(v);
    return v;
  });
  return out;
};

function weekRow(n: number, w: number, state: PeriodRecord['state'], value?: number): PeriodRecord {
  // W40 starts Monday 28 Sep 2026 08:00Z (09:00 Oslo summer time is 07:00Z, close enough here).
  const start = new Date(Date.parse('2026-09-28T08:00:00.000Z') + (w - 40) * 7 * 86_400_000).toISOString();
  const end = new Date(Date.parse(start) + 7 * 86_400_000).toISOString();
  return { planId: 'digitalt-tilsyn', benefitNumber: n, period: `2026-W${w}`, periodStart: start, periodEnd: end, closesAt: end, state, baseline: false, promptedAt: start, version: 1, ...(value !== undefined ? { value } : {}) };
}

function manyBenefits(count: number, long: boolean): { benefits: DigestBenefit[]; rows: PeriodRecord[] } {
  const benefits: DigestBenefit[] = [];
  const rows: PeriodRecord[] = [];
  for (let n = 1; n <= count; n++) {
    const type = (['cost', 'time', 'quality'] as const)[n % 3]!;
    const owner = { id: `29:user${n}`, name: long ? `Bruker Med Et Veldig Langt Navn Nummer ${n}` : `Bruker ${n}` };
    const title = long ? `Gevinst ${n} `.padEnd(120, 'x') : `Færre bomturer i hjemmetjenesten, sone ${n}`;
    benefits.push({
      tenantId: 't',
      planId: 'digitalt-tilsyn',
      number: n,
      title,
      type,
      unit: type === 'cost' ? 'kr' : type === 'time' ? 't' : '%',
      baseline: 100,
      target: 50,
      due: '2027-06-30',
      start: '2026-09-01',
      direction: 'down',
      directionSet: false,
      cadence: 'mon 09:00',
      owner,
      state: 'tracking',
      createdAt: '2026-09-01T08:00:00.000Z',
      ...(long || n % 5 === 0
        ? { lastLesson: { planId: 'digitalt-tilsyn', benefitNumber: n, by: ola, at: '2026-11-20T10:00:00.000Z', lesson: long ? 'L'.repeat(1000) : 'Opplæringen må komme tidligere, og eierne trenger tid satt av i kalenderen.' } }
        : {}),
      ...(n % 4 === 0 ? { confirmedAt: '2026-11-30T10:00:00.000Z' } : {}),
    });
    for (let w = 40; w <= 49; w++) rows.push(weekRow(n, w, w === 49 && (long || n % 4 === 0) ? 'open' : 'answered', 100 - (w - 39) * 3 - (n % 7)));
    if (long) rows.push({ ...weekRow(n, 49, 'unreachable'), period: '2026-W49x' });
  }
  return { benefits, rows };
}

describe('digest cards', () => {
  it('shows status words in colour, numbers in Norwegian format, and mentions who has not answered', () => {
    const kari = { id: '29:kari', name: 'Kari Nordmann' };
    const per = { id: '29:per', name: 'Per Hansen' };
    const benefits: DigestBenefit[] = [
      { ...manyBenefits(1, false).benefits[0]!, number: 1, title: 'Spart porto', type: 'cost', unit: 'kr', baseline: 10_000, target: 6_000, owner: kari },
      { ...manyBenefits(1, false).benefits[0]!, number: 2, title: 'Færre bomturer', type: 'quality', unit: 'besøk', baseline: 10, target: 20, owner: per },
    ];
    const rows = [weekRow(1, 48, 'answered', 8_500), weekRow(1, 49, 'answered', 8_000), weekRow(2, 49, 'open')];
    const model = buildDigestModel(planOf(), benefits, rows, NOW);
    const [card, ...more] = renderDigestCards('nb', model, { nok: 1_234_567, plans: 2 });
    assert.equal(more.length, 0);
    checkCard(card!);
    const all = texts(card!);
    assert.ok(all.includes('Ukesoppsummering: Digitalt tilsyn'));
    // 8 000 vs 10 000 → 6 000: 50 % achieved; change −500 kr; realised 1 500 + 2 000 = 3 500 kr.
    assert.ok(all.includes(`Siste: 8${NBSP}000${NBSP}kr (uke 49 2026) · mål 6${NBSP}000${NBSP}kr innen 30.06.2027`), all.join('\n'));
    assert.ok(all.some((t) => t.startsWith(`50${NBSP}% oppnådd`) && t.includes(`\u2212500${NBSP}kr siden forrige måling`) && t.includes(`Realisert: 3${NBSP}500${NBSP}kr`)));
    // Only a cost benefit has kroner: no "tid 0 kr" beside it, and no hours line at all.
    assert.ok(all.includes(`3${NBSP}500${NBSP}kr`));
    assert.ok(!all.some((t) => t.includes('tid 0') || t.includes('årsverk')), all.join('\n'));
    assert.ok(all.includes(`1${NBSP}234${NBSP}567${NBSP}kr realisert i 2 planer`));
    // Response: 2 prompted in the last 7 days, 1 answered → 50 % (1 av 2).
    assert.ok(all.includes(`50${NBSP}% (1 av 2)`));
    const json = JSON.stringify(card);
    assert.match(json, /"text":"● ingen data","color":"Default"/);
    assert.match(json, /"text":"● (i rute|oppnådd|i faresonen|ikke i rute)","color":"(Good|Warning|Attention)"/);
    assert.ok(all.includes('Har ikke svart på siste måling ennå: <at>Per Hansen</at> («Færre bomturer»)'), all.join('\n'));
    const entities = (card as { msteams: { entities: unknown[] } }).msteams.entities;
    assert.deepEqual(entities, [{ type: 'mention', text: '<at>Per Hansen</at>', mentioned: { id: '29:per', name: 'Per Hansen' } }]);
  });

  it('has no kroner or hours lines for a plan of quality benefits only', () => {
    const benefits: DigestBenefit[] = [
      { ...manyBenefits(1, false).benefits[0]!, number: 1, title: 'Færre fall', type: 'quality', unit: 'fall', baseline: 10, target: 4 },
      { ...manyBenefits(1, false).benefits[0]!, number: 2, title: 'Høyere oppmøte', type: 'quality', unit: '%', baseline: 80, target: 95 },
    ];
    const model = buildDigestModel(planOf(), benefits, [weekRow(1, 48, 'answered', 7), weekRow(2, 48, 'answered', 85)], NOW);
    const all = texts(renderDigestCards('nb', model, { nok: 0, plans: 0 })[0]!);
    assert.ok(!all.some((t) => /Realisert hittil|Spart tid|årsverk/.test(t)), all.join('\n'));
    assert.ok(all.some((t) => t.startsWith('Siste: 7') && t.includes('fall')));
  });

  it('speaks English for an English plan', () => {
    const { benefits, rows } = manyBenefits(3, false);
    const model = buildDigestModel(planOf({ language: 'en' }), benefits, rows, NOW);
    const [card] = renderDigestCards('en', model, { nok: 0, plans: 1 });
    checkCard(card!);
    const all = texts(card!);
    assert.ok(all.includes('Weekly digest: Digitalt tilsyn'));
    assert.ok(all.some((t) => /^● (achieved|on track|at risk|off track|no data)$/.test(t)));
    assert.ok(all.some((t) => t.startsWith('Latest: ')));
    assert.ok(all.includes(`NOK${NBSP}0 realised in 1 plan`));
  });

  it('fits 30 typical benefits in one card under 28 KB, with a chart and its fallback', () => {
    const { benefits, rows } = manyBenefits(30, false);
    const cards = renderDigestCards('nb', buildDigestModel(planOf(), benefits, rows, NOW), { nok: 0, plans: 1 });
    assert.equal(cards.length, 1, `bytes: ${cards.map(cardBytes).join(', ')}`);
    checkCard(cards[0]!);
    assert.ok(cardBytes(cards[0]!) < 28 * 1024);
    type Series = { legend: string; color: string; values: { x: string; y: number }[] };
    const chart = (cards[0] as { body: { type: string; data?: Series[] }[] }).body.find((e) => e.type === 'Chart.Line');
    // Achieved, expected and the target: one colour each, the same in every digest.
    assert.deepEqual(chart?.data?.map((s) => [s.legend, s.color]), [['Oppnådd', 'categoricalBlue'], ['Forventet', 'neutral'], ['Mål', 'good']]);
    for (const s of chart!.data!) {
      assert.equal(s.values.length, 8, 'eight weeks');
      assert.ok(s.values.every((d) => Number.isInteger(d.y)), 'whole percents');
    }
    assert.ok(chart!.data![2]!.values.every((d) => d.y === 100), 'the target at 100 %');
  });

  it('pages 30 benefits with the longest titles and lessons into several valid cards', () => {
    const { benefits, rows } = manyBenefits(30, true);
    const cards = renderDigestCards('nb', buildDigestModel(planOf(), benefits, rows, NOW), { nok: 0, plans: 1 });
    assert.ok(cards.length >= 2, 'paged');
    for (const c of cards) checkCard(c);
    // Every benefit once, in order, across the pages; the page count is in each title.
    const headings = cards.flatMap((c) => texts(c).filter((t) => /^\d+\. Gevinst/.test(t)).map((t) => Number(t.split('.')[0])));
    assert.deepEqual(headings, Array.from({ length: 30 }, (_, i) => i + 1));
    assert.ok(texts(cards[1]!).includes(`Ukesoppsummering: Digitalt tilsyn (del 2 av ${cards.length})`));
    // A 1 000-character lesson is shortened in the digest.
    assert.ok(texts(cards[0]!).some((t) => t.startsWith('Læring (20.11.2026): LLL') && t.endsWith('…') && t.length < 400));
  });
});

describe('notice cards', () => {
  const kari = { id: '29:kari', name: 'Kari Nordmann' };
  const b = {
    tenantId: 't',
    planId: 'digitalt-tilsyn',
    number: 2,
    title: 'Færre bomturer',
    type: 'time' as const,
    unit: 't',
    baseline: 40,
    target: 30,
    due: '2027-06-30',
    direction: 'down' as const,
    directionSet: false,
    cadence: 'mon 09:00',
    message: 'Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.',
    owner: kari,
    state: 'tracking' as const,
    createdAt: '2026-09-01T08:00:00.000Z',
  };

  it('success: names the owner, the message, the gain in hours and NOK, and offers Confirm', () => {
    // 28 h against a baseline of 40 (down): gain 12 h × 500 kr = 6 000 kr.
    const card = successCard('nb', planOf(), b, '2026-W49', 28);
    checkCard(card);
    const all = texts(card);
    assert.ok(all.includes(`<at>Kari Nordmann</at> melder 28${NBSP}t for uke 49 2026. Målet var 30${NBSP}t innen 30.06.2027.`), all.join('\n'));
    assert.ok(all.includes(`Gevinst denne perioden: 12${NBSP}t (6${NBSP}000${NBSP}kr)`));
    assert.ok(all.some((t) => t.includes('ti av ti tilfeller')));
    const action = (card as { actions: { type: string; verb: string; data: unknown }[] }).actions[0]!;
    assert.deepEqual([action.type, action.verb, action.data], ['Action.Execute', 'benefit.confirm', { planId: 'digitalt-tilsyn', benefit: 2, lang: 'nb' }]);
  });

  it('missed target: a lesson form with errors by the fields and the typed values kept', () => {
    const card = missedTargetCard('nb', planOf(), b, { latestValue: 35, lesson: 'x', newDue: '2026-01-01', newTarget: '12,5', dueError: 'Feil dato', targetError: 'Feil tall' }, true);
    checkCard(card);
    const body = (card as { body: Record<string, unknown>[] }).body;
    const ids = body.map((e) => (e.id as string | undefined) ?? (e.text as string | undefined));
    assert.ok(ids.indexOf('Feil dato') === ids.indexOf('newDue') + 1, 'date error right below the date input');
    assert.ok(ids.indexOf('Feil tall') === ids.indexOf('newTarget') + 1, 'number error right below the number input');
    assert.equal(body.find((e) => e.id === 'lesson')!.value, 'x');
    assert.equal(body.find((e) => e.id === 'newDue')!.value, '2026-01-01');
    assert.equal(body.find((e) => e.id === 'newTarget')!.value, 12.5);
    assert.equal(body.find((e) => e.id === 'lesson')!.isRequired, true);
    assert.equal(body.find((e) => e.id === 'lesson')!.maxLength, 1000);
    // (35 − 40) / (30 − 40) = 50 %.
    assert.ok(texts(card).includes(`Måldatoen 30.06.2027 er passert. Siste verdi: 35${NBSP}t (mål 30${NBSP}t, 50${NBSP}% oppnådd).`));
    // In the leader's personal chat the owner is named, not mentioned; empty inputs carry no value.
    const personal = missedTargetCard('en', planOf(), b, {}, false);
    checkCard(personal);
    assert.ok(texts(personal).includes('Owner: Kari Nordmann'));
    assert.equal((personal as { body: Record<string, unknown>[] }).body.find((e) => e.id === 'newTarget')!.value, undefined);
  });

  it('lesson thanks: shows what was stored', () => {
    const card = lessonThanksCard('nb', planOf(), b, { planId: 'digitalt-tilsyn', benefitNumber: 2, by: ola, at: NOW, lesson: 'Mer opplæring', newDue: '2027-09-30', newTarget: 32 });
    checkCard(card);
    const all = texts(card);
    for (const t of ['Mer opplæring', '30.09.2027', `32${NBSP}t`, 'Ola Nordmann']) assert.ok(all.includes(t), t);
  });

  it('validates a lesson text: required, at most 1 000 characters (a new target or date is checked as benefit set checks it)', () => {
    assert.deepEqual(lessonProblems(''), [{ key: 'notice.missed.lessonRequired', field: 'lesson' }]);
    assert.deepEqual(lessonProblems('x'.repeat(1001)), [{ key: 'notice.missed.lessonTooLong', params: { length: 1001 }, field: 'lesson' }]);
    assert.deepEqual(lessonProblems('Lærte mye'), []);
  });

  it('ledger periods of targets are key-safe', () => {
    assert.equal(targetPeriod(15), 'target-15');
    assert.equal(targetPeriod(-3.5), 'target--3.5');
    assert.equal(targetPeriod(1e21), 'target-1e_21');
  });
});
