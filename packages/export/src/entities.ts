/** A column of the file: where its value sits in a node (a dot path) and its type in Parquet. */
export interface Column {
  name: string;
  path: string;
  type: 'VARCHAR' | 'DATE' | 'INTEGER' | 'DECIMAL(14,2)' | 'TIMESTAMPTZ' | 'BOOLEAN';
  /**
   * For a list: how its items become one cell (how many, the items themselves joined with `;` for a list of
   * scalars, or one field of each joined with `;`).
   */
  list?: 'count' | 'items' | string;
  /** For a list: the `field` of the item whose `key` is `equals` (a consent's `granted` for one channel). */
  pick?: { key: string; equals: string; field: string };
}

export interface ExportOptions {
  from?: string;
  to?: string;
  changedSince?: string;
}

/** What can be exported: the operation that pages it, its variables and the columns a node flattens to. */
export interface Entity {
  name: string;
  operationName: string;
  /** The connection's field under `data`. */
  root: string;
  needsRange: boolean;
  takesChangedSince: boolean;
  /** The operation takes `$withCount` and answers `totalCount` when it is true (asked on the first page). */
  counts: boolean;
  variables(o: ExportOptions): Record<string, unknown>;
  columns: Column[];
  /** The roles of the development token when GRAPH_TOKEN is unset (the ledger is FINANCE's, the rest ANALYST's). */
  devRoles: ('ANALYST' | 'FINANCE')[];
  /** The operation's text, as operations.graphql (and so the trusted documents) lists it. */
  document: string;
  /** The largest `--page-size` the connection takes, and the page size when none is given. */
  maxPageSize: number;
  defaultPageSize: number;
  /** Where a page's rows are: `nodes` (flat rows) or `edges` (each with its `node`). */
  rows: 'nodes' | 'edges';
}

/**
 * How a connection pages: over a range of departure dates, counted on the first page (the count of the whole
 * range is asked once: later pages would count the same range again for nothing), or over what changed since
 * an optional instant, uncounted.
 */
type Paging = 'range' | 'changes';

const PAGING: Record<
  Paging,
  Pick<Entity, 'needsRange' | 'takesChangedSince' | 'counts' | 'variables'> & {
    params: string;
    args: string;
  }
> = {
  range: {
    needsRange: true,
    takesChangedSince: false,
    counts: true,
    variables: (o) => ({ from: o.from, to: o.to }),
    params: '$from: Date!, $to: Date!, $first: Int!, $after: String, $withCount: Boolean!',
    args: 'from: $from, to: $to, first: $first, after: $after',
  },
  changes: {
    needsRange: false,
    takesChangedSince: true,
    counts: false,
    variables: (o) => ({ changedSince: o.changedSince ?? null }),
    params: '$changedSince: DateTime, $first: Int!, $after: String',
    args: 'changedSince: $changedSince, first: $first, after: $after',
  },
};

/** What an entity says of itself; the rest (operation, variables, the document's paging) follows from it. */
interface EntitySpec {
  name: string;
  root: string;
  paging: Paging;
  devRoles: Entity['devRoles'];
  /** Why the operation selects what it does: the comment above it in operations.graphql. */
  about: string;
  /** Fields of the connection itself beside its pages (the invoices' `asOf`). */
  connectionFields?: string[];
  columns: Column[];
  /** `nodes` for a connection of flat rows (staysForExport); `edges` by default. */
  rows?: Entity['rows'];
  /** 500 by default, the changed-since connections' maximum. */
  maxPageSize?: number;
  defaultPageSize?: number;
}

/** A selection: each field once, in the order the columns first name it, with its own selection if it has one. */
type Selection = Map<string, Selection>;

const select = (tree: Selection, path: string[]) => {
  let at = tree;
  for (const field of path) {
    if (!at.has(field)) at.set(field, new Map());
    at = at.get(field)!;
  }
};

/** The node's selection, read from the columns: their paths, a list's item field, a pick's key and field. */
function nodeSelection(columns: Column[]): Selection {
  const tree: Selection = new Map();
  for (const c of columns) {
    const path = c.path.split('.');
    if (c.pick) {
      select(tree, [...path, ...c.pick.key.split('.')]);
      select(tree, [...path, ...c.pick.field.split('.')]);
    } else if (c.list && c.list !== 'count' && c.list !== 'items') select(tree, [...path, ...c.list.split('.')]);
    else select(tree, path);
  }
  return tree;
}

