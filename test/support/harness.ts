// A whole Gevinstbot for integration tests: real Azurite (own tables), the fake Bot Connector in
// place of Teams, a manual clock, and helpers that talk to the bot over HTTP as Teams would.
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime';
import { ManualClock } from '../../src/clock';
import type { Services } from '../../src/services/context';
import { FakeConnector } from './fakeConnector';
import { sharedAzurite, uniquePrefix } from './azurite';
import { noteVisible } from './visibleText';
import {
  asMember,
  cardAction,
  channelMessage,
  people,
  personalConversationId,
  personalMessage,
  postActivity,
  TEAM_ID,
  TENANT_ID,
  type AttachedFile,
  type Person,
} from './activities';

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Default: 2026-11-30T07:00:00Z (Monday 08:00 in Oslo). */
  now?: string;
  /** Reuse another harness's tables (a second instance against the same storage). */
  tablePrefix?: string;
  connector?: FakeConnector;
  /** People the fake connector knows in the team (default: all test people). */
  members?: Person[];
  /** Smaller bounds on building report files than services/report/limits.ts sets. */
  reportLimits?: RuntimeOptions['reportLimits'];
}

export interface Harness {
  url: string;
  runtime: Runtime;
  services: Services;
  connector: FakeConnector;
  serviceUrl: string;
  clock: ManualClock;
  tablePrefix: string;
  /** A personal message from `from`; returns the HTTP status. */
  say(from: Person, text: string, locale?: string): Promise<number>;
  /** A personal message with files attached (as Teams sends them to a bot); returns the HTTP status. */
  sayWithFiles(from: Person, text: string, files: AttachedFile[], locale?: string): Promise<number>;
  /** A channel post that @mentions the bot; `text` may hold `<at>Name</at>` of `mentions`. */
  sayInChannel(from: Person, text: string, mentions?: Person[], locale?: string): Promise<number>;
  /** An Action.Execute invoke; returns the card in the invoke response. */
  act(from: Person, verb: string, data: Record<string, unknown>, locale?: string): Promise<{ status: number; card?: Record<string, unknown> }>;
  /** Texts the bot sent to a person's personal chat / the channel since the last clear. */
  textsTo(p: Person): string[];
  channelTexts(): string[];
  runDue(at: string, options?: Parameters<Runtime['runDue']>[1]): ReturnType<Runtime['runDue']>;
  close(): Promise<void>;
}

export const DEFAULT_NOW = '2026-11-30T07:00:00.000Z';

/**
 * The configuration a test or benchmark bot runs with: local mode on 127.0.0.1 with a free port, no
 * ticker (the test calls run-due with its manual clock), no log output; `env` adds or overrides.
 */
export function localTestConfig(connectionString: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SCHEDULER: 'off',
    LOG_LEVEL: 'silent',
    AZURE_STORAGE_CONNECTION_STRING: connectionString,
    ...env,
  });
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const azurite = await sharedAzurite();
  const ownConnector = !options.connector;
  const connector = options.connector ?? new FakeConnector();
  const serviceUrl = ownConnector ? await connector.start() : connector.serviceUrl;
  for (const p of options.members ?? Object.values(people)) connector.addMember('*', asMember(p));
  const config = localTestConfig(azurite.connectionString, { ADMINS: people.ola.aadObjectId, ...options.env });
  const clock = new ManualClock(new Date(options.now ?? DEFAULT_NOW));
  const tablePrefix = options.tablePrefix ?? uniquePrefix();
  const runtime = await startRuntime(config, { clock, tablePrefix, log: pino({ level: config.logLevel }), reportLimits: options.reportLimits });
  const url = runtime.url!;
  const locale = (l?: string) => l ?? 'nb-NO';
  return {
    url,
    runtime,
    services: runtime.services,
    connector,
    serviceUrl,
    clock,
    tablePrefix,
    async say(from, text, l) {
      return (await postActivity(url, personalMessage({ from, text, serviceUrl, locale: locale(l) }))).status;
    },
    async sayWithFiles(from, text, files, l) {
      return (await postActivity(url, personalMessage({ from, text, files, serviceUrl, locale: locale(l) }))).status;
    },
    async sayInChannel(from, text, mentions = [], l) {
      return (await postActivity(url, channelMessage({ from, text, mentions, serviceUrl, locale: locale(l) }))).status;
    },
    async act(from, verb, data, l) {
      const r = await postActivity(url, cardAction({ from, verb, data, serviceUrl, locale: locale(l) }));
      const body = r.body as { value?: Record<string, unknown> } | undefined;
      if (body?.value) noteVisible(`card returned to ${verb}`, body.value);
      return { status: r.status, card: body?.value };
    },
    textsTo: (p) => connector.textsTo(personalConversationId(p)),
    channelTexts: () => connector.textsTo(TEAM_ID),
    runDue: (at, options) => runtime.runDue(new Date(at), options),
    async close() {
      await runtime.close();
      if (ownConnector) await connector.stop();
    },
  };
}

export { people, TENANT_ID };
