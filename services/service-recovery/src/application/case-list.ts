import { badInput, decodeCursor, encodeCursor, isUuid, pageOf } from '@guest-graph/subgraph-kit';
import type { ComplaintCase } from '../persistence/case.entity.js';
import { type CaseFilter, casePage } from '../persistence/case.repository.js';
import type { App } from './index.js';

const cursorOf = (c: ComplaintCase) => encodeCursor([c.openedAt.toISOString(), c.id]);
function positionOf(cursor: string): { at: Date; id: string } {
  const [at, id] = decodeCursor(cursor);
  const date = new Date(typeof at === 'string' ? at : '');
  if (!isUuid(id) || Number.isNaN(date.getTime())) throw badInput('after', 'after is not a cursor of this list');
  return { at: date, id };
}

/** The work queue and reports: newest first, keyset-paged (one statement per page). */
export async function listCases(app: App, f: CaseFilter, first: number, after: string | null | undefined) {
  const rows = await casePage(app.rt.dataSource, f, after ? positionOf(after) : null, first + 1);
  return pageOf(rows, first, cursorOf);
}
