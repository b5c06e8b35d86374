import { readFileSync } from 'node:fs';

/** A column of the file: where its value sits in a node (a dot path) and its type in Parquet. */
export interface Column {
  name: string;
  path: string;
  type: 'VARCHAR' | 'DATE' | 'INTEGER' | 'DECIMAL(14,2)' | 'TIMESTAMPTZ' | 'BOOLEAN';
  /** For a list: how its items become one cell (how many, or one field of each joined with `;`). */
  list?: 'count' | string;
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
}

const operations = readFileSync(new URL('../src/operations.graphql', import.meta.url), 'utf8');
/** The operations file as it is listed in the trusted documents (sent whole, with the operation's name). */
export const OPERATIONS = operations;

const stays: Entity = {
  name: 'stays',
  operationName: 'ExportStays',
  root: 'staysCheckedOut',
  needsRange: true,
  takesChangedSince: false,
  counts: true,
  variables: (o) => ({ from: o.from, to: o.to }),
  columns: [
    { name: 'stay_id', path: 'id', type: 'VARCHAR' },
    { name: 'property_code', path: 'propertyCode', type: 'VARCHAR' },
    { name: 'arrival_date', path: 'arrivalDate', type: 'DATE' },
    { name: 'departure_date', path: 'departureDate', type: 'DATE' },
    { name: 'nights', path: 'nights', type: 'INTEGER' },
    { name: 'room_type', path: 'roomType', type: 'VARCHAR' },
    { name: 'payment_method', path: 'paymentMethod', type: 'VARCHAR' },
    { name: 'purpose', path: 'purpose', type: 'VARCHAR' },
    { name: 'total_spend', path: 'totalSpend', type: 'DECIMAL(14,2)' },
    { name: 'guest_id', path: 'guest.id', type: 'VARCHAR' },
    { name: 'guest_segment', path: 'guest.segment', type: 'VARCHAR' },
    { name: 'guest_value_tier', path: 'guest.value.valueTier', type: 'VARCHAR' },
    { name: 'guest_lifecycle_stage', path: 'guest.value.lifecycleStage', type: 'VARCHAR' },
    // The tier held now (at the export), not at the stay.
    { name: 'guest_member_tier', path: 'guest.membership.tier', type: 'VARCHAR' },
    { name: 'account_id', path: 'account.id', type: 'VARCHAR' },
    { name: 'account_grade', path: 'account.grade', type: 'VARCHAR' },
    { name: 'account_type', path: 'account.type', type: 'VARCHAR' },
    { name: 'points_earned', path: 'pointsEarned', type: 'INTEGER' },
    { name: 'case_count', path: 'cases', type: 'INTEGER', list: 'count' },
    { name: 'case_ids', path: 'cases', type: 'VARCHAR', list: 'id' },
    { name: 'case_categories', path: 'cases', type: 'VARCHAR', list: 'category' },
    { name: 'case_severities', path: 'cases', type: 'VARCHAR', list: 'severity' },
    { name: 'case_departments', path: 'cases', type: 'VARCHAR', list: 'department' },
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

export const ENTITIES: Record<string, Entity> = { stays, guests };
