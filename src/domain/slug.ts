// Plan ids (slugs) and benefit references `<plan>/<n>`. Slugs end up in Azure Table keys and
// in commands people type, so they are plain ASCII [a-z0-9-] and short.

export const SLUG_MAX = 40;
export const BENEFIT_NUMBER_MAX = 9999;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Letters that NFKD does not decompose into a base letter + mark. Norwegian spelling rules
// (æ→ae, ø→o, å→a) come first; å would also fall out of NFKD, listed for clarity.
const LETTER_MAP: Record<string, string> = {
  æ: 'ae',
  ø: 'o',
  å: 'a',
  ß: 'ss',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTER_MAP).join('')}]`, 'g');

/**
 * A slug from a display name: `Digitalt tilsyn` → `digitalt-tilsyn`, `Økt kvalitet på tjenester`
 * → `okt-kvalitet-pa-tjenester`. Lower-case ASCII letters and digits, single dashes, at most 40
 * characters (cut at a dash when one exists in the first 40). Undefined when nothing usable is
 * left (e.g. only emoji or punctuation).
 */
export function slugify(name: string): string | undefined {
  // Lower-case first so Æ/Ø/Å share the map with æ/ø/å, and İ's dot falls away as a mark.
  const ascii = name
    .toLowerCase()
    .replace(LETTER_RE, (c) => LETTER_MAP[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const cut = cutSlug(slug, SLUG_MAX);
  return cut === '' ? undefined : cut;
}

/** `base` if free, else `base-2`, `base-3`, …; the base is shortened so the result stays ≤ 40. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const head = base.length + suffix.length > SLUG_MAX ? cutSlug(base, SLUG_MAX - suffix.length, false) : base;
    const candidate = `${head}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** True for a well-formed slug: [a-z0-9] groups joined by single dashes, 1..40 characters. */
export function isSlug(text: string): boolean {
  return text.length <= SLUG_MAX && SLUG.test(text);
}

/**
 * `digitalt-tilsyn/2` → { planId: 'digitalt-tilsyn', number: 2 }. Surrounding space is ignored
 * and the plan part is matched case-insensitively (phones capitalise the first letter); the
 * plan id returned is lower-case. Number 1..9999; leading zeros are accepted (`02` → 2).
 */
export function parseBenefitRef(text: string): { planId: string; number: number } | undefined {
  const m = /^([^/\s]+)\/([0-9]{1,8})$/.exec(text.trim());
  if (!m) return undefined;
  const planId = m[1]!.toLowerCase();
  if (!isSlug(planId)) return undefined;
  const number = Number(m[2]);
  if (!Number.isInteger(number) || number < 1 || number > BENEFIT_NUMBER_MAX) return undefined;
  return { planId, number };
}

/** The canonical reference text for a benefit: `<planId>/<number>`. */
export function formatBenefitRef(planId: string, number: number): string {
  return `${planId}/${number}`;
}

// Cut to `max`, preferring the last dash boundary so no word is cut in half. When
// `preferBoundary` is false (making room for a numeric suffix), a hard cut is fine.
function cutSlug(slug: string, max: number, preferBoundary = true): string {
  if (slug.length <= max) return slug;
  let cut = slug.slice(0, max);
  if (slug[max] !== '-' && preferBoundary) {
    const dash = cut.lastIndexOf('-');
    if (dash > 0) cut = cut.slice(0, dash);
  }
  return cut.replace(/-+$/, '');
}
