// The recipients' personal chats, read a few at a time just ahead of the sends: one query for the
// next MAX_PEOPLE_PER_QUERY recipients instead of a point read per prompt (a storage request, and
// the largest part of a prompt's CPU after the send itself: bench/tenants.ts). A group is read
// when a worker takes its first prompt, so a row is at most a group's sends old (half a second at
// 30 a second) when it is used, and it is let go once its group is sent. If a group's query
// fails, its prompts fall back to reading their own row.
import type { Services } from '../../services/context';
import { MAX_PEOPLE_PER_QUERY, type ConversationRow } from '../../storage';

export class ChatLookahead {
  /** Per group of MAX_PEOPLE_PER_QUERY prompts: its query (none for a group of one) and the prompts not yet served. */
  private readonly groups = new Map<number, { rows?: Promise<Map<string, ConversationRow>>; left: number }>();

  /** `recipients[i]`: the person prompt i goes to (undefined: nobody). */
  constructor(
    private readonly s: Services,
    private readonly tenantId: string,
    private readonly recipients: readonly (string | undefined)[],
  ) {}

  /** The chat row of prompt i's recipient; null when they have none. Call once per prompt. */
  async get(i: number): Promise<ConversationRow | null> {
    const g = Math.floor(i / MAX_PEOPLE_PER_QUERY);
    let group = this.groups.get(g);
    if (!group) {
      const ids = this.recipients.slice(g * MAX_PEOPLE_PER_QUERY, (g + 1) * MAX_PEOPLE_PER_QUERY);
      const people = [...new Set(ids.filter((x): x is string => x !== undefined))];
      group = { left: ids.length };
      if (people.length > 1) {
        group.rows = this.s.storage.conversations.getPersonalMany(this.tenantId, people);
        group.rows.catch(() => undefined); // a failed group is handled by each of its prompts below
      }
      this.groups.set(g, group);
    }
    if (--group.left === 0) this.groups.delete(g);
    const id = this.recipients[i];
    if (id === undefined) return null;
    if (group.rows) {
      try {
        return (await group.rows).get(id) ?? null;
      } catch {
        // the group's query failed: this prompt reads its own row, as it would have without a group
      }
    }
    return (await this.s.storage.conversations.getPersonal(this.tenantId, id)) ?? null;
  }
}
