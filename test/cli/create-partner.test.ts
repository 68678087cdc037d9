import { runCli } from "../../server/cli";
import { adminOps, signUpInput } from "../support/admin-operations";
import { uniqueEmail } from "../support/given";
import { Portal } from "../support/harness";

/**
 * The platform operator's command line, run in-process against the test portal's own
 * database and mail catcher (the environment points the CLI at them), so what it creates
 * is used through the portal's API afterwards.
 */
describe("creating a partner from the command line (npm run portal -- create-partner …)", () => {
  let portal: Portal;
  const saved: Record<string, string | undefined> = {};
  const variables = ["NODE_ENV", "DATA_DIR", "DATABASE_URL", "SMTP_URL", "PUBLIC_URL", "JWT_SECRET", "PORT", "PLATFORM_API_KEY"];
  let printed: string[];
  let complained: string[];

  beforeAll(async () => {
    portal = await Portal.start();
    for (const name of variables) saved[name] = process.env[name];
  });
  beforeEach(() => {
    Object.assign(process.env, {
      NODE_ENV: "test",
      DATA_DIR: portal.dataDir,
      SMTP_URL: `smtp://127.0.0.1:${portal.mail.port}`,
      PUBLIC_URL: "https://portal.example.test",
    });
    delete process.env.PORT;
    printed = [];
    complained = [];
    jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void complained.push(args.join(" ")));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    for (const name of variables) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await portal.stop();
  });

  const partners = async () => Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM partner"))[0].n);

  describe("create-partner", () => {
    it("creates a PENDING_ACTIVATION partner and emails its Master a sign-up link, also printed, that signs the Master up", async () => {
      const masterEmail = uniqueEmail("cli-master");

      const code = await runCli(["create-partner", "--name", "Acme Security", "--country", "es", "--master-email", masterEmail]);

      expect(complained).toEqual([]);
      expect(code).toBe(0);
      const output = printed.join("\n");
      const [, partnerId] = /Created partner Acme Security \(([0-9a-f-]{36})\), PENDING_ACTIVATION/.exec(output) ?? [];
      expect(partnerId).toBeDefined();
      const link = /https:\/\/portal\.example\.test\/sign-up\?token=[A-Za-z0-9_-]{43}/.exec(output)?.[0];
      expect(link).toBeDefined();
      const [row] = await portal.dataSource.query("SELECT name, country, status FROM partner WHERE id = ?", [partnerId]);
      expect(row).toEqual({ name: "Acme Security", country: "ES", status: "PENDING_ACTIVATION" });
      // The email went out before the command returned.
      expect(portal.mail.to(masterEmail).map((mail) => mail.link)).toEqual([link]);

      const signedUp = await portal.gql(adminOps.signUp, { input: signUpInput(new URL(link!).searchParams.get("token")!) });
      expect(signedUp.data.signUp.admin).toMatchObject({ email: masterEmail, role: "MASTER", status: "ACTIVE" });
      const partner = await portal.gql(adminOps.partner, {}, { token: signedUp.data.signUp.token });
      expect(partner.data.partner).toMatchObject({ id: partnerId, status: "ACTIVE" });
    });

    it.each([
      { what: "no command", argv: [] },
      { what: "an unknown command", argv: ["create-partnr", "--name", "Acme"] },
      { what: "no options", argv: ["create-partner"] },
      { what: "no --master-email", argv: ["create-partner", "--name", "Acme", "--country", "ES"] },
      { what: "an unknown option", argv: ["create-partner", "--name", "Acme", "--country", "ES", "--master-email", "m@acme.example", "--colour", "red"] },
      { what: "an option without its value", argv: ["create-partner", "--name", "Acme", "--country", "ES", "--master-email"] },
    ])("exits with 64 and shows the usage for $what, creating nothing", async ({ argv }) => {
      const before = await partners();

      const code = await runCli(argv);

      expect(code).toBe(64);
      expect(complained.join("\n")).toMatch(/Usage: npm run portal -- /);
      expect(await partners()).toBe(before);
    });

    it("exits with 65 naming the bad value for a country that does not exist, creating nothing", async () => {
      const before = await partners();

      const code = await runCli(["create-partner", "--name", "Acme", "--country", "Spain", "--master-email", uniqueEmail()]);

      expect(code).toBe(65);
      expect(complained.join("\n")).toMatch(/^country: .*\(INVALID_COUNTRY\)$/);
      expect(await partners()).toBe(before);
    });

    it("exits with 78 naming the variable when the configuration is bad, creating nothing", async () => {
      process.env.PORT = "abc";
      const before = await partners();

      const code = await runCli(["create-partner", "--name", "Acme", "--country", "ES", "--master-email", uniqueEmail()]);

      expect(code).toBe(78);
      expect(complained.join("\n")).toContain("Configuration error: PORT:");
      expect(await partners()).toBe(before);
    });
  });
});
