import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A row per signed-in session, which log-out and password resets end; it replaces the admin's
 * session version. API tokens are found by their creator, whose password reset revokes them.
 */
export class ServerSessions1764640000000 implements MigrationInterface {
    name = 'ServerSessions1764640000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "admin_session" ("id" varchar(36) PRIMARY KEY NOT NULL, "admin_id" varchar(36) NOT NULL, "created_at" datetime(3) NOT NULL, "last_seen_at" datetime(3), "expires_at" datetime(3) NOT NULL, "ended_at" datetime(3), "user_agent" varchar(255), "client_address" varchar(64))`);
        await queryRunner.query(`CREATE INDEX "idx_admin_session_admin" ON "admin_session" ("admin_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "partner_admin" DROP COLUMN "session_version"`);
        await queryRunner.query(`CREATE INDEX "idx_api_token_creator" ON "api_token" ("created_by_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_api_token_creator"`);
        await queryRunner.query(`ALTER TABLE "partner_admin" ADD COLUMN "session_version" integer NOT NULL DEFAULT (0)`);
        await queryRunner.query(`DROP INDEX "idx_admin_session_admin"`);
        await queryRunner.query(`DROP TABLE "admin_session"`);
    }
}
