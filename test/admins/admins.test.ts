import { randomUUID } from "node:crypto";
import { AdminRole } from "../../server/roles";
import { adminOps, adminRow, adminState, adminsWithEmail, signUpInput } from "../support/admin-operations";
import { uniqueEmail, type GivenPartner, type Session } from "../support/given";
import { outcome, Portal, type GqlResponse } from "../support/harness";

describe("a partner's admins", () => {
  let portal: Portal;
  let acme: GivenPartner;
  let administrator: Session;
  let operator: Session;
  let observer: Session;
  let globex: GivenPartner;
  let globexAdministrator: Session;

  beforeAll(async () => {
    portal = await Portal.start();
    acme = await portal.given.partner({ name: "Acme" });
    administrator = await portal.given.admin(acme, AdminRole.ADMINISTRATOR);
    operator = await portal.given.admin(acme, AdminRole.OPERATOR);
    observer = await portal.given.admin(acme, AdminRole.OBSERVER);
    globex = await portal.given.partner({ name: "Globex" });
    globexAdministrator = await portal.given.admin(globex, AdminRole.ADMINISTRATOR);
  });
  afterAll(() => portal.stop());

  const as = (session: Session) => ({ token: session.token });
  const invite = (by: Session, email: string, role: AdminRole) => portal.gql(adminOps.inviteAdmin, { input: { email, role } }, as(by));
  const changeRole = (by: Session, adminId: string, role: AdminRole) => portal.gql(adminOps.changeAdminRole, { input: { adminId, role } }, as(by));
  const remove = (by: Session, adminId: string) => portal.gql(adminOps.removeAdmin, { input: { adminId } }, as(by));
  const resend = (by: Session, adminId: string) => portal.gql(adminOps.resendInvitation, { input: { adminId } }, as(by));
  const listed = async (by: Session) => (await portal.gql(adminOps.admins, {}, as(by))).data.admins as Array<Record<string, any>>;
  /** The userErrors codes of a mutation's payload, or its top-level refusal. */
  const result = (response: GqlResponse, field: string): string => {
    if (response.errors) return outcome(response);
    return response.data[field].userErrors[0]?.code ?? "OK";
  };

  describe("as a Master", () => {
    it("invites an admin, who is listed as a pending invitation sent by the Master, and mailed a link", async () => {
      const response = await invite(acme.master, "  New.Person@Example.COM ", AdminRole.ADMINISTRATOR);

      expect(response.errors).toBeUndefined();
      const { admin, userErrors } = response.data.inviteAdmin;
      expect(userErrors).toEqual([]);
      expect(admin).toMatchObject({
        email: "new.person@example.com",
        name: null,
        role: "ADMINISTRATOR",
        status: "INVITED",
        invitation: { status: "PENDING" },
        invitedBy: { id: acme.master.id, email: acme.master.email },
      });
      const expiresInDays = (Date.parse(admin.invitation.expiresAt) - portal.clock.now().getTime()) / 86_400_000;
      expect(expiresInDays).toBeGreaterThan(6.99);
      expect(expiresInDays).toBeLessThanOrEqual(7);

      const seenByObserver = (await listed(observer)).find((a) => a.id === admin.id);
      expect(seenByObserver).toMatchObject({ email: "new.person@example.com", status: "INVITED", invitation: { status: "PENDING" } });
      const mail = await portal.mail.waitFor("new.person@example.com");
      expect(mail.subject).toBe("You are invited to the Acme Partner Portal");
      expect(mail.text).toContain("as Administrator");
    });

    it("makes an Operator an Administrator, who can invite at once with the token they already hold", async () => {
      const promoted = await portal.given.admin(acme, AdminRole.OPERATOR);
      expect(outcome(await invite(promoted, uniqueEmail(), AdminRole.OBSERVER))).toBe("FORBIDDEN");

      const response = await changeRole(acme.master, promoted.id, AdminRole.ADMINISTRATOR);

      expect(response.data.changeAdminRole).toMatchObject({ admin: { id: promoted.id, role: "ADMINISTRATOR" }, userErrors: [] });
      const invited = await invite(promoted, uniqueEmail(), AdminRole.OBSERVER);
      expect(invited.data.inviteAdmin.userErrors).toEqual([]);
      expect(invited.data.inviteAdmin.admin.invitedBy.id).toBe(promoted.id);
    });

    it("removes an admin, whose old token is refused at once, who can no longer log in and who leaves the list", async () => {
      const leaving = await portal.given.admin(acme, AdminRole.OPERATOR);
      expect(outcome(await portal.gql(adminOps.me, {}, as(leaving)))).toBe("OK");

      const response = await remove(acme.master, leaving.id);

      expect(response.data.removeAdmin).toEqual({ removedAdminId: leaving.id, userErrors: [] });
      const me = await portal.gql(adminOps.me, {}, as(leaving));
      expect(outcome(me)).toBe("UNAUTHENTICATED");
      expect(me.errors![0].message).toBe("Your session has expired or is no longer valid. Sign in again.");
      const logIn = await portal.gql(adminOps.logIn, { input: { email: leaving.email, password: leaving.password } });
      expect(logIn.data.logIn).toMatchObject({ token: null, userErrors: [{ code: "INVALID_CREDENTIALS" }] });
      expect((await listed(acme.master)).map((a) => a.id)).not.toContain(leaving.id);
      // The row stays for history, marked removed and disabled.
      expect(await adminRow(portal, leaving.id)).toMatchObject({ status: "DISABLED", removedAt: expect.any(Date), liveEmail: null });
    });

    it("revokes a pending invitation with removeAdmin: its link stops working, and the address can be invited again", async () => {
      const invited = await portal.given.invitation(acme, AdminRole.OPERATOR);
      const token = await portal.given.signUpToken(invited.email);

      const response = await remove(acme.master, invited.id);

      expect(response.data.removeAdmin).toEqual({ removedAdminId: invited.id, userErrors: [] });
      expect((await portal.gql(adminOps.invitation, { token })).data.invitation).toBeNull();
      const signUp = await portal.gql(adminOps.signUp, { input: signUpInput(token) });
      expect(signUp.data.signUp).toMatchObject({ token: null, userErrors: [{ code: "INVITATION_INVALID", field: ["input", "token"] }] });
      expect(portal.clock.now().getTime() - (await adminRow(portal, invited.id))!.removedAt!.getTime()).toBeLessThan(60_000);
      expect((await listed(acme.master)).map((a) => a.email)).not.toContain(invited.email);

      const again = await invite(acme.master, invited.email, AdminRole.OBSERVER);
      expect(again.data.inviteAdmin).toMatchObject({ admin: { email: invited.email, role: "OBSERVER", status: "INVITED" }, userErrors: [] });
    });

    it("cannot change their own level or remove themselves: CANNOT_ACT_ON_SELF, and nothing changes", async () => {
      const before = await adminState(portal, acme.master.id);

      const demote = await changeRole(acme.master, acme.master.id, AdminRole.ADMINISTRATOR);
      const removal = await remove(acme.master, acme.master.id);

      expect(demote.data.changeAdminRole.userErrors).toEqual([{ code: "CANNOT_ACT_ON_SELF", field: ["input", "adminId"], message: expect.stringContaining("your own level") }]);
      expect(removal.data.removeAdmin).toMatchObject({ removedAdminId: null, userErrors: [{ code: "CANNOT_ACT_ON_SELF" }] });
      expect(await adminState(portal, acme.master.id)).toEqual(before);
    });

    it("cannot resend the invitation of an admin who already signed up: INVITATION_NOT_PENDING", async () => {
      const response = await resend(acme.master, operator.id);

      expect(response.data.resendInvitation.userErrors).toEqual([expect.objectContaining({ code: "INVITATION_NOT_PENDING", field: ["input", "adminId"] })]);
    });

    it("is told SAME_ROLE when the admin already has the level", async () => {
      const response = await changeRole(acme.master, operator.id, AdminRole.OPERATOR);

      expect(response.data.changeAdminRole.userErrors).toEqual([expect.objectContaining({ code: "SAME_ROLE", field: ["input", "role"] })]);
    });

    it("cannot invite an address that is already an admin here (EMAIL_TAKEN); nothing is created or mailed", async () => {
      await portal.mailSettled();
      const mailsBefore = portal.mail.mails.length;

      const here = await invite(acme.master, operator.email.toUpperCase(), AdminRole.OBSERVER);

      expect(here.data.inviteAdmin).toMatchObject({ admin: null, userErrors: [{ code: "EMAIL_TAKEN", field: ["input", "email"] }] });
      expect(await adminsWithEmail(portal, operator.email)).toBe(1);
      await portal.mailSettled();
      expect(portal.mail.mails.length).toBe(mailsBefore);
    });

    it("invites an address that is another partner's admin exactly as a newcomer: the same answer and list, and EMAIL_TAKEN the second time", async () => {
      const newcomer = uniqueEmail("newcomer");
      /** What the inviter sees of an invitation, with what differs between any two invitations (id, address, times) left out. */
      const seen = (admin: Record<string, any>) => ({ ...admin, id: "-", email: "-", createdAt: "-", invitation: { ...admin.invitation, expiresAt: "-" } });

      const [toNewcomer, toGlobex] = [await invite(acme.master, newcomer, AdminRole.OBSERVER), await invite(acme.master, globexAdministrator.email, AdminRole.OBSERVER)];

      expect(toGlobex.errors).toBeUndefined();
      expect(toGlobex.data.inviteAdmin.userErrors).toEqual([]);
      expect(seen(toGlobex.data.inviteAdmin.admin)).toEqual(seen(toNewcomer.data.inviteAdmin.admin));
      await portal.mailSettled();
      const inList = await listed(acme.master);
      const entry = (id: string) => seen(inList.find((a) => a.id === id)!);
      expect(entry(toGlobex.data.inviteAdmin.admin.id)).toEqual(entry(toNewcomer.data.inviteAdmin.admin.id));
      expect(entry(toGlobex.data.inviteAdmin.admin.id).invitation).toEqual({ status: "PENDING", expiresAt: "-", emailDelivered: true });
      for (const email of [newcomer, globexAdministrator.email]) expect(result(await invite(acme.master, email, AdminRole.OPERATOR), "inviteAdmin")).toBe("EMAIL_TAKEN");
    });

    it("mails another partner's admin that the address is in use, with no sign-up link; they stay Globex's admin", async () => {
      const mail = await portal.mail.waitFor(globexAdministrator.email, (mail) => mail.subject.includes("Acme"));

      expect(mail.link).toBeNull();
      expect(mail.text).toContain("already has a Partner Portal account with another partner");
      expect(mail.text).not.toContain("Globex");
      const logIn = await portal.gql(adminOps.logIn, { input: { email: globexAdministrator.email, password: globexAdministrator.password } });
      expect(logIn.data.logIn.admin).toMatchObject({ id: globexAdministrator.id });
      expect(await adminState(portal, globexAdministrator.id)).toMatchObject({ status: "ACTIVE", liveEmail: globexAdministrator.email, removedAt: null });
    });

    it("cannot invite something that is not an email address: INVALID_EMAIL", async () => {
      const response = await invite(acme.master, "not an address", AdminRole.OBSERVER);

      expect(response.data.inviteAdmin).toMatchObject({ admin: null, userErrors: [{ code: "INVALID_EMAIL", field: ["input", "email"] }] });
      expect(await adminsWithEmail(portal, "not an address")).toBe(0);
    });
  });

  describe("anyone", () => {
    it("has no way to change an admin's email: no mutation input that names an admin takes an email", async () => {
      const response = await portal.gql(`{ __schema { types { name kind inputFields { name } } } }`);

      const inputs = (response.data.__schema.types as Array<{ name: string; kind: string; inputFields: Array<{ name: string }> | null }>).filter((type) => type.kind === "INPUT_OBJECT");
      const namingAnAdmin = inputs.filter((type) => type.inputFields!.some((field) => field.name === "adminId"));
      expect(namingAnAdmin.map((type) => type.name).sort()).toEqual(["ChangeAdminRoleInput", "RemoveAdminInput", "ResendInvitationInput"]);
      for (const type of namingAnAdmin) expect(type.inputFields!.filter((field) => /email/i.test(field.name))).toEqual([]);
      expect(inputs.find((type) => type.name === "SignUpInput")!.inputFields!.map((field) => field.name)).not.toContain("email");
    });
  });

  describe("the last Master of a partner", () => {
    const activeMasters = async (partnerId: string) =>
      Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM partner_admin WHERE partner_id = ? AND role = 'MASTER' AND status = 'ACTIVE' AND removed_at IS NULL", [partnerId]))[0].n);

    it("cannot be demoted or removed by themselves, the only one who could", async () => {
      const solo = await portal.given.partner({ name: "Solo" });

      const demote = await changeRole(solo.master, solo.master.id, AdminRole.OBSERVER);
      const removal = await remove(solo.master, solo.master.id);

      expect(result(demote, "changeAdminRole")).toBe("CANNOT_ACT_ON_SELF");
      expect(result(removal, "removeAdmin")).toBe("CANNOT_ACT_ON_SELF");
      expect(await activeMasters(solo.id)).toBe(1);
    });

    it("stays when two Masters demote each other at the same moment: one wins, the other is refused", async () => {
      const duo = await portal.given.partner({ name: "Duo" });
      const second = await portal.given.admin(duo, AdminRole.MASTER);

      const answers = await Promise.all([changeRole(duo.master, second.id, AdminRole.OPERATOR), changeRole(second, duo.master.id, AdminRole.OPERATOR)]);

      const codes = answers.map((answer) => result(answer, "changeAdminRole")).sort();
      expect(codes).toContain("OK");
      // The loser meets LAST_MASTER, or, if the winner committed before its request was read, has already lost its Master level.
      expect(["LAST_MASTER", "FORBIDDEN"]).toContain(codes.find((code) => code !== "OK"));
      expect(await activeMasters(duo.id)).toBe(1);
    });

    it("stays when two Masters remove each other at the same moment: one wins, the other is refused", async () => {
      const duo = await portal.given.partner({ name: "Duo 2" });
      const second = await portal.given.admin(duo, AdminRole.MASTER);

      const answers = await Promise.all([remove(duo.master, second.id), remove(second, duo.master.id)]);

      const codes = answers.map((answer) => result(answer, "removeAdmin")).sort();
      expect(codes).toContain("OK");
      // The loser meets LAST_MASTER, or, if the winner committed before its request was read, is already removed.
      expect(["LAST_MASTER", "UNAUTHENTICATED"]).toContain(codes.find((code) => code !== "OK"));
      expect(await activeMasters(duo.id)).toBe(1);
    });

    it("can be demoted once another Master has signed up", async () => {
      const pair = await portal.given.partner({ name: "Pair" });
      const second = await portal.given.admin(pair, AdminRole.MASTER);

      const response = await changeRole(second, pair.master.id, AdminRole.ADMINISTRATOR);

      expect(response.data.changeAdminRole).toMatchObject({ admin: { role: "ADMINISTRATOR" }, userErrors: [] });
      expect(await activeMasters(pair.id)).toBe(1);
    });
  });

  describe("as an Administrator", () => {
    it("invites up to the Administrator level", async () => {
      for (const role of [AdminRole.OBSERVER, AdminRole.OPERATOR, AdminRole.ADMINISTRATOR]) {
        const response = await invite(administrator, uniqueEmail(), role);
        expect(response.data.inviteAdmin).toMatchObject({ admin: { role, status: "INVITED", invitedBy: { id: administrator.id } }, userErrors: [] });
      }
    });

    it("cannot invite a Master: FORBIDDEN, and nothing is created or mailed", async () => {
      const email = uniqueEmail("would-be-master");

      const response = await invite(administrator, email, AdminRole.MASTER);

      expect(outcome(response)).toBe("FORBIDDEN");
      expect(response.errors![0].message).toBe("Only a Master can make someone a Master.");
      expect(await adminsWithEmail(portal, email)).toBe(0);
      await portal.mailSettled();
      expect(portal.mail.to(email)).toEqual([]);
    });

    it("cannot promote anyone to Master, themselves included: FORBIDDEN, and nothing changes", async () => {
      const operatorBefore = await adminState(portal, operator.id);
      const selfBefore = await adminState(portal, administrator.id);

      expect(outcome(await changeRole(administrator, operator.id, AdminRole.MASTER))).toBe("FORBIDDEN");
      expect(outcome(await changeRole(administrator, administrator.id, AdminRole.MASTER))).toBe("FORBIDDEN");

      expect(await adminState(portal, operator.id)).toEqual(operatorBefore);
      expect(await adminState(portal, administrator.id)).toEqual(selfBefore);
    });

    it("cannot change, remove or remind a Master: FORBIDDEN, and nothing changes", async () => {
      const pendingMaster = await portal.given.invitation(acme, AdminRole.MASTER);
      const masterBefore = await adminState(portal, acme.master.id);
      const pendingBefore = await adminState(portal, pendingMaster.id);

      const attempts = [
        await changeRole(administrator, acme.master.id, AdminRole.OBSERVER),
        await remove(administrator, acme.master.id),
        await changeRole(administrator, pendingMaster.id, AdminRole.OBSERVER),
        await remove(administrator, pendingMaster.id),
        await resend(administrator, pendingMaster.id),
      ];

      expect(attempts.map(outcome)).toEqual(["FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"]);
      expect(attempts[0].errors![0].message).toBe("Only a Master can change, remind or remove a Master.");
      expect(await adminState(portal, acme.master.id)).toEqual(masterBefore);
      expect(await adminState(portal, pendingMaster.id)).toEqual(pendingBefore);
    });

    it("changes and removes Operators and Observers", async () => {
      const first = await portal.given.admin(acme, AdminRole.OBSERVER);
      const second = await portal.given.admin(acme, AdminRole.OPERATOR);

      const promoted = await changeRole(administrator, first.id, AdminRole.OPERATOR);
      const removed = await remove(administrator, second.id);

      expect(promoted.data.changeAdminRole).toMatchObject({ admin: { id: first.id, role: "OPERATOR" }, userErrors: [] });
      expect(removed.data.removeAdmin).toEqual({ removedAdminId: second.id, userErrors: [] });
    });

    it("cannot change their own level or remove themselves: CANNOT_ACT_ON_SELF", async () => {
      const before = await adminState(portal, administrator.id);

      const demote = await changeRole(administrator, administrator.id, AdminRole.OBSERVER);
      const removal = await remove(administrator, administrator.id);

      expect(result(demote, "changeAdminRole")).toBe("CANNOT_ACT_ON_SELF");
      expect(result(removal, "removeAdmin")).toBe("CANNOT_ACT_ON_SELF");
      expect(await adminState(portal, administrator.id)).toEqual(before);
    });

    it("loses the rights at once when demoted, even with the token issued before", async () => {
      const demoted = await portal.given.admin(acme, AdminRole.ADMINISTRATOR);
      expect(result(await invite(demoted, uniqueEmail(), AdminRole.OBSERVER), "inviteAdmin")).toBe("OK");

      expect(result(await changeRole(acme.master, demoted.id, AdminRole.OBSERVER), "changeAdminRole")).toBe("OK");

      const email = uniqueEmail();
      const refused = await invite(demoted, email, AdminRole.OBSERVER);
      expect(outcome(refused)).toBe("FORBIDDEN");
      expect(await adminsWithEmail(portal, email)).toBe(0);
      expect((await portal.gql(adminOps.me, {}, as(demoted))).data.me.role).toBe("OBSERVER");
    });
  });

  describe("as another partner's Master", () => {
    it("gets NOT_FOUND for Acme's admin ids exactly as for an id that does not exist, and nothing changes", async () => {
      const pending = await portal.given.invitation(acme, AdminRole.OPERATOR);
      const targets = [acme.master.id, operator.id, pending.id];
      const before = await Promise.all(targets.map((id) => adminState(portal, id)));
      const unknown = randomUUID();
      const attempts = (adminId: string) => [
        changeRole(globex.master, adminId, AdminRole.OBSERVER).then((r) => r.data.changeAdminRole),
        remove(globex.master, adminId).then((r) => r.data.removeAdmin),
        resend(globex.master, adminId).then((r) => r.data.resendInvitation),
      ];

      const forUnknown = await Promise.all(attempts(unknown));
      for (const id of targets) {
        // Same payload, same message: existence never leaks.
        expect(await Promise.all(attempts(id))).toEqual(forUnknown);
      }

      expect(forUnknown.map((payload) => payload.userErrors)).toEqual([
        [{ code: "NOT_FOUND", field: ["input", "adminId"], message: "No admin with this id." }],
        [{ code: "NOT_FOUND", field: ["input", "adminId"], message: "No admin with this id." }],
        [{ code: "NOT_FOUND", field: ["input", "adminId"], message: "No admin with this id." }],
      ]);
      expect(await Promise.all(targets.map((id) => adminState(portal, id)))).toEqual(before);
    });
  });

  describe("as another partner's Administrator", () => {
    it("gets NOT_FOUND, not FORBIDDEN, for Acme's Master: the answer does not tell that the id is a Master", async () => {
      const before = await adminState(portal, acme.master.id);

      const change = await changeRole(globexAdministrator, acme.master.id, AdminRole.OBSERVER);
      const removal = await remove(globexAdministrator, acme.master.id);

      expect(result(change, "changeAdminRole")).toBe("NOT_FOUND");
      expect(result(removal, "removeAdmin")).toBe("NOT_FOUND");
      expect(await adminState(portal, acme.master.id)).toEqual(before);
    });
  });

  describe("as an Observer", () => {
    it("sees every admin's level and state, and whether each invitation is still pending", async () => {
      const pending = await portal.given.invitation(acme, AdminRole.OPERATOR);

      const admins = await listed(observer);

      expect(admins.find((a) => a.id === acme.master.id)).toMatchObject({ email: acme.master.email, name: "First Master", role: "MASTER", status: "ACTIVE", invitation: null });
      expect(admins.find((a) => a.id === pending.id)).toMatchObject({ email: pending.email, name: null, role: "OPERATOR", status: "INVITED", invitation: { status: "PENDING" } });
      expect(admins.map((a) => a.id)).not.toContain(globex.master.id);
      // Oldest first.
      const created = admins.map((a) => Date.parse(a.createdAt));
      expect(created).toEqual([...created].sort((x, y) => x - y));
    });
  });

  describe("afterwards", () => {
    it("the server logged no unexpected error", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });
});