const printSelection = (tree: Selection, indent: string): string[] =>
  [...tree].flatMap(([field, sub]) =>
    sub.size ? [`${indent}${field} {`, ...printSelection(sub, `${indent}  `), `${indent}}`] : [`${indent}${field}`],
  );

const capitalized = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** An entity and its operation: every export pages the same way, only its root, paging and columns differ. */
function paged(spec: EntitySpec): Entity {
  const {
    about,
    connectionFields = [],
    paging,
    rows = 'edges',
    maxPageSize = 500,
    defaultPageSize = 500,
    ...rest
  } = spec;
  const { params, args, ...how } = PAGING[paging];
  const operationName = `Export${capitalized(spec.name)}`;
  const document = [
    ...about.split('\n').map((line) => `# ${line}`),
    `query ${operationName}(${params}) {`,
    `  ${spec.root}(${args}) {`,
    ...(how.counts ? ['    totalCount @include(if: $withCount)'] : []),
    ...connectionFields.map((f) => `    ${f}`),
    '    pageInfo {',
    '      hasNextPage',
    '      endCursor',
    '    }',
    ...(rows === 'nodes'
      ? ['    nodes {', ...printSelection(nodeSelection(spec.columns), '      '), '    }']
      : [
          '    edges {',
          '      node {',
          ...printSelection(nodeSelection(spec.columns), '        '),
          '      }',
          '    }',
        ]),
    '  }',
    '}',
    '',
  ].join('\n');
  return { ...rest, ...how, operationName, document, rows, maxPageSize, defaultPageSize };
}

// Stays come flat from guests' reporting copy (staysForExport): one subgraph call and one statement a page, each
// column one field of the row (the federated staysCheckedOut joins four subgraphs a page; README "Reporting and
// BI export").
const stays = paged({
  name: 'stays',
  root: 'staysForExport',
  paging: 'range',
  devRoles: ['ANALYST'],
  rows: 'nodes',
  // staysForExport takes up to 800 a page (the gateway's cost limit on 23 fields a row).
  maxPageSize: 800,
  defaultPageSize: 800,
  about:
    "Stays checked out in a range of departure dates, as flat rows from guests' reporting copy (one subgraph call\nand one statement a page). The count of the whole range is asked on the first page only: later pages would\ncount the same range again for nothing.",
  columns: [
    { name: 'stay_id', path: 'stayId', type: 'VARCHAR' },
    { name: 'property_code', path: 'propertyCode', type: 'VARCHAR' },
    { name: 'arrival_date', path: 'arrivalDate', type: 'DATE' },
    { name: 'departure_date', path: 'departureDate', type: 'DATE' },
    { name: 'nights', path: 'nights', type: 'INTEGER' },
    { name: 'room_type', path: 'roomType', type: 'VARCHAR' },
    { name: 'payment_method', path: 'paymentMethod', type: 'VARCHAR' },
    { name: 'purpose', path: 'purpose', type: 'VARCHAR' },
    { name: 'total_spend', path: 'totalSpend', type: 'DECIMAL(14,2)' },
    { name: 'guest_id', path: 'guestId', type: 'VARCHAR' },
    { name: 'guest_segment', path: 'guestSegment', type: 'VARCHAR' },
    { name: 'guest_value_tier', path: 'guestValueTier', type: 'VARCHAR' },
    { name: 'guest_lifecycle_stage', path: 'guestLifecycleStage', type: 'VARCHAR' },
    // The tier held now (at the export), not at the stay.
    { name: 'guest_member_tier', path: 'guestMemberTier', type: 'VARCHAR' },
    { name: 'account_id', path: 'accountId', type: 'VARCHAR' },
    { name: 'account_grade', path: 'accountGrade', type: 'VARCHAR' },
    { name: 'account_type', path: 'accountType', type: 'VARCHAR' },
    { name: 'points_earned', path: 'pointsEarned', type: 'INTEGER' },
    { name: 'case_count', path: 'caseCount', type: 'INTEGER' },
    { name: 'case_ids', path: 'caseIds', type: 'VARCHAR', list: 'items' },
    { name: 'case_categories', path: 'caseCategories', type: 'VARCHAR', list: 'items' },
    { name: 'case_severities', path: 'caseSeverities', type: 'VARCHAR', list: 'items' },
    { name: 'case_departments', path: 'caseDepartments', type: 'VARCHAR', list: 'items' },
  ],
});

const consent = (channel: string): Column => ({
  name: `consent_${channel.toLowerCase()}`,
  path: 'guest.marketingConsent',
  type: 'BOOLEAN',
  pick: { key: 'channel', equals: channel, field: 'granted' },
});

