// The guests service's lines on a guest's timeline (contract README, "Timelines"): short, plain, and
// without personal data (no name, phone, email, document number or note), so erasure never rewrites history.

const words = (code: string) => code.toLowerCase().replaceAll('_', ' ');

export const guestLine = {
  registered: () => ({ kind: 'GUEST_REGISTERED', summary: 'Guest profile registered' }),
  profileUpdated: (fields: string[]) => ({
    kind: 'PROFILE_UPDATED',
    // Field names only, never their values.
    summary:
      `Profile updated: ${[...new Set(fields.map((f) => words(f.split('.')[0]!.replace(/([A-Z])/g, '_$1'))))].join(', ')}`.slice(
        0,
        200,
      ),
  }),
  preference: (category: string) => ({
    kind: 'PREFERENCE_RECORDED',
    summary: `Preference recorded: ${words(category)}`,
  }),
  observation: (category: string) => ({
    kind: 'OBSERVATION_RECORDED',
    summary: `Observation recorded: ${words(category)}`,
  }),
  consent: (channel: string, granted: boolean, purpose = 'MARKETING') => ({
    kind: 'CONSENT_RECORDED',
    summary: `${purpose === 'MARKETING' ? 'Marketing' : words(purpose)} consent ${granted ? 'given' : 'withdrawn'}${channel ? ` (${words(channel)})` : ''}`,
  }),
  reserved: (arrivalDate: string, nights: number, roomType: string) => ({
    kind: 'RESERVATION_MADE',
    summary: `Reservation made: ${arrivalDate}, ${nights} night(s), ${roomType}`,
  }),
  reservationClosed: (status: 'CANCELLED' | 'NO_SHOW', arrivalDate: string) => ({
    kind: 'RESERVATION_CANCELLED',
    summary:
      status === 'NO_SHOW' ? `Reservation for ${arrivalDate}: no-show` : `Reservation for ${arrivalDate} cancelled`,
  }),
  checkedIn: (nights: number, roomType: string) => ({
    kind: 'STAY_CHECKED_IN',
    summary: `Checked in, ${nights} night(s), ${roomType}`,
  }),
  checkedOut: (nights: number, totalSpend: string) => ({
    kind: 'STAY_CHECKED_OUT',
    summary: `Checked out, ${nights} night(s), spend ${totalSpend}`,
  }),
  merged: () => ({ kind: 'GUESTS_MERGED', summary: 'Duplicate profile merged into this one' }),
  unmerged: () => ({ kind: 'GUESTS_UNMERGED', summary: 'Merge undone: duplicate profile separated again' }),
} as const;

/**
 * What an erased guest's lines say: the kind's own words, nothing of the guest's. Summaries hold no personal
 * data already; this is the belt to that braces, for lines whose words named a choice of the guest's
 * (a preference's category, an observation's).
 */
export const ERASED_WORDS: Record<string, string> = {
  PREFERENCE_RECORDED: 'Preference recorded',
  OBSERVATION_RECORDED: 'Observation recorded',
  PROFILE_UPDATED: 'Profile updated',
};

/** Which services' lines a reader does not see: credit's, unless they deal with the money. */
export const hiddenServices = (seesCredit: boolean): string[] => (seesCredit ? [] : ['credit']);

/** The guests service's lines on an account's timeline: a stay the account carried. */
export const accountLine = {
  reserved: (arrivalDate: string, nights: number, roomType: string) => ({
    kind: 'RESERVATION_MADE' as const,
    summary: `Reservation made: ${arrivalDate}, ${nights} night(s), ${roomType}`,
  }),
  reservationClosed: (status: 'CANCELLED' | 'NO_SHOW', arrivalDate: string) => ({
    kind: 'RESERVATION_CANCELLED' as const,
    summary:
      status === 'NO_SHOW' ? `Reservation for ${arrivalDate}: no-show` : `Reservation for ${arrivalDate} cancelled`,
  }),
  checkedIn: (nights: number, roomType: string) => ({
    kind: 'STAY_CHECKED_IN' as const,
    summary: `Guest checked in, ${nights} night(s), ${roomType}`,
  }),
  checkedOut: (nights: number, totalSpend: string) => ({
    kind: 'STAY_CHECKED_OUT' as const,
    summary: `Guest checked out, ${nights} night(s), spend ${totalSpend}`,
  }),
} as const;
