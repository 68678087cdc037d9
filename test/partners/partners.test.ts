import { ensureDemoPartner } from "../../server/partners/demo";
import { AdminRole } from "../../server/roles";
import { adminOps, adminsWithEmail, signUpInput } from "../support/admin-operations";
import { uniqueEmail, type GivenPartner, type Session } from "../support/given";
import { outcome, platformKey, Portal } from "../support/harness";

describe("partners", () => {
  let portal: Portal;

  const partners = async () => Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM partner"))[0].n);
  const partnerRow = async (id: string) => (await portal.dataSource.query("SELECT status, activated_at FROM partner WHERE id = ?", [id]))[0];
  const createPartner = (input: Record<string, unknown>, token = platformKey) => portal.gql(adminOps.createPartner, { input }, { token });

  describe("with PLATFORM_API_KEY set", () => {
    beforeAll(async () => {
      portal = await Portal.start();
    });
    afterAll(() => portal.stop());

    describe("as the platform operator", () => {
      it("creates a partner, PENDING_ACTIVATION with an empty pool, and emails its first Master a sign-up link", async () => {
        const masterEmail = uniqueEmail("master");

        const response = await createPartner({ name: "  Acme Security ", country: "es", masterEmail });

        expect(response.errors).toBeUndefined();
        const { partner, userErrors } = response.data.createPartner;
        expect(userErrors).toEqual([]);
        expect(partner).toMatchObject({ name: "Acme Security", country: "ES", status: "PENDING_ACTIVATION", unallocatedCredits: 0 });
        expect(partner.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        const mail = await portal.mail.waitFor(masterEmail);
        expect(mail.subject).toBe("You are invited to the Acme Security Partner Portal");
        const token = new URL(mail.link!).searchParams.get("token")!;
        const preview = await portal.gql(adminOps.invitation, { token });
        expect(preview.data.invitation).toMatchObject({ email: masterEmail, role: "MASTER", partnerName: "Acme Security" });
      });

      it.each([
        { what: "a country that is not an ISO code", input: { country: "Spain" }, code: "INVALID_COUNTRY", field: "country" },
        { what: "an unassigned country code", input: { country: "XX" }, code: "INVALID_COUNTRY", field: "country" },
        { what: "an empty name", input: { name: "   " }, code: "INVALID_NAME", field: "name" },
        { what: "a Master email that is not an address", input: { masterEmail: "acme at example" }, code: "INVALID_EMAIL", field: "masterEmail" },
      ])("refuses $what with a userError on that field, and creates nothing", async ({ input, code, field }) => {
        const masterEmail = uniqueEmail("master");
        const before = await partners();

        const response = await createPartner({ name: "Initech", country: "FR", masterEmail, ...input });

        expect(response.data.createPartner).toEqual({ partner: null, userErrors: [{ code, field: ["input", field], message: expect.any(String) }] });
        expect(await partners()).toBe(before);
        expect(await adminsWithEmail(portal, masterEmail)).toBe(0);
      });

      it("refuses a Master email that is already an admin of another partner: EMAIL_UNAVAILABLE, no partner, no email", async () => {
        const existing = await portal.given.partner();
        await portal.mailSettled();
        const before = await partners();
        const mailsBefore = portal.mail.to(existing.master.email).length;

        const response = await createPartner({ name: "Copycat", country: "ES", masterEmail: existing.master.email });

        expect(response.data.createPartner).toEqual({ partner: null, userErrors: [{ code: "EMAIL_UNAVAILABLE", field: ["input", "masterEmail"], message: expect.any(String) }] });
        expect(await partners()).toBe(before);
        await portal.mailSettled();
        expect(portal.mail.to(existing.master.email)).toHaveLength(mailsBefore);
      });
    });

    describe("a new partner", () => {
      it("stays PENDING_ACTIVATION until its Master signs up, and is ACTIVE from then on", async () => {
        const masterEmail = uniqueEmail("master");
        const { partner } = (await createPartner({ name: "Pending Ltd", country: "PT", masterEmail })).data.createPartner;
        const token = await portal.given.signUpToken(masterEmail);
        // Time passes; nobody has signed up yet.
        portal.clock.advance(3 * 24 * 3600 * 1000);
        expect(await partnerRow(partner.id)).toMatchObject({ status: "PENDING_ACTIVATION", activated_at: null });
        const early = await portal.gql(adminOps.logIn, { input: { email: masterEmail, password: "any password at all" } });
        expect(early.data.logIn.userErrors.map((e: { code: string }) => e.code)).toEqual(["INVALID_CREDENTIALS"]);

        const signedUp = await portal.gql(adminOps.signUp, { input: signUpInput(token) });

        const master = signedUp.data.signUp;
        expect(master.admin).toMatchObject({ email: masterEmail, role: "MASTER", status: "ACTIVE" });
        const seen = await portal.gql(adminOps.partner, {}, { token: master.token });
        expect(seen.data.partner).toMatchObject({ id: partner.id, name: "Pending Ltd", status: "ACTIVE" });
        expect((await partnerRow(partner.id)).activated_at).not.toBeNull();
      });
    });

    describe("as an Acme Observer", () => {
      let acme: GivenPartner;
      let observer: Session;
      beforeAll(async () => {
        acme = await portal.given.partner({ name: "Acme", country: "DE" });
        observer = await portal.given.admin(acme, AdminRole.OBSERVER);
      });

      it("reads its own partner: name, country, status and credit pool", async () => {
        const response = await portal.gql(adminOps.partner, {}, { token: observer.token });

        expect(response.data.partner).toEqual({ id: acme.id, name: "Acme", country: "DE", status: "ACTIVE", unallocatedCredits: 0, createdAt: expect.any(String) });
      });

      it("cannot create a partner: FORBIDDEN, and nothing is created", async () => {
        const before = await partners();

        const response = await createPartner({ name: "Side business", country: "ES", masterEmail: uniqueEmail() }, observer.token);

        expect(outcome(response)).toBe("FORBIDDEN");
        expect(await partners()).toBe(before);
      });
    });

    describe("with a wrong platform key", () => {
      it("cannot create a partner: UNAUTHENTICATED, and nothing is created", async () => {
        const before = await partners();

        const response = await createPartner({ name: "Impostor", country: "ES", masterEmail: uniqueEmail() }, platformKey.slice(0, -1) + "x");

        expect(outcome(response)).toBe("UNAUTHENTICATED");
        expect(await partners()).toBe(before);
      });
    });

    describe("afterwards", () => {
      it("the server logged no unexpected error", () => {
        expect(portal.errorsLogged).toEqual([]);
      });
    });
  });

  describe("with PLATFORM_API_KEY unset", () => {
    beforeAll(async () => {
      portal = await Portal.start({ PLATFORM_API_KEY: "" });
    });
    afterAll(() => portal.stop());

    it("refuses platform operations whatever bearer is presented: UNAUTHENTICATED, and nothing is created", async () => {
      for (const token of [platformKey, "", "undefined", "null"]) {
        const response = await createPartner({ name: "Nobody's", country: "ES", masterEmail: uniqueEmail() }, token);
        expect(outcome(response)).toBe("UNAUTHENTICATED");
      }

      expect(await partners()).toBe(0);
    });
  });

  describe("a newcomer's first minute (NODE_ENV=development, empty database)", () => {
    beforeAll(async () => {
      portal = await Portal.start({ NODE_ENV: "development" });
    });
    afterAll(() => portal.stop());

    it("creates a demo partner once and gives its Master's sign-up link, which works", async () => {
      const link = await ensureDemoPartner(portal.services);

      expect(link).toMatch(/\/sign-up\?token=[A-Za-z0-9_-]{43}$/);
      expect(await ensureDemoPartner(portal.services)).toBeNull();
      expect(await partners()).toBe(1);
      const token = new URL(link!).searchParams.get("token")!;
      const signedUp = await portal.gql(adminOps.signUp, { input: signUpInput(token) });
      expect(signedUp.data.signUp.admin).toMatchObject({ role: "MASTER", status: "ACTIVE" });
      const partner = await portal.gql(adminOps.partner, {}, { token: signedUp.data.signUp.token });
      expect(partner.data.partner).toMatchObject({ name: "Demo VAR", status: "ACTIVE" });
    });
  });
});
