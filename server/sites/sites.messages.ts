/** What the sites feature tells people. */
export const messages = {
  notFound: "No site with this id.",
  invitationInvalid: "This invitation link is no longer valid: it was used, replaced by a newer one, or revoked.",
  invitationExpired: "This invitation link has expired. Ask for a new one.",
  usageRange: "Counts must be whole numbers from 0 to 10,000,000.",
  costTooHigh: (cost: number, max: number) =>
    `At these counts the site would cost ${cost.toLocaleString("en")} credits a month; a site can cost at most ${max.toLocaleString("en")}. Nothing was changed.`,
  needsCreditsWithinDays: "needsCreditsWithinDays must be between 0 and 3650.",
  searchTooLong: "search can have at most 200 characters.",
};
