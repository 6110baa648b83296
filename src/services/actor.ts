// Who asks for a change, in which tenant, and how to find the people they name. Chat commands,
// card actions, forms and imports all reach the use cases as an Actor, so none of them has to
// fake a chat message, and the use cases never see a Teams activity.
import type { Person } from '../domain/types';

/** The members Teams knows in the conversation or team a request came from. */
export interface MemberDirectory {
  /** A member by Teams user id, or by UPN or AAD object id (real Teams; some hosts only by id). */
  lookup(idOrUpn: string): Promise<Person | undefined>;
}

export interface Actor {
  tenantId: string;
  /** The person acting (from Teams: their Teams user id, name and AAD object id). */
  person: Person;
  directory: MemberDirectory;
}

/**
 * A person named in an input: a Teams user id (a mention), a UPN / e-mail (typed, or a cell of an
 * imported workbook) or an AAD object id (what a Teams people picker submits).
 */
export type PersonRef = { kind: 'id'; id: string; name?: string } | { kind: 'upn'; upn: string } | { kind: 'aad'; aadObjectId: string };
