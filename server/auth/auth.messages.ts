/** What sign-up and log-in tell people. */
export const messages = {
  invitationInvalid: "This sign-up link is no longer valid: it was already used, replaced by a newer invitation, or revoked. Ask your Administrator to send a new one.",
  invitationExpired: "This sign-up link has expired. Ask your Administrator to send a new invitation.",
  privacyPolicy: "Accept the Privacy Policy to sign up.",
  termsOfUsage: "Accept the Terms of Usage to sign up.",
  passwordLength: (min: number, max: number) => `Choose a password of ${min} to ${max} characters.`,
  invalidCredentials: "The email or password is not correct.",
  tooManyAttempts: (minutes: number) => `Too many failed log-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  partnerPending: "Your partner is not active yet: its Master must sign up first.",
};

/** The versions of the documents a person accepts at sign-up; stored with the time of acceptance. */
export const policyVersions = { privacyPolicy: "2026-01", termsOfUsage: "2026-01" };
