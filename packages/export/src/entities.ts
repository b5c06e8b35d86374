import { readFileSync } from 'node:fs';

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
  /** The largest `--page-size` the connection takes, and the page size when none is given. */
  maxPageSize: number;
  defaultPageSize: number;
  /** Where the page's rows are: `nodes` (flat rows) or `edges` (each with its `node`). */
  rows: 'nodes' | 'edges';
}

const operations = readFileSync(new URL('../src/operations.graphql', import.meta.url), 'utf8');
/** The operations file as it is listed in the trusted documents (sent whole, with the operation's name). */
export const OPERATIONS = operations;

// Stays come flat from guests' reporting copy (staysForExport): each column is one field of the row.
const stays: Entity = {
  name: 'stays',
  operationName: 'ExportStays',
  root: 'staysForExport',
  needsRange: true,
  takesChangedSince: false,
  counts: true,
  devRoles: ['ANALYST'],
  // staysForExport takes up to 800 a page (the gateway's cost limit on 23 fields a row).
  maxPageSize: 800,
  defaultPageSize: 800,
  rows: 'nodes',
  variables: (o) => ({ from: o.from, to: o.to }),
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
};

const consent = (channel: string): Column => ({
  name: `consent_${channel.toLowerCase()}`,
  path: 'guest.marketingConsent',
  type: 'BOOLEAN',
  pick: { key: 'channel', equals: channel, field: 'granted' },
});

const guests: Entity = {
  name: 'guests',
  operationName: 'ExportGuests',
  root: 'guestsChanged',
  needsRange: false,
  takesChangedSince: true,
  counts: false,
  devRoles: ['ANALYST'],
  maxPageSize: 500,
  defaultPageSize: 500,
  rows: 'edges',
  variables: (o) => ({ changedSince: o.changedSince ?? null }),
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
};

/** A connection of what changed since: no range, `--changed-since` optional, no count. */
const changes = (e: Pick<Entity, 'name' | 'operationName' | 'root' | 'columns' | 'devRoles'>): Entity => ({
  ...e,
  needsRange: false,
  takesChangedSince: true,
  counts: false,
  maxPageSize: 500,
  defaultPageSize: 500,
  rows: 'edges',
  variables: (o) => ({ changedSince: o.changedSince ?? null }),
});

const accounts = changes({
  name: 'accounts',
  operationName: 'ExportAccounts',
  root: 'accountsChanged',
  devRoles: ['ANALYST'],
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

const cases = changes({
  name: 'cases',
  operationName: 'ExportCases',
  root: 'casesChanged',
  devRoles: ['ANALYST'],
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

const ledger = changes({
  name: 'ledger',
  operationName: 'ExportLedger',
  root: 'creditLedgerChanged',
  devRoles: ['FINANCE'],
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

const invoices = changes({
  name: 'invoices',
  operationName: 'ExportInvoices',
  root: 'invoicesChanged',
  devRoles: ['FINANCE'],
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
