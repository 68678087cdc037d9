/** What credit moves tell people. */
export const maxCreditsPerMove = 1_000_000_000;
/** Balances are 32-bit in the API; no pool or site may hold more. */
export const maxBalance = 2_000_000_000;

export const messages = {
  invalidCredits: `Credits must be a whole number from 1 to ${maxCreditsPerMove.toLocaleString("en")}.`,
  poolTooLow: (available: number) => `The partner's pool has only ${available} unallocated credits.`,
  siteTooLow: (available: number) => `The site has only ${available} credits.`,
  balanceLimit: `A balance cannot exceed ${maxBalance.toLocaleString("en")} credits.`,
  siteNotFound: "No site with this id.",
  partnerNotFound: "No partner with this id.",
  keyReused: "This idempotency key was already used for a different request.",
  key: "An idempotency key has 1 to 100 characters.",
  monthlyCharge: (month: string) => `Monthly charge ${month}`,
};
