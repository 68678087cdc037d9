import { createHash } from "node:crypto";
import { PartnerAdmin } from "../../server/admins/admin.entity";
import type { Portal } from "./harness";

/** The GraphQL documents of the partner-admins half (issue 2), with the fields a client reads, and what the suites check them with. */

const userErrors = "userErrors { field message code }";

export const adminFields = "id email name role status createdAt lastLogInAt invitation { status expiresAt emailDelivered } invitedBy { id email }";

export const adminOps = {
  me: `{ me { ${adminFields} } }`,
  partner: `{ partner { id name country status unallocatedCredits createdAt } }`,
  admins: `{ admins { ${adminFields} } }`,
  invitation: `query($token: String!) { invitation(token: $token) { email role partnerName expiresAt } }`,
  signUp: `mutation($input: SignUpInput!) { signUp(input: $input) { token expiresAt admin { ${adminFields} } ${userErrors} } }`,
  logIn: `mutation($input: LogInInput!) { logIn(input: $input) { token expiresAt admin { id email role lastLogInAt } ${userErrors} } }`,
  logOut: `mutation { logOut { ok } }`,
  inviteAdmin: `mutation($input: InviteAdminInput!) { inviteAdmin(input: $input) { admin { ${adminFields} } ${userErrors} } }`,
  resendInvitation: `mutation($input: ResendInvitationInput!) { resendInvitation(input: $input) { admin { ${adminFields} } ${userErrors} } }`,
  changeAdminRole: `mutation($input: ChangeAdminRoleInput!) { changeAdminRole(input: $input) { admin { ${adminFields} } ${userErrors} } }`,
  removeAdmin: `mutation($input: RemoveAdminInput!) { removeAdmin(input: $input) { removedAdminId ${userErrors} } }`,
  setPreferredLanguage: `mutation($input: SetPreferredLanguageInput!) { setPreferredLanguage(input: $input) { admin { id preferredLanguage } ${userErrors} } }`,
  createPartner: `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id name country status unallocatedCredits createdAt } ${userErrors} } }`,
};

/** The input of a sign-up that accepts both documents; override what a test varies. */
export function signUpInput(token: string, overrides: Partial<{ name: string; password: string; acceptPrivacyPolicy: boolean; acceptTermsOfUsage: boolean }> = {}) {
  return { token, name: "New Person", password: "a long enough password", acceptPrivacyPolicy: true, acceptTermsOfUsage: true, ...overrides };
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The admin's row as the portal stored it (dates as Dates, in both dialects). */
export function adminRow(portal: Portal, id: string): Promise<PartnerAdmin | null> {
  return portal.dataSource.getRepository(PartnerAdmin).findOneBy({ id });
}

/** What a change of an admin could touch; equal before and after means nothing changed. */
export async function adminState(portal: Portal, id: string) {
  const row = await adminRow(portal, id);
  if (!row) return null;
  const { role, status, removedAt, invitationTokenHash, invitationExpiresAt, liveEmail, email, name, passwordHash } = row;
  return { role, status, removedAt, invitationTokenHash, invitationExpiresAt, liveEmail, email, name, passwordHash };
}

/** Rows of partner_admin holding this address (live or removed). */
export async function adminsWithEmail(portal: Portal, email: string): Promise<number> {
  return Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM partner_admin WHERE email = ?", [email.toLowerCase()]))[0].n);
}

/** The tokens of every sign-up link mailed to this address so far, oldest first. */
export function signUpTokensMailed(portal: Portal, email: string): string[] {
  return portal.mail
    .to(email)
    .filter((mail) => mail.link?.includes("/sign-up?token="))
    .map((mail) => new URL(mail.link!).searchParams.get("token")!);
}

/** Waits for a sign-up link to this address other than the ones already seen; returns its token. */
export async function newSignUpToken(portal: Portal, email: string, seen: string[]): Promise<string> {
  const mail = await portal.mail.waitFor(email, (m) => !!m.link?.includes("/sign-up?token=") && !seen.includes(new URL(m.link).searchParams.get("token")!));
  return new URL(mail.link!).searchParams.get("token")!;
}
