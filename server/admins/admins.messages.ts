/** What the admins feature tells people. */
export const messages = {
  notFound: "No admin with this id.",
  emailTaken: "This person is already an admin of your partner.",
  emailUnavailable: "This email address cannot be invited. Ask the person for another address.",
  notPending: "This admin has already accepted the invitation; there is nothing to resend.",
  self: "You cannot change your own level or remove yourself. Ask another Administrator or Master.",
  lastMaster: "The partner must keep at least one active Master. Make another admin Master first.",
  sameRole: "The admin already has this level.",
  partnerPending: "The partner is not active yet: its Master must sign up first.",
};
