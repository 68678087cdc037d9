/**
 * A run-out date is a billing day (the 1st of a month at 00:00 UTC): as a local date of the
 * same calendar day, so formatDate shows that day wherever the reader is.
 */
export function billingDay(value: string): Date {
  const date = new Date(value);
  return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}
