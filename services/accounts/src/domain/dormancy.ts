import { addDays } from '@guest-graph/subgraph-kit';

/**
 * Seed 004 keeps its client file alive: an account that has neither stayed (production) nor been contacted for
 * `afterDays` is a dormant client (休眠客户), to be woken by sales rather than counted as active. The last day
 * that still counts as activity: anything on or after it keeps the account awake.
 */
export const activeSince = (today: string, afterDays: number) => addDays(today, -afterDays);

/** Which statuses fall asleep by themselves: a client in use or a prospect never followed up. */
export const STATUSES_THAT_SLEEP = ['ACTIVE', 'PROSPECT'] as const;
