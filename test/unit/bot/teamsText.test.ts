import assert from 'node:assert/strict';
import { teamsSafeCard, teamsSafeText } from '../../../src/bot/teamsText';

describe('Teams-safe text: placeholders are not read as HTML', () => {
  it('shows <placeholders> as ‹placeholders› and keeps mention tags', () => {
    assert.equal(teamsSafeText('Skriv `plan show <plan>` eller `benefit set <plan>/<n> key=value…`'), 'Skriv `plan show ‹plan›` eller `benefit set ‹plan›/‹n› key=value…`');
    assert.equal(teamsSafeText('<at>Kari Nordmann</at> har ikke svart'), '<at>Kari Nordmann</at> har ikke svart');
    // A comparison reads like a tag to Teams too; it shows with the quieter brackets.
    assert.equal(teamsSafeText('1 < 2 og 3 > 2'), '1 ‹ 2 og 3 › 2');
    assert.equal(teamsSafeText('ingen vinkler'), 'ingen vinkler');
  });

  it('applies to every string of a card and leaves other values alone', () => {
    const card = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'digest <plan>' }], actions: [{ data: { n: 2 } }] };
    assert.deepEqual(teamsSafeCard(card), { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'digest ‹plan›' }], actions: [{ data: { n: 2 } }] });
    assert.equal(card.body[0].text, 'digest <plan>', 'the card it was given is not changed');
  });
});
