import { mergeResolvers } from '@guest-graph/subgraph-kit';
import type { GuestsApp } from '../application/index.js';
import { careResolvers } from './care.resolver.js';
import { dataRequestResolvers } from './data-request.resolver.js';
import { guestResolvers } from './guest.resolver.js';
import { idDocumentResolvers } from './id-document.resolver.js';
import { mergeResolvers as guestMergeResolvers } from './merge.resolver.js';
import { observationResolvers } from './observation.resolver.js';
import { preferenceResolvers } from './preference.resolver.js';
import { profileResolvers } from './profile.resolver.js';
import { reservationResolvers } from './reservation.resolver.js';
import { stayResolvers } from './stay.resolver.js';
import { valueResolvers } from './value.resolver.js';

export const resolvers = (app: GuestsApp) =>
  mergeResolvers(
    guestResolvers(app),
    stayResolvers(app),
    preferenceResolvers(app),
    profileResolvers(app),
    observationResolvers(app),
    idDocumentResolvers(app),
    guestMergeResolvers(app),
    careResolvers(app),
    valueResolvers(app),
    dataRequestResolvers(app),
    reservationResolvers(app),
  );
