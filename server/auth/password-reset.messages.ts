/** What a password-reset link tells people. */
export const messages = {
  invalid: "This password-reset link is no longer valid: it was already used or replaced by a newer one. Ask for a new link.",
  expired: "This password-reset link has expired (links last one hour). Ask for a new link.",
};
