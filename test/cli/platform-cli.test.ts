import { runCli } from "../../server/cli";
import { billingMonthOf } from "../../server/sites/site-cost";
import type { GivenPartner, GivenSite } from "../support/given";
import { Portal } from "../support/harness";
import { ledgerRows, stateOf } from "../support/ledger";
import { ops } from "../support/operations";

/**
 * The platform operator's command line (npm run portal -- <command>), run in-process against
 * the test portal's own database: the environment points DATA_DIR (SQLite) or DATABASE_URL
 * (MySQL) and SMTP_URL at it, as an operator's shell would.
 */
describe("the platform operator's command line", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let site: GivenSite;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    // Sessions that outlast the clock's moves through August.
    portal = await Portal.start({ JWT_TTL_SECONDS: String(30 * 24 * 3600) });
    // The portal's clock, which the command line shares, stands on 1 August before August is
    // billed: its sites exist in the months billed below.
    portal.clock.moveTo("2026-08-01T12:00:00.000Z");
    partner = await portal.given.partner({ name: "CLI VAR" });
    site = await portal.given.site(partner, { name: "CLI HQ" });
    process.env.NODE_ENV = "test";
    process.env.DATA_DIR = portal.dataDir;
    process.env.SMTP_URL = `smtp://127.0.0.1:${portal.mail.port}`;
    process.env.JWT_SECRET = "x".repeat(40);
    // DATABASE_URL, when set, is already the test database.
  });
  afterAll(async () => {
    process.env = savedEnv;
    await portal.stop();
  });
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  /** Runs the command line; returns its exit code and what it printed. */
  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void out.push(args.join(" ")));
    const error = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void err.push(args.join(" ")));
    try {
      const code = await runCli(argv, portal.clock);
      return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }
  const siteNow = async () => (await portal.gql(ops.site, { id: site.id }, { token: partner.master.token })).data.site;

  describe("migrate", () => {
    it("applies the migrations the database lacks, names them, and leaves the portal serving", async () => {
      const last = portal.dataSource.migrations[portal.dataSource.migrations.length - 1].name;
      await portal.dataSource.undoLastMigration({ transaction: "each" });

      const run = await cli("migrate");

      expect(run).toEqual({ code: 0, stdout: `[db] applied migration ${last}`, stderr: "" });
      expect((await fetch(`${portal.url}/readyz`)).status).toBe(200);
    });

    it("says the schema is up to date when nothing is pending", async () => {
      expect(await cli("migrate")).toEqual({ code: 0, stdout: "The database schema is up to date; no migration was pending.", stderr: "" });
    });
  });

  describe("grant-credits", () => {
    it("grants credits as a PURCHASE with its reference and says what the pool holds", async () => {
      const before = await stateOf(portal, partner.id);
      const run = await cli("grant-credits", "--partner", partner.id, "--credits", "250", "--reference", "PO-CLI-1");
      expect(run).toEqual({ code: 0, stdout: `Granted 250 credits to CLI VAR (PO-CLI-1); its pool now holds ${before.pool + 250}.`, stderr: "" });

      const history = await portal.gql(ops.creditTransactions, { kinds: ["PURCHASE"], first: 1 }, { token: partner.master.token });
      expect(history.data.creditTransactions.edges[0].node).toMatchObject({ kind: "PURCHASE", credits: 250, reference: "PO-CLI-1", actor: null });
      expect((await stateOf(portal, partner.id)).pool).toBe(before.pool + 250);
    });

    it("grants once when run twice with the same idempotency key", async () => {
      const before = await stateOf(portal, partner.id);
      const args = ["grant-credits", "--partner", partner.id, "--credits", "40", "--reference", "PO-CLI-2", "--idempotency-key", "cli-retry-1"];
      expect((await cli(...args)).code).toBe(0);
      const again = await cli(...args);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe(`Granted 40 credits to CLI VAR (PO-CLI-2); its pool now holds ${before.pool + 40}.`);
      const after = await stateOf(portal, partner.id);
      expect(after.pool).toBe(before.pool + 40);
      expect(after.ledgerRows).toBe(before.ledgerRows + 1);
    });
  });

  describe("report-usage", () => {
    it("sets a site's users and devices and prints its monthly cost", async () => {
      const run = await cli("report-usage", "--site", site.id, "--users", "250", "--devices", "12");
      expect(run).toEqual({ code: 0, stdout: "CLI HQ: 250 users, 12 devices, monthly cost 12 credits.", stderr: "" });
      expect(await siteNow()).toMatchObject({ userCount: 250, deviceCount: 12, monthlyCost: 12 });
    });

    it("sends the low-credit warnings it causes before it exits", async () => {
      const poor = await portal.given.site(partner, { name: "CLI Poor", credits: 1 });
      expect((await cli("report-usage", "--site", poor.id, "--users", "0", "--devices", "5")).code).toBe(0);
      const mail = await portal.mail.waitFor(partner.master.email, (m) => m.subject.startsWith("CLI Poor runs out of credits"));
      expect(mail.text).toContain("has 1 credits left and consumes 5 credits a month");
    });
  });

  describe("run-billing", () => {
    it("charges the month it is given once, and says what it did", async () => {
      portal.clock.moveTo("2026-08-31T06:00:00.000Z");
      await portal.given.credits(partner, 30);
      await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 30 } }, { token: partner.master.token });
      const run = await cli("run-billing", "--month", "2026-08");
      // CLI Poor (1 credit, 5 a month) cannot pay.
      expect(run).toEqual({ code: 0, stdout: "Billing 2026-08: 1 sites charged 12 credits; 1 sites suspended.", stderr: "" });
      expect(await siteNow()).toMatchObject({ credits: 18, status: "ACTIVE" });

      expect(await cli("run-billing", "--month", "2026-08")).toEqual({ code: 0, stdout: "Billing 2026-08: 0 sites charged 0 credits; 0 sites suspended.", stderr: "" });
      expect(await ledgerRows(portal, "kind = 'MONTHLY_CHARGE' AND site_id = ?", [site.id])).toHaveLength(1);
    });

    it("bills the current month when no month is given", async () => {
      portal.clock.moveTo("2026-09-01T06:00:00.000Z");
      await portal.given.logIn(partner.master);
      const month = billingMonthOf(portal.clock.now());
      expect(month).toBe("2026-09");
      const run = await cli("run-billing");
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`Billing ${month}: 1 sites charged 12 credits; 0 sites suspended.`);
      expect((await siteNow()).credits).toBe(6);
    });
  });

  describe("bad arguments", () => {
    const usageErrors: Array<[string, string[], RegExp]> = [
      ["no command at all", [], /^Usage: npm run portal -- <command>/],
      ["an unknown command", ["grant-everything"], /Unknown command "grant-everything"/],
      ["a missing required option", ["grant-credits", "--partner", "p", "--credits", "5"], /Missing --reference/],
      ["an option the command does not have", ["run-billing", "--month", "2026-09", "--dry-run"], /Unknown option '--dry-run'/],
      ["an option without its value", ["run-billing", "--month"], /argument missing/],
      ["credits that are not a number", ["grant-credits", "--partner", "p", "--credits", "lots", "--reference", "PO"], /--credits must be a whole number, got "lots"/],
      ["fractional credits", ["grant-credits", "--partner", "p", "--credits", "1.5", "--reference", "PO"], /--credits must be a whole number, got "1.5"/],
      ["a device count that is not a number", ["report-usage", "--site", "s", "--users", "1", "--devices", "ten"], /--devices must be a whole number/],
      ["a negative number that reads like an option", ["grant-credits", "--partner", "p", "--credits", "-5", "--reference", "PO"], /argument is ambiguous/],
    ];
    it.each(usageErrors)("refuses %s with exit code 64 and the usage, changing nothing", async (_case, argv, message) => {
      const before = await stateOf(portal, partner.id);
      const run = await cli(...argv);
      expect(run.code).toBe(64);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain("Usage: npm run portal -- ");
      expect(await stateOf(portal, partner.id)).toEqual(before);
    });

    const refusals: Array<[string, () => string[], RegExp]> = [
      ["a negative grant", () => ["grant-credits", "--partner", partner.id, "--credits=-5", "--reference", "PO"], /credits: Credits must be a whole number from 1 .* \(INVALID_CREDITS\)/],
      ["a grant of zero", () => ["grant-credits", "--partner", partner.id, "--credits", "0", "--reference", "PO"], /\(INVALID_CREDITS\)/],
      ["a partner that does not exist", () => ["grant-credits", "--partner", "no-such-partner", "--credits", "5", "--reference", "PO"], /partnerId: No partner with this id\. \(NOT_FOUND\)/],
      ["a site that does not exist", () => ["report-usage", "--site", "no-such-site", "--users", "1", "--devices", "1"], /\(NOT_FOUND\)/],
      ["negative usage", () => ["report-usage", "--site", site.id, "--users=-1", "--devices", "1"], /\(INVALID_USAGE\)/],
      ["a month that does not exist", () => ["run-billing", "--month", "2026-13"], /month: Give the month as "YYYY-MM".*\(INVALID_MONTH\)/],
      ["a month in words", () => ["run-billing", "--month", "next month"], /\(INVALID_MONTH\)/],
    ];
    it.each(refusals)("refuses %s with exit code 65 and the reason, changing nothing", async (_case, argv, message) => {
      const before = await stateOf(portal, partner.id);
      const run = await cli(...argv());
      expect(run.code).toBe(65);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(message);
      expect(await stateOf(portal, partner.id)).toEqual(before);
      expect(await siteNow()).toMatchObject({ userCount: 250, deviceCount: 12 });
    });
  });
});
