import { AdminRole } from "../../server/roles";
import { uniqueEmail, type GivenPartner, type Session } from "../support/given";
import { outcome, Portal } from "../support/harness";

const userErrors = "userErrors { field message code }";
const requestPasswordReset = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok ${userErrors} } }`;
const resetPassword = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ok ${userErrors} } }`;
const logIn = `mutation($input: LogInInput!) { logIn(input: $input) { token admin { id } ${userErrors} } }`;
const removeAdmin = `mutation($input: RemoveAdminInput!) { removeAdmin(input: $input) { removedAdminId ${userErrors} } }`;
const me = `{ me { id email } }`;
const createApiToken = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret apiToken { id } ${userErrors} } }`;

describe("forgotten password", () => {
  let portal: Portal;
  let partner: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner();
  });
  afterAll(() => portal.stop());

  /** The request exactly as a browser sends it; the raw answer. */
  async function askForLink(email: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${portal.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: requestPasswordReset, variables: { input: { email } } }),
    });
    return { status: response.status, body: await response.text() };
  }

  /** The tokens of every reset link mailed to this address so far, oldest first. */
  async function resetLinks(email: string): Promise<string[]> {
    await portal.mailSettled();
    return portal.mail
      .to(email)
      .filter((mail) => mail.link?.includes("/reset-password?token="))
      .map((mail) => new URL(mail.link!).searchParams.get("token")!);
  }

  async function linkFor(admin: Session): Promise<string> {
    const answer = await askForLink(admin.email);
    expect(answer.status).toBe(200);
    const links = await resetLinks(admin.email);
    expect(links.length).toBeGreaterThan(0);
    return links[links.length - 1];
  }

  const reset = async (token: string, password: string) => (await portal.gql(resetPassword, { input: { token, password } })).data.resetPassword;
  const logInCode = async (email: string, password: string) => {
    const response = await portal.gql(logIn, { input: { email, password } });
    return response.data.logIn.token ? "OK" : response.data.logIn.userErrors[0].code;
  };
  const apiToken = async (by: Session, name: string): Promise<{ id: string; secret: string }> => {
    const response = await portal.gql(createApiToken, { input: { name, role: "OBSERVER" } }, { token: by.token });
    return { id: response.data.createApiToken.apiToken.id, secret: response.data.createApiToken.secret };
  };
  const partnerWith = async (token: string) => outcome(await portal.gql(`{ partner { id } }`, {}, { token }));
  const outboxRowsTo = async (email: string) => Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM outbox_message WHERE to_address = ?", [email.toLowerCase()]))[0].n);

  describe("anonymous, asking for a link", () => {
    it("gets exactly the same answer for a known and an unknown email, and only the known one is mailed", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OPERATOR);
      const stranger = uniqueEmail("nobody");

      const known = await askForLink(admin.email);
      const unknown = await askForLink(stranger);

      expect(unknown).toEqual(known);
      expect(JSON.parse(known.body)).toEqual({ data: { requestPasswordReset: { ok: true, userErrors: [] } } });
      expect(await resetLinks(admin.email)).toHaveLength(1);
      expect(portal.mail.to(stranger)).toEqual([]);
      expect(await outboxRowsTo(stranger)).toBe(0);
    });

    it("runs the same SQL on the request's path for a known and an unknown email; only the known one is mailed, afterwards", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OBSERVER);
      const stranger = uniqueEmail("nobody");
      await portal.mailSettled();
      // The outbox worker pauses, so the recording holds only what the requests themselves run.
      await portal.worker.stop();
      let known: string[], unknown: string[];
      try {
        known = await portal.sql.during(() => askForLink(admin.email));
        unknown = await portal.sql.during(() => askForLink(stranger));
      } finally {
        portal.worker.start();
      }

      expect(known).toEqual(unknown);
      expect(known.join("\n")).not.toMatch(/partner_admin/i);
      expect(await resetLinks(admin.email)).toHaveLength(1);
      expect(portal.mail.to(stranger)).toEqual([]);
      expect(await outboxRowsTo(stranger)).toBe(0);
    });

    it("answers the same for an invited admin who has not signed up, or a removed one, and mails neither", async () => {
      const invited = await portal.given.invitation(partner, AdminRole.OBSERVER);
      const removed = await portal.given.admin(partner, AdminRole.OBSERVER);
      await portal.gql(removeAdmin, { input: { adminId: removed.id } }, { token: partner.master.token });
      const baseline = await askForLink(uniqueEmail("nobody"));

      expect(await askForLink(invited.email)).toEqual(baseline);
      expect(await askForLink(removed.email)).toEqual(baseline);

      expect(await resetLinks(invited.email)).toEqual([]);
      expect(await resetLinks(removed.email)).toEqual([]);
    });

    it("gets a link to the client's reset page that says it can be used once within the hour", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OBSERVER);

      const askedAt = portal.clock.now().getTime();
      await askForLink(admin.email.toUpperCase());

      await portal.mailSettled();
      const [mail] = portal.mail.to(admin.email).filter((m) => m.link?.includes("reset-password"));
      const link = new URL(mail.link!);
      expect(link.origin + link.pathname).toBe(`${portal.config.publicUrl}/reset-password`);
      expect(link.searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(mail.subject).toBe("Reset your Partner Portal password");
      expect(mail.text).toContain("can be used once");
      // Only a hash of the token is kept, with an expiry one hour away that the email states.
      const [row] = await portal.dataSource.query("SELECT reset_token_hash AS hash, reset_expires_at AS expiresAt FROM partner_admin WHERE id = ?", [admin.id]);
      const expiresAt = row.expiresAt instanceof Date ? row.expiresAt : new Date(String(row.expiresAt).replace(" ", "T") + "Z");
      expect(Math.abs(expiresAt.getTime() - askedAt - 3600 * 1000)).toBeLessThan(5_000);
      const day = expiresAt.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
      const time = expiresAt.toISOString().slice(11, 16);
      expect(mail.text).toContain(`expires on ${day}, ${time} UTC.`);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.hash).not.toContain(link.searchParams.get("token"));
    });
  });

  describe("using the link", () => {
    it("sets the new password: log-in works with it and no longer with the old one", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OPERATOR);
      const token = await linkFor(admin);

      expect(await reset(token, "a brand new password")).toEqual({ ok: true, userErrors: [] });

      expect(await logInCode(admin.email, "a brand new password")).toBe("OK");
      expect(await logInCode(admin.email, admin.password)).toBe("INVALID_CREDENTIALS");
    });

    it("ends the admin's other sessions: a bearer token or a session cookie from before is UNAUTHENTICATED", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OPERATOR);
      const cookieSession = (await portal.gql(logIn, { input: { email: admin.email, password: admin.password } })).data.logIn.token;
      expect(outcome(await portal.gql(me, {}, { token: admin.token }))).toBe("OK");
      expect(outcome(await portal.gql(me, {}, { cookie: `portal_session=${cookieSession}` }))).toBe("OK");
      const token = await linkFor(admin);

      expect((await reset(token, "another new password")).ok).toBe(true);

      expect(outcome(await portal.gql(me, {}, { token: admin.token }))).toBe("UNAUTHENTICATED");
      expect(outcome(await portal.gql(me, {}, { cookie: `portal_session=${cookieSession}` }))).toBe("UNAUTHENTICATED");
      const fresh = await portal.gql(logIn, { input: { email: admin.email, password: "another new password" } });
      const mine = await portal.gql(me, {}, { token: fresh.data.logIn.token });
      expect(mine.data.me).toEqual({ id: admin.id, email: admin.email });
    });

    it("ends everything the admin had: every session and every API token they created are refused, other admins' tokens keep working", async () => {
      const admin = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
      const otherBrowser = (await portal.gql(logIn, { input: { email: admin.email, password: admin.password } })).data.logIn.token;
      const theirTokens = [await apiToken(admin, "ERP sync"), await apiToken(admin, "Monitoring")];
      const colleaguesToken = await apiToken(partner.master, "The Master's tool");
      for (const token of [admin.token, otherBrowser, ...theirTokens.map((t) => t.secret), colleaguesToken.secret]) expect(await partnerWith(token)).toBe("OK");
      const link = await linkFor(admin);
      portal.clock.freeze();

      try {
        expect((await reset(link, "after the break-in")).ok).toBe(true);

        for (const token of [admin.token, otherBrowser, ...theirTokens.map((t) => t.secret)]) expect(await partnerWith(token)).toBe("UNAUTHENTICATED");
        expect(await partnerWith(colleaguesToken.secret)).toBe("OK");
        // Recorded as any revocation: the list shows when.
        const listed = await portal.gql(`{ apiTokens { id revokedAt } }`, {}, { token: partner.master.token });
        const revokedAt = (id: string) => listed.data.apiTokens.find((t: { id: string }) => t.id === id).revokedAt;
        for (const token of theirTokens) expect(revokedAt(token.id)).toBe(portal.clock.now().toISOString());
        expect(revokedAt(colleaguesToken.id)).toBeNull();
      } finally {
        portal.clock.unfreeze();
      }
    });

    it("works once: a second use is RESET_LINK_INVALID and the password stays the first one", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OBSERVER);
      const token = await linkFor(admin);
      expect((await reset(token, "first chosen password")).ok).toBe(true);

      const again = await reset(token, "second chosen password");

      expect(again).toEqual({ ok: false, userErrors: [expect.objectContaining({ code: "RESET_LINK_INVALID", field: ["input", "token"] })] });
      expect(await logInCode(admin.email, "first chosen password")).toBe("OK");
      expect(await logInCode(admin.email, "second chosen password")).toBe("INVALID_CREDENTIALS");
    });

    it("still works 59 minutes after it was sent", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OBSERVER);
      const token = await linkFor(admin);
      portal.clock.advance(59 * 60_000);

      expect((await reset(token, "just in time password")).ok).toBe(true);

      expect(await logInCode(admin.email, "just in time password")).toBe("OK");
    });

    it("expires after one hour: RESET_LINK_EXPIRED, and the old password still works", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OBSERVER);
      const token = await linkFor(admin);
      portal.clock.advance(61 * 60_000);

      const late = await reset(token, "too late password");

      expect(late).toEqual({ ok: false, userErrors: [expect.objectContaining({ code: "RESET_LINK_EXPIRED", field: ["input", "token"] })] });
      expect(await logInCode(admin.email, admin.password)).toBe("OK");
      expect(outcome(await portal.gql(me, {}, { token: admin.token }))).toBe("OK");
    });

    it("is voided by a newer link: the older one is RESET_LINK_INVALID, the newer one works", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OBSERVER);
      await askForLink(admin.email);
      await askForLink(admin.email);
      const [older, newer] = await resetLinks(admin.email);

      expect((await reset(older, "from the older link")).userErrors.map((e: { code: string }) => e.code)).toEqual(["RESET_LINK_INVALID"]);
      expect((await reset(newer, "from the newer link")).ok).toBe(true);
      expect(await logInCode(admin.email, "from the newer link")).toBe("OK");
    });

    it("refuses a too short password (INVALID_PASSWORD) without using up the link", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OBSERVER);
      const token = await linkFor(admin);

      expect((await reset(token, "short")).userErrors).toEqual([expect.objectContaining({ code: "INVALID_PASSWORD", field: ["input", "password"] })]);
      expect(await logInCode(admin.email, admin.password)).toBe("OK");

      expect((await reset(token, "long enough at last")).ok).toBe(true);
    });

    it("is recorded in the partner's audit log as the admin's own change, without the password or the link", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OPERATOR);
      const token = await linkFor(admin);

      expect((await reset(token, "an audited new password")).ok).toBe(true);

      const log = await portal.gql(`{ auditLog(first: 5) { nodes { action actorKind actorId actorName objectType objectId before after } } }`, {}, { token: partner.master.token });
      const entry = log.data.auditLog.nodes.find((e: { action: string }) => e.action === "resetPassword");
      expect(entry).toMatchObject({ actorKind: "ADMIN", actorId: admin.id, actorName: admin.email, objectType: "PartnerAdmin", objectId: admin.id });
      expect(JSON.parse(entry.before)).toMatchObject({ email: admin.email, status: "ACTIVE" });
      expect(JSON.stringify(entry)).not.toContain("an audited new password");
      expect(JSON.stringify(entry)).not.toContain(token);
    });

    it("refuses a made-up token with RESET_LINK_INVALID", async () => {
      expect((await reset("a".repeat(43), "whatever password")).userErrors.map((e: { code: string }) => e.code)).toEqual(["RESET_LINK_INVALID"]);
    });

    it("unlocks an account locked by failed log-ins", async () => {
      const admin = await portal.given.admin(partner, AdminRole.OBSERVER);
      for (let attempt = 0; attempt < 5; attempt++) expect(await logInCode(admin.email, "wrong guess " + attempt)).toBe("INVALID_CREDENTIALS");
      expect(await logInCode(admin.email, admin.password)).toBe("TOO_MANY_ATTEMPTS");
      const token = await linkFor(admin);

      expect((await reset(token, "unlocked new password")).ok).toBe(true);

      expect(await logInCode(admin.email, "unlocked new password")).toBe("OK");
    });
  });

  it("logged no unexpected server error along the way", () => {
    expect(portal.errorsLogged).toEqual([]);
  });
});
