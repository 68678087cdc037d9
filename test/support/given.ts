import { AdminRole } from "../../server/roles";
import type { Portal } from "./harness";

/** A signed-in admin as the tests use it. */
export interface Session {
  id: string;
  email: string;
  role: AdminRole;
  partnerId: string;
  token: string;
  password: string;
}

export interface GivenPartner {
  id: string;
  name: string;
  master: Session;
}

let counter = 0;
export function uniqueEmail(prefix = "admin"): string {
  counter += 1;
  return `${prefix}.${counter}.${Date.now().toString(36)}@example.com`;
}

export const defaultPassword = "correct horse battery staple";

/** Small factories that build fixtures through the real API and the real email path. */
export class Given {
  constructor(private readonly portal: Portal) {}

  /** The token of the newest sign-up link mailed to this address. */
  async signUpToken(email: string): Promise<string> {
    const mail = await this.portal.mail.waitFor(email, (m) => !!m.link?.includes("/sign-up?token="));
    return new URL(mail.link!).searchParams.get("token")!;
  }

  async signUp(email: string, name = "Test Person", password = defaultPassword) {
    const token = await this.signUpToken(email);
    const response = await this.portal.gql(
      `mutation($input: SignUpInput!) { signUp(input: $input) { token admin { id role } userErrors { code message } } }`,
      { input: { token, name, password, acceptPrivacyPolicy: true, acceptTermsOfUsage: true } },
    );
    const result = response.data?.signUp;
    if (!result?.token) throw new Error(`sign-up of ${email} failed: ${JSON.stringify(response.errors ?? result?.userErrors)}`);
    return { token: result.token as string, id: result.admin.id as string, role: result.admin.role as AdminRole, password };
  }

  /** A partner created by the platform whose Master has signed up (so it is ACTIVE). */
  async partner(options: { name?: string; country?: string } = {}): Promise<GivenPartner> {
    const name = options.name ?? `Partner ${++counter}`;
    const masterEmail = uniqueEmail("master");
    const created = await this.portal.platform(
      `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code message } } }`,
      { input: { name, country: options.country ?? "ES", masterEmail } },
    );
    const partnerId = created.data?.createPartner?.partner?.id;
    if (!partnerId) throw new Error(`createPartner failed: ${JSON.stringify(created.errors ?? created.data)}`);
    const master = await this.signUp(masterEmail, "First Master");
    return { id: partnerId, name, master: { ...master, email: masterEmail, partnerId } };
  }

  /** An admin of the partner at this level, invited by its Master and signed up. */
  async admin(partner: GivenPartner, role: AdminRole, options: { name?: string } = {}): Promise<Session> {
    const email = uniqueEmail(role.toLowerCase());
    const invited = await this.portal.gql(
      `mutation($input: InviteAdminInput!) { inviteAdmin(input: $input) { admin { id } userErrors { code message } } }`,
      { input: { email, role } },
      { token: partner.master.token },
    );
    if (!invited.data?.inviteAdmin?.admin) throw new Error(`inviteAdmin failed: ${JSON.stringify(invited.errors ?? invited.data)}`);
    const signedUp = await this.signUp(email, options.name ?? `${role} person`);
    return { ...signedUp, email, partnerId: partner.id };
  }

  /** A pending invitation (not signed up) of the partner; returns the invited admin's id and email. */
  async invitation(partner: GivenPartner, role: AdminRole = AdminRole.OPERATOR): Promise<{ id: string; email: string }> {
    const email = uniqueEmail("invitee");
    const invited = await this.portal.gql(
      `mutation($input: InviteAdminInput!) { inviteAdmin(input: $input) { admin { id } userErrors { code message } } }`,
      { input: { email, role } },
      { token: partner.master.token },
    );
    const id = invited.data?.inviteAdmin?.admin?.id;
    if (!id) throw new Error(`inviteAdmin failed: ${JSON.stringify(invited.errors ?? invited.data)}`);
    return { id, email };
  }
}
