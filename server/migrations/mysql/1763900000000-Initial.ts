import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1763900000000 implements MigrationInterface {
    name = 'Initial1763900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`partner_admin\` (\`id\` varchar(36) NOT NULL, \`partner_id\` varchar(36) NOT NULL, \`email\` varchar(254) NOT NULL, \`live_email\` varchar(254) NULL, \`name\` varchar(100) NULL, \`role\` varchar(20) NOT NULL, \`status\` varchar(20) NOT NULL, \`password_hash\` varchar(200) NULL, \`invited_by_id\` varchar(36) NULL, \`created_at\` datetime(3) NOT NULL, \`last_log_in_at\` datetime(3) NULL, \`invitation_token_hash\` varchar(64) NULL, \`invitation_expires_at\` datetime(3) NULL, \`invitation_message_id\` varchar(36) NULL, \`accepted_at\` datetime(3) NULL, \`privacy_policy_version\` varchar(20) NULL, \`privacy_policy_accepted_at\` datetime(3) NULL, \`terms_version\` varchar(20) NULL, \`terms_accepted_at\` datetime(3) NULL, \`removed_at\` datetime(3) NULL, UNIQUE INDEX \`uq_partner_admin_live_email\` (\`live_email\`), UNIQUE INDEX \`uq_partner_admin_invitation_token\` (\`invitation_token_hash\`), INDEX \`idx_partner_admin_partner\` (\`partner_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`login_throttle\` (\`throttle_key\` varchar(300) NOT NULL, \`failures\` int NOT NULL, \`window_started_at\` datetime(3) NOT NULL, \`locked_until\` datetime(3) NULL, PRIMARY KEY (\`throttle_key\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`credit_transaction\` (\`id\` varchar(36) NOT NULL, \`partner_id\` varchar(36) NOT NULL, \`kind\` varchar(20) NOT NULL, \`credits\` int NOT NULL, \`site_id\` varchar(36) NULL, \`site_name\` varchar(200) NULL, \`unallocated_credits_after\` int NOT NULL, \`site_credits_after\` int NULL, \`actor_id\` varchar(36) NULL, \`note\` varchar(500) NULL, \`reference\` varchar(200) NULL, \`idempotency_key\` varchar(100) NULL, \`billing_month\` varchar(7) NULL, \`created_at\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_credit_transaction_billing\` (\`site_id\`, \`billing_month\`), UNIQUE INDEX \`uq_credit_transaction_idempotency\` (\`partner_id\`, \`idempotency_key\`), INDEX \`idx_credit_transaction_site_time\` (\`site_id\`, \`created_at\`, \`id\`), INDEX \`idx_credit_transaction_partner_time\` (\`partner_id\`, \`created_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`outbox_message\` (\`id\` varchar(36) NOT NULL, \`partner_id\` varchar(36) NULL, \`kind\` varchar(40) NOT NULL, \`to_address\` varchar(254) NOT NULL, \`subject\` varchar(300) NOT NULL, \`text\` text NOT NULL, \`html\` text NOT NULL, \`created_at\` datetime(3) NOT NULL, \`next_attempt_at\` datetime(3) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`locked_until\` datetime(3) NULL, \`delivered_at\` datetime(3) NULL, \`last_error\` varchar(500) NULL, INDEX \`idx_outbox_due\` (\`delivered_at\`, \`next_attempt_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`partner\` (\`id\` varchar(36) NOT NULL, \`name\` varchar(200) NOT NULL, \`country\` varchar(2) NOT NULL, \`status\` varchar(20) NOT NULL, \`unallocated_credits\` int NOT NULL DEFAULT '0', \`created_at\` datetime(3) NOT NULL, \`activated_at\` datetime(3) NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`site_administrator\` (\`id\` varchar(36) NOT NULL, \`partner_id\` varchar(36) NOT NULL, \`site_id\` varchar(36) NOT NULL, \`email\` varchar(254) NOT NULL, \`token_hash\` varchar(64) NULL, \`invited_at\` datetime(3) NOT NULL, \`expires_at\` datetime(3) NOT NULL, \`accepted_at\` datetime(3) NULL, \`revoked_at\` datetime(3) NULL, \`message_id\` varchar(36) NULL, UNIQUE INDEX \`uq_site_administrator_token\` (\`token_hash\`), INDEX \`idx_site_administrator_site\` (\`site_id\`, \`invited_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`site\` (\`id\` varchar(36) NOT NULL, \`partner_id\` varchar(36) NOT NULL, \`name\` varchar(200) NOT NULL, \`country\` varchar(2) NOT NULL, \`time_zone\` varchar(64) NOT NULL, \`notes\` varchar(2000) NOT NULL DEFAULT '', \`status\` varchar(20) NOT NULL, \`credits\` int NOT NULL DEFAULT '0', \`user_count\` int NOT NULL DEFAULT '0', \`device_count\` int NOT NULL DEFAULT '0', \`monthly_cost\` int NOT NULL DEFAULT '0', \`runway_months\` int NULL, \`warned_within_days\` int NULL, \`created_at\` datetime(3) NOT NULL, \`updated_at\` datetime(3) NOT NULL, \`deleted_at\` datetime(3) NULL, INDEX \`idx_site_billing\` (\`deleted_at\`, \`status\`, \`id\`), INDEX \`idx_site_partner_runway\` (\`partner_id\`, \`deleted_at\`, \`runway_months\`, \`id\`), INDEX \`idx_site_partner_created\` (\`partner_id\`, \`deleted_at\`, \`created_at\`, \`id\`), INDEX \`idx_site_partner_name\` (\`partner_id\`, \`deleted_at\`, \`name\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`idx_site_partner_name\` ON \`site\``);
        await queryRunner.query(`DROP INDEX \`idx_site_partner_created\` ON \`site\``);
        await queryRunner.query(`DROP INDEX \`idx_site_partner_runway\` ON \`site\``);
        await queryRunner.query(`DROP INDEX \`idx_site_billing\` ON \`site\``);
        await queryRunner.query(`DROP TABLE \`site\``);
        await queryRunner.query(`DROP INDEX \`idx_site_administrator_site\` ON \`site_administrator\``);
        await queryRunner.query(`DROP INDEX \`uq_site_administrator_token\` ON \`site_administrator\``);
        await queryRunner.query(`DROP TABLE \`site_administrator\``);
        await queryRunner.query(`DROP TABLE \`partner\``);
        await queryRunner.query(`DROP INDEX \`idx_outbox_due\` ON \`outbox_message\``);
        await queryRunner.query(`DROP TABLE \`outbox_message\``);
        await queryRunner.query(`DROP INDEX \`idx_credit_transaction_partner_time\` ON \`credit_transaction\``);
        await queryRunner.query(`DROP INDEX \`idx_credit_transaction_site_time\` ON \`credit_transaction\``);
        await queryRunner.query(`DROP INDEX \`uq_credit_transaction_idempotency\` ON \`credit_transaction\``);
        await queryRunner.query(`DROP INDEX \`uq_credit_transaction_billing\` ON \`credit_transaction\``);
        await queryRunner.query(`DROP TABLE \`credit_transaction\``);
        await queryRunner.query(`DROP TABLE \`login_throttle\``);
        await queryRunner.query(`DROP INDEX \`idx_partner_admin_partner\` ON \`partner_admin\``);
        await queryRunner.query(`DROP INDEX \`uq_partner_admin_invitation_token\` ON \`partner_admin\``);
        await queryRunner.query(`DROP INDEX \`uq_partner_admin_live_email\` ON \`partner_admin\``);
        await queryRunner.query(`DROP TABLE \`partner_admin\``);
    }

}
