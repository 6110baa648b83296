// "Did you mean …?": the closest known word to what someone typed (command words, keys, time
// zones), by edit distance with transpositions, so `trget` finds `target` and `tagret` too.

/** Optimal-string-alignment Damerau-Levenshtein distance, over code points. */
export function damerauLevenshtein(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const m = s.length;
  const n = t.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] ?? 0;
}

/**
 * The candidate closest to `word` within distance 2 (first wins ties), or undefined. A word is
 * never "corrected" into something entirely different: the distance must be below its length.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.normalize('NFC').toLowerCase();
  const len = Array.from(w).length;
  if (len === 0 || len > 40) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    if (Math.abs(Array.from(c).length - len) >= bestDistance) continue;
    const d = damerauLevenshtein(w, c);
    if (d < bestDistance && d < len) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
