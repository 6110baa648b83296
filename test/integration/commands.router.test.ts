// The router: parse errors explained per error code with the right form, language from the Teams
// locale or the plan, help for everyone, the welcome text, and
// tenants the bot does not serve.
import assert from 'node:assert/strict';
import { routeMessage } from '../../src/routes/messages';
import type { InboundMessage } from '../../src/ports/inbound';
import { CHANNEL_ID, TENANT_ID, channelMessage, people, personalMessage, postActivity } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { cardText, inChannel, inChat } from '../support/commands';

describe('commands: router', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('an unknown key: names it, suggests the right one, and shows the right form in a code span', async () => {
    const r = await inChannel(h, people.ola, 'benefit set tilsyn/2 trget=5');
    assert.equal(
      r.all,
      'Ukjent nøkkel «trget». Mente du «target»?\n\nRiktig form:\n\n' +
        '`benefit set ‹plan›/‹n› key=value… (keys: title, type, unit, baseline, target, due, owner, cadence, direction, message, realization, deputy, start)`',
    );
  });

  it('the same in English for someone who chose English; an English Teams client alone changes nothing', async () => {
    const nb = await inChat(h, people.ola, 'benefit set tilsyn/2 trget=5', 'en-US');
    assert.match(nb.all, /^Ukjent nøkkel «trget»\./);
    assert.match((await inChat(h, people.ola, 'language en')).all, /^From now on I write to you in English here\./);
    const r = await inChat(h, people.ola, 'benefit set tilsyn/2 trget=5');
    assert.match(r.all, /^Unknown key “trget”\. Did you mean “target”\?\n\nThe right form:\n\n`benefit set ‹plan›\/‹n› key=value…/);
    assert.match((await inChat(h, people.ola, 'språk nb')).all, /^Fra nå av skriver jeg norsk til deg her\./);
  });

  it('language typed in a channel sets the personal chat’s, and says so in the channel’s language', async () => {
    assert.equal((await inChannel(h, people.lars, 'language en')).all, 'Fra nå av skriver jeg engelsk til deg i den personlige chatten med meg. I kanaler skriver jeg på planens språk.');
    assert.match((await inChannel(h, people.lars, 'language')).all, /^I den personlige chatten skriver jeg engelsk til deg fordi du har valgt det\. Skriv \*\*language nb\*\*/);
    assert.match((await inChat(h, people.lars, 'language')).all, /^I write to you in English here because you chose it\. Type \*\*language nb\*\*/);
    await inChat(h, people.lars, 'språk nb');
  });

  it('explains each kind of parse error politely', async () => {
    const cases: [string, RegExp][] = [
      ['plna list', /^Ukjent kommando «plna»\. Mente du «plan»\?\n\nSkriv \*\*help\*\* for å se alle kommandoene\.$/],
      ['plan', /^Hva vil du gjøre\?\n\nRiktige former:\n\n`plan new ‹name›`\n\n`plan list`/],
      ['benefit add tilsyn "Uten slutt type=cost', /^Et anførselstegn \(“\) åpnes, men lukkes ikke\.|^Et anførselstegn \("\) åpnes, men lukkes ikke\./],
      ['benefit add tilsyn "T" type=cost type=time unit=kr baseline=1 target=2 due=30.06.2027 owner=kari.nordmann@example.no', /Nøkkelen «type» står to ganger\./],
      ['benefit add tilsyn "T" type=cost unit=kr baseline=1 target=2 due=30.06.2027 owner=Kari', /^owner må være en person: @-omtal personen eller skriv e-postadressen\. «Kari» er ikke det\./],
      ['plan set tilsyn name=Nytt navn', /^Jeg forstår ikke «navn» her\. Har verdien til name mellomrom\? Sett den i anførselstegn: `name="…"`\./],
      ['plan list nå', /^Jeg forstår ikke «nå» her\./],
      ['benefit show tilsyn', /^«tilsyn» er ikke en gevinst\./],
      ['plan show', /^Planen mangler\./],
      [`plan new ${'x'.repeat(4001)}`, /^Meldingen er for lang \(4 01\d tegn\)\. Jeg leser høyst 4 000 tegn\./],
    ];
    for (const [text, expected] of cases) {
      const r = await inChat(h, people.ola, text);
      assert.equal(r.texts.length, 1, text);
      assert.match(r.all.replace(/\u00a0/g, ' '), expected, text.slice(0, 80));
      assert.ok(r.all.length < 8000);
    }
  });

  it('help shows every command as a card; help <command> shows one; Norwegian alias and English work', async () => {
    const all = await inChat(h, people.per, 'hjelp');
    assert.equal(all.cards.length, 1);
    const text = cardText(all.cards[0]);
    assert.match(text, /^Gevinstbot: kommandoer/);
    assert.match(text, /For administratorer\nplan new ‹name›\nOpprett en gevinstrealiseringsplan knyttet til denne kanalen\./);
    assert.match(text, /For gevinsteiere\nmy\n/);
    await inChat(h, people.per, 'language en');
    const one = await inChat(h, people.per, 'help benefit add');
    await inChat(h, people.per, 'language nb');
    const oneText = cardText(one.cards[0]);
    assert.match(oneText, /^Help: benefit add/);
    assert.match(oneText, /benefit add ‹plan› "‹title›" type=cost\|time\|quality/);
    assert.doesNotMatch(oneText, /plan new/);
    // One command with keys: every key explained, with an example to copy.
    const keys = cardText((await inChat(h, people.per, 'hjelp gevinst legg-til')).cards[0]);
    for (const key of ['title', 'type', 'unit', 'baseline', 'target', 'due', 'owner', 'cadence', 'direction', 'message', 'realization', 'deputy', 'start']) {
      assert.match(keys, new RegExp(`\\*\\*${key}\\*\\*: `), key);
    }
    assert.match(keys, /\*\*type\*\*: cost \(unngåtte kostnader, i kr\), time \(spart tid, i timer\) eller quality/);
    assert.match(keys, /f\.eks\. due=30\.06\.2027/);
    const group = await inChannel(h, people.per, 'help plan');
    assert.match(cardText(group.cards[0]), /^Hjelp: plan new, plan list, plan show, plan set, plan archive/);
    const mention = await inChannel(h, people.per, '');
    assert.equal(mention.cards.length, 1, 'only the bot mention: the help card');
  });

  it('a plan with a language answers in it, whatever the Teams locale', async () => {
    await inChannel(h, people.ola, 'plan new Engelsk plan');
    await inChannel(h, people.ola, 'plan set engelsk-plan language=en');
    const r = await inChannel(h, people.ola, 'benefit show engelsk-plan/9', [], 'nb-NO');
    assert.match(r.all, /^I can't find the benefit `engelsk-plan\/9`\. Type `benefit list engelsk-plan` to see the plan's benefits\./);
    // The channel's only plan is English now: what is posted here about no plan is English too.
    const en = await inChannel(h, people.ola, 'benefit show finnes-ikke/9', [], 'nb-NO');
    assert.match(en.all, /^I can't find a plan with the id `finnes-ikke`/);
  });

  it('an empty message in a personal chat gets the welcome; a bare mention in a channel the help', async () => {
    const base = {
      tenantId: TENANT_ID,
      from: { id: people.kari.id, name: 'Kari Nordmann', aadObjectId: people.kari.aadObjectId },
      conversationId: 'a:kari',
      serviceUrl: h.serviceUrl,
      serviceUrlTrusted: true,
      botId: '28:gevinstbot',
      reference: { serviceUrl: h.serviceUrl, conversationId: 'a:kari', tenantId: TENANT_ID, botId: '28:gevinstbot' },
      lookupMember: async () => undefined,
      mentions: [],
      text: '   ',
    } as unknown as InboundMessage;
    const personal = await routeMessage(h.services, { ...base, conversationKind: 'personal' });
    assert.match(personal[0]?.text ?? '', /^Hei! Jeg er Gevinstbot\. Jeg spør deg om gevinstene du er eier av/);
    // A channel in the plan's language: by now this channel holds one plan, set to English.
    const channel = await routeMessage(h.services, { ...base, conversationKind: 'channel', channelId: CHANNEL_ID });
    assert.match(channel[0]?.text ?? '', /^Hi! I'm Gevinstbot\. An admin can create a benefits realisation plan/);
    const elsewhere = await routeMessage(h.services, { ...base, conversationKind: 'channel', channelId: '19:other@thread.tacv2' });
    assert.match(elsewhere[0]?.text ?? '', /^Hei! Jeg er Gevinstbot\. En administrator kan lage en gevinstrealiseringsplan/);
  });

});

describe('commands: a tenant the bot does not serve', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { ALLOWED_TENANTS: '11111111-2222-3333-4444-555555555555' } });
  });
  after(async () => h.close());

  it('is ignored: no reply, nothing stored', async () => {
    const a = await postActivity(h.url, channelMessage({ from: people.ola, text: 'plan new Fremmed plan', serviceUrl: h.serviceUrl }));
    const b = await postActivity(h.url, personalMessage({ from: people.ola, text: 'plan list', serviceUrl: h.serviceUrl }));
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(h.connector.sentActivities().length, 0);
    assert.deepEqual(await h.services.storage.plans.list(TENANT_ID), []);
    assert.equal(await h.services.storage.conversations.getPersonal(TENANT_ID, people.ola.id), undefined);
    assert.equal(await h.services.storage.people.get(TENANT_ID, people.ola.id), undefined);
  });
});
