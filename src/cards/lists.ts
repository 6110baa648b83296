// List cards (plans, benefits, admins, my benefits) that always fit Teams' size limit.
import { cardBytes, MAX_CARD_BYTES, renderCard } from './build';

/**
 * Renders a card with a list, dropping rows from the end until it fits Teams' size limit, and
 * saying how many were left out (`more`). Lists are of plans and benefits: tens, rarely more.
 */
export function fitListCard<R>(
  name: string,
  data: Record<string, unknown>,
  rowsKey: string,
  rows: readonly R[],
  more: (shown: number, total: number) => string,
): object {
  let shown = rows.length;
  for (;;) {
    const card = renderCard(name, { ...data, [rowsKey]: rows.slice(0, shown), more: shown < rows.length ? more(shown, rows.length) : '' });
    // Leave room for the activity envelope around the card.
    if (cardBytes(card) <= MAX_CARD_BYTES - 1024 || shown === 0) return card;
    shown = shown > 40 ? Math.floor(shown * 0.75) : shown - 1;
  }
}
