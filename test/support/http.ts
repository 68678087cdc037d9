import { request } from "node:http";

/** Plain HTTP for what fetch cannot do: choose the client's address, or send a body slowly. */

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or null when it is not JSON. */
  json: any;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Sent at once, or in these parts with `pauseMs` between them (a slow client). */
  body?: string | string[];
  pauseMs?: number;
  /**
   * The loopback address the request comes from (any of 127.0.0.0/8 on Linux), so a test can
   * act as several clients: the portal sees it as the client's address.
   */
  from?: string;
  /** Called once the request's headers and first part are on the wire. */
  onSent?: () => void;
}

export function send(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const parts = options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body];
  const length = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (parts.length ? "POST" : "GET"),
        headers: { ...(parts.length ? { "content-length": String(length) } : {}), ...options.headers },
        localAddress: options.from,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    void (async () => {
      for (const [index, part] of parts.entries()) {
        if (index > 0) await new Promise((wait) => setTimeout(wait, options.pauseMs ?? 0));
        req.write(part);
        if (index === 0) options.onSent?.();
      }
      req.end();
      if (!parts.length) options.onSent?.();
    })();
  });
}

/** A GraphQL POST from a chosen client address. */
export function gqlFrom(url: string, from: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<RawResponse> {
  return send(`${url}/graphql`, {
    from,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
}
