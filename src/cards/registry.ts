// Action.Execute handlers register here by verb; cards/actions.ts dispatches. Each returns the card
// that replaces the one acted on (Universal Actions), so the user sees the outcome in place.
import type { Services } from '../services/context';
import type { InboundAction } from '../routes/ports';

export type CardActionHandler = (s: Services, action: InboundAction) => Promise<object>;

const handlers = new Map<string, CardActionHandler>();

export function registerCardAction(verb: string, handler: CardActionHandler): void {
  if (handlers.has(verb)) throw new Error(`card action ${verb} registered twice`);
  handlers.set(verb, handler);
}

export function cardActionHandler(verb: string): CardActionHandler | undefined {
  return handlers.get(verb);
}
