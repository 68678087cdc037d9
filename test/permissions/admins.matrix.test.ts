import { AdminRole } from "../../server/roles";
import { adminOps, adminRow, adminState, adminsWithEmail, signUpInput } from "../support/admin-operations";
import { uniqueEmail, type GivenPartner, type Session } from "../support/given";
import { outcome, platformKey, Portal, type Credentials } from "../support/harness";
import { A, actors, F, N, U, type ActorKey, type Attempt, type Expected } from "../support/permission-matrix";

/**
 * Every query and mutation of the partner-admins half × every kind of caller: what each may
 * do, and the exact refusal otherwise. Acme is the partner under test; Globex is another
 * partner whose Master tries the same operations on Acme's admin ids.
 */

interface Operation {
  /** What the caller tries, as the end of a sentence. */
  does: string;
  /** The payload field of the operation. */
  field: string;
  attempt(actor: ActorKey, expected: Expected): Promise<Attempt>;
}

describe("who may do what with partner admins", () => {
  let portal: Portal;
  let acme: GivenPartner;
  let globex: GivenPartner;
  const staff = {} as Record<AdminRole, Session>;
  /** An Acme Observer who only logs in, for the logIn row. */
  let logInAccount: Session;

  beforeAll(async () => {
    portal = await Portal.start();
    acme = await portal.given.partner({ name: "Acme" });
    staff.MASTER = acme.master;
    for (const role of [AdminRole.OBSERVER, AdminRole.OPERATOR, AdminRole.ADMINISTRATOR]) staff[role] = await portal.given.admin(acme, role);
    logInAccount = await portal.given.admin(acme, AdminRole.OBSERVER);
    globex = await portal.given.partner({ name: "Globex" });
  });
  afterAll(() => portal.stop());

  const credentials = (actor: ActorKey): Credentials => {
    if (actor === "anonymous") return {};
    if (actor === "platform") return { token: platformKey };
    return { token: sessionOf(actor).token };
  };
  const sessionOf = (actor: ActorKey): Session => (actor === "globexMaster" ? globex.master : staff[actor as AdminRole]);
  const partnerOf = (actor: ActorKey): GivenPartner => (actor === "globexMaster" ? globex : acme);
  const nothing = async () => undefined;

  /** Acme admins that refused attempts act on (they stay as they are), one per level, made on first use. */
  const sharedTargets = new Map<AdminRole, Promise<Session>>();
  /** A signed-up Acme admin to act on: a fresh one when the attempt should change it. */
  function activeTarget(role: AdminRole, expected: Expected): Promise<Session> {
    if (expected === A) return portal.given.admin(acme, role);
    if (!sharedTargets.has(role)) sharedTargets.set(role, portal.given.admin(acme, role));
    return sharedTargets.get(role)!;
  }

  /** A read: nothing to change. */
  function read(does: string, field: string, query: string, check: (data: any, actor: ActorKey) => void): Operation {
    return {
      does,
      field,
      async attempt(actor) {
        const response = await portal.gql(query, {}, credentials(actor));
        return { response, succeeded: async () => check(response.data, actor), unchanged: nothing };
      },
    };
  }

  /** A mutation on one of Acme's admins; the target's stored state is compared before and after. */
  function onAdmin(does: string, field: string, target: (expected: Expected) => Promise<{ id: string }>, input: Record<string, unknown>, check: (data: any, targetId: string) => Promise<void>): Operation {
    return {
      does,
      field,
      async attempt(actor, expected) {
        const { id } = await target(expected);
        const before = await adminState(portal, id);
        const response = await portal.gql((adminOps as Record<string, string>)[field], { input: { adminId: id, ...input } }, credentials(actor));
        return {
          response,
          succeeded: () => check(response.data[field], id),
          unchanged: async () => expect(await adminState(portal, id)).toEqual(before),
        };
      },
    };
  }

  const me = read("read their own profile (me)", "me", adminOps.me, (data, actor) => expect(data.me).toMatchObject({ id: sessionOf(actor).id, email: sessionOf(actor).email }));

  const partner = read("read their own partner (partner)", "partner", adminOps.partner, (data, actor) => expect(data.partner).toMatchObject({ id: partnerOf(actor).id, name: partnerOf(actor).name }));

  const admins = read("list their partner's admins (admins)", "admins", adminOps.admins, (data, actor) => {
    const ids: string[] = data.admins.map((a: { id: string }) => a.id);
    expect(ids).toContain(sessionOf(actor).id);
    const outsiders = actor === "globexMaster" ? [acme.master.id, staff.OBSERVER.id] : [globex.master.id];
    for (const outsider of outsiders) expect(ids).not.toContain(outsider);
  });

  let pendingInvitation: Promise<{ id: string; email: string; token: string }> | undefined;
  const invitation: Operation = {
    does: "preview a sign-up link (invitation)",
    field: "invitation",
    async attempt(actor) {
      // Previewing uses nothing up: every cell reads the same pending invitation.
      pendingInvitation ??= portal.given.invitation(acme, AdminRole.OPERATOR).then(async (invited) => ({ ...invited, token: await portal.given.signUpToken(invited.email) }));
      const invited = await pendingInvitation;
      const response = await portal.gql(adminOps.invitation, { token: invited.token }, credentials(actor));
      return {
        response,
        succeeded: async () => expect(response.data.invitation).toMatchObject({ email: invited.email, role: "OPERATOR", partnerName: "Acme" }),
        unchanged: nothing,
      };
    },
  };

  const signUp: Operation = {
    does: "sign up from an invitation link (signUp)",
    field: "signUp",
    async attempt(actor) {
      const invited = await portal.given.invitation(acme, AdminRole.OBSERVER);
      const token = await portal.given.signUpToken(invited.email);
      const response = await portal.gql(adminOps.signUp, { input: signUpInput(token) }, credentials(actor));
      return {
        response,
        succeeded: async () => {
          expect(response.data.signUp).toMatchObject({ token: expect.any(String), admin: { id: invited.id, email: invited.email, status: "ACTIVE" }, userErrors: [] });
        },
        unchanged: async () => expect((await adminRow(portal, invited.id))!.status).toBe("INVITED"),
      };
    },
  };

  const logIn: Operation = {
    does: "log in with an email and a password (logIn)",
    field: "logIn",
    async attempt(actor) {
      const response = await portal.gql(adminOps.logIn, { input: { email: logInAccount.email, password: logInAccount.password } }, credentials(actor));
      return {
        response,
        succeeded: async () => expect(response.data.logIn).toMatchObject({ token: expect.any(String), admin: { id: logInAccount.id }, userErrors: [] }),
        unchanged: nothing,
      };
    },
  };

  const logOut: Operation = {
    does: "log out (logOut)",
    field: "logOut",
    async attempt(actor) {
      // An admin logs out of a session of its own, made for this row: the one the other rows use stays.
      const person = actor !== "anonymous" && actor !== "platform";
      const ending = person ? { token: (await portal.given.logIn({ ...sessionOf(actor) })).token } : credentials(actor);
      const response = await portal.gql(adminOps.logOut, {}, ending);
      return {
        response,
        succeeded: async () => {
          expect(response.data.logOut).toEqual({ ok: true });
          expect(response.headers.getSetCookie().join("\n")).toMatch(/portal_session=;.*Expires=Thu, 01 Jan 1970/);
          if (!person) return;
          expect(outcome(await portal.gql(adminOps.me, {}, ending))).toBe("UNAUTHENTICATED");
          expect(outcome(await portal.gql(adminOps.me, {}, credentials(actor)))).toBe("OK");
        },
        unchanged: nothing,
      };
    },
  };

  function inviteAdmin(role: AdminRole, does: string): Operation {
    return {
      does,
      field: "inviteAdmin",
      async attempt(actor) {
        const email = uniqueEmail("matrix");
        const response = await portal.gql(adminOps.inviteAdmin, { input: { email, role } }, credentials(actor));
        return {
          response,
          succeeded: async () => {
            const { admin, userErrors } = response.data.inviteAdmin;
            expect(userErrors).toEqual([]);
            expect(admin).toMatchObject({ email, role, status: "INVITED", invitation: { status: "PENDING" } });
            // Always in the caller's own partner.
            expect((await adminRow(portal, admin.id))!.partnerId).toBe(partnerOf(actor).id);
          },
          unchanged: async () => expect(await adminsWithEmail(portal, email)).toBe(0),
        };
      },
    };
  }

  function resendInvitation(role: AdminRole, does: string): Operation {
    return onAdmin(does, "resendInvitation", () => portal.given.invitation(acme, role), {}, async (payload, id) => {
      expect(payload.userErrors).toEqual([]);
      expect(payload.admin).toMatchObject({ id, invitation: { status: "PENDING" } });
    });
  }

  function changeAdminRole(from: AdminRole, to: AdminRole, does: string): Operation {
    return onAdmin(does, "changeAdminRole", (expected) => activeTarget(from, expected), { role: to }, async (payload, id) => {
      expect(payload.userErrors).toEqual([]);
      expect(payload.admin).toMatchObject({ id, role: to });
      expect((await adminRow(portal, id))!.role).toBe(to);
    });
  }

  function removeAdmin(role: AdminRole, does: string): Operation {
    return onAdmin(does, "removeAdmin", (expected) => activeTarget(role, expected), {}, async (payload, id) => {
      expect(payload).toEqual({ removedAdminId: id, userErrors: [] });
      expect((await adminRow(portal, id))!.removedAt).not.toBeNull();
    });
  }

  const setPreferredLanguage: Operation = {
    does: "set the language of their own emails (setPreferredLanguage)",
    field: "setPreferredLanguage",
    async attempt(actor) {
      const self = actor === "anonymous" || actor === "platform" ? null : sessionOf(actor);
      const response = await portal.gql(adminOps.setPreferredLanguage, { input: { language: "ES" } }, credentials(actor));
      return {
        response,
        succeeded: async () => {
          expect(response.data.setPreferredLanguage).toEqual({ admin: { id: self!.id, preferredLanguage: "ES" }, userErrors: [] });
          expect((await adminRow(portal, self!.id))!.preferredLanguage).toBe("es");
          // Back to English, so the other cells' emails read as before.
          await portal.gql(adminOps.setPreferredLanguage, { input: { language: "EN" } }, credentials(actor));
        },
        unchanged: nothing,
      };
    },
  };

  const createPartner: Operation = {
    does: "create a partner (createPartner)",
    field: "createPartner",
    async attempt(actor) {
      const masterEmail = uniqueEmail("new-master");
      const response = await portal.gql(adminOps.createPartner, { input: { name: "Initech", country: "ES", masterEmail } }, credentials(actor));
      return {
        response,
        succeeded: async () => {
          expect(response.data.createPartner).toMatchObject({ partner: { name: "Initech", status: "PENDING_ACTIVATION" }, userErrors: [] });
          expect(await adminsWithEmail(portal, masterEmail)).toBe(1);
        },
        unchanged: async () => expect(await adminsWithEmail(portal, masterEmail)).toBe(0),
      };
    },
  };

  // prettier-ignore
  const matrix: Array<[Operation, ...Expected[]]> = [
    //                                                                                              anonymous Observer Operator Administrator Master Globex Master platform
    [me,                                                                                                  U,       A,       A,       A,         A,      A,         F],
    [partner,                                                                                             U,       A,       A,       A,         A,      A,         F],
    [admins,                                                                                              U,       A,       A,       A,         A,      A,         F],
    [invitation,                                                                                          A,       A,       A,       A,         A,      A,         A],
    [signUp,                                                                                              A,       A,       A,       A,         A,      A,         A],
    [logIn,                                                                                               A,       A,       A,       A,         A,      A,         A],
    [logOut,                                                                                              A,       A,       A,       A,         A,      A,         A],
    [inviteAdmin(AdminRole.OPERATOR, "invite an Operator (inviteAdmin)"),                                 U,       F,       F,       A,         A,      A,         F],
    [inviteAdmin(AdminRole.ADMINISTRATOR, "invite an Administrator (inviteAdmin)"),                       U,       F,       F,       A,         A,      A,         F],
    [inviteAdmin(AdminRole.MASTER, "invite a Master (inviteAdmin)"),                                      U,       F,       F,       F,         A,      A,         F],
    [resendInvitation(AdminRole.OPERATOR, "resend an Acme Operator's invitation (resendInvitation)"),     U,       F,       F,       A,         A,      N,         F],
    [resendInvitation(AdminRole.MASTER, "resend an Acme Master's invitation (resendInvitation)"),         U,       F,       F,       F,         A,      N,         F],
    [changeAdminRole(AdminRole.OPERATOR, AdminRole.OBSERVER, "make an Acme Operator an Observer (changeAdminRole)"), U, F, F,     A,         A,      N,         F],
    [changeAdminRole(AdminRole.OPERATOR, AdminRole.MASTER, "make an Acme Operator a Master (changeAdminRole)"),      U, F, F,     F,         A,      N,         F],
    [changeAdminRole(AdminRole.MASTER, AdminRole.ADMINISTRATOR, "make an Acme Master an Administrator (changeAdminRole)"), U, F, F, F,      A,      N,         F],
    [removeAdmin(AdminRole.OPERATOR, "remove an Acme Operator (removeAdmin)"),                            U,       F,       F,       A,         A,      N,         F],
    [removeAdmin(AdminRole.MASTER, "remove an Acme Master (removeAdmin)"),                                U,       F,       F,       F,         A,      N,         F],
    [setPreferredLanguage,                                                                                U,       A,       A,       A,         A,      A,         F],
    [createPartner,                                                                                       U,       F,       F,       F,         F,      F,         A],
  ];

  function title(operation: Operation, expected: Expected): string {
    if (expected === A) return `may ${operation.does}`;
    if (expected === N) return `gets NOT_FOUND, and nothing changes, trying to ${operation.does}`;
    return `may not ${operation.does}: ${expected}`;
  }

  for (const [column, actor] of actors.entries()) {
    describe(actor.title, () => {
      for (const [operation, ...cells] of matrix) {
        const expected = cells[column];
        it(title(operation, expected), async () => {
          const { response, succeeded, unchanged } = await operation.attempt(actor.key, expected);
          if (expected === A) {
            expect(response.errors).toBeUndefined();
            await succeeded();
          } else if (expected === N) {
            expect(response.errors).toBeUndefined();
            expect(response.data[operation.field].userErrors).toEqual([{ code: "NOT_FOUND", field: ["input", "adminId"], message: "No admin with this id." }]);
            await unchanged();
          } else {
            expect(outcome(response)).toBe(expected);
            expect(response.errors).toHaveLength(1);
            expect(response.data).toBeNull();
            await unchanged();
          }
        });
      }
    });
  }

  describe("after every cell", () => {
    it("the server logged no unexpected error", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });
});
