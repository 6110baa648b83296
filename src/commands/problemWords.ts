// A problem as it reads where it is shown beside its field (a form input, an imported cell) rather
// than in a reply to a typed command: the field's own name instead of the command key, and, where
// the command's text shows syntax (`type=cost`), the words of that place (`form.err.…`,
// `import.err.…`). Without such a text the command's text is used.
import type { Problem } from '../domain/problems';
import type { Language } from '../domain/types';
import { hasKey } from '../i18n';
import { problemText } from './errors';

export function problemTextIn(lang: Language, p: Problem, place: 'form' | 'import', fieldName: (field: string) => string): string {
  const key = typeof p.params?.key === 'string' ? p.params.key : undefined;
  const params = key ? { ...p.params, key: fieldName(key) } : p.params;
  const own = `${place}.err.${p.key}`;
  return problemText(lang, { ...p, key: hasKey(own) ? own : p.key, ...(params ? { params } : {}) });
}
