/** What the monthly billing run tells the platform operator. */
export const messages = {
  month: 'Give the month as "YYYY-MM", e.g. "2026-11".',
  future: "A month that has not started yet cannot be billed.",
};
