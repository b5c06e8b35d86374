import { badInput, isUuid, type RequestContext, type Runtime } from '@guest-graph/subgraph-kit';
import { ComplaintCase } from '../persistence/index.js';
import { loaders } from './loaders.js';

export interface CaseListArgs {
  filter?: {
    status?: string[] | null;
    department?: string | null;
    category?: string | null;
    escalated?: boolean | null;
    openedFrom?: string | null;
    openedTo?: string | null;
    followUpDueBy?: string | null;
  } | null;
  first?: number;
  after?: string | null;
}

const encode = (c: ComplaintCase) => Buffer.from(`${c.openedAt.toISOString()}|${c.id}`).toString('base64url');
function decode(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!isUuid(id) || Number.isNaN(date.getTime())) throw badInput('after', 'Not a cursor');
  return { at: date, id };
}

/** The work queue and reports: newest first, keyset-paged (one statement per page). */
export async function listCases(rt: Runtime, args: CaseListArgs, ctx: RequestContext) {
  const first = args.first ?? 50;
  const f = args.filter ?? {};
  const qb = rt.dataSource.getRepository(ComplaintCase).createQueryBuilder('c');
  if (f.status?.length) qb.andWhere('c.status IN (:...status)', { status: f.status });
  if (f.department) qb.andWhere('c.department = :department', { department: f.department });
  if (f.category) qb.andWhere('c.category = :category', { category: f.category });
  if (f.escalated === true) qb.andWhere('c.escalated_at IS NOT NULL');
  if (f.escalated === false) qb.andWhere('c.escalated_at IS NULL');
  if (f.openedFrom) qb.andWhere('c.opened_at >= :from', { from: new Date(f.openedFrom) });
  if (f.openedTo) qb.andWhere('c.opened_at < :to', { to: new Date(f.openedTo) });
  if (f.followUpDueBy)
    qb.andWhere(`c.status = 'RESOLVED' AND c.follow_up_due_at <= :due`, { due: new Date(f.followUpDueBy) });
  if (args.after) {
    const { at, id } = decode(args.after);
    qb.andWhere('(c.opened_at, c.id) < (:at, :id)', { at, id });
  }
  const rows = await qb
    .orderBy('c.opened_at', 'DESC')
    .addOrderBy('c.id', 'DESC')
    .limit(first + 1)
    .getMany();
  const nodes = rows.slice(0, first);
  // Later field resolvers (repeatOf, references) find these already loaded.
  const byId = loaders(rt, ctx).caseById;
  for (const n of nodes) byId.prime(n.id, n);
  return {
    nodes,
    hasNextPage: rows.length > first,
    endCursor: rows.length > first && nodes.length ? encode(nodes[nodes.length - 1]!) : null,
  };
}
