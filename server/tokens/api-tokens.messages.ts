/** What API-token operations tell people. */
export const messages = {
  roleTooHigh: "A token cannot have a level above yours.",
  noMasterTokens: "A token cannot have the MASTER level.",
  expiry: "expiresAt must be in the future and at most a year away.",
  notFound: "No API token with this id.",
};
