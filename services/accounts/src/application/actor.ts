/** Who asks for a use case: the staff member, whether they sell, and the request to correlate events with. */
export interface Actor {
  staffId: string;
  requestId: string;
  /** A sales person (not only a manager): opening an account makes them its owner. */
  sells: boolean;
}
