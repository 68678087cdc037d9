import { policyVersions } from "../../server/auth/auth.messages";
import { AdminRole } from "../../server/roles";
import { adminOps, adminRow, newSignUpToken, signUpInput } from "../support/admin-operations";
import { type GivenPartner } from "../support/given";
import { outcome, Portal } from "../support/harness";

const day = 24 * 3600 * 1000;

describe("signing up from an invitation link", () => {
  let portal: Portal;
  let acme: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start();
    acme = await portal.given.partner({ name: "Acme" });
  });
  afterAll(() => portal.stop());

  /** A fresh invitation of Acme and the token of its emailed link. */
  async function invitation(role = AdminRole.OPERATOR) {
    const invited = await portal.given.invitation(acme, role);
    return { ...invited, token: await portal.given.signUpToken(invited.email) };
  }
  const preview = async (token: string) => (await portal.gql(adminOps.invitation, { token })).data.invitation;
  const signUp = async (input: Record<string, unknown>) => {
    const response = await portal.gql(adminOps.signUp, { input });
    expect(response.errors).toBeUndefined();
    return response.data.signUp;
  };
  const listedInvitation = async (adminId: string) =>
    ((await portal.gql(adminOps.admins, {}, { token: acme.master.token })).data.admins as Array<{ id: string; invitation: unknown }>).find((a) => a.id === adminId)?.invitation;

  describe("anonymous, with a fresh link", () => {
    it("sees the invited email, the partner's name and the level", async () => {
      const invited = await invitation(AdminRole.ADMINISTRATOR);

      const shown = await preview(invited.token);

      expect(shown).toMatchObject({ email: invited.email, role: "ADMINISTRATOR", partnerName: "Acme" });
      expect(Date.parse(shown.expiresAt) - portal.clock.now().getTime()).toBeGreaterThan(7 * day - 60_000);
    });

    it("signs up and is signed in, with the name chosen, the invited email and both documents' acceptance stored", async () => {
      const invited = await invitation(AdminRole.OPERATOR);
      const before = portal.clock.now().getTime();

      const result = await signUp(signUpInput(invited.token, { name: "  Ada Lovelace ", password: "ten chars!" }));

      expect(result.userErrors).toEqual([]);
      expect(result.admin).toMatchObject({ id: invited.id, email: invited.email, name: "Ada Lovelace", role: "OPERATOR", status: "ACTIVE", invitation: null });
      const me = await portal.gql(adminOps.me, {}, { token: result.token });
      expect(me.data.me).toMatchObject({ id: invited.id, email: invited.email });

      const row = (await adminRow(portal, invited.id))!;
      expect(row).toMatchObject({ privacyPolicyVersion: policyVersions.privacyPolicy, termsVersion: policyVersions.termsOfUsage, invitationTokenHash: null });
      for (const acceptedAt of [row.privacyPolicyAcceptedAt!, row.termsAcceptedAt!, row.acceptedAt!]) {
        expect(acceptedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
        expect(acceptedAt.getTime()).toBeLessThanOrEqual(portal.clock.now().getTime() + 1000);
      }
      // The password is kept only as a scrypt hash.
      expect(row.passwordHash).toMatch(/^scrypt\$/);
      expect(row.passwordHash).not.toContain("ten chars!");
    });

    it.each([
      { accepted: "neither document", privacy: false, terms: false, codes: ["PRIVACY_POLICY_NOT_ACCEPTED", "TERMS_NOT_ACCEPTED"] },
      { accepted: "only the Terms of Usage", privacy: false, terms: true, codes: ["PRIVACY_POLICY_NOT_ACCEPTED"] },
      { accepted: "only the Privacy Policy", privacy: true, terms: false, codes: ["TERMS_NOT_ACCEPTED"] },
    ])("cannot sign up having accepted $accepted, and nothing is stored", async ({ privacy, terms, codes }) => {
      const invited = await invitation();

      const result = await signUp(signUpInput(invited.token, { acceptPrivacyPolicy: privacy, acceptTermsOfUsage: terms }));

      expect(result.token).toBeNull();
      expect(result.userErrors.map((e: { code: string }) => e.code)).toEqual(codes);
      expect((await adminRow(portal, invited.id))!).toMatchObject({ status: "INVITED", passwordHash: null, privacyPolicyAcceptedAt: null, termsAcceptedAt: null });
      // The link still works once both are ticked.
      expect((await signUp(signUpInput(invited.token))).userErrors).toEqual([]);
    });

    it("must choose a password of at least 10 characters and give a name", async () => {
      const invited = await invitation();

      const result = await signUp(signUpInput(invited.token, { name: "   ", password: "nine char" }));

      expect(result.token).toBeNull();
      expect(result.userErrors).toEqual([
        { code: "INVALID_NAME", field: ["input", "name"], message: expect.any(String) },
        { code: "INVALID_PASSWORD", field: ["input", "password"], message: "Choose a password of 10 to 200 characters." },
      ]);
      expect((await adminRow(portal, invited.id))!.status).toBe("INVITED");
    });

    it("cannot choose another email: the form has no email, and the invited one is used", async () => {
      const invited = await invitation();

      const withEmail = await portal.gql(adminOps.signUp, { input: { ...signUpInput(invited.token), email: "someone.else@example.com" } });

      expect(withEmail.status).toBe(400);
      expect(outcome(withEmail)).toBe("BAD_USER_INPUT");
      expect((await adminRow(portal, invited.id))!.status).toBe("INVITED");
      const result = await signUp(signUpInput(invited.token));
      expect(result.admin.email).toBe(invited.email);
      expect(await portal.dataSource.query("SELECT id FROM partner_admin WHERE email = ?", ["someone.else@example.com"])).toEqual([]);
    });
  });

  describe("anonymous, with a link already used", () => {
    it("is told the link is no longer valid, and the first sign-up stands", async () => {
      const invited = await invitation();
      const first = await signUp(signUpInput(invited.token, { name: "First", password: "the first password" }));
      expect(first.userErrors).toEqual([]);

      const second = await signUp(signUpInput(invited.token, { name: "Second", password: "a second password" }));

      expect(second).toMatchObject({ token: null, admin: null, userErrors: [{ code: "INVITATION_INVALID", field: ["input", "token"] }] });
      expect(await preview(invited.token)).toBeNull();
      expect((await adminRow(portal, invited.id))!.name).toBe("First");
      const logIn = await portal.gql(adminOps.logIn, { input: { email: invited.email, password: "the first password" } });
      expect(logIn.data.logIn.userErrors).toEqual([]);
    });

    it("lets only one of two simultaneous sign-ups with one link through", async () => {
      const invited = await invitation();

      const results = await Promise.all([
        signUp(signUpInput(invited.token, { name: "Left", password: "left password!" })),
        signUp(signUpInput(invited.token, { name: "Right", password: "right password" })),
      ]);

      const winners = results.filter((r) => r.token);
      expect(winners).toHaveLength(1);
      expect(results.find((r) => !r.token).userErrors.map((e: { code: string }) => e.code)).toEqual(["INVITATION_INVALID"]);
      expect((await adminRow(portal, invited.id))!.name).toBe(winners[0].admin.name);
    });
  });

  describe("anonymous, with a link that was resent", () => {
    it("cannot use the old link; the new one works", async () => {
      const invited = await invitation();

      const resent = await portal.gql(adminOps.resendInvitation, { input: { adminId: invited.id } }, { token: acme.master.token });

      expect(resent.data.resendInvitation.userErrors).toEqual([]);
      const newToken = await newSignUpToken(portal, invited.email, [invited.token]);
      expect(newToken).not.toBe(invited.token);
      expect(await preview(invited.token)).toBeNull();
      expect((await signUp(signUpInput(invited.token))).userErrors.map((e: { code: string }) => e.code)).toEqual(["INVITATION_INVALID"]);
      expect((await preview(newToken)).email).toBe(invited.email);
      expect((await signUp(signUpInput(newToken))).admin).toMatchObject({ id: invited.id, status: "ACTIVE" });
    });
  });

  describe("anonymous, with a link older than 7 days", () => {
    it("can use it until the 7 days are over, then is told it expired; a resent link works again", async () => {
      const early = await invitation();
      const late = await invitation();

      portal.clock.advance(7 * day - 60_000);
      expect(await preview(early.token)).not.toBeNull();
      expect((await signUp(signUpInput(early.token))).userErrors).toEqual([]);

      portal.clock.advance(2 * 60_000);
      expect(await preview(late.token)).toBeNull();
      const expired = await signUp(signUpInput(late.token));
      expect(expired).toMatchObject({ token: null, userErrors: [{ code: "INVITATION_EXPIRED", field: ["input", "token"], message: expect.stringContaining("expired") }] });
      expect((await adminRow(portal, late.id))!.status).toBe("INVITED");

      // The Master's session from a week ago has expired too: sign in again, see the state, resend.
      await portal.given.logIn(acme.master);
      expect(await listedInvitation(late.id)).toMatchObject({ status: "EXPIRED" });
      const resent = await portal.gql(adminOps.resendInvitation, { input: { adminId: late.id } }, { token: acme.master.token });
      expect(resent.data.resendInvitation.admin.invitation).toMatchObject({ status: "PENDING" });
      const newToken = await newSignUpToken(portal, late.email, [late.token]);
      expect((await signUp(signUpInput(newToken))).admin).toMatchObject({ id: late.id, status: "ACTIVE" });
    });
  });

  describe("anonymous, with a made-up link", () => {
    it("sees nothing and cannot sign up", async () => {
      const madeUp = "A".repeat(43);

      expect(await preview(madeUp)).toBeNull();
      expect((await signUp(signUpInput(madeUp))).userErrors.map((e: { code: string }) => e.code)).toEqual(["INVITATION_INVALID"]);
    });
  });

  describe("afterwards", () => {
    it("the server logged no unexpected error", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });
});
