// A plan with one benefit of each type, set up by chat commands alone, reads back exactly with
// `plan show` and `benefit list`, in Norwegian and in English.
import assert from 'node:assert/strict';
import { people, startHarness, type Harness } from '../support/harness';
import { cardText, inChannel, inChat, plain } from '../support/commands';

describe('commands: a plan set up by chat reads back exactly', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    const say = async (text: string, mentions = [] as (typeof people.ola)[]) => {
      const r = await inChannel(h, people.ola, text, mentions);
      assert.match(r.all, /er opprettet|er endret|er lagt til/, `${text}\n→ ${r.all}`);
      h.clock.advance(60_000);
    };
    await say('plan new Tannhelse SMS');
    await say('plan set tannhelse-sms leader={{mention:0}} hourlyRate=650 digest="mon 08:30"', [people.ingrid]);
    await say(
      'benefit add tannhelse-sms "Lavere portokostnader" type=kostnad unit=kr baseline="48 000" target=6000 due=31.12.2027 owner={{mention:0}} ' +
        'cadence="monthly 1 09:00" message="Når innkallingen går på SMS, slipper vi porto og konvolutter." realization="Budsjettet til porto kuttes fra 2027"',
      [people.kari],
    );
    await say(
      'benefit add tannhelse-sms "Færre manuelle påminnelser" type=time unit=timer baseline=40 target=10 due=30.06.2027 owner={{mention:0}} deputy={{mention:1}}',
      [people.per, people.siri],
    );
    await say('benefit add tannhelse-sms “Høyere oppmøte” type=kvalitet unit=% baseline=ukjent target=95 due=30.06.2027 owner={{mention:0}} direction=up', [people.aase]);
  });
  after(async () => h.close());

  it('plan show, in Norwegian', async () => {
    const r = await inChannel(h, people.ola, 'plan show tannhelse-sms', [], 'nb-NO');
    assert.equal(
      plain(cardText(r.cards[0])),
      [
        'Plan: Tannhelse SMS',
        'Id: tannhelse-sms',
        'Status: Aktiv',
        'Kanal: Generelt (denne kanalen)',
        'Planleder: Ingrid Johansen',
        'Oppsummering: hver mandag kl. 08:30',
        'Neste oppsummering: 30.11.2026 kl. 08:30',
        'Tidssone: Europe/Oslo',
        'Språk: Norsk bokmål (standard)',
        'Timepris: 650 kr per time',
        'Timer per årsverk: 1 695 timer',
        'Toleranse: 10 prosentpoeng',
        'Opprettet: Ola Nordmann, 30.11.2026 kl. 08:00',
        'Gevinster (3)',
        'tannhelse-sms/1 · Lavere portokostnader',
        'Eier: Kari Nordmann · ⚪ Ingen data',
        'tannhelse-sms/2 · Færre manuelle påminnelser',
        'Eier: Per Hansen · ⚪ Ingen data',
        'tannhelse-sms/3 · Høyere oppmøte',
        'Eier: Åse Kristiansen · ⏳ Venter på nullpunkt',
        'Sist endret av Ola Nordmann, 30.11.2026 kl. 08:01',
        'Endre med `plan set tannhelse-sms nøkkel=verdi`; se gevinstene med `benefit list tannhelse-sms`.',
      ].join('\n'),
    );
  });

  it('plan show, in English (in the personal chat of someone who chose English)', async () => {
    await inChat(h, people.ola, 'language en');
    const r = await inChat(h, people.ola, 'plan show tannhelse-sms');
    assert.equal(
      plain(cardText(r.cards[0])),
      [
        'Plan: Tannhelse SMS',
        'Id: tannhelse-sms',
        'Status: Active',
        'Channel: General',
        'Plan leader: Ingrid Johansen',
        'Digest: every Monday at 08:30',
        'Next digest: 2026-11-30 08:30',
        'Time zone: Europe/Oslo',
        "Language: Norwegian bokmål (the default)",
        'Hourly rate: NOK 650 per hour',
        'Hours per FTE: 1,695 hours',
        'Tolerance: 10 percentage points',
        'Created: Ola Nordmann, 2026-11-30 08:00',
        'Benefits (3)',
        'tannhelse-sms/1 · Lavere portokostnader',
        'Owner: Kari Nordmann · ⚪ No data',
        'tannhelse-sms/2 · Færre manuelle påminnelser',
        'Owner: Per Hansen · ⚪ No data',
        'tannhelse-sms/3 · Høyere oppmøte',
        'Owner: Åse Kristiansen · ⏳ Awaiting baseline',
        'Last changed by Ola Nordmann, 2026-11-30 08:01',
        'Change it with `plan set tannhelse-sms key=value`; see the benefits with `benefit list tannhelse-sms`.',
      ].join('\n'),
    );
  });

  it('benefit list, in Norwegian', async () => {
    const r = await inChannel(h, people.ola, 'benefit list tannhelse-sms', [], 'nb-NO');
    assert.equal(
      plain(cardText(r.cards[0])),
      [
        'Gevinster i Tannhelse SMS (3)',
        'tannhelse-sms/1 · Lavere portokostnader',
        'Eier: Kari Nordmann · Siste: ingen ennå · Mål: 6 000 kr innen 31.12.2027 · ⚪ Ingen data',
        'tannhelse-sms/2 · Færre manuelle påminnelser',
        'Eier: Per Hansen · Siste: ingen ennå · Mål: 10 timer innen 30.06.2027 · ⚪ Ingen data',
        'tannhelse-sms/3 · Høyere oppmøte',
        'Eier: Åse Kristiansen · Siste: ingen ennå · Mål: 95 % innen 30.06.2027 · ⏳ Venter på nullpunkt',
        'Skriv `benefit show tannhelse-sms/‹nummer›` for detaljer.',
      ].join('\n'),
    );
  });

  it('benefit list, in English', async () => {
    const r = await inChat(h, people.ola, 'benefit list tannhelse-sms');
    assert.equal(
      plain(cardText(r.cards[0])),
      [
        'Benefits of Tannhelse SMS (3)',
        'tannhelse-sms/1 · Lavere portokostnader',
        'Owner: Kari Nordmann · Latest: none yet · Target: NOK 6,000 by 2027-12-31 · ⚪ No data',
        'tannhelse-sms/2 · Færre manuelle påminnelser',
        'Owner: Per Hansen · Latest: none yet · Target: 10 timer by 2027-06-30 · ⚪ No data',
        'tannhelse-sms/3 · Høyere oppmøte',
        'Owner: Åse Kristiansen · Latest: none yet · Target: 95% by 2027-06-30 · ⏳ Awaiting baseline',
        'Type `benefit show tannhelse-sms/‹number›` for details.',
      ].join('\n'),
    );
  });

  it('benefit show of each type reads back every field', async () => {
    const cost = plain(cardText((await inChat(h, people.ola, 'benefit show tannhelse-sms/1')).cards[0]));
    assert.match(cost, /Type: Cost \(avoided cost\)\nUnit: kr\nBaseline: NOK 48,000 \(2026-11-30\)\nTarget: NOK 6,000 by 2027-12-31\nDirection: down \(lower is better\) · inferred from baseline and target/);
    assert.match(cost, /Cadence: on day 1 of every month at 09:00\nNext prompt to the owner: 2026-12-01 09:00\nBenefit owner: Kari Nordmann\nDeputy: –\nRealisation: Budsjettet til porto kuttes fra 2027/);
    assert.match(cost, /^tannhelse-sms\/1: Lavere portokostnader\nNår innkallingen går på SMS, slipper vi porto og konvolutter\./);
    const time = plain(cardText((await inChannel(h, people.ola, 'benefit show tannhelse-sms/2')).cards[0]));
    assert.match(time, /Type: Tid \(spart tid\)\nEnhet: timer\nNullpunkt: 40 timer \(30\.11\.2026\)\nMålverdi: 10 timer innen 30\.06\.2027/);
    assert.match(time, /Gevinsteier: Per Hansen\nStedfortreder: Siri Berg/);
    const quality = plain(cardText((await inChannel(h, people.ola, 'benefit show tannhelse-sms/3')).cards[0]));
    assert.match(quality, /Type: Kvalitet\nEnhet: %\nNullpunkt: Ukjent ennå: eieren blir spurt ved første måling\nMålverdi: 95 % innen 30\.06\.2027\nRetning: opp \(høyere er bedre\)\n/);
    assert.match(quality, /Status: ⏳ Venter på nullpunkt/);
  });
});
