import jwt from "jsonwebtoken";
import { AdminRole } from "../../server/roles";
import { adminOps, signUpInput } from "../support/admin-operations";
import { type GivenPartner, type Session } from "../support/given";
import { outcome, Portal, type Credentials, type GqlResponse } from "../support/harness";

const issuer = "partner-portal";
const audience = "partner-portal-api";

/** The header and claims of a JWT, read without checking anything. */
function decode(token: string): { header: Record<string, unknown>; claims: Record<string, any> } {
  const [header, claims] = token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
  return { header, claims };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The session cookie's Set-Cookie header of a response, split into its attributes. */
function sessionCookie(response: GqlResponse): { value: string; attributes: Record<string, string | true> } | null {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith("portal_session="));
  if (!header) return null;
  const [pair, ...rest] = header.split(/;\s*/);
  const attributes: Record<string, string | true> = {};
  for (const attribute of rest) {
    const [name, value] = attribute.split("=");
    attributes[name.toLowerCase()] = value ?? true;
  }
  return { value: decodeURIComponent(pair.slice("portal_session=".length)), attributes };
}

describe("sessions: tokens and the session cookie", () => {
  let portal: Portal;
  let acme: GivenPartner;
  let operator: Session;

  beforeAll(async () => {
    portal = await Portal.start();
    acme = await portal.given.partner({ name: "Acme" });
    operator = await portal.given.admin(acme, AdminRole.OPERATOR);
  });
  afterAll(() => portal.stop());

  const logIn = (session: Session) => portal.gql(adminOps.logIn, { input: { email: session.email, password: session.password } });
  const meWith = (credentials: Credentials) => portal.gql(adminOps.me, {}, credentials);

  describe("signing in", () => {
    it("signUp returns an HS256 JWT naming the admin, with issuer, audience and expiry, and sets it as an httpOnly SameSite=Strict cookie", async () => {
      const invited = await portal.given.invitation(acme, AdminRole.OBSERVER);
      const token = await portal.given.signUpToken(invited.email);

      const response = await portal.gql(adminOps.signUp, { input: signUpInput(token) });

      const { token: jwtToken, expiresAt } = response.data.signUp;
      const { header, claims } = decode(jwtToken);
      expect(header).toMatchObject({ alg: "HS256", typ: "JWT" });
      expect(claims).toMatchObject({ sub: invited.id, pid: acme.id, iss: issuer, aud: audience });
      expect(claims.exp - claims.iat).toBe(8 * 3600);
      expect(Date.parse(expiresAt)).toBe(claims.exp * 1000);

      const cookie = sessionCookie(response);
      expect(cookie?.value).toBe(jwtToken);
      expect(cookie?.attributes).toMatchObject({ httponly: true, samesite: "Strict", path: "/" });
      expect(Date.parse(cookie!.attributes.expires as string)).toBe(claims.exp * 1000);
      // Not Secure outside production, so it works over plain http on localhost.
      expect(cookie?.attributes.secure).toBeUndefined();
    });

    it("logIn returns a JWT for the admin and sets the same cookie", async () => {
      const response = await logIn(operator);

      const { token } = response.data.logIn;
      expect(decode(token).claims).toMatchObject({ sub: operator.id, pid: acme.id });
      expect(sessionCookie(response)).toMatchObject({ value: token, attributes: { httponly: true, samesite: "Strict" } });
    });

    it("sets no cookie when the log-in fails", async () => {
      const response = await portal.gql(adminOps.logIn, { input: { email: operator.email, password: "not the password" } });

      expect(response.data.logIn.token).toBeNull();
      expect(sessionCookie(response)).toBeNull();
    });
  });

  describe("the web client, holding the session cookie", () => {
    it("is recognised by the cookie alone, then logOut clears the cookie", async () => {
      const cookie = sessionCookie(await logIn(operator))!;

      const me = await meWith({ cookie: `portal_session=${cookie.value}` });
      expect(me.data.me).toMatchObject({ id: operator.id, email: operator.email });

      const loggedOut = await portal.gql(adminOps.logOut, {}, { cookie: `portal_session=${cookie.value}` });
      expect(loggedOut.data.logOut).toEqual({ ok: true });
      const cleared = sessionCookie(loggedOut)!;
      expect(cleared.value).toBe("");
      expect(Date.parse(cleared.attributes.expires as string)).toBeLessThanOrEqual(0);
      expect(cleared.attributes).toMatchObject({ httponly: true, samesite: "Strict", path: "/" });

      // The browser now sends no cookie: signed out.
      expect(outcome(await meWith({}))).toBe("UNAUTHENTICATED");
    });
  });

  describe("ending a session", () => {
    const partnerName = async (credentials: Credentials) => {
      const response = await portal.gql(`{ partner { name } }`, {}, credentials);
      return response.errors ? outcome(response) : response.data.partner.name;
    };

    it("logOut ends the session on the server: the same token used again is UNAUTHENTICATED, as a cookie and as a bearer token", async () => {
      const token = (await logIn(operator)).data.logIn.token;
      expect((await meWith({ cookie: `portal_session=${token}` })).data.me.id).toBe(operator.id);

      expect((await portal.gql(adminOps.logOut, {}, { cookie: `portal_session=${token}` })).data.logOut).toEqual({ ok: true });

      // A copy of the cookie kept from before (or stolen) no longer works.
      for (const credentials of [{ cookie: `portal_session=${token}` }, { token }]) {
        const response = await meWith(credentials);
        expect(outcome(response)).toBe("UNAUTHENTICATED");
        expect(response.errors![0].message).toBe("Your session has expired or is no longer valid. Sign in again.");
      }
    });

    it("logOut ends only that session: the same person's sessions in other browsers stay signed in", async () => {
      const [laptop, phone] = [(await logIn(operator)).data.logIn.token, (await logIn(operator)).data.logIn.token];

      await portal.gql(adminOps.logOut, {}, { token: laptop });

      expect(outcome(await meWith({ token: laptop }))).toBe("UNAUTHENTICATED");
      expect((await meWith({ token: phone })).data.me.id).toBe(operator.id);
      expect((await meWith({ token: operator.token })).data.me.id).toBe(operator.id);
    });

    it("logOut leaves the API tokens the person created working, and a logOut sent with an API token ends nothing", async () => {
      const session = (await logIn(acme.master)).data.logIn.token;
      const created = await portal.gql(
        `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret userErrors { code } } }`,
        { input: { name: "Nightly sync", role: "OPERATOR" } },
        { token: session },
      );
      const secret = created.data.createApiToken.secret;

      await portal.gql(adminOps.logOut, {}, { token: session });
      expect((await portal.gql(adminOps.logOut, {}, { token: secret })).data.logOut).toEqual({ ok: true });

      expect(await partnerName({ token: session })).toBe("UNAUTHENTICATED");
      expect(await partnerName({ token: secret })).toBe("Acme");
      expect((await meWith({ token: acme.master.token })).data.me.id).toBe(acme.master.id);
    });
  });

  describe("the session kept on the server", () => {
    /** The stored session of a session token, found by the id the token carries. */
    async function storedSession(token: string) {
      const rows = await portal.dataSource.query(
        "SELECT admin_id AS adminId, created_at AS createdAt, last_seen_at AS lastSeenAt, user_agent AS userAgent, client_address AS clientAddress" +
          " FROM admin_session WHERE id = ?",
        [decode(token).claims.sid],
      );
      const asDate = (value: unknown) => (value === null || value instanceof Date ? value : new Date(String(value).replace(" ", "T") + "Z"));
      return rows.map((row: any) => ({ ...row, createdAt: asDate(row.createdAt), lastSeenAt: asDate(row.lastSeenAt) }));
    }

    /** The statements of one `me` request that read or write the admin or the session (the outbox worker's polling left out). */
    async function callerStatements(token: string): Promise<string[]> {
      await portal.mailSettled();
      const sql = await portal.sql.during(async () => expect((await portal.gql(`{ me { id } }`, {}, { token })).data.me.id).toBe(operator.id));
      return sql.filter((statement) => /partner_admin|admin_session/.test(statement));
    }

    afterEach(() => portal.clock.unfreeze());

    it("is recorded at log-in with the time, the browser and the client's address", async () => {
      portal.clock.freeze();
      const browser = { headers: { "user-agent": "Firefox on the test bench" } };
      const response = await portal.gql(adminOps.logIn, { input: { email: operator.email, password: operator.password } }, browser);

      expect(await storedSession(response.data.logIn.token)).toEqual([
        {
          adminId: operator.id,
          createdAt: portal.clock.now(),
          lastSeenAt: null,
          userAgent: "Firefox on the test bench",
          clientAddress: expect.stringMatching(/127\.0\.0\.1$/),
        },
      ]);
    });

    it("is read together with the admin in one SQL statement on every request, and its last-seen time is written at its first use, then at most once a minute", async () => {
      portal.clock.freeze();
      const token = (await logIn(operator)).data.logIn.token;
      portal.clock.advance(5_000);
      const firstUsedAt = portal.clock.now();

      const first = await callerStatements(token);
      expect(first).toHaveLength(2);
      expect(first[0]).toMatch(/^SELECT .*admin_session.*JOIN .*partner_admin/);
      expect(first[1]).toMatch(/^UPDATE .admin_session./);
      expect((await storedSession(token))[0].lastSeenAt).toEqual(firstUsedAt);

      portal.clock.advance(59_000);
      const next = await callerStatements(token);
      expect(next).toHaveLength(1);
      expect(next[0]).toMatch(/^SELECT .*admin_session.*JOIN .*partner_admin/);
      expect((await storedSession(token))[0].lastSeenAt).toEqual(firstUsedAt);

      portal.clock.advance(2_000);
      const stale = await callerStatements(token);
      expect(stale).toHaveLength(2);
      expect(stale[1]).toMatch(/^UPDATE .admin_session./);
      expect((await storedSession(token))[0].lastSeenAt).toEqual(portal.clock.now());

      portal.clock.advance(30_000);
      expect(await callerStatements(token)).toHaveLength(1);
    });
  });

  describe("anonymous, presenting a forged or stale token", () => {
    /** Claims of a real session of the Operator (its partner and server-side session), for the forgeries to start from. */
    const realClaims = () => ({ pid: acme.id, sid: decode(operator.token).claims.sid });
    const sign = (secret: string, options: jwt.SignOptions) => jwt.sign(realClaims(), secret, { subject: operator.id, issuer, audience, expiresIn: 3600, ...options });

    const forgeries: Array<[string, () => string]> = [
      [
        "a real token whose claims were changed to name the Master",
        () => {
          const [header, , signature] = operator.token.split(".");
          const claims = decode(operator.token).claims;
          return [header, base64url({ ...claims, sub: acme.master.id }), signature].join(".");
        },
      ],
      ["an unsigned token (alg: none)", () => [base64url({ alg: "none", typ: "JWT" }), base64url({ ...decode(operator.token).claims }), ""].join(".")],
      ["a token signed with another secret", () => sign("another secret, just as long as the real one", { algorithm: "HS256" })],
      ["a token signed with the portal's secret but HS512", () => sign(portal.config.jwtSecret, { algorithm: "HS512" })],
      ["a token of another issuer", () => sign(portal.config.jwtSecret, { algorithm: "HS256", issuer: "someone-else" })],
      ["a token for another audience", () => sign(portal.config.jwtSecret, { algorithm: "HS256", audience: "another-api" })],
      ["a token that expired a minute ago", () => jwt.sign({ ...realClaims(), exp: Math.floor(portal.clock.now().getTime() / 1000) - 60 }, portal.config.jwtSecret, { algorithm: "HS256", subject: operator.id, issuer, audience })],
      ["something that is not a token at all", () => "not-a-jwt"],
    ];

    it.each(forgeries)("is refused UNAUTHENTICATED with %s, as a bearer token and as a cookie", async (_what, forge) => {
      const forged = forge();

      for (const credentials of [{ token: forged }, { cookie: `portal_session=${forged}` }]) {
        const response = await meWith(credentials);
        expect(outcome(response)).toBe("UNAUTHENTICATED");
        expect(response.errors![0].message).toBe("Your session has expired or is no longer valid. Sign in again.");
        expect(response.data).toBeNull();
      }
    });

    it("is accepted with a token made the same way but with the real secret, so each forgery above fails only for what it changed", async () => {
      const response = await meWith({ token: sign(portal.config.jwtSecret, { algorithm: "HS256" }) });

      expect(response.data.me.id).toBe(operator.id);
    });

    it("is refused UNAUTHENTICATED for an Authorization header that is not a bearer token", async () => {
      const response = await meWith({ headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } });

      expect(outcome(response)).toBe("UNAUTHENTICATED");
    });
  });

  describe("a session 8 hours later", () => {
    it("has expired: the old token is refused and the admin logs in again", async () => {
      const old = (await logIn(operator)).data.logIn.token;
      expect((await meWith({ token: old })).data.me.id).toBe(operator.id);

      portal.clock.advance(8 * 3600 * 1000 + 1000);

      expect(outcome(await meWith({ token: old }))).toBe("UNAUTHENTICATED");
      const fresh = (await logIn(operator)).data.logIn.token;
      expect((await meWith({ token: fresh })).data.me.id).toBe(operator.id);
    });
  });

  describe("afterwards", () => {
    it("the server logged no unexpected error", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });
});
