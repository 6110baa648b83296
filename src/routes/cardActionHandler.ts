// The shape of a card action handler: an Action.Execute invoke → the card that replaces the one
// acted on (Universal Actions), so the user sees the outcome in place. The table of every verb is
// routes/cardActions.ts.
import type { InboundAction } from '../ports/inbound';
import type { Services } from '../services/context';

export type CardActionHandler = (s: Services, action: InboundAction) => Promise<object>;
