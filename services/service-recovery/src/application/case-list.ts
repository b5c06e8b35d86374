import { badInput, isUuid } from '@guest-graph/subgraph-kit';
import type { ComplaintCase } from '../persistence/case.entity.js';
import { type CaseFilter, casePage } from '../persistence/case.repository.js';
import type { App } from './index.js';

const encode = (c: ComplaintCase) => Buffer.from(`${c.openedAt.toISOString()}|${c.id}`).toString('base64url');
function decode(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!isUuid(id) || Number.isNaN(date.getTime())) throw badInput('after', 'Not a cursor');
  return { at: date, id };
}

/** The work queue and reports: newest first, keyset-paged (one statement per page). */
export async function listCases(app: App, f: CaseFilter, first: number, after: string | null | undefined) {
  const rows = await casePage(app.rt.dataSource, f, after ? decode(after) : null, first + 1);
  const nodes = rows.slice(0, first);
  return {
    nodes,
    hasNextPage: rows.length > first,
    endCursor: rows.length > first && nodes.length ? encode(nodes[nodes.length - 1]!) : null,
  };
}
