import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { loadConfig } from "../../server/config";
import type { OutboxMessage } from "../../server/mail/outbox.entity";
import { OutboxWorker, retryDelayMs } from "../../server/mail/outbox.worker";
import { createMailTransport } from "../../server/mail/transport";
import { AdminRole } from "../../server/roles";
import { adminOps, adminRow, sha256 } from "../support/admin-operations";
import { uniqueEmail, type GivenPartner } from "../support/given";
import { Portal } from "../support/harness";

const publicUrl = "https://portal.example.test";

/** Polls until check() holds, for what the outbox worker does in the background. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("email", () => {
  let portal: Portal;

  const outboxRows = async () => Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM outbox_message"))[0].n);

  describe("with SMTP_URL set", () => {
    let acme: GivenPartner;

    beforeAll(async () => {
      portal = await Portal.start({ PUBLIC_URL: `${publicUrl}/` });
      acme = await portal.given.partner({ name: "Acme" });
    });
    afterAll(async () => {
      portal.mail.refusing = false;
      await portal.stop();
    });

    const invite = (email: string, role = AdminRole.OPERATOR) => portal.gql(adminOps.inviteAdmin, { input: { email, role } }, { token: acme.master.token });
    const invitationOf = async (id: string) => ((await portal.gql(adminOps.admins, {}, { token: acme.master.token })).data.admins as Array<{ id: string; invitation: unknown }>).find((a) => a.id === id)!.invitation;

    it("sends an invitation with a text part and an HTML part, each with the Sign Up link PUBLIC_URL/sign-up?token=…", async () => {
      const email = uniqueEmail("invitee");

      await invite(email, AdminRole.ADMINISTRATOR);

      const mail = await portal.mail.waitFor(email);
      expect(mail.subject).toBe("You are invited to the Acme Partner Portal");
      const link = /Sign Up: (\S+)/.exec(mail.text)?.[1];
      expect(link).toMatch(new RegExp(`^${publicUrl}/sign-up\\?token=[A-Za-z0-9_-]{43}$`));
      const token = new URL(link!).searchParams.get("token")!;
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(mail.html).toContain(`<a href="${link}"`);
      expect(mail.html).toMatch(/>Sign Up<\/a>/);
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain("Partner Portal of Acme as Administrator");
        expect(part).toContain("expires on");
      }
    });

    it("escapes what people typed in the HTML part: a partner name cannot inject markup", async () => {
      const masterEmail = uniqueEmail("master");

      await portal.platform(adminOps.createPartner, { input: { name: 'Tom & Jerry <b onclick="x()">Ltd</b>', country: "ES", masterEmail } });

      const mail = await portal.mail.waitFor(masterEmail);
      expect(mail.html).toContain("Tom &amp; Jerry &lt;b onclick=&quot;x()&quot;&gt;Ltd&lt;/b&gt;");
      expect(mail.html).not.toContain("<b onclick");
      expect(mail.text).toContain('Tom & Jerry <b onclick="x()">Ltd</b>');
    });

    it("keeps only the sha256 of the link's token: not the token in the admin's row, nor in the outbox once sent", async () => {
      const email = uniqueEmail("invitee");
      const { id } = (await invite(email)).data.inviteAdmin.admin;

      const token = await portal.given.signUpToken(email);
      await portal.mailSettled();

      expect((await adminRow(portal, id))!.invitationTokenHash).toBe(sha256(token));
      const stored = [
        ...(await portal.dataSource.query("SELECT * FROM partner_admin WHERE id = ?", [id])),
        ...(await portal.dataSource.query("SELECT * FROM outbox_message WHERE to_address = ?", [email])),
      ];
      expect(stored).toHaveLength(2);
      const holdingToken = stored.flatMap((row) => Object.entries(row).filter(([, value]) => String(value).includes(token)).map(([column]) => column));
      expect(holdingToken).toEqual([]);
      // The link still works: the hash is enough to recognise it.
      expect((await portal.gql(adminOps.invitation, { token })).data.invitation.email).toBe(email);
    });

    it("shows invitation.emailDelivered false until the mail server has taken the email, then true", async () => {
      const email = uniqueEmail("invitee");
      portal.mail.refusing = true;

      const { id } = (await invite(email)).data.inviteAdmin.admin;

      const attempts = async () => Number((await portal.dataSource.query("SELECT attempts FROM outbox_message WHERE to_address = ?", [email]))[0].attempts);
      await eventually(async () => (await attempts()) >= 1, "the first delivery attempt failed");
      expect(await invitationOf(id)).toMatchObject({ status: "PENDING", emailDelivered: false });
      expect(portal.mail.to(email)).toEqual([]);

      portal.mail.refusing = false;
      portal.clock.advance(retryDelayMs(1));
      portal.worker.kick();

      await portal.mail.waitFor(email);
      await eventually(async () => ((await invitationOf(id)) as { emailDelivered: boolean }).emailDelivered, "emailDelivered is true");
      expect(portal.mail.to(email)).toHaveLength(1);
    });

    it("writes no email for a change that did not happen", async () => {
      await portal.mailSettled();
      const before = await outboxRows();
      const mailsBefore = portal.mail.mails.length;

      const taken = await invite(acme.master.email);

      expect(taken.data.inviteAdmin.userErrors.map((e: { code: string }) => e.code)).toEqual(["EMAIL_TAKEN"]);
      expect(await outboxRows()).toBe(before);
      await portal.mailSettled();
      expect(portal.mail.mails).toHaveLength(mailsBefore);
    });

    it("leaves a password-reset request to a worker that can compose it: one without the portal's services sends nothing", async () => {
      const resetMails = () => portal.mail.to(acme.master.email).filter((mail) => mail.link?.includes("/reset-password?token="));
      await portal.mailSettled();
      const before = resetMails().length;
      await portal.worker.stop();
      try {
        await portal.gql(`mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`, { input: { email: acme.master.email } });
        // As the command line's worker was made: no outbox, so no composer.
        const bare = new OutboxWorker({ dataSource: portal.dataSource, transport: createMailTransport(portal.config), clock: portal.clock, pollMs: 50 });
        expect(await bare.deliverDue()).toBe(0);
        await bare.stop();
        expect(resetMails()).toHaveLength(before);
      } finally {
        portal.worker.start();
      }

      await portal.mailSettled();
      expect(resetMails()).toHaveLength(before + 1);
    });

    describe("afterwards", () => {
      it("the server logged no unexpected error", () => {
        expect(portal.errorsLogged).toEqual([]);
      });
    });
  });

  describe("without SMTP_URL", () => {
    beforeAll(async () => {
      portal = await Portal.start({ SMTP_URL: "" });
    });
    afterAll(() => portal.stop());

    it("writes each email as an .eml file under DATA_DIR/mail, with its text and HTML parts and its link", async () => {
      const masterEmail = uniqueEmail("master");

      const created = await portal.platform(adminOps.createPartner, { input: { name: "Offline VAR", country: "ES", masterEmail } });

      expect(created.data.createPartner.userErrors).toEqual([]);
      await portal.mailSettled();
      const folder = join(portal.dataDir, "mail");
      const files = readdirSync(folder).filter((file) => file.endsWith(".eml"));
      expect(files).toHaveLength(1);
      const parsed = await simpleParser(readFileSync(join(folder, files[0])));
      expect(parsed.subject).toBe("You are invited to the Offline VAR Partner Portal");
      expect(parsed.text).toMatch(/Sign Up: http:\/\/localhost:\d+\/sign-up\?token=[A-Za-z0-9_-]{43}/);
      expect(parsed.html).toContain(">Sign Up</a>");
      // Nothing went out over SMTP.
      expect(portal.mail.mails).toEqual([]);
    });

    it("prints each email's links to the console", async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "portal-mail-"));
      const printed: string[] = [];
      const transport = createMailTransport({ ...loadConfig({ DATA_DIR: dataDir }), mailFrom: "Portal <portal@example.com>" }, { info: (...args: unknown[]) => printed.push(args.join(" ")) } as unknown as Console);
      const message = {
        id: "0f8b1d9e-4a4e-4c52-9d3a-2f1f5b9a7c11",
        toAddress: "someone@example.com",
        subject: "Hello",
        text: "Open https://portal.example.test/sign-up?token=abc and https://portal.example.test/help",
        html: "<p>Hello</p>",
        createdAt: new Date(),
      } as OutboxMessage;

      try {
        await transport.send(message);
      } finally {
        transport.close();
      }

      expect(printed).toHaveLength(1);
      expect(printed[0]).toContain('"Hello" to someone@example.com');
      expect(printed[0]).toContain("https://portal.example.test/sign-up?token=abc");
      expect(printed[0]).toContain("https://portal.example.test/help");
      expect(readdirSync(join(dataDir, "mail"))).toHaveLength(1);
      rmSync(dataDir, { recursive: true, force: true });
    });
  });
});
