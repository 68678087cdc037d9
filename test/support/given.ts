import { graphql } from "../../client/src/api/graphql";
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

export interface GivenSite {
  id: string;
  name: string;
  partnerId: string;
  administratorEmail: string;
}

export interface SiteOptions {
  name?: string;
  country?: string;
  timeZone?: string;
  notes?: string;
  administratorEmail?: string;
  /** Credits the site starts with: granted to the partner (PURCHASE), then allocated by createSite, so the pool ends as it was. */
  credits?: number;
  /** Usage reported by the platform right after creation. */
  usage?: { users: number; devices: number };
  /** Who creates it; the partner's Master by default. */
  by?: Session;
}

let counter = 0;
export function uniqueEmail(prefix = "admin"): string {
  counter += 1;
  return `${prefix}.${counter}.${Date.now().toString(36)}@example.com`;
}

export const defaultPassword = "correct horse battery staple";

/**
 * The documents the factories send, typed from schema.graphql like the client's (gql.tada; see
 * client/src/api/graphql.ts): a field the schema loses fails `npm run check`, not a fixture.
 */
const documents = {
  signUp: graphql(`
    mutation GivenSignUp($input: SignUpInput!) {
      signUp(input: $input) {
        token
        admin {
          id
          role
        }
        userErrors {
          code
          message
        }
      }
    }
  `),
  createPartner: graphql(`
    mutation GivenCreatePartner($input: CreatePartnerInput!) {
      createPartner(input: $input) {
        partner {
          id
        }
        userErrors {
          code
          message
        }
      }
    }
  `),
  inviteAdmin: graphql(`
    mutation GivenInviteAdmin($input: InviteAdminInput!) {
      inviteAdmin(input: $input) {
        admin {
          id
        }
        userErrors {
          code
          message
        }
      }
    }
  `),
  logIn: graphql(`
    mutation GivenLogIn($input: LogInInput!) {
      logIn(input: $input) {
        token
        userErrors {
          code
          message
        }
      }
    }
  `),
  grantCredits: graphql(`
    mutation GivenGrantCredits($input: GrantCreditsInput!) {
      grantCredits(input: $input) {
        partner {
          unallocatedCredits
        }
        userErrors {
          code
          message
        }
      }
    }
  `),
  createSite: graphql(`
    mutation GivenCreateSite($input: CreateSiteInput!) {
      createSite(input: $input) {
        site {
          id
          name
        }
        userErrors {
          code
          message
        }
      }
    }
  `),
  reportSiteUsage: graphql(`
    mutation GivenReportSiteUsage($input: ReportSiteUsageInput!) {
      reportSiteUsage(input: $input) {
        site {
          monthlyCost
        }
        userErrors {
          code
          message
        }
      }
    }
  `),
};

/** Small factories that build fixtures through the real API and the real email path, of a test portal or a server process. */
export class Given {
  constructor(private readonly portal: Pick<Portal, "gql" | "platform" | "mail">) {}

  /** The token of the newest sign-up link mailed to this address. */
  async signUpToken(email: string): Promise<string> {
    const mail = await this.portal.mail.waitFor(email, (m) => !!m.link?.includes("/sign-up?token="));
    return new URL(mail.link!).searchParams.get("token")!;
  }

  async signUp(email: string, name = "Test Person", password = defaultPassword) {
    const token = await this.signUpToken(email);
    const response = await this.portal.gql(documents.signUp, {
      input: { token, name, password, acceptPrivacyPolicy: true, acceptTermsOfUsage: true },
    });
    const result = response.data?.signUp;
    if (!result?.token || !result.admin) throw new Error(`sign-up of ${email} failed: ${JSON.stringify(response.errors ?? result?.userErrors)}`);
    return { token: result.token, id: result.admin.id, role: AdminRole[result.admin.role], password };
  }