const guests = paged({
  name: 'guests',
  root: 'guestsChanged',
  paging: 'changes',
  devRoles: ['ANALYST'],
  about:
    'Guests as BI copies them: pseudonymous (no name or contact), consents as yes/no per channel, the member tier\nfrom loyalty; a merged profile is a tombstone the copy drops.',
  columns: [
    { name: 'guest_id', path: 'guestId', type: 'VARCHAR' },
    { name: 'tombstone', path: 'tombstone', type: 'BOOLEAN' },
    { name: 'merged_into', path: 'mergedInto', type: 'VARCHAR' },
    { name: 'changed_at', path: 'changedAt', type: 'TIMESTAMPTZ' },
    { name: 'segment', path: 'guest.segment', type: 'VARCHAR' },
    { name: 'vip', path: 'guest.vip', type: 'BOOLEAN' },
    { name: 'nationality', path: 'guest.nationality', type: 'VARCHAR' },
    { name: 'value_tier', path: 'guest.value.valueTier', type: 'VARCHAR' },
    { name: 'lifecycle_stage', path: 'guest.value.lifecycleStage', type: 'VARCHAR' },
    { name: 'member_tier', path: 'guest.membership.tier', type: 'VARCHAR' },
    consent('EMAIL'),
    consent('SMS'),
    consent('PHONE'),
    consent('POST'),
  ],
});

const accounts = paged({
  name: 'accounts',
  root: 'accountsChanged',
  paging: 'changes',
  devRoles: ['ANALYST'],
  about:
    "Accounts as BI copies them: the file and the last 12 months' production by month (a list becomes `;`-joined\ncells); the contacts are not asked (FORBIDDEN to ANALYST).",
  columns: [
    { name: 'account_id', path: 'accountId', type: 'VARCHAR' },
    { name: 'changed_at', path: 'changedAt', type: 'TIMESTAMPTZ' },
    { name: 'name', path: 'account.name', type: 'VARCHAR' },
    { name: 'type', path: 'account.type', type: 'VARCHAR' },
    { name: 'grade', path: 'account.grade', type: 'VARCHAR' },
    { name: 'status', path: 'account.status', type: 'VARCHAR' },
    { name: 'industry', path: 'account.industry', type: 'VARCHAR' },
    { name: 'channel', path: 'account.channel', type: 'VARCHAR' },
    { name: 'relationship_type', path: 'account.relationshipType', type: 'VARCHAR' },
    { name: 'parent_id', path: 'account.parent.id', type: 'VARCHAR' },
    { name: 'created_at', path: 'account.createdAt', type: 'TIMESTAMPTZ' },
    // The last 12 months, one `;`-joined cell per figure, month by month in the same order.
    { name: 'production_months', path: 'account.productionByMonth', type: 'VARCHAR', list: 'month' },
    { name: 'production_stays', path: 'account.productionByMonth', type: 'VARCHAR', list: 'stays' },
    { name: 'production_room_nights', path: 'account.productionByMonth', type: 'VARCHAR', list: 'roomNights' },
    { name: 'production_revenue', path: 'account.productionByMonth', type: 'VARCHAR', list: 'revenue' },
  ],
});

const cases = paged({
  name: 'cases',
  root: 'casesChanged',
  paging: 'changes',
  devRoles: ['ANALYST'],
  about: "Cases with their SLA outcomes: ids, categories, departments and times, never the guest's words.",
  columns: [
    { name: 'case_id', path: 'caseId', type: 'VARCHAR' },
    { name: 'guest_id', path: 'guestId', type: 'VARCHAR' },
    { name: 'stay_id', path: 'stayId', type: 'VARCHAR' },
    { name: 'property_code', path: 'propertyCode', type: 'VARCHAR' },
    { name: 'channel', path: 'channel', type: 'VARCHAR' },
    { name: 'category', path: 'category', type: 'VARCHAR' },
    { name: 'severity', path: 'severity', type: 'VARCHAR' },
    { name: 'department', path: 'department', type: 'VARCHAR' },
    { name: 'status', path: 'status', type: 'VARCHAR' },
    { name: 'root_cause', path: 'rootCause', type: 'VARCHAR' },
    { name: 'responsible_department', path: 'responsibleDepartment', type: 'VARCHAR' },
    { name: 'opened_at', path: 'openedAt', type: 'TIMESTAMPTZ' },
    { name: 'acknowledge_due_at', path: 'acknowledgeDueAt', type: 'TIMESTAMPTZ' },
    { name: 'due_at', path: 'dueAt', type: 'TIMESTAMPTZ' },
    { name: 'acknowledged_at', path: 'acknowledgedAt', type: 'TIMESTAMPTZ' },
    { name: 'resolved_at', path: 'resolvedAt', type: 'TIMESTAMPTZ' },
    { name: 'closed_at', path: 'closedAt', type: 'TIMESTAMPTZ' },
    { name: 'acknowledge_outcome', path: 'acknowledgeOutcome', type: 'VARCHAR' },
    { name: 'resolve_outcome', path: 'resolveOutcome', type: 'VARCHAR' },
    { name: 'escalated', path: 'escalated', type: 'BOOLEAN' },
    { name: 'satisfied', path: 'satisfied', type: 'BOOLEAN' },
    { name: 'reopen_count', path: 'reopenCount', type: 'INTEGER' },
    { name: 'changed_at', path: 'changedAt', type: 'TIMESTAMPTZ' },
  ],
});

