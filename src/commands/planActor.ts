// Who acts on a plan, with the plan's team as the member directory. A form or an import is often
// used from the personal chat, where Teams knows only the two people in that chat: the people it
// names (owners, deputies) are looked up among the members of the plan's team, then where the
// request came from.
import type { InboundContext } from '../ports/inbound';
import type { Actor } from '../services/actor';
import type { PlanRow } from '../storage';

export function actorForPlan(ctx: InboundContext, plan: Pick<PlanRow, 'channel'> | undefined): Actor {
  const base: Actor = { tenantId: ctx.tenantId, person: ctx.from, directory: { lookup: (idOrUpn) => ctx.lookupMember(idOrUpn) } };
  const teamId = plan?.channel.teamId ?? plan?.channel.channelId;
  const inTeam = ctx.lookupTeamMember;
  if (!teamId || !inTeam || teamId === ctx.teamId) return base;
  const memo = new Map<string, ReturnType<typeof ctx.lookupMember>>();
  return {
    ...base,
    directory: {
      lookup(idOrUpn) {
        // An import names the same few people on many rows: one lookup each.
        const key = idOrUpn.toLowerCase();
        let found = memo.get(key);
        if (!found) {
          found = inTeam(teamId, idOrUpn).then((p) => p ?? ctx.lookupMember(idOrUpn));
          memo.set(key, found);
          found.catch(() => memo.delete(key));
        }
        return found;
      },
    },
  };
}