  /** A partner created by the platform whose Master has signed up (so it is ACTIVE). */
  async partner(options: { name?: string; country?: string } = {}): Promise<GivenPartner> {
    const name = options.name ?? `Partner ${++counter}`;
    const masterEmail = uniqueEmail("master");
    const created = await this.portal.platform(documents.createPartner, { input: { name, country: options.country ?? "ES", masterEmail } });
    const partnerId = created.data?.createPartner?.partner?.id;
    if (!partnerId) throw new Error(`createPartner failed: ${JSON.stringify(created.errors ?? created.data)}`);
    const master = await this.signUp(masterEmail, "First Master");
    return { id: partnerId, name, master: { ...master, email: masterEmail, partnerId } };
  }

  /** An admin of the partner at this level, invited by its Master and signed up. */
  async admin(partner: GivenPartner, role: AdminRole, options: { name?: string } = {}): Promise<Session> {
    const email = uniqueEmail(role.toLowerCase());
    const invited = await this.portal.gql(documents.inviteAdmin, { input: { email, role } }, { token: partner.master.token });
    if (!invited.data?.inviteAdmin?.admin) throw new Error(`inviteAdmin failed: ${JSON.stringify(invited.errors ?? invited.data)}`);
    const signedUp = await this.signUp(email, options.name ?? `${role} person`);
    return { ...signedUp, email, partnerId: partner.id };
  }

  /** Signs the admin in again (e.g. after the clock moved past the session's expiry); updates and returns the session. */
  async logIn(session: Session): Promise<Session> {
    const response = await this.portal.gql(documents.logIn, { input: { email: session.email, password: session.password } });
    const token = response.data?.logIn?.token;
    if (!token) throw new Error(`logIn of ${session.email} failed: ${JSON.stringify(response.errors ?? response.data)}`);
    session.token = token;
    return session;
  }

  /** Credits the platform sells the partner (a PURCHASE); returns the pool after. */
  async credits(partner: { id: string }, credits: number, reference = `PO-${++counter}`): Promise<number> {
    const response = await this.portal.platform(documents.grantCredits, { input: { partnerId: partner.id, credits, reference } });
    const pool = response.data?.grantCredits?.partner?.unallocatedCredits;
    if (typeof pool !== "number") throw new Error(`grantCredits failed: ${JSON.stringify(response.errors ?? response.data)}`);
    return pool;
  }

  /** A site of the partner, created through createSite. */
  async site(partner: GivenPartner, options: SiteOptions = {}): Promise<GivenSite> {
    const name = options.name ?? `Site ${++counter}`;
    const administratorEmail = options.administratorEmail ?? uniqueEmail("site-admin");
    if (options.credits) await this.credits(partner, options.credits);
    const response = await this.portal.gql(
      documents.createSite,
      {
        input: {
          name,
          country: options.country ?? "ES",
          timeZone: options.timeZone ?? "Europe/Madrid",
          notes: options.notes,
          administratorEmail,
          credits: options.credits,
        },
      },
      { token: (options.by ?? partner.master).token },
    );
    const site = response.data?.createSite?.site;
    if (!site) throw new Error(`createSite failed: ${JSON.stringify(response.errors ?? response.data)}`);
    if (options.usage) await this.usage(site.id, options.usage);
    return { id: site.id, name: site.name, partnerId: partner.id, administratorEmail };
  }

  /** The platform reports a site's registered users and devices; returns the site's monthly cost. */
  async usage(siteId: string, usage: { users: number; devices: number }): Promise<number> {
    const response = await this.portal.platform(documents.reportSiteUsage, { input: { siteId, userCount: usage.users, deviceCount: usage.devices } });
    const cost = response.data?.reportSiteUsage?.site?.monthlyCost;
    if (typeof cost !== "number") throw new Error(`reportSiteUsage failed: ${JSON.stringify(response.errors ?? response.data)}`);
    return cost;
  }

  /** A pending invitation (not signed up) of the partner; returns the invited admin's id and email. */
  async invitation(partner: GivenPartner, role: AdminRole = AdminRole.OPERATOR): Promise<{ id: string; email: string }> {
    const email = uniqueEmail("invitee");
    const invited = await this.portal.gql(documents.inviteAdmin, { input: { email, role } }, { token: partner.master.token });
    const id = invited.data?.inviteAdmin?.admin?.id;
    if (!id) throw new Error(`inviteAdmin failed: ${JSON.stringify(invited.errors ?? invited.data)}`);
    return { id, email };
  }
}
