import { mergeResolvers, type Runtime } from '@guest-graph/subgraph-kit';
import { depsFor } from '../deps.js';
import { careResolvers } from './care.resolver.js';
import { guestResolvers } from './guest.resolver.js';
import { idDocumentResolvers } from './id-document.resolver.js';
import { mergeResolvers as guestMergeResolvers } from './merge.resolver.js';
import { observationResolvers } from './observation.resolver.js';
import { preferenceResolvers } from './preference.resolver.js';
import { profileResolvers } from './profile.resolver.js';
import { stayResolvers } from './stay.resolver.js';
import { valueResolvers } from './value.resolver.js';

export const resolvers = (rt: Runtime) => {
  const deps = depsFor(rt);
  return mergeResolvers(
    guestResolvers(deps),
    stayResolvers(deps),
    preferenceResolvers(deps),
    profileResolvers(deps),
    observationResolvers(deps),
    idDocumentResolvers(deps),
    guestMergeResolvers(deps),
    careResolvers(deps),
    valueResolvers(deps),
  );
};
