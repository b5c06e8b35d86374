import type { Runtime } from '@guest-graph/subgraph-kit';
import { depsFor } from '../deps.js';
import { careResolvers } from './care.resolver.js';
import { guestResolvers } from './guest.resolver.js';
import { idDocumentResolvers } from './id-document.resolver.js';
import { mergeResolvers } from './merge.resolver.js';
import { observationResolvers } from './observation.resolver.js';
import { preferenceResolvers } from './preference.resolver.js';
import { profileResolvers } from './profile.resolver.js';
import { stayResolvers } from './stay.resolver.js';
import { valueResolvers } from './value.resolver.js';

type ResolverMap = Record<string, Record<string, unknown>>;

/** Merges the feature resolver maps type by type. */
function merge(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const m of maps) for (const [type, fields] of Object.entries(m)) out[type] = { ...out[type], ...fields };
  return out;
}

export const resolvers = (rt: Runtime) => {
  const deps = depsFor(rt);
  return merge(
    guestResolvers(deps),
    stayResolvers(deps),
    preferenceResolvers(deps),
    profileResolvers(deps),
    observationResolvers(deps),
    idDocumentResolvers(deps),
    mergeResolvers(deps),
    careResolvers(deps),
    valueResolvers(deps),
  );
};
