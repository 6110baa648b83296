// The shape of a chat command handler. The table that maps every command to its handler is
// routes/commandTable.ts; the compiler checks that no command is missing there.
import type { Language } from '../domain/types';
import type { OutboundMessage } from '../ports/outbound';
import type { InboundMessage } from '../ports/inbound';
import type { Actor } from '../services/actor';
import type { Services } from '../services/context';
import type { CommandOf } from './command';
import type { CommandName } from './grammar';

export interface CommandInput<N extends CommandName = CommandName> {
  s: Services;
  /** The message as it came (where it was written, the bot's name in it). */
  message: InboundMessage;
  /** Who acts, for the use cases. */
  actor: Actor;
  command: CommandOf<N>;
  /** The reply language (a handler that loads a plan may switch to the plan's). */
  lang: Language;
}

export type CommandHandler<N extends CommandName = CommandName> = (input: CommandInput<N>) => Promise<OutboundMessage[]>;
