import { retryDelayMs } from "../../server/mail/outbox.worker";
import { AdminRole } from "../../server/roles";
import { uniqueEmail, type GivenPartner } from "../support/given";
import { Portal } from "../support/harness";

const inviteAdmin = `mutation($input: InviteAdminInput!) { inviteAdmin(input: $input) { admin { id } userErrors { code } } }`;
const admins = `{ admins { id email status invitation { status emailDelivered } } }`;

interface OutboxRow {
  kind: string;
  attempts: number;
  delivered: boolean;
  lastError: string | null;
}

describe("an SMTP outage", () => {
  let portal: Portal;
  let partner: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start();
    // Mid-month, so that a site paid until the 1st is within the 30-day low-credit warning.
    const now = portal.clock.now();
    portal.clock.advance(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 15, 10) - now.getTime());
    partner = await portal.given.partner();
  });
  afterAll(async () => {
    portal.mail.refusing = false;
    await portal.stop();
  });

  async function outboxTo(email: string): Promise<OutboxRow[]> {
    const rows = await portal.dataSource.query(
      "SELECT kind, attempts, delivered_at AS deliveredAt, last_error AS lastError FROM outbox_message WHERE to_address = ? ORDER BY created_at",
      [email.toLowerCase()],
    );
    return rows.map((r: Record<string, unknown>) => ({ kind: String(r.kind), attempts: Number(r.attempts), delivered: r.deliveredAt !== null, lastError: (r.lastError as string | null) ?? null }));
  }

  /** Waits until every email still waiting has been tried at least this many times. */
  async function triedAtLeast(times: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ n }] = await portal.dataSource.query("SELECT COUNT(*) AS n FROM outbox_message WHERE delivered_at IS NULL AND attempts < ?", [times]);
      if (Number(n) === 0) return;
      if (Date.now() > deadline) throw new Error(`${n} emails were not tried ${times} times within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function invitationOf(email: string) {
    const response = await portal.gql(admins, {}, { token: partner.master.token });
    return response.data.admins.find((a: { email: string }) => a.email === email.toLowerCase()).invitation;
  }

  it("keeps an invitation in the outbox while the server refuses, retries with backoff, and delivers it once the server accepts again", async () => {
    const email = uniqueEmail("during-outage");
    portal.mail.refusing = true;

    const invited = await portal.gql(inviteAdmin, { input: { email, role: "OPERATOR" } }, { token: partner.master.token });
    expect(invited.data.inviteAdmin.userErrors).toEqual([]);
    await triedAtLeast(1);

    expect(await outboxTo(email)).toEqual([{ kind: "ADMIN_INVITATION", attempts: 1, delivered: false, lastError: expect.stringMatching(/451|unavailable/i) }]);
    expect(await invitationOf(email)).toEqual({ status: "PENDING", emailDelivered: false });
    expect(portal.mail.to(email)).toEqual([]);

    // Not tried again before its retry delay; tried again after it, still refused.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await outboxTo(email))[0].attempts).toBe(1);
    portal.clock.advance(retryDelayMs(1) + 1000);
    portal.worker.kick();
    await triedAtLeast(2);
    expect(await outboxTo(email)).toEqual([expect.objectContaining({ attempts: 2, delivered: false })]);

    portal.mail.refusing = false;
    portal.clock.advance(retryDelayMs(2) + 1000);
    portal.worker.kick();

    const mail = await portal.mail.waitFor(email);
    expect(mail.link).toContain("/sign-up?token=");
    await portal.mailSettled();
    expect(await outboxTo(email)).toEqual([{ kind: "ADMIN_INVITATION", attempts: 3, delivered: true, lastError: null }]);
    expect(await invitationOf(email)).toEqual({ status: "PENDING", emailDelivered: true });
    // The link that arrived late still signs the admin up.
    const signedUp = await portal.given.signUp(email, "Patient Person");
    expect(signedUp.role).toBe(AdminRole.OPERATOR);
  });

  it("loses none of several invitations and a low-credit warning, and sends each exactly once", async () => {
    const operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    portal.mail.refusing = true;
    const invitees = [uniqueEmail("outage-a"), uniqueEmail("outage-b"), uniqueEmail("outage-c")];
    for (const email of invitees) await portal.gql(inviteAdmin, { input: { email, role: "OBSERVER" } }, { token: partner.master.token });
    // 1 credit for a site that costs 10 a month: its credits run out on the 1st, within 30 days.
    await portal.given.site(partner, { name: "Nearly empty", credits: 1, usage: { users: 0, devices: 10 } });
    await triedAtLeast(1);
    for (const email of invitees) expect(await outboxTo(email)).toEqual([expect.objectContaining({ kind: "ADMIN_INVITATION", delivered: false })]);
    for (const who of [operator, partner.master]) {
      expect((await outboxTo(who.email)).filter((row) => row.kind === "LOW_CREDIT_WARNING")).toEqual([expect.objectContaining({ attempts: 1, delivered: false })]);
    }
    const warned = (email: string) => portal.mail.to(email).filter((mail) => mail.text.includes("Nearly empty"));
    expect(warned(operator.email)).toEqual([]);

    portal.mail.refusing = false;
    portal.clock.advance(retryDelayMs(1) + 1000);
    portal.worker.kick();
    await portal.mailSettled();

    for (const email of invitees) {
      expect(portal.mail.to(email).map((m) => m.link?.includes("/sign-up?token="))).toEqual([true]);
      expect(await outboxTo(email)).toEqual([expect.objectContaining({ delivered: true })]);
    }
    for (const who of [operator, partner.master]) {
      expect(warned(who.email)).toHaveLength(1);
      expect((await outboxTo(who.email)).filter((row) => row.kind === "LOW_CREDIT_WARNING")).toEqual([expect.objectContaining({ attempts: 2, delivered: true })]);
    }
  });

  it("logged no unexpected server error along the way", () => {
    expect(portal.errorsLogged).toEqual([]);
  });
});
