import { AdminRole } from "../../server/roles";
import { adminOps, adminsWithEmail } from "../support/admin-operations";
import { uniqueEmail, type GivenPartner } from "../support/given";
import { outcome, Portal } from "../support/harness";

const introspection = `{ __schema { queryType { name } } }`;

/** What must never reach a client in an error: SQL, driver codes, table names, stack frames. */
const internals = /SELECT |INSERT |UPDATE |DELETE FROM|SQLITE|sqlite|\bER_[A-Z]|no such table|doesn't exist|outbox_message|\bat .+\.(ts|js):\d+|stacktrace/;

describe("the HTTP API surface", () => {
  let portal: Portal;

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${portal.url}${path}`, { headers });
  const post = (body: string, headers: Record<string, string>) => fetch(`${portal.url}/graphql`, { method: "POST", headers, body });

  describe("in the test configuration", () => {
    beforeAll(async () => {
      portal = await Portal.start();
    });
    afterAll(() => portal.stop());

    describe("GET /healthz", () => {
      it("answers 200 while the database answers", async () => {
        const response = await get("/healthz");

        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ status: "ok", database: "ok" });
      });
    });

    describe("CSRF prevention", () => {
      it("refuses a GET query that carries neither a content-type nor a preflight header, as a cross-site page could send it", async () => {
        const response = await get(`/graphql?query=${encodeURIComponent("{ __typename }")}`);

        expect(response.status).toBe(400);
        expect(await response.text()).toMatch(/Cross-Site Request Forgery/);
      });

      it("refuses a POST with a content-type a cross-site form can send (text/plain)", async () => {
        const response = await post(JSON.stringify({ query: "{ __typename }" }), { "content-type": "text/plain" });

        expect(response.status).toBe(400);
        expect(await response.text()).toMatch(/Cross-Site Request Forgery/);
      });

      it("answers a GET query with the apollo-require-preflight header, and a POST with JSON", async () => {
        const viaGet = await get(`/graphql?query=${encodeURIComponent("{ __typename }")}`, { "apollo-require-preflight": "true" });
        const viaPost = await post(JSON.stringify({ query: "{ __typename }" }), { "content-type": "application/json" });

        expect(viaGet.status).toBe(200);
        expect(await viaGet.json()).toEqual({ data: { __typename: "Query" } });
        expect(viaPost.status).toBe(200);
        expect(await viaPost.json()).toEqual({ data: { __typename: "Query" } });
      });
    });

    describe("introspection and Apollo Sandbox", () => {
      it("are on, for developers exploring the API", async () => {
        const schema = await portal.gql(introspection);
        const page = await get("/graphql", { accept: "text/html" });

        expect(schema.data).toEqual({ __schema: { queryType: { name: "Query" } } });
        expect(page.status).toBe(200);
        expect(page.headers.get("content-type")).toContain("text/html");
        expect(await page.text()).toMatch(/sandbox/i);
      });
    });

    describe("errors a client causes", () => {
      it("name the problem and nothing of the server: no stack trace", async () => {
        const unknownField = await portal.gql(`{ me { passwordHash } }`);
        const badJson = await post("{ not json", { "content-type": "application/json" });

        expect(unknownField.status).toBe(400);
        expect(outcome(unknownField)).toBe("GRAPHQL_VALIDATION_FAILED");
        expect(JSON.stringify(unknownField.errors)).not.toMatch(internals);
        expect(badJson.status).toBe(400);
        expect(await badJson.json()).toEqual({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
      });

      it("carry no stack trace for a refusal either", async () => {
        const refused = await portal.gql(adminOps.me);

        expect(refused.errors).toEqual([{ message: "Sign in to do this.", path: ["me"], locations: expect.any(Array), extensions: { code: "UNAUTHENTICATED" } }]);
      });
    });
  });

  describe("when something unexpected breaks inside", () => {
    let acme: GivenPartner;

    beforeAll(async () => {
      portal = await Portal.start();
      acme = await portal.given.partner({ name: "Acme" });
      await portal.mailSettled();
      // An honest fault: the outbox table disappears, so every change that sends email fails in SQL.
      await portal.dataSource.query("DROP TABLE outbox_message");
    });
    afterAll(() => portal.stop());

    it("answers INTERNAL_SERVER_ERROR with a plain message, shows no SQL or stack trace, changes nothing, and logs the cause for operators", async () => {
      const email = uniqueEmail("invitee");

      const response = await fetch(`${portal.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${acme.master.token}` },
        body: JSON.stringify({ query: adminOps.inviteAdmin, variables: { input: { email, role: AdminRole.OPERATOR } } }),
      });

      const body = await response.text();
      expect(JSON.parse(body)).toEqual({
        data: null,
        errors: [{ message: "Something went wrong on our side. Try again; if it keeps happening, contact support.", path: ["inviteAdmin"], extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      });
      expect(body).not.toMatch(internals);
      // The invitation's transaction was rolled back with its email.
      expect(await adminsWithEmail(portal, email)).toBe(0);
      const logged = portal.errorsLogged.find(([what, where]) => String(what).startsWith("[graphql] unexpected error") && where === "inviteAdmin");
      expect(String(logged?.[2])).toMatch(/outbox_message/);
    });

    it("still answers what does not need the broken part", async () => {
      const me = await portal.gql(adminOps.me, {}, { token: acme.master.token });

      expect(me.data.me.email).toBe(acme.master.email);
    });

    it("GET /healthz answers 503 once the database stops answering", async () => {
      await portal.dataSource.destroy();

      const response = await get("/healthz");

      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", database: "unreachable" });
    });
  });

  describe("in production (NODE_ENV=production)", () => {
    beforeAll(async () => {
      portal = await Portal.start({ NODE_ENV: "production" });
    });
    afterAll(() => portal.stop());

    it("refuses introspection and serves no Sandbox", async () => {
      const schema = await portal.gql(introspection);
      const page = await get("/graphql", { accept: "text/html" });

      expect(schema.status).toBe(400);
      expect(outcome(schema)).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(schema.data).toBeNull();
      expect(page.headers.get("content-type") ?? "").not.toContain("text/html");
    });

    it("sets the session cookie Secure", async () => {
      const acme = await portal.given.partner({ name: "Acme" });

      const response = await portal.gql(adminOps.logIn, { input: { email: acme.master.email, password: acme.master.password } });

      const cookie = response.headers.getSetCookie().find((header) => header.startsWith("portal_session="));
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    });
  });

  describe("in production with GRAPHQL_SANDBOX=true", () => {
    beforeAll(async () => {
      portal = await Portal.start({ NODE_ENV: "production", GRAPHQL_SANDBOX: "true" });
    });
    afterAll(() => portal.stop());

    it("allows introspection and serves the Sandbox", async () => {
      const schema = await portal.gql(introspection);
      const page = await get("/graphql", { accept: "text/html" });

      expect(schema.data).toEqual({ __schema: { queryType: { name: "Query" } } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
    });
  });
});
