// Teams (and Adaptive Card markdown) read `<word>` as an HTML tag: a usage like `plan show <plan>`
// loses its placeholder, or shows `&lt;plan&gt;` inside a code span. Every outgoing text and card
// string therefore shows placeholders as ‹plan›. Mention tags (<at>…</at>) are left as they are.
const TAG_LIKE = /<(?!\/?at>)([^<>\n]{1,40})>/giu;

export function teamsSafeText(text: string): string {
  return text.includes('<') ? text.replace(TAG_LIKE, '‹$1›') : text;
}

/** Applies teamsSafeText to every string in a card (cards are plain JSON). */
export function teamsSafeCard<T>(value: T): T {
  if (typeof value === 'string') return teamsSafeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => teamsSafeCard(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, teamsSafeCard(v)])) as T;
  }
  return value;
}
