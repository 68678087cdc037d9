import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1763900000000 implements MigrationInterface {
    name = 'Initial1763900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "partner_admin" ("id" varchar(36) PRIMARY KEY NOT NULL, "partner_id" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "live_email" varchar(254), "name" varchar(100), "role" varchar(20) NOT NULL, "status" varchar(20) NOT NULL, "password_hash" varchar(200), "invited_by_id" varchar(36), "created_at" datetime(3) NOT NULL, "last_log_in_at" datetime(3), "invitation_token_hash" varchar(64), "invitation_expires_at" datetime(3), "invitation_message_id" varchar(36), "accepted_at" datetime(3), "privacy_policy_version" varchar(20), "privacy_policy_accepted_at" datetime(3), "terms_version" varchar(20), "terms_accepted_at" datetime(3), "removed_at" datetime(3))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_partner_admin_live_email" ON "partner_admin" ("live_email") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_partner_admin_invitation_token" ON "partner_admin" ("invitation_token_hash") `);
        await queryRunner.query(`CREATE INDEX "idx_partner_admin_partner" ON "partner_admin" ("partner_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "login_throttle" ("throttle_key" varchar(300) PRIMARY KEY NOT NULL, "failures" integer NOT NULL, "window_started_at" datetime(3) NOT NULL, "locked_until" datetime(3))`);
        await queryRunner.query(`CREATE TABLE "credit_transaction" ("id" varchar(36) PRIMARY KEY NOT NULL, "partner_id" varchar(36) NOT NULL, "kind" varchar(20) NOT NULL, "credits" integer NOT NULL, "site_id" varchar(36), "site_name" varchar(200), "unallocated_credits_after" integer NOT NULL, "site_credits_after" integer, "actor_id" varchar(36), "note" varchar(500), "reference" varchar(200), "idempotency_key" varchar(100), "billing_month" varchar(7), "created_at" datetime(3) NOT NULL)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_credit_transaction_billing" ON "credit_transaction" ("site_id", "billing_month") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_credit_transaction_idempotency" ON "credit_transaction" ("partner_id", "idempotency_key") `);
        await queryRunner.query(`CREATE INDEX "idx_credit_transaction_site_time" ON "credit_transaction" ("site_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_credit_transaction_partner_time" ON "credit_transaction" ("partner_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "outbox_message" ("id" varchar(36) PRIMARY KEY NOT NULL, "partner_id" varchar(36), "kind" varchar(40) NOT NULL, "to_address" varchar(254) NOT NULL, "subject" varchar(300) NOT NULL, "text" text NOT NULL, "html" text NOT NULL, "created_at" datetime(3) NOT NULL, "next_attempt_at" datetime(3) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "locked_until" datetime(3), "delivered_at" datetime(3), "last_error" varchar(500))`);
        await queryRunner.query(`CREATE INDEX "idx_outbox_due" ON "outbox_message" ("delivered_at", "next_attempt_at") `);
        await queryRunner.query(`CREATE TABLE "partner" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "country" varchar(2) NOT NULL, "status" varchar(20) NOT NULL, "unallocated_credits" integer NOT NULL DEFAULT (0), "created_at" datetime(3) NOT NULL, "activated_at" datetime(3))`);
        await queryRunner.query(`CREATE TABLE "site_administrator" ("id" varchar(36) PRIMARY KEY NOT NULL, "partner_id" varchar(36) NOT NULL, "site_id" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "token_hash" varchar(64), "invited_at" datetime(3) NOT NULL, "expires_at" datetime(3) NOT NULL, "accepted_at" datetime(3), "revoked_at" datetime(3), "message_id" varchar(36))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_site_administrator_token" ON "site_administrator" ("token_hash") `);
        await queryRunner.query(`CREATE INDEX "idx_site_administrator_site" ON "site_administrator" ("site_id", "invited_at") `);
        await queryRunner.query(`CREATE TABLE "site" ("id" varchar(36) PRIMARY KEY NOT NULL, "partner_id" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "country" varchar(2) NOT NULL, "time_zone" varchar(64) NOT NULL, "notes" varchar(2000) NOT NULL DEFAULT (''), "status" varchar(20) NOT NULL, "credits" integer NOT NULL DEFAULT (0), "user_count" integer NOT NULL DEFAULT (0), "device_count" integer NOT NULL DEFAULT (0), "monthly_cost" integer NOT NULL DEFAULT (0), "runway_months" integer, "warned_within_days" integer, "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, "deleted_at" datetime(3))`);
        await queryRunner.query(`CREATE INDEX "idx_site_billing" ON "site" ("deleted_at", "status", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_site_partner_runway" ON "site" ("partner_id", "deleted_at", "runway_months", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_site_partner_created" ON "site" ("partner_id", "deleted_at", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_site_partner_name" ON "site" ("partner_id", "deleted_at", "name", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_site_partner_name"`);
        await queryRunner.query(`DROP INDEX "idx_site_partner_created"`);
        await queryRunner.query(`DROP INDEX "idx_site_partner_runway"`);
        await queryRunner.query(`DROP INDEX "idx_site_billing"`);
        await queryRunner.query(`DROP TABLE "site"`);
        await queryRunner.query(`DROP INDEX "idx_site_administrator_site"`);
        await queryRunner.query(`DROP INDEX "uq_site_administrator_token"`);
        await queryRunner.query(`DROP TABLE "site_administrator"`);
        await queryRunner.query(`DROP TABLE "partner"`);
        await queryRunner.query(`DROP INDEX "idx_outbox_due"`);
        await queryRunner.query(`DROP TABLE "outbox_message"`);
        await queryRunner.query(`DROP INDEX "idx_credit_transaction_partner_time"`);
        await queryRunner.query(`DROP INDEX "idx_credit_transaction_site_time"`);
        await queryRunner.query(`DROP INDEX "uq_credit_transaction_idempotency"`);
        await queryRunner.query(`DROP INDEX "uq_credit_transaction_billing"`);
        await queryRunner.query(`DROP TABLE "credit_transaction"`);
        await queryRunner.query(`DROP TABLE "login_throttle"`);
        await queryRunner.query(`DROP INDEX "idx_partner_admin_partner"`);
        await queryRunner.query(`DROP INDEX "uq_partner_admin_invitation_token"`);
        await queryRunner.query(`DROP INDEX "uq_partner_admin_live_email"`);
        await queryRunner.query(`DROP TABLE "partner_admin"`);
    }

}
