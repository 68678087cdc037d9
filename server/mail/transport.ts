import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../config";
import { makePrivateDirAsync, writePrivateFile } from "../files";
import type { OutboxMessage } from "./outbox.entity";

/** Sends one email; throws when the mail server did not accept it. */
export interface MailTransport {
  send(message: OutboxMessage): Promise<void>;
  close(): void;
}

export function createMailTransport(config: Pick<Config, "smtpUrl" | "mailFrom" | "dataDir" | "timeouts">, log = console): MailTransport {
  if (config.smtpUrl) {
    // A mail server that stops answering fails the attempt (the outbox retries it later) instead of holding the worker.
    const { smtpConnectMs, smtpSocketMs } = config.timeouts;
    const smtp = nodemailer.createTransport(
      { url: config.smtpUrl, connectionTimeout: smtpConnectMs, greetingTimeout: smtpConnectMs, socketTimeout: smtpSocketMs },
      { from: config.mailFrom },
    );
    return {
      async send(message) {
        await smtp.sendMail({
          from: config.mailFrom,
          to: message.toAddress,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${message.id}@partner-portal>`,
        });
      },
      close: () => smtp.close(),
    };
  }
  // No SMTP server configured: each email becomes an .eml file and its links go to the console.
  const folder = join(config.dataDir, "mail");
  const writer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await writer.sendMail({
        from: config.mailFrom,
        to: message.toAddress,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      await makePrivateDirAsync(folder);
      const file = join(folder, `${message.createdAt.toISOString().replace(/[:.]/g, "-")}-${message.id}.eml`);
      await writePrivateFile(file, info.message as Buffer);
      const links = message.text.match(/https?:\/\/\S+/g) ?? [];
      log.info(`[mail] "${message.subject}" to ${message.toAddress} written to ${file}${links.map((l) => `\n[mail]   ${l}`).join("")}`);
    },
    close: () => writer.close(),
  };
}
