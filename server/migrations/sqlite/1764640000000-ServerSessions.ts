import { MigrationInterface, QueryRunner } from "typeorm";

/** A row per signed-in session, which log-out and password resets end; it replaces the admin's session version. */
export class ServerSessions1764640000000 implements MigrationInterface {
    name = 'ServerSessions1764640000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "admin_session" ("id" varchar(36) PRIMARY KEY NOT NULL, "admin_id" varchar(36) NOT NULL, "created_at" datetime(3) NOT NULL, "last_seen_at" datetime(3), "expires_at" datetime(3) NOT NULL, "ended_at" datetime(3), "user_agent" varchar(255), "client_address" varchar(64))`);
        await queryRunner.query(`CREATE INDEX "idx_admin_session_admin" ON "admin_session" ("admin_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "partner_admin" DROP COLUMN "session_version"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "partner_admin" ADD COLUMN "session_version" integer NOT NULL DEFAULT (0)`);
        await queryRunner.query(`DROP INDEX "idx_admin_session_admin"`);
        await queryRunner.query(`DROP TABLE "admin_session"`);
    }
}