const ledger = paged({
  name: 'ledger',
  root: 'creditLedgerChanged',
  paging: 'changes',
  devRoles: ['FINANCE'],
  about: "The credit ledger's entries: invoices (debits), payments and credit notes (credits). FINANCE, MANAGER.",
  columns: [
    { name: 'entry_id', path: 'entryId', type: 'VARCHAR' },
    { name: 'kind', path: 'kind', type: 'VARCHAR' },
    { name: 'account_id', path: 'accountId', type: 'VARCHAR' },
    { name: 'amount', path: 'amount', type: 'DECIMAL(14,2)' },
    { name: 'open', path: 'open', type: 'DECIMAL(14,2)' },
    { name: 'booked_on', path: 'bookedOn', type: 'DATE' },
    { name: 'invoice_id', path: 'invoiceId', type: 'VARCHAR' },
    { name: 'stay_id', path: 'stayId', type: 'VARCHAR' },
    { name: 'case_id', path: 'caseId', type: 'VARCHAR' },
    { name: 'changed_at', path: 'changedAt', type: 'TIMESTAMPTZ' },
  ],
});

const invoices = paged({
  name: 'invoices',
  root: 'invoicesChanged',
  paging: 'changes',
  devRoles: ['FINANCE'],
  about: "Invoices aged as of the pull (the page's asOf). FINANCE, MANAGER.",
  connectionFields: ['asOf'],
  columns: [
    { name: 'invoice_id', path: 'invoiceId', type: 'VARCHAR' },
    { name: 'number', path: 'invoice.number', type: 'INTEGER' },
    { name: 'account_id', path: 'invoice.accountId', type: 'VARCHAR' },
    { name: 'stay_id', path: 'invoice.stayId', type: 'VARCHAR' },
    { name: 'guest_id', path: 'invoice.guestId', type: 'VARCHAR' },
    { name: 'amount', path: 'invoice.amount', type: 'DECIMAL(14,2)' },
    { name: 'balance', path: 'invoice.balance', type: 'DECIMAL(14,2)' },
    { name: 'status', path: 'invoice.status', type: 'VARCHAR' },
    { name: 'issued_on', path: 'invoice.issuedOn', type: 'DATE' },
    { name: 'due_on', path: 'invoice.dueOn', type: 'DATE' },
    { name: 'paid_on', path: 'invoice.paidOn', type: 'DATE' },
    { name: 'disputed', path: 'invoice.disputed', type: 'BOOLEAN' },
    { name: 'collection_stage', path: 'invoice.collectionStage', type: 'VARCHAR' },
    // Aged as of the pull: an invoice ages without changing, so re-age from due_on and balance between pulls.
    { name: 'days_past_due', path: 'daysPastDue', type: 'INTEGER' },
    { name: 'aging_bucket', path: 'agingBucket', type: 'VARCHAR' },
    { name: 'changed_at', path: 'changedAt', type: 'TIMESTAMPTZ' },
  ],
});

export const ENTITIES: Record<string, Entity> = { stays, guests, accounts, cases, ledger, invoices };

/**
 * operations.graphql as it is committed (the gateway's trusted documents read it): each entity's operation,
 * built above. `npm run operations` in this package writes it; a test fails while the file is behind.
 */
export const OPERATIONS = [
  "# The operations the export sends, listed in the gateway's trusted documents. Written from src/entities.ts by\n# `npm run operations` in packages/export: change the entities there, then write this file again.\n",
  ...Object.values(ENTITIES).map((e) => e.document),
].join('\n');
