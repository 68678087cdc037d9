import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The first link of the email's text part. */
  link: string | null;
}

/** A real SMTP server on loopback that keeps what it receives, for tests to read back. */
export class SmtpCatcher {
  readonly mails: CaughtMail[] = [];
  private waiters: Array<() => void> = [];
  private server: SMTPServer;
  /** While true, the server refuses every message (a mail relay outage). */
  refusing = false;
  /** While true, the server takes a message's data and never answers it (a mail relay that hangs mid-conversation). */
  stalling = false;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, _session, callback) => {
        if (this.stalling) {
          stream.resume();
          return;
        }
        if (this.refusing) {
          stream.resume();
          stream.on("end", () => callback(Object.assign(new Error("Service unavailable"), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((parsed: ParsedMail) => {
            const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
            const text = parsed.text ?? "";
            this.mails.push({
              to: to?.value[0]?.address ?? "",
              subject: parsed.subject ?? "",
              text,
              html: typeof parsed.html === "string" ? parsed.html : "",
              link: text.match(/https?:\/\/\S+/)?.[0] ?? null,
            });
            for (const wake of this.waiters.splice(0)) wake();
            callback();
          })
          .catch(callback);
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The newest email to this address matching the filter, waiting for it to arrive. */
  async waitFor(to: string, filter: (mail: CaughtMail) => boolean = () => true, timeoutMs = 10_000): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.mails].reverse().find((m) => m.to === to.toLowerCase() && filter(m));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No email to ${to} arrived within ${timeoutMs} ms (got: ${this.mails.map((m) => `${m.to}: ${m.subject}`).join("; ") || "none"})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  to(address: string): CaughtMail[] {
    return this.mails.filter((m) => m.to === address.toLowerCase());
  }
}
