// Routes a chat message to its command handler: parse (the bot's own mention removed), explain a
// parse error politely, pick the reply language, check the admin role, then dispatch. Nothing a
// user types can make it throw: a fault becomes "nothing was changed, try again".
import type { Language } from '../domain/types';
import { DEFAULT_LANGUAGE, t } from '../i18n';
import { adminNames, isAdmin } from '../services/admins';
import type { Services } from '../services/context';
import { personalLanguage, planLanguage } from '../services/language';
import type { InboundMessage } from '../ports/inbound';
import type { OutboundMessage } from '../ports/outbound';
import { isTransient } from '../storage';
import { MAX_REPLY_CHARS, renderParseError } from '../commands/errors';
import { COMMAND_USAGES, type CommandName } from '../commands/grammar';
import { parseCommand } from '../commands/parse';
import { fileMessage } from '../commands/import';
import type { Command } from '../commands/command';
import type { CommandHandler, CommandInput } from '../commands/handler';
import { truncate } from '../domain/text';
import { actorOf } from './actor';
import { COMMANDS, type CommandTable } from './commandTable';

/**
 * The configuration commands (plan, benefit, admin) are for admins only, checked here once.
 * Everyone may use help and the owner commands; digest, report and confirm check their own
 * rules (an admin, or the plan leader too), in their modules.
 */
export function isAdminCommand(name: CommandName): boolean {
  return name.startsWith('plan.') || name.startsWith('benefit.') || name.startsWith('admin.') || name === 'import';
}

const titleOf = (name: CommandName) => COMMAND_USAGES.find((u) => u.command === name)?.title ?? name;

/** The plan a command names, if any. */
function planOf(command: Command | undefined): string | undefined {
  if (!command) return undefined;
  if ('plan' in command) return command.plan;
  if ('benefit' in command) return command.benefit.plan;
  return undefined;
}

/**
 * The reply's language (DOMAIN.md, Language). In a personal chat: the person's own choice, else
 * Norwegian. In a channel: the language of the plan the command names, else of the plans bound to
 * this channel when they agree, else Norwegian. The Teams client's locale never decides.
 */
async function replyLanguage(s: Services, message: InboundMessage, command?: Command): Promise<Language> {
  if (message.conversationKind !== 'channel') return personalLanguage(s, message.tenantId, message.from.id);
  const planId = planOf(command);
  if (planId) {
    const plan = await s.storage.plans.get(message.tenantId, planId);
    if (plan) return planLanguage(plan);
  }
  const here = (await s.storage.plans.list(message.tenantId)).filter((p) => !p.archived && p.channel.channelId === message.channelId);
  const languages = new Set(here.map(planLanguage));
  return languages.size === 1 ? [...languages][0]! : DEFAULT_LANGUAGE;
}

async function refusal(s: Services, message: InboundMessage, lang: Language, name: CommandName): Promise<string> {
  const names = await adminNames(s, actorOf(message));
  const command = titleOf(name);
  return names.length > 0
    ? t(lang, 'cmd.refused.named', { command, admins: names.slice(0, 10).join(', ') })
    : t(lang, 'cmd.refused', { command });
}

/** The handler of the command in `input`, from the table (one cast: TypeScript cannot pair them). */
function run(table: CommandTable, input: CommandInput): Promise<OutboundMessage[]> {
  return (table[input.command.name] as CommandHandler)(input);
}

export async function routeMessage(s: Services, message: InboundMessage, commands: CommandTable = COMMANDS): Promise<OutboundMessage[]> {
  let lang = DEFAULT_LANGUAGE;
  try {
    // A file sent without a command is the import the sender asked for (Teams may leave an
    // <attachment> tag in the text of a file message).
    const text = (typeof message.text === 'string' ? message.text : '').replace(/<attachment\b[^>]*>(?:<\/attachment>)?/gi, '');
    const parsed = text.trim() === '' ? undefined : parseCommand({ text, mentions: message.mentions ?? [], botId: message.botId });
    if (message.files?.length && !parsed?.ok) return await fileMessage(s, message);
    lang = await replyLanguage(s, message, parsed?.ok ? parsed.command : undefined);
    if (!parsed) return [{ text: t(lang, message.conversationKind === 'channel' ? 'welcome.channel' : 'welcome.personal') }];
    if (!parsed.ok) return [{ text: renderParseError(lang, parsed.error) }];
    const command = parsed.command;
    const actor = actorOf(message);
    if (isAdminCommand(command.name) && !(await isAdmin(s, actor))) {
      return [{ text: await refusal(s, message, lang, command.name) }];
    }
    const replies = await run(commands, { s, message, actor, command, lang });
    return replies.map((r) => (r.text && r.text.length > MAX_REPLY_CHARS ? { ...r, text: truncate(r.text, MAX_REPLY_CHARS) } : r));
  } catch (e) {
    s.log.error({ err: e, tenantId: message.tenantId }, 'command failed');
    return [{ text: t(lang, isTransient(e) ? 'error.storage' : 'error.generic') }];
  }
}
