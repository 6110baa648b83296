// Fair shares of the shard leases among the instances that tick, as Azure's event processors share
// the partitions of an event hub: each instance lists the leases, keeps its own, takes free or
// expired ones up to its fair share, and takes ("steals") from an instance that holds more than
// its share. Pure: the leases as read, this holder, the time.

export interface LeaseView {
  name: string;
  holder: string;
  /** ms since epoch */
  expiresAt: number;
}

export interface BalancePlan {
  /** Leases nobody holds (or whose holder's time is up): this holder takes them. */
  take: string[];
  /** Live leases of instances above their share: this holder takes them when they run out. */
  steal: { name: string; from: string }[];
  /** How many leases each instance should hold at most. */
  share: number;
  owners: number;
}

/**
 * What `me` should do so that every balancing instance ends up with at most ⌈names / instances⌉
 * and no two more than one apart. `mine` are the leases `me` holds now. Holders `balances` rejects (a one-off run-due) are
 * neither counted as instances nor stolen from: they give their leases back when they are done.
 */
export function planBalance(names: readonly string[], leases: readonly LeaseView[], me: string, mine: ReadonlySet<string>, now: number, balances: (holder: string) => boolean): BalancePlan {
  const byName = new Map(leases.map((l) => [l.name, l]));
  const counts = new Map<string, string[]>();
  const free: string[] = [];
  for (const name of names) {
    if (mine.has(name)) continue;
    const l = byName.get(name);
    if (!l || l.expiresAt <= now) free.push(name);
    else if (l.holder !== me && balances(l.holder)) counts.set(l.holder, [...(counts.get(l.holder) ?? []), name]);
  }
  const owners = counts.size + 1;
  const share = Math.ceil(names.length / owners);
  const take = free.slice(0, Math.max(0, share - mine.size));
  let count = mine.size + take.length;
  const steal: { name: string; from: string }[] = [];
  // Take from the richest, one lease at a time, while it holds two or more than this holder:
  // then the shares end at most one apart, and a move never just swaps who is ahead.
  while (count < share) {
    const [richest, held] = [...counts].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0] ?? [];
    if (!richest || !held || held.length < count + 2) break;
    steal.push({ name: held.pop()!, from: richest });
    count++;
  }
  return { take, steal, share, owners };
}
