// An inbound activity as the use cases see who acts: the sender, their tenant, and the members
// Teams knows where they wrote.
import type { Actor } from '../services/actor';
import type { InboundContext } from '../ports/inbound';

export function actorOf(ctx: InboundContext): Actor {
  return { tenantId: ctx.tenantId, person: ctx.from, directory: { lookup: (idOrUpn) => ctx.lookupMember(idOrUpn) } };
}
