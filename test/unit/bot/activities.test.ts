/**
 * The builders must produce what TEAMS-ACTIVITIES.md documents (with real Teams ids), and
 * botbuilder must read them as it reads real Teams traffic.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import restify from 'restify';
import {
  BOT,
  CHANNEL_ID,
  TEAM_ID,
  TENANT_ID,
  cardAction,
  channelMessage,
  conversationUpdate,
  installationUpdate,
  people,
  personalConversationId,
  personalMessage,
  postActivity,
} from '../../support/activities';
import { FakeConnector } from '../../support/fakeConnector';

const SERVICE_URL = 'http://127.0.0.1:9/';

describe('Teams activity builders', () => {
  it('personalMessage: personal conversation a:…, 29: user, 28: bot, tenant, locale', () => {
    const a = personalMessage({ from: people.ola, text: 'my', serviceUrl: SERVICE_URL });
    assert.equal(a.type, 'message');
    assert.equal(a.channelId, 'msteams');
    assert.equal(a.serviceUrl, SERVICE_URL);
    assert.deepEqual(a.from, { id: '29:ola', name: 'Ola Nordmann', aadObjectId: people.ola.aadObjectId });
    assert.deepEqual(a.recipient, BOT);
    assert.equal(a.conversation.conversationType, 'personal');
    assert.equal(a.conversation.tenantId, TENANT_ID);
    assert.match(a.conversation.id, /^a:/);
    assert.equal(a.conversation.id, personalConversationId(people.ola));
    assert.equal(a.locale, 'nb-NO');
    assert.deepEqual(a.channelData, { tenant: { id: TENANT_ID } });
    assert.equal(a.entities?.[0]?.type, 'clientInfo');
    assert.equal(personalMessage({ from: people.kari, text: 'x', serviceUrl: SERVICE_URL, locale: 'en-US' }).locale, 'en-US');
  });

  it('channelMessage: bot mention first, person mentions from placeholders, thread conversation id', () => {
    const a = channelMessage({
      from: people.kari,
      text: 'benefit add tilsyn "Raskere saker" owner={{mention:0}} deputy={{mention:1}}',
      mentions: [people.per, people.aase],
      serviceUrl: SERVICE_URL,
    });
    assert.equal(a.text, '<at>Gevinstbot</at> benefit add tilsyn "Raskere saker" owner=<at>Per Hansen</at> deputy=<at>Åse Kristiansen</at>');
    const mentions = (a.entities ?? []).filter((e) => e.type === 'mention');
    assert.deepEqual(mentions, [
      { type: 'mention', mentioned: { id: '28:gevinstbot', name: 'Gevinstbot' }, text: '<at>Gevinstbot</at>' },
      { type: 'mention', mentioned: { id: '29:per', name: 'Per Hansen' }, text: '<at>Per Hansen</at>' },
      { type: 'mention', mentioned: { id: '29:aase', name: 'Åse Kristiansen' }, text: '<at>Åse Kristiansen</at>' },
    ]);
    assert.equal(a.conversation.id, `${CHANNEL_ID};messageid=${a.id}`);
    assert.equal(a.conversation.isGroup, true);
    assert.equal(a.conversation.conversationType, 'channel');
    assert.deepEqual(a.channelData, {
      teamsChannelId: CHANNEL_ID,
      teamsTeamId: TEAM_ID,
      tenant: { id: TENANT_ID },
      team: { id: TEAM_ID },
      channel: { id: CHANNEL_ID },
    });
    assert.equal(a.attachments?.[0]?.contentType, 'text/html');
    // botbuilder strips the bot mention the way it does for real posts.
    assert.equal(
      TurnContext.removeRecipientMention(a as unknown as Activity)?.trim(),
      'benefit add tilsyn "Raskere saker" owner=<at>Per Hansen</at> deputy=<at>Åse Kristiansen</at>',
    );
    // Unreferenced mentions are appended; a thread reply keeps the thread id.
    const b = channelMessage({ from: people.ola, text: 'admin add', mentions: [people.lars], threadId: '42', serviceUrl: SERVICE_URL });
    assert.equal(b.text, '<at>Gevinstbot</at> admin add <at>Lars Olsen</at>');
    assert.equal(b.conversation.id, `${CHANNEL_ID};messageid=42`);
    assert.throws(() => channelMessage({ from: people.ola, text: '{{mention:3}}', serviceUrl: SERVICE_URL }), /mention:3/);
  });

  it('installationUpdate: team and personal shapes', () => {
    const team = installationUpdate({ scope: 'team', action: 'add', serviceUrl: SERVICE_URL, teamName: 'Prosjekt' });
    assert.equal(team.type, 'installationUpdate');
    assert.equal(team.action, 'add');
    assert.deepEqual(team.conversation, { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: TEAM_ID });
    assert.equal((team.channelData.team as { id: string; name: string }).name, 'Prosjekt');
    assert.deepEqual(team.channelData.settings, { selectedChannel: { id: TEAM_ID } });
    const personal = installationUpdate({ scope: 'personal', action: 'remove', from: people.per, serviceUrl: SERVICE_URL });
    assert.equal(personal.action, 'remove');
    assert.equal(personal.conversation.id, personalConversationId(people.per));
    assert.deepEqual(personal.from, { id: '29:per', aadObjectId: people.per.aadObjectId });
    assert.equal(personal.channelData.team, undefined);
  });

  it('conversationUpdate: members and team/channel events', () => {
    const added = conversationUpdate({ membersAdded: [BOT], serviceUrl: SERVICE_URL });
    assert.deepEqual(added.membersAdded, [{ id: '28:gevinstbot' }]);
    assert.equal(added.channelData.eventType, 'teamMemberAdded');
    const deleted = conversationUpdate({ eventType: 'channelDeleted', channel: { id: '19:gammel@thread.tacv2', name: 'Gammel' }, serviceUrl: SERVICE_URL });
    assert.equal(deleted.channelData.eventType, 'channelDeleted');
    assert.deepEqual(deleted.channelData.channel, { id: '19:gammel@thread.tacv2', name: 'Gammel' });
    assert.equal(deleted.conversation.id, TEAM_ID);
    const teamGone = conversationUpdate({ eventType: 'teamDeleted', serviceUrl: SERVICE_URL });
    assert.equal(teamGone.channelData.eventType, 'teamDeleted');
  });

  it('cardAction: adaptiveCard/action invoke with string data and replyToId', () => {
    const a = cardAction({ from: people.ola, verb: 'measurement.submit', data: { promptId: 'p1', value: '100' }, replyToId: '1795733256247', serviceUrl: SERVICE_URL });
    assert.equal(a.type, 'invoke');
    assert.equal(a.name, 'adaptiveCard/action');
    assert.equal(a.replyToId, '1795733256247');
    assert.deepEqual((a.value as { action: unknown }).action, {
      type: 'Action.Execute',
      title: 'measurement.submit',
      verb: 'measurement.submit',
      data: { promptId: 'p1', value: '100' },
    });
    assert.equal(a.conversation.id, personalConversationId(people.ola));
    const inChannel = cardAction({ from: people.kari, verb: 'benefit.confirm', data: {}, replyToId: '77', scope: 'channel', serviceUrl: SERVICE_URL });
    assert.equal(inChannel.conversation.id, `${CHANNEL_ID};messageid=77`);
    assert.equal((inChannel.channelData.team as { id: string }).id, TEAM_ID);
  });

  it('postActivity delivers to a botbuilder bot, which answers through the fake connector', async function () {
    this.timeout(10_000);
    const connector = new FakeConnector();
    const serviceUrl = await connector.start();
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const seen: string[] = [];
    const bot = new (class extends TeamsActivityHandler {
      constructor() {
        super();
        this.onMessage(async (ctx, next) => {
          const text = (TurnContext.removeRecipientMention(ctx.activity) ?? '').trim();
          seen.push(`${ctx.activity.conversation.conversationType}:${text}`);
          await ctx.sendActivity(`ekko: ${text}`);
          await next();
        });
      }
      protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
        return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [] } };
      }
    })();
    const server = restify.createServer();
    server.use(restify.plugins.bodyParser());
    server.post('/api/messages', async (req, res) => adapter.process(req, res, (ctx) => bot.run(ctx)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const p = await postActivity(botUrl, personalMessage({ from: people.ola, text: 'help', serviceUrl }));
      assert.equal(p.status, 200);
      const c = await postActivity(`${botUrl}/api/messages`, channelMessage({ from: people.kari, text: 'plan list', serviceUrl }));
      assert.equal(c.status, 200);
      const inv = await postActivity(botUrl, cardAction({ from: people.ola, verb: 'x', data: { a: '1' }, serviceUrl }));
      assert.equal(inv.status, 200);
      assert.equal((inv.body as { type: string }).type, 'application/vnd.microsoft.card.adaptive');
      assert.deepEqual(seen, ['personal:help', 'channel:plan list']);
      assert.deepEqual(connector.textsTo(personalConversationId(people.ola)), ['ekko: help']);
      assert.deepEqual(connector.textsTo(CHANNEL_ID), ['ekko: plan list']);
    } finally {
      server.close();
      await connector.stop();
    }
  });
});
