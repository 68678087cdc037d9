import { MigrationInterface, QueryRunner } from "typeorm";

/** API tokens, the audit log, password resets and session versions. */
export class HostileWorld1763910000000 implements MigrationInterface {
    name = 'HostileWorld1763910000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_entry" ("id" varchar(36) PRIMARY KEY NOT NULL, "partner_id" varchar(36), "actor_kind" varchar(20) NOT NULL, "actor_id" varchar(36), "actor_name" varchar(254), "client_address" varchar(64), "action" varchar(60) NOT NULL, "object_type" varchar(40), "object_id" varchar(36), "before" text, "after" text, "created_at" datetime(3) NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "idx_audit_entry_actor_time" ON "audit_entry" ("actor_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_audit_entry_partner_time" ON "audit_entry" ("partner_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "api_token" ("id" varchar(36) PRIMARY KEY NOT NULL, "partner_id" varchar(36) NOT NULL, "name" varchar(100) NOT NULL, "role" varchar(20) NOT NULL, "secret_hash" varchar(64) NOT NULL, "created_by_id" varchar(36) NOT NULL, "created_at" datetime(3) NOT NULL, "last_used_at" datetime(3), "expires_at" datetime(3), "revoked_at" datetime(3))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_token_secret" ON "api_token" ("secret_hash") `);
        await queryRunner.query(`CREATE INDEX "idx_api_token_partner" ON "api_token" ("partner_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "partner_admin" ADD COLUMN "session_version" integer NOT NULL DEFAULT (0)`);
        await queryRunner.query(`ALTER TABLE "partner_admin" ADD COLUMN "reset_token_hash" varchar(64)`);
        await queryRunner.query(`ALTER TABLE "partner_admin" ADD COLUMN "reset_expires_at" datetime(3)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_partner_admin_reset_token" ON "partner_admin" ("reset_token_hash")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_partner_admin_reset_token"`);
        await queryRunner.query(`ALTER TABLE "partner_admin" DROP COLUMN "reset_expires_at"`);
        await queryRunner.query(`ALTER TABLE "partner_admin" DROP COLUMN "reset_token_hash"`);
        await queryRunner.query(`ALTER TABLE "partner_admin" DROP COLUMN "session_version"`);
        await queryRunner.query(`DROP TABLE "api_token"`);
        await queryRunner.query(`DROP TABLE "audit_entry"`);
    }
}
