import { runCli } from "../../server/cli";
import { adminOps } from "../support/admin-operations";
import { uniqueEmail } from "../support/given";
import { Portal } from "../support/harness";

/**
 * `npm run portal -- list-partners`: the platform operator sees every partner with the id the
 * other commands take, its state and the credits in its pool. Run in-process against the test
 * portal's own database (DATA_DIR for SQLite, DATABASE_URL for MySQL), as an operator's shell would.
 */
describe("listing partners from the command line (npm run portal -- list-partners)", () => {
  let portal: Portal;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    portal = await Portal.start();
    process.env.NODE_ENV = "test";
    process.env.DATA_DIR = portal.dataDir;
    process.env.SMTP_URL = `smtp://127.0.0.1:${portal.mail.port}`;
    process.env.JWT_SECRET = "x".repeat(40);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await portal.stop();
  });
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  async function listPartners() {
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void out.push(args.join(" ")));
    const error = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void err.push(args.join(" ")));
    try {
      const code = await runCli(["list-partners"], portal.clock);
      return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it("says there is no partner yet, and how to create one, on an empty database", async () => {
    expect(await listPartners()).toEqual({ code: 0, stdout: "No partners yet. Create one with: npm run portal -- create-partner …", stderr: "" });
  });

  it("lists every partner, oldest first, with its id, state, pool, country and name, in aligned columns", async () => {
    portal.clock.moveTo("2026-12-01T10:00:00.000Z");
    const active = await portal.given.partner({ name: "Acme Security", country: "ES" });
    await portal.given.credits(active, 12500);
    portal.clock.moveTo("2026-12-01T11:00:00.000Z");
    const created = await portal.platform(adminOps.createPartner, { input: { name: "Globex Sistemas", country: "MX", masterEmail: uniqueEmail("pending") } });
    const pendingId = created.data.createPartner.partner.id;

    const run = await listPartners();

    expect(run).toEqual({
      code: 0,
      stdout: [
        `ID${" ".repeat(36)}STATE${" ".repeat(16)}POOL  COUNTRY  NAME`,
        `${active.id}  ACTIVE${" ".repeat(14)}12500  ES${" ".repeat(7)}Acme Security`,
        `${pendingId}  PENDING_ACTIVATION${" ".repeat(6)}0  MX${" ".repeat(7)}Globex Sistemas`,
        "",
        "2 partners.",
      ].join("\n"),
      stderr: "",
    });
  });
});
