import { strict as assert } from 'node:assert';
import { noteTyped, noteVisible, takeFindings, visibleTexts } from '../../support/visibleText';

// The scan every suite runs under (test/support/hooks.ts) is only as good as what it reads.
describe('visibleTexts: what the period-code scan reads of a card', () => {
  const card = {
    type: 'AdaptiveCard',
    body: [
      { type: 'TextBlock', text: 'Hvor mange timer i uke 49 2026?' },
      { type: 'FactSet', facts: [{ title: 'Periode', value: 'uke 49 2026' }] },
      { type: 'Input.ChoiceSet', id: 'reason', choices: [{ title: 'Systemet var nede', value: 'down' }] },
      { type: 'Chart.Line', data: [{ legend: 'Oppnådd', values: [{ x: 'uke 48', y: 40 }] }] },
    ],
    actions: [{ type: 'Action.Execute', title: 'Send', verb: 'measurement.submit', data: { period: '2026-W49', lang: 'nb' } }],
  };

  it('reads text, facts, choice titles, chart labels and action titles', () => {
    const texts = visibleTexts({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    for (const t of ['Hvor mange timer i uke 49 2026?', 'Periode', 'uke 49 2026', 'Systemet var nede', 'uke 48', 'Send', 'Oppnådd']) {
      assert.ok(texts.includes(t), t);
    }
  });

  it('leaves out what nobody reads: action data, verbs, ids, a choice’s value', () => {
    const texts = visibleTexts(card);
    for (const t of ['2026-W49', 'measurement.submit', 'reason', 'down', 'AdaptiveCard']) assert.ok(!texts.includes(t), t);
  });

  it('finds a period code in a reply or a fact, and nothing in a clean card', () => {
    takeFindings();
    noteVisible('clean', card);
    assert.deepEqual(takeFindings(), []);
    noteVisible('reply', { type: 'message', text: 'Registrert for 2026-W49.' });
    noteVisible('fact', { body: [{ type: 'FactSet', facts: [{ title: 'Periode', value: '2026-W07' }] }] });
    assert.deepEqual(takeFindings().map((f) => f.where), ['reply', 'fact']);
  });
});

describe('the scan forgives a quote of what a person typed, not a period id a card carried', () => {
  it('a reply that quotes a typed command is not a finding; the same code from card data is', () => {
    takeFindings();
    noteTyped({ type: 'message', text: 'measure plan/1 2026-W49 12' });
    noteVisible('reply', { type: 'message', text: 'Ukjent kommando «plan/1/2026-W49».' });
    assert.deepEqual(takeFindings(), []);
    noteTyped({ type: 'invoke', value: { action: { data: { promptId: 'plan/1/2026-W49' } } } });
    noteVisible('card', { body: [{ type: 'TextBlock', text: 'Registrert for 2026-W49' }] });
    assert.deepEqual(takeFindings().map((f) => f.where), ['card']);
  });
});
