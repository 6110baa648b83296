// Command handlers register here by command name; the router parses and dispatches. Each command
// group lives in its own module (plan.ts, benefit.ts, owner.ts, digest.ts, …), imported by all.ts.
import type { Language } from '../domain/types';
import type { Services } from '../services/context';
import type { InboundMessage } from '../routes/ports';
import type { OutboundMessage } from '../delivery/ports';
import type { CommandOf } from './parse';
import type { CommandName } from './grammar';

export interface CommandInput<N extends CommandName = CommandName> {
  s: Services;
  message: InboundMessage;
  command: CommandOf<N>;
  /** The user's language from their Teams locale (a handler that loads a plan may switch to the plan's). */
  lang: Language;
}

export type CommandHandler<N extends CommandName = CommandName> = (input: CommandInput<N>) => Promise<OutboundMessage[]>;

const handlers = new Map<CommandName, CommandHandler<CommandName>>();

export function registerCommand<N extends CommandName>(name: N, handler: CommandHandler<N>): void {
  if (handlers.has(name)) throw new Error(`command ${name} registered twice`);
  handlers.set(name, handler as unknown as CommandHandler<CommandName>);
}

export function commandHandler(name: CommandName): CommandHandler<CommandName> | undefined {
  return handlers.get(name);
}

export function registeredCommands(): CommandName[] {
  return [...handlers.keys()];
}
