export { CONTRACT_ERROR_CODES, fieldFromMessage } from '@guest-graph/http';
export { type AskOptions, askOrUnavailable, DEFAULT_ASK_TIMEOUT_MS } from './ask.js';
export {
  addDays,
  addMonths,
  DEFAULT_TIME_ZONE,
  daysBetween,
  hotelDate,
  monthOf,
  startOfHotelDay,
  wholeDaysBetween,
  yearOf,
} from './calendar.js';
export { type ChangedAtTable, changedAtFunctionSql, changedAtSql } from './changed-at.js';
export { type Clock, ManualClock, SystemClock, systemClock } from './clock.js';
export {
  changeKeyOf,
  changePageOf,
  decodeCursor,
  encodeCursor,
  MICROS_UTC,
  type Page,
  pageOf,
  pageSize,
} from './connection.js';
export { canSee, guarded, guardedField, type RequestContext, requireRole } from './context.js';
export {
  badInput,
  DomainError,
  type ErrorCode,
  forbidden,
  formatError,
  invalidState,
  notFound,
  parseInput,
} from './errors.js';
export { isUuid } from './ids.js';
export { badString, inputHygienePlugin, MAX_INPUT_STRING } from './input-hygiene.js';
export { byKey, groupByKey, LoaderScope } from './loaders.js';
export { addMoney, compareMoney, fromCents, multiplyMoney, toCents } from './money.js';
export {
  claimRequest,
  firstResultOf,
  type RequestKey,
  requestIdSchema,
  requestKey,
  settleRequest,
} from './request-once.js';
export { mergeResolvers, type ResolverMap } from './resolver-map.js';
export { DateScalar, DateTimeScalar, isValidDate, MoneyScalar, normaliseMoney, scalarResolvers } from './scalars.js';
export {
  loadSchema,
  type RunningService,
  type Runtime,
  runService,
  type ServiceDefinition,
  type StartOptions,
  type SubgraphParts,
  startService,
  subgraphService,
} from './service.js';
export {
  answerTimelineHistory,
  type BackfillProgress,
  backfillTimeline,
  keepBackfilling,
  type TimelineBackfillStore,
} from './timeline.js';
export {
  TIMELINE_PAGE,
  type TimelineBackfillState,
  type TimelineLine,
  type TimelineRow,
  type TimelineStore,
  type TimelineTable,
  timelineStore,
  timelineTablesSql,
} from './timeline-store.js';
