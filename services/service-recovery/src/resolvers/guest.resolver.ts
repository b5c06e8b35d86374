import { badInput, type RequestContext } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { loaders } from './loaders.js';

type GuestRef = { id: string };

/** The fields service-recovery adds to guests' Guest, each batched across every guest in the response. */
export function guestResolvers(app: App) {
  return {
    Guest: {
      openCases: (g: GuestRef, _: unknown, ctx: RequestContext) => loaders(app, ctx).openCasesByGuest.load(g.id),
      cases: async (g: GuestRef, { first }: { first?: number }, ctx: RequestContext) => {
        const n = first ?? 20;
        if (n < 1 || n > 200) throw badInput('first', 'first must be between 1 and 200');
        return (await loaders(app, ctx).casesByGuest.load(g.id)).slice(0, n);
      },
      previousComplaint: (g: GuestRef, _: unknown, ctx: RequestContext) =>
        loaders(app, ctx).previousComplaint.load(g.id),
    },
  };
}
