import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import { outcome, Portal, type Credentials } from "../support/harness";
import { ops } from "../support/operations";

const me = `{ me { id email role } }`;
const removeAdmin = `mutation($input: RemoveAdminInput!) { removeAdmin(input: $input) { removedAdminId userErrors { code } } }`;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("attacked session tokens", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let operator: Session;
  let site: GivenSite;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner();
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    site = await portal.given.site(partner, { name: "Target" });
  });
  afterAll(() => portal.stop());

  /** The claims a real session of this admin carries, as the portal issues them (naming the server-side session of its sign-up). */
  function claims(admin: Session, overrides: Record<string, unknown> = {}) {
    const now = Math.floor(portal.clock.now().getTime() / 1000);
    const { sid } = JSON.parse(Buffer.from(admin.token.split(".")[1], "base64url").toString());
    return { sub: admin.id, pid: admin.partnerId, sid, iat: now, exp: now + 3600, iss: "partner-portal", aud: "partner-portal-api", ...overrides };
  }

  /** A token signed with the portal's own secret: only the named difference can make it fail. */
  const forge = (payload: object, options: jwt.SignOptions = {}, secret: string = portal.config.jwtSecret) => jwt.sign(payload, secret, { algorithm: "HS256", ...options });

  /** How the portal answers `me` with this token, as a bearer and as the web client's cookie. */
  async function answers(token: string): Promise<{ bearer: string; cookie: string }> {
    const via = async (credentials: Credentials) => {
      const response = await portal.gql(me, {}, credentials);
      return response.errors ? outcome(response) : `${response.data.me.role} ${response.data.me.id}`;
    };
    return { bearer: await via({ token }), cookie: await via({ cookie: `portal_session=${token}` }) };
  }

  const refused = { bearer: "UNAUTHENTICATED", cookie: "UNAUTHENTICATED" };

  it("accepts a token forged with the portal's secret and a session's exact claims (the control case)", async () => {
    expect(await answers(forge(claims(operator)))).toEqual({ bearer: `OPERATOR ${operator.id}`, cookie: `OPERATOR ${operator.id}` });
  });

  describe("refuses as UNAUTHENTICATED", () => {
    it("alg: none, unsigned, claiming to be the Master", async () => {
      const header = base64url({ alg: "none", typ: "JWT" });
      const payload = base64url(claims(partner.master));

      expect(await answers(`${header}.${payload}.`)).toEqual(refused);
      expect(await answers(`${base64url({ alg: "NONE", typ: "JWT" })}.${payload}.`)).toEqual(refused);
    });

    it("alg: none carrying a real session's signature", async () => {
      const [, payload, signature] = operator.token.split(".");

      expect(await answers(`${base64url({ alg: "none", typ: "JWT" })}.${payload}.${signature}`)).toEqual(refused);
    });

    it("HS512 with the portal's own secret", async () => {
      expect(await answers(forge(claims(operator), { algorithm: "HS512" }))).toEqual(refused);
    });

    it("RS256 with an attacker's key pair", async () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

      expect(await answers(jwt.sign(claims(partner.master), privateKey, { algorithm: "RS256" }))).toEqual(refused);
    });

    it("a signature made with another secret", async () => {
      expect(await answers(forge(claims(partner.master), {}, "a secret that is not the portal's, long enough"))).toEqual(refused);
    });

    it("a real session whose claims were changed to the Master's, signature kept", async () => {
      const [header, payload, signature] = operator.token.split(".");
      const decoded = JSON.parse(Buffer.from(payload, "base64url").toString());

      const tampered = `${header}.${base64url({ ...decoded, sub: partner.master.id })}.${signature}`;

      expect(await answers(tampered)).toEqual(refused);
    });

    it("an expired exp", async () => {
      const now = Math.floor(portal.clock.now().getTime() / 1000);

      expect(await answers(forge(claims(operator, { iat: now - 7200, exp: now - 60 })))).toEqual(refused);
    });

    it("another audience", async () => {
      expect(await answers(forge(claims(operator, { aud: "another-api" })))).toEqual(refused);
    });

    it("another issuer", async () => {
      expect(await answers(forge(claims(operator, { iss: "someone-else" })))).toEqual(refused);
    });

    it("a token naming another partner for the admin", async () => {
      const other = await portal.given.partner();

      expect(await answers(forge(claims(operator, { pid: other.id })))).toEqual(refused);
    });

    it("a token signed with the portal's secret naming a session that does not exist, or another admin's session", async () => {
      expect(await answers(forge(claims(operator, { sid: "00000000-0000-4000-8000-000000000000" })))).toEqual(refused);
      expect(await answers(forge(claims(partner.master, { sid: claims(operator).sid })))).toEqual(refused);
      expect(await answers(forge(claims(operator, { sid: undefined })))).toEqual(refused);
    });

    it("garbage, an empty bearer and a platform-looking key", async () => {
      for (const token of ["not-a-jwt", "a.b.c", "test-platform-key-000000000000000000000000"]) expect(await answers(token)).toEqual(refused);
      const empty = await portal.gql(me, {}, { headers: { authorization: "Bearer " } });
      expect(outcome(empty)).toBe("UNAUTHENTICATED");
    });

    it("a real session of an admin who was removed since", async () => {
      const leaving = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
      expect((await answers(leaving.token)).bearer).toBe(`ADMINISTRATOR ${leaving.id}`);

      const removed = await portal.gql(removeAdmin, { input: { adminId: leaving.id } }, { token: partner.master.token });
      expect(removed.data.removeAdmin.userErrors).toEqual([]);

      expect(await answers(leaving.token)).toEqual(refused);
    });

    it("a real session once the clock passes its expiry (JWT_TTL_SECONDS)", async () => {
      const session = await portal.given.admin(partner, AdminRole.OBSERVER);
      portal.clock.advance((portal.config.jwtTtlSeconds + 60) * 1000);
      try {
        expect(await answers(session.token)).toEqual(refused);
      } finally {
        portal.clock.advance(-(portal.config.jwtTtlSeconds + 60) * 1000);
      }
      expect((await answers(session.token)).bearer).toBe(`OBSERVER ${session.id}`);
    });
  });

  it("changes nothing when a refused token tries a mutation", async () => {
    const unsigned = `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims(partner.master))}.`;

    const response = await portal.gql(ops.updateSite, { input: { id: site.id, name: "Defaced" } }, { token: unsigned });

    expect(outcome(response)).toBe("UNAUTHENTICATED");
    expect((await portal.dataSource.query("SELECT name FROM site WHERE id = ?", [site.id]))[0].name).toBe("Target");
  });

  describe("cookie sessions are only used on CSRF-safe requests", () => {
    let cookie: string;
    beforeAll(async () => {
      const signedIn = await fetch(`${portal.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `mutation($input: LogInInput!) { logIn(input: $input) { token } }`, variables: { input: { email: operator.email, password: operator.password } } }),
      });
      const setCookie = signedIn.headers.get("set-cookie")!;
      expect(setCookie).toMatch(/^portal_session=[^;]+;/);
      expect(setCookie).toMatch(/; HttpOnly/i);
      expect(setCookie).toMatch(/; SameSite=Strict/i);
      cookie = setCookie.split(";")[0];
    });

    const getQuery = (headers: Record<string, string>) => fetch(`${portal.url}/graphql?query=${encodeURIComponent("{me{id}}")}`, { headers: { cookie, ...headers } });

    it("refuses a GET /graphql?query={me{id}} with the cookie and no preflight header (400, CSRF)", async () => {
      const response = await getQuery({});

      expect(response.status).toBe(400);
      const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string }> };
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: "BAD_REQUEST" } })]);
      expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    });

    it("refuses a form-like text/plain POST of a mutation with the cookie, and nothing changes", async () => {
      const response = await fetch(`${portal.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "text/plain", cookie },
        body: JSON.stringify({ query: ops.updateSite, variables: { input: { id: site.id, name: "Forged by a form" } } }),
      });

      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
      expect((await portal.dataSource.query("SELECT name FROM site WHERE id = ?", [site.id]))[0].name).toBe("Target");
    });

    it("answers a POST application/json with the cookie", async () => {
      const response = await portal.gql(me, {}, { cookie });

      expect(response.status).toBe(200);
      expect(response.data.me).toEqual({ id: operator.id, email: operator.email, role: "OPERATOR" });
    });

    it("answers the GET once it carries a header a cross-site form cannot send", async () => {
      const response = await getQuery({ "apollo-require-preflight": "true" });

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { me: { id: operator.id } } });
    });
  });

  it("logged no unexpected server error along the way", () => {
    expect(portal.errorsLogged).toEqual([]);
  });
});
