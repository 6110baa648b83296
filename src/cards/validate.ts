// Card validation with the Adaptive Cards SDK itself (its UMD bundle runs in Node without a DOM):
// parse + validateProperties, plus the Teams size limit. Used by tests and by the digest pager.
import { cardBytes, MAX_CARD_BYTES } from './build';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.min.js');

export interface CardCheck {
  ok: boolean;
  bytes: number;
  problems: string[];
}

/**
 * Teams-only elements (Chart.*) are unknown to the Adaptive Cards SDK. Clients without them render
 * their `fallback`, so that is what is validated; such an element without a fallback is an error.
 */
function withFallbacks(node: unknown, problems: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => withFallbacks(n, problems));
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (typeof o.type === 'string' && o.type.startsWith('Chart.')) {
    if (!o.fallback || typeof o.fallback !== 'object') {
      problems.push(`${o.type} has no fallback for clients without charts`);
      return { type: 'TextBlock', text: '' };
    }
    return withFallbacks(o.fallback, problems);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, withFallbacks(v, problems)]));
}

export function validateCard(card: object): CardCheck {
  const problems: string[] = [];
  const c = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  c.parse(withFallbacks(card, problems), context);
  for (const e of context.eventCount ? Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i)) : []) {
    problems.push(`parse: ${e.message}`);
  }
  const result = c.validateProperties();
  for (const e of result.validationEvents) problems.push(`validate: ${e.message}`);
  const version = (card as { version?: string }).version;
  if (!version || Number(version) > 1.5) problems.push(`version must be ≤ 1.5, is ${version}`);
  const bytes = cardBytes(card);
  if (bytes > MAX_CARD_BYTES) problems.push(`card is ${bytes} bytes, over ${MAX_CARD_BYTES}`);
  return { ok: problems.length === 0, bytes, problems };
}
