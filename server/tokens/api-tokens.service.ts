import { randomBytes, randomUUID } from "node:crypto";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import type { PartnerAdmin } from "../admins/admin.entity";
import type { Acting, AuditService } from "../audit/audit.service";
import { hashToken } from "../auth/tokens";
import type { Clock } from "../clock";
import { affectedRows, type Transactor } from "../database";
import { UserFacingError } from "../errors";
import { AdminRole, atLeast } from "../roles";
import * as valid from "../validation";
import { ApiToken } from "./api-token.entity";
import { messages } from "./api-tokens.messages";

/** Every API token secret starts with this, so it is told apart from a session token at a glance. */
export const apiTokenPrefix = "ppt_";
const maxLifetimeMs = 366 * 24 * 3600 * 1000;
/** lastUsedAt is written at most this often per token, so use does not mean a write per request. */
const lastUsedResolutionMs = 60_000;

/** API tokens for partners' tools: created by Administrators and Masters, shown once, stored as a hash. */
export class ApiTokensService {
  constructor(private readonly deps: { dataSource: DataSource; transactor: Transactor; clock: Clock; audit: AuditService }) {}

  list(partnerId: string): Promise<ApiToken[]> {
    return this.deps.dataSource.getRepository(ApiToken).find({ where: { partnerId }, order: { createdAt: "DESC", id: "DESC" } });
  }

  async create(acting: Acting, creator: PartnerAdmin, input: { name: string; role: AdminRole; expiresAt?: Date | null }): Promise<{ apiToken: ApiToken; secret: string }> {
    const name = valid.text(input.name, "name", { label: "The token's name", max: 100 });
    if (input.role === AdminRole.MASTER) throw new UserFacingError("INVALID_ROLE", messages.noMasterTokens, "role");
    if (!atLeast(creator.role, input.role)) throw new UserFacingError("INVALID_ROLE", messages.roleTooHigh, "role");
    const now = this.deps.clock.now();
    if (input.expiresAt && (input.expiresAt <= now || input.expiresAt.getTime() - now.getTime() > maxLifetimeMs))
      throw new UserFacingError("INVALID_EXPIRY", messages.expiry, "expiresAt");
    const secret = apiTokenPrefix + randomBytes(32).toString("base64url");
    const apiToken = this.deps.dataSource.getRepository(ApiToken).create({
      id: randomUUID(),
      partnerId: creator.partnerId,
      name,
      role: input.role,
      secretHash: hashToken(secret),
      createdById: creator.id,
      createdAt: now,
      lastUsedAt: null,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
    });
    await this.deps.transactor.run(async (manager) => {
      await manager.insert(ApiToken, apiToken);
      await this.audit(manager, acting, "createApiToken", null, apiToken, { name, role: input.role, expiresAt: input.expiresAt ?? null });
    });
    return { apiToken, secret };
  }

  /** Revokes a token; revoking a revoked token again changes nothing and answers the token. */
  async revoke(acting: Acting, partnerId: string, rawId: string): Promise<ApiToken> {
    const id = valid.id(rawId, "id", { message: messages.notFound });
    return this.deps.transactor.run(async (manager) => {
      const before = await manager.findOneBy(ApiToken, { id, partnerId });
      const updated = await manager.update(ApiToken, { id, partnerId, revokedAt: IsNull() }, { revokedAt: this.deps.clock.now() });
      const token = await manager.findOneBy(ApiToken, { id, partnerId });
      if (!token || (affectedRows(updated) === 0 && !token.revokedAt)) throw new UserFacingError("NOT_FOUND", messages.notFound, "id");
      await this.audit(manager, acting, "revokeApiToken", before, token, { id });
      return token;
    });
  }

  private audit(manager: EntityManager, acting: Acting, action: string, before: ApiToken | null, after: ApiToken, input: object): Promise<void> {
    return this.deps.audit.record(manager, acting, { action, partnerId: after.partnerId, object: { type: "ApiToken", id: after.id, before, after }, input });
  }

  /** Revokes every live token the admin created (a password reset), inside the caller's transaction. */
  async revokeCreatedBy(manager: EntityManager, adminId: string): Promise<void> {
    await manager.update(ApiToken, { createdById: adminId, revokedAt: IsNull() }, { revokedAt: this.deps.clock.now() });
  }

  /** The token a secret belongs to, if it is neither revoked nor expired; marks it used. */
  async authenticate(secret: string): Promise<ApiToken | null> {
    const repository = this.deps.dataSource.getRepository(ApiToken);
    const token = await repository.findOneBy({ secretHash: hashToken(secret) });
    const now = this.deps.clock.now();
    if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > lastUsedResolutionMs) {
      token.lastUsedAt = now;
      await repository.update({ id: token.id }, { lastUsedAt: now });
    }
    return token;
  }
}
