import type { Runtime } from '@guest-graph/subgraph-kit';

export const resolvers = (_rt: Runtime) => ({
  Query: { memberByNumber: () => null },
});
