/** @jest-environment ./test/support/single-realm-environment.js */
// Single realm: errors made by Node itself (a timed-out socket) must reach the server as real Errors, as in production.
import { retryDelayMs } from "../../server/mail/outbox.worker";
import { uniqueEmail, type GivenPartner, type GivenSite } from "../support/given";
import { onMysql, outcome, Portal, type GqlResponse } from "../support/harness";
import { ops } from "../support/operations";
import { proxiedDatabase, TcpProxy } from "../support/tcp-proxy";

/** The bounds the portals below run with, and how long an answer may take with them. */
const boundMs = "1000";
const answeredWithinMs = 3_500;

/** Runs request, returning its response and how long it took. */
async function timed<T>(request: () => Promise<T>): Promise<{ response: T; ms: number }> {
  const started = Date.now();
  const response = await request();
  return { response, ms: Date.now() - started };
}

describe("servers that accept connections and then stop answering", () => {
  (onMysql ? describe : describe.skip)("MariaDB only (SQLite is a file inside the server: it cannot go silent): the database", () => {
    let portal: Portal;
    let proxy: TcpProxy;
    let partner: GivenPartner;
    let site: GivenSite;

    beforeAll(async () => {
      let databaseUrl: string;
      ({ proxy, databaseUrl } = await proxiedDatabase());
      portal = await Portal.start({ DATABASE_URL: databaseUrl, DB_CONNECT_TIMEOUT_MS: boundMs, DB_QUERY_TIMEOUT_MS: boundMs, DB_ACQUIRE_TIMEOUT_MS: boundMs });
      partner = await portal.given.partner();
      site = await portal.given.site(partner, { name: "Patient", credits: 2 });
      await portal.given.credits(partner, 10);
      // Several connections in the pool, idle and open, when the server goes silent.
      await Promise.all(Array.from({ length: 6 }, () => portal.gql(ops.sites, {}, { token: partner.master.token })));
      proxy.silence();
    });
    afterAll(async () => {
      proxy.speak();
      await portal.stop();
      await proxy.stop();
    });

    const requests: Array<[string, () => Promise<GqlResponse>]> = [
      ["an anonymous query", () => portal.gql(`query($token: String!) { invitation(token: $token) { email } }`, { token: "whatever" })],
      ["a signed-in admin's query", () => portal.gql(ops.sites, {}, { token: partner.master.token })],
      ["a mutation", () => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: partner.master.token })],
    ];

    it.each(requests)("while it is silent, answers %s with SERVICE_UNAVAILABLE and HTTP 503 within a few seconds", async (_what, request) => {
      const { response, ms } = await timed(request);

      expect(ms).toBeLessThan(answeredWithinMs);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(response.status).toBe(503);
    });

    it("while it is silent, answers /healthz with 503 within a few seconds", async () => {
      const { response, ms } = await timed(() => fetch(`${portal.url}/healthz`));

      expect(ms).toBeLessThan(answeredWithinMs);
      expect(response.status).toBe(503);
    });

    it("while it is silent, answers each of more requests than the pool has connections within a few seconds", async () => {
      const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => timed(requests[i % requests.length][1])));

      expect(Math.max(...burst.map((b) => b.ms))).toBeLessThan(answeredWithinMs);
      expect(new Set(burst.map((b) => `${b.response.status} ${outcome(b.response)}`))).toEqual(new Set(["503 SERVICE_UNAVAILABLE"]));
    });

    it("once it answers again, answers requests and /healthz without a restart, and no credit moved while it was silent", async () => {
      proxy.speak();

      const healthz = await fetch(`${portal.url}/healthz`);
      const allocated = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: partner.master.token });

      expect(healthz.status).toBe(200);
      expect(allocated.errors).toBeUndefined();
      expect(allocated.data.allocateCredits.site.credits).toBe(3);
      expect(allocated.data.allocateCredits.partner.unallocatedCredits).toBe(9);
    });
  });

  describe("the mail server, between the outbox and the SMTP server", () => {
    let portal: Portal;
    let proxy: TcpProxy;
    let partner: GivenPartner;

    beforeAll(async () => {
      // The proxy learns the catcher's port once the portal (which starts the catcher) is up, before any email is sent.
      proxy = new TcpProxy("127.0.0.1", 0);
      await proxy.start();
      portal = await Portal.start({ SMTP_URL: `smtp://127.0.0.1:${proxy.port}`, SMTP_CONNECT_TIMEOUT_MS: boundMs, SMTP_SOCKET_TIMEOUT_MS: boundMs });
      proxy.retarget("127.0.0.1", portal.mail.port);
      partner = await portal.given.partner();
      await portal.mailSettled();
      proxy.silence();
    });
    afterAll(async () => {
      proxy.speak();
      await portal.stop();
      await proxy.stop();
    });

    async function outboxTo(email: string): Promise<Array<{ attempts: number; delivered: boolean; lastError: string | null }>> {
      const rows = await portal.dataSource.query("SELECT attempts, delivered_at AS deliveredAt, last_error AS lastError FROM outbox_message WHERE to_address = ?", [email]);
      return rows.map((r: Record<string, unknown>) => ({ attempts: Number(r.attempts), delivered: r.deliveredAt !== null, lastError: (r.lastError as string | null) ?? null }));
    }

    /** Waits until the email to this address has been tried this many times; returns how long that took. */
    async function triedTimes(email: string, times: number, timeoutMs = 10_000): Promise<number> {
      const started = Date.now();
      while ((await outboxTo(email))[0]?.attempts !== times) {
        if (Date.now() - started > timeoutMs) throw new Error(`the email to ${email} was not tried ${times} times within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return Date.now() - started;
    }

    const invite = (email: string) => portal.gql(`mutation($input: InviteAdminInput!) { inviteAdmin(input: $input) { userErrors { code } } }`, { input: { email, role: "OPERATOR" } }, { token: partner.master.token });

    it("gives up an attempt within a few seconds while the server is silent, keeps the email, and delivers it once when the server answers again", async () => {
      const email = uniqueEmail("silent-smtp");

      expect((await invite(email)).data.inviteAdmin.userErrors).toEqual([]);

      expect(await triedTimes(email, 1)).toBeLessThan(answeredWithinMs);
      expect(await outboxTo(email)).toEqual([{ attempts: 1, delivered: false, lastError: expect.stringMatching(/greeting never received|timeout/i) }]);
      expect(portal.mail.to(email)).toEqual([]);

      proxy.speak();
      portal.clock.advance(retryDelayMs(1) + 1000);
      portal.worker.kick();

      const mail = await portal.mail.waitFor(email);
      expect(mail.link).toContain("/sign-up?token=");
      await portal.mailSettled();
      expect(await outboxTo(email)).toEqual([{ attempts: 2, delivered: true, lastError: null }]);
      expect(portal.mail.to(email)).toHaveLength(1);
    });

    it("gives up an attempt within a few seconds when the server stops answering in the middle of an email, and delivers it once later", async () => {
      const email = uniqueEmail("stalled-smtp");
      proxy.speak();
      portal.mail.stalling = true;

      expect((await invite(email)).data.inviteAdmin.userErrors).toEqual([]);

      expect(await triedTimes(email, 1)).toBeLessThan(answeredWithinMs);
      expect(await outboxTo(email)).toEqual([{ attempts: 1, delivered: false, lastError: expect.stringMatching(/timeout/i) }]);

      portal.mail.stalling = false;
      portal.clock.advance(retryDelayMs(1) + 1000);
      portal.worker.kick();

      await portal.mail.waitFor(email);
      await portal.mailSettled();
      expect(await outboxTo(email)).toEqual([{ attempts: 2, delivered: true, lastError: null }]);
      expect(portal.mail.to(email)).toHaveLength(1);
    });
  });
});
