import * as passwords from "../../server/auth/passwords";
import { throttleRules } from "../../server/auth/login-throttle";
import { AdminRole } from "../../server/roles";
import { adminOps, adminRow } from "../support/admin-operations";
import { uniqueEmail, type GivenPartner, type Session } from "../support/given";
import { Portal } from "../support/harness";
import { gqlFrom } from "../support/http";

const minute = 60_000;

describe("logging in", () => {
  let portal: Portal;
  let acme: GivenPartner;
  let operator: Session;

  beforeAll(async () => {
    portal = await Portal.start();
    acme = await portal.given.partner({ name: "Acme" });
    operator = await portal.given.admin(acme, AdminRole.OPERATOR);
  });
  afterAll(() => portal.stop());

  /** logIn from a chosen client address (each test uses its own, so address throttling stays within the test). */
  async function logIn(from: string, email: string, password: string) {
    const response = await gqlFrom(portal.url, from, adminOps.logIn, { input: { email, password } });
    expect(response.status).toBe(200);
    expect(response.json.errors).toBeUndefined();
    return response.json.data.logIn as { token: string | null; admin: { id: string; email: string; role: string; lastLogInAt: string } | null; userErrors: Array<{ code: string; message: string; field: string[] | null }> };
  }
  const code = (payload: { token: string | null; userErrors: Array<{ code: string }> }) => (payload.token ? "OK" : payload.userErrors[0].code);

  describe("anonymous, with the right password", () => {
    it("gets a token for the admin, and the admin's last log-in time is updated", async () => {
      portal.clock.advance(minute);

      const result = await logIn("127.0.0.11", operator.email, operator.password);

      expect(result).toMatchObject({ token: expect.any(String), admin: { id: operator.id, email: operator.email, role: "OPERATOR" }, userErrors: [] });
      expect(Math.abs(Date.parse(result.admin!.lastLogInAt) - portal.clock.now().getTime())).toBeLessThan(5_000);
      const me = await portal.gql(adminOps.me, {}, { token: result.token! });
      expect(me.data.me.id).toBe(operator.id);
    });

    it("may type the email in any case and with spaces around it", async () => {
      const result = await logIn("127.0.0.12", `  ${operator.email.toUpperCase()} `, operator.password);

      expect(result.admin?.id).toBe(operator.id);
    });
  });

  describe("anonymous, with a wrong password or an unknown email", () => {
    it("is refused with INVALID_CREDENTIALS and no token", async () => {
      const result = await logIn("127.0.0.13", operator.email, "not the password");

      expect(result).toEqual({ token: null, expiresAt: null, admin: null, userErrors: [{ code: "INVALID_CREDENTIALS", message: "The email or password is not correct.", field: null }] });
    });

    it("gets exactly the same answer whether the email exists or not", async () => {
      const pending = await portal.given.invitation(acme, AdminRole.OBSERVER);

      const wrongPassword = await logIn("127.0.0.14", operator.email, "not the password");
      const unknownEmail = await logIn("127.0.0.14", uniqueEmail("nobody"), "not the password");
      const notSignedUp = await logIn("127.0.0.14", pending.email, "not the password");

      expect(unknownEmail).toEqual(wrongPassword);
      expect(notSignedUp).toEqual(wrongPassword);
    });
  });

  describe("anonymous, after repeated failures on one account", () => {
    it("is locked out after 5 failures, even with the right password and from any address, until 15 minutes have passed", async () => {
      const target = await portal.given.admin(acme, AdminRole.OBSERVER);
      const from = "127.0.0.21";

      const failures = [];
      for (let i = 0; i < 5; i++) failures.push(code(await logIn(from, target.email, `wrong password ${i}`)));
      expect(failures).toEqual(Array(5).fill("INVALID_CREDENTIALS"));

      const locked = await logIn(from, target.email, target.password);
      expect(locked).toMatchObject({ token: null, userErrors: [{ code: "TOO_MANY_ATTEMPTS", message: "Too many failed log-ins. Try again in 15 minutes." }] });
      // Locked from every address: the lock is on the account, not on the address.
      expect(code(await logIn("127.0.0.22", target.email, target.password))).toBe("TOO_MANY_ATTEMPTS");
      expect(code(await logIn(from, operator.email, operator.password))).toBe("OK");

      portal.clock.advance(14 * minute);
      expect(code(await logIn(from, target.email, target.password))).toBe("TOO_MANY_ATTEMPTS");

      portal.clock.advance(minute + 1_000);
      const after = await logIn(from, target.email, target.password);
      expect(after.admin?.id).toBe(target.id);
    });

    it("counts again from zero after a successful log-in", async () => {
      const target = await portal.given.admin(acme, AdminRole.OBSERVER);
      const from = "127.0.0.24";

      for (let i = 0; i < 4; i++) await logIn(from, target.email, "wrong password");
      expect(code(await logIn(from, target.email, target.password))).toBe("OK");
      // A fifth failure in a row would lock the account, had the success not cleared the count.
      expect(code(await logIn(from, target.email, "wrong password"))).toBe("INVALID_CREDENTIALS");

      expect(code(await logIn(from, target.email, target.password))).toBe("OK");
    });
  });

  describe("anonymous, after repeated failures from one client address", () => {
    it("locks that address for every account after 20 failures, while other addresses can still log in", async () => {
      const from = "127.0.0.31";
      // 20 failures spread over 5 unknown accounts, so no account reaches its own limit.
      const emails = Array.from({ length: 5 }, () => uniqueEmail("guess"));
      const failures = [];
      for (let i = 0; i < 20; i++) failures.push(code(await logIn(from, emails[i % 5], "guessed password")));
      expect(failures).toEqual(Array(20).fill("INVALID_CREDENTIALS"));

      expect(code(await logIn(from, operator.email, operator.password))).toBe("TOO_MANY_ATTEMPTS");
      expect(code(await logIn("127.0.0.32", operator.email, operator.password))).toBe("OK");

      portal.clock.advance(15 * minute + 1_000);
      expect(code(await logIn(from, operator.email, operator.password))).toBe("OK");
    });
  });

  describe("anonymous, in a burst of simultaneous attempts", () => {
    /** Sends the attempts all at once; their answers' codes, and how many passwords the server checked meanwhile. */
    async function burst(from: string, attempts: Array<{ email: string; password: string }>) {
      const checks = jest.spyOn(passwords, "verifyPassword");
      try {
        const answers = await Promise.all(attempts.map(({ email, password }) => logIn(from, email, password)));
        return { codes: answers.map(code), checks: checks.mock.calls.length };
      } finally {
        checks.mockRestore();
      }
    }
    const tally = (codes: string[]) => codes.reduce<Record<string, number>>((counts, c) => ({ ...counts, [c]: (counts[c] ?? 0) + 1 }), {});

    it("checks at most 5 of 40 wrong passwords for one account and refuses the rest as TOO_MANY_ATTEMPTS; the account stays locked for 15 minutes", async () => {
      const target = await portal.given.admin(acme, AdminRole.OBSERVER);

      const { codes, checks } = await burst("127.0.0.51", Array.from({ length: 40 }, (_, i) => ({ email: target.email, password: `wrong password ${i}` })));

      expect(checks).toBeLessThanOrEqual(throttleRules.account.maxFailures);
      expect(tally(codes)).toEqual({ INVALID_CREDENTIALS: checks, TOO_MANY_ATTEMPTS: 40 - checks });
      expect(code(await logIn("127.0.0.52", target.email, target.password))).toBe("TOO_MANY_ATTEMPTS");
      portal.clock.advance(15 * minute + 1_000);
      expect(code(await logIn("127.0.0.52", target.email, target.password))).toBe("OK");
    });

    it("checks at most 20 of 40 wrong passwords from one address for 40 accounts, and the address stays locked", async () => {
      const from = "127.0.0.53";
      const { codes, checks } = await burst(from, Array.from({ length: 40 }, () => ({ email: uniqueEmail("guess"), password: "guessed password" })));

      expect(checks).toBeLessThanOrEqual(throttleRules.address.maxFailures);
      expect(tally(codes)).toEqual({ INVALID_CREDENTIALS: checks, TOO_MANY_ATTEMPTS: 40 - checks });
      expect(code(await logIn(from, operator.email, operator.password))).toBe("TOO_MANY_ATTEMPTS");
      expect(code(await logIn("127.0.0.54", operator.email, operator.password))).toBe("OK");
    });
  });

  describe("as a removed admin", () => {
    it("cannot log in: INVALID_CREDENTIALS, as for an unknown email", async () => {
      const removed = await portal.given.admin(acme, AdminRole.OPERATOR);
      await portal.gql(adminOps.removeAdmin, { input: { adminId: removed.id } }, { token: (await portal.given.logIn(acme.master)).token });
      expect((await adminRow(portal, removed.id))!.removedAt).not.toBeNull();

      const result = await logIn("127.0.0.41", removed.email, removed.password);

      expect(result).toEqual({ token: null, expiresAt: null, admin: null, userErrors: [{ code: "INVALID_CREDENTIALS", message: "The email or password is not correct.", field: null }] });
    });
  });

  describe("afterwards", () => {
    it("the server logged no unexpected error", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });
});
