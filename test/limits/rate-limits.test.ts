import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import { Portal } from "../support/harness";
import { gqlFrom, type RawResponse } from "../support/http";
import { ops } from "../support/operations";

const logIn = `mutation($input: LogInInput!) { logIn(input: $input) { token userErrors { code } } }`;
const requestPasswordReset = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`;
const logOut = `mutation { logOut { ok } }`;

/** Checks a refusal by a rate limit: HTTP 429, RATE_LIMITED, and a Retry-After the message repeats. */
function expectRateLimited(response: RawResponse): void {
  expect(response.status).toBe(429);
  expect(response.json.data ?? null).toBeNull();
  expect(response.json.errors).toHaveLength(1);
  expect(response.json.errors[0].extensions.code).toBe("RATE_LIMITED");
  const retryAfter = Number(response.headers["retry-after"]);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.json.errors[0].message).toBe(`Too many requests. Try again in ${retryAfter} second${retryAfter === 1 ? "" : "s"}.`);
}

describe("rate limits", () => {
  // Each part has its own portal and limits; loopback addresses 127.0.0.x act as different clients.

  describe("log-ins per client address (RATE_LIMIT_AUTH_PER_MINUTE = 3)", () => {
    let portal: Portal;
    let partner: GivenPartner;
    beforeAll(async () => {
      portal = await Portal.start({ RATE_LIMIT_AUTH_PER_MINUTE: "3" });
      partner = await portal.given.partner();
    });
    afterAll(() => portal.stop());

    const logInFrom = (from: string, password = partner.master.password) =>
      gqlFrom(portal.url, from, logIn, { input: { email: partner.master.email, password } });

    it("answers three log-ins from an address within a minute and refuses the fourth with 429, even with the right password", async () => {
      const answers = [await logInFrom("127.0.0.3", "a wrong password"), await logInFrom("127.0.0.3"), await logInFrom("127.0.0.3")];
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(answers.map((a) => (a.json.data.logIn.token ? "OK" : a.json.data.logIn.userErrors[0].code))).toEqual(["INVALID_CREDENTIALS", "OK", "OK"]);

      const fourth = await logInFrom("127.0.0.3");

      expectRateLimited(fourth);
      expect(fourth.headers["set-cookie"]).toBeUndefined();
    });

    it("counts password-reset requests with the log-ins, and mails nothing once the address is limited", async () => {
      const limited = await gqlFrom(portal.url, "127.0.0.3", requestPasswordReset, { input: { email: partner.master.email } });

      expectRateLimited(limited);
      await portal.mailSettled();
      expect(portal.mail.to(partner.master.email).filter((mail) => mail.link?.includes("reset-password"))).toEqual([]);
    });

    it("lets another address log in", async () => {
      const other = await logInFrom("127.0.0.4");

      expect(other.status).toBe(200);
      expect(other.json.data.logIn.token).toEqual(expect.any(String));
    });

    it("does not stop a signed-in admin's other mutations from the limited address", async () => {
      const created = await gqlFrom(
        portal.url,
        "127.0.0.3",
        ops.createSite,
        { input: { name: "Made while limited", country: "ES", timeZone: "Europe/Madrid", administratorEmail: "boss@customer.example" } },
        partner.master.token,
      );

      expect(created.status).toBe(200);
      expect(created.json.data.createSite.site.name).toBe("Made while limited");
    });

    it("logged no unexpected server error along the way", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });

  describe("auth operations counted one by one, however a document reaches them (RATE_LIMIT_AUTH_PER_MINUTE = 5)", () => {
    let portal: Portal;
    let partner: GivenPartner;
    beforeAll(async () => {
      portal = await Portal.start({ RATE_LIMIT_AUTH_PER_MINUTE: "5" });
      partner = await portal.given.partner();
    });
    afterAll(() => portal.stop());

    const reset = (alias: string) => `${alias}: requestPasswordReset(input: { email: $email }) { ok }`;
    const resets = (count: number, prefix = "r") => Array.from({ length: count }, (_, i) => reset(`${prefix}${i}`)).join(" ");
    /** Each way a document can carry auth mutations, with two of them. */
    const shapes: Record<string, string> = {
      aliases: `mutation($email: String!) { ${resets(2)} }`,
      "an inline fragment": `mutation($email: String!) { ... on Mutation { ${resets(2)} } }`,
      "a fragment with no type condition": `mutation($email: String!) { ... { ${resets(2)} } }`,
      "a named fragment": `mutation($email: String!) { ...Resets } fragment Resets on Mutation { ${resets(2)} }`,
      "nested named fragments": `mutation($email: String!) { ...Outer } fragment Outer on Mutation { ...Inner ${reset("outer")} } fragment Inner on Mutation { ${reset("inner")} }`,
      "a fragment under @include(if: true)": `mutation($email: String!, $yes: Boolean = true) { ...Resets @include(if: $yes) } fragment Resets on Mutation { ${resets(2)} }`,
      "@skip(if: false) on each field": `mutation($email: String!) { a: requestPasswordReset(input: { email: $email }) @skip(if: false) { ok } b: requestPasswordReset(input: { email: $email }) @skip(if: false) { ok } }`,
    };
    const resetMails = async (email: string) => {
      await portal.mailSettled();
      return portal.mail.to(email).filter((mail) => mail.link?.includes("reset-password")).length;
    };

    it("refuses one request with more aliased requestPasswordReset fields than the limit, and mails nothing", async () => {
      const flood = await gqlFrom(portal.url, "127.0.1.1", `mutation($email: String!) { ${resets(6)} }`, { email: partner.master.email });

      expectRateLimited(flood);
      expect(await resetMails(partner.master.email)).toBe(0);
    });

    it.each(Object.entries(shapes))("counts two auth fields reached through %s as two: two such requests and a log-in use up the limit", async (shape, document) => {
      const address = `127.0.2.${Object.keys(shapes).indexOf(shape) + 1}`;
      const { email, password } = partner.master;
      const mailsBefore = await resetMails(email);
      const send = () => gqlFrom(portal.url, address, document, { email });

      const answers = [await send(), await send()];
      expect(answers.map((a) => [a.status, a.json.errors ?? []])).toEqual([
        [200, []],
        [200, []],
      ]);
      // Two requests of two fields: four of the five points; a single log-in still fits, and then nothing.
      expect((await gqlFrom(portal.url, address, logIn, { input: { email, password } })).json.data.logIn.token).toEqual(expect.any(String));
      expectRateLimited(await send());
      expect((await resetMails(email)) - mailsBefore).toBe(4);
    });

    it("lets no mixture of shapes put more reset emails than the limit into one mailbox in a minute", async () => {
      const mailsBefore = await resetMails(partner.master.email);
      for (const document of Object.values(shapes)) for (let repeat = 0; repeat < 3; repeat++) await gqlFrom(portal.url, "127.0.3.1", document, { email: partner.master.email });

      expect((await resetMails(partner.master.email)) - mailsBefore).toBeLessThanOrEqual(5);
    });

    it("logged no unexpected server error along the way", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });

  describe("mutation fields counted one by one (RATE_LIMIT_MUTATIONS_PER_MINUTE = 4)", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let site: GivenSite;
    let fresh: Session;
    beforeAll(async () => {
      // The Master uses 2 of its 4 mutations on invitations; the site is made by an Operator.
      portal = await Portal.start({ RATE_LIMIT_MUTATIONS_PER_MINUTE: "4" });
      partner = await portal.given.partner();
      site = await portal.given.site(partner, { name: "Start", by: await portal.given.admin(partner, AdminRole.OPERATOR) });
      fresh = await portal.given.admin(partner, AdminRole.OPERATOR);
    });
    afterAll(() => portal.stop());

    const rename = (alias: string) => `${alias}: updateSite(input: { id: $id, name: "${alias}" }) { site { name } }`;
    const siteName = async () => (await portal.dataSource.query("SELECT name FROM site WHERE id = ?", [site.id]))[0].name;

    it("refuses one request with three aliased mutations of an admin who has two left with 429, and applies none of them", async () => {
      const renames = Array.from({ length: 3 }, (_, i) => rename(`n${i}`)).join(" ");
      const flood = await gqlFrom(portal.url, "127.0.0.1", `mutation($id: ID!) { ${renames} }`, { id: site.id }, partner.master.token);

      expectRateLimited(flood);
      expect(await siteName()).toBe("Start");
    });

    it("counts mutations inside inline and named fragments: three pass, and two more are refused", async () => {
      const three = `mutation($id: ID!) { ... on Mutation { ${rename("a")} } ...More } fragment More on Mutation { ${rename("b")} ... { ${rename("c")} } }`;
      expect((await gqlFrom(portal.url, "127.0.0.1", three, { id: site.id }, fresh.token)).status).toBe(200);
      expect(await siteName()).toBe("c");

      const two = `mutation($id: ID!) { ...Two } fragment Two on Mutation { ${rename("d")} ${rename("e")} }`;
      expectRateLimited(await gqlFrom(portal.url, "127.0.0.1", two, { id: site.id }, fresh.token));
      expect(await siteName()).toBe("c");
    });

    it("logged no unexpected server error along the way", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });

  describe("mutations per admin, API token and address (RATE_LIMIT_MUTATIONS_PER_MINUTE = 4)", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let operator: Session;
    let site: GivenSite;
    let tokenSecret: string;
    beforeAll(async () => {
      portal = await Portal.start({ RATE_LIMIT_MUTATIONS_PER_MINUTE: "4" });
      // The Master uses 3 of its 4 mutations here: an invitation, a token and a site.
      partner = await portal.given.partner();
      operator = await portal.given.admin(partner, AdminRole.OPERATOR);
      const created = await portal.gql(`mutation { createApiToken(input: { name: "Robot", role: OPERATOR }) { secret } }`, {}, { token: partner.master.token });
      tokenSecret = created.data.createApiToken.secret;
      site = await portal.given.site(partner, { name: "Start" });
    });
    afterAll(() => portal.stop());

    const rename = (name: string, token: string, from = "127.0.0.1") => gqlFrom(portal.url, from, ops.updateSite, { input: { id: site.id, name } }, token);
    const siteName = async () => (await portal.dataSource.query("SELECT name FROM site WHERE id = ?", [site.id]))[0].name;

    it("refuses an admin's fifth mutation within a minute with 429 and applies nothing, while its queries are still answered", async () => {
      expect((await rename("Fourth", partner.master.token)).status).toBe(200);

      const fifth = await rename("Fifth", partner.master.token);

      expectRateLimited(fifth);
      expect(await siteName()).toBe("Fourth");
      for (let query = 0; query < 6; query++) {
        const read = await gqlFrom(portal.url, "127.0.0.1", `{ site(id: "${site.id}") { name } }`, {}, partner.master.token);
        expect(read.status).toBe(200);
        expect(read.json.data.site.name).toBe("Fourth");
      }
    });

    it("counts every admin on its own", async () => {
      const byOperator = await rename("By the operator", operator.token);

      expect(byOperator.status).toBe(200);
      expect(await siteName()).toBe("By the operator");
    });

    it("counts an API token on its own, apart from the admin who created it", async () => {
      for (let call = 1; call <= 4; call++) expect((await rename(`Robot ${call}`, tokenSecret)).status).toBe(200);

      expectRateLimited(await rename("Robot 5", tokenSecret));
      expect(await siteName()).toBe("Robot 4");
    });

    it("counts anonymous mutations per client address", async () => {
      for (let call = 1; call <= 4; call++) expect((await gqlFrom(portal.url, "127.0.0.5", logOut)).status).toBe(200);

      expectRateLimited(await gqlFrom(portal.url, "127.0.0.5", logOut));
      const elsewhere = await gqlFrom(portal.url, "127.0.0.6", logOut);
      expect(elsewhere.json.data.logOut.ok).toBe(true);
    });

    it("logged no unexpected server error along the way", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });
});
