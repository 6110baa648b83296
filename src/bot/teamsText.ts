// Teams (and Adaptive Card markdown) read `<word>` as an HTML tag: a usage like `plan show <plan>`
// loses its placeholder, or shows `&lt;plan&gt;` inside a code span. Every outgoing text and card
// string therefore shows placeholders as ‹plan›. Mention tags (<at>…</at>) are left as they are.
const TAG_LIKE = /<(?!\/?at>)([^<>\n]{1,40})>/giu;

export function teamsSafeText(text: string): string {
  return text.includes('<') ? text.replace(TAG_LIKE, '‹$1›') : text;
}

/**
 * Applies teamsSafeText to every string in a card (cards are plain JSON). The card is copied
 * where a string changes and shared where none does: most cards have no `<` in them, and the
 * copy of every object was a card-sized allocation on every send.
 */
export function teamsSafeCard<T>(value: T): T {
  if (typeof value === 'string') return teamsSafeText(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = teamsSafeCard(value[i]);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(o)) {
      const v = teamsSafeCard(o[k]);
      if (v !== o[k]) (out ??= { ...o })[k] = v;
    }
    return (out ?? value) as T;
  }
  return value;
}
