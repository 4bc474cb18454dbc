ALTER TABLE "services" ADD COLUMN "childcare_tax_credit" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "penalty" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE TABLE "tax_attestation_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"regie_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"state" text DEFAULT 'preview' NOT NULL,
	"attestation_count" integer DEFAULT 0 NOT NULL,
	"total_cents" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "tax_attestation_runs_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "tax_attestation_runs_one_per_year" UNIQUE("tenant_id","regie_id","year"),
	CONSTRAINT "tax_attestation_runs_state" CHECK ("tax_attestation_runs"."state" in ('preview', 'published'))
);
--> statement-breakpoint
CREATE TABLE "tax_attestations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"regie_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"family_id" uuid NOT NULL,
	"payer_guardian_id" uuid,
	"payer_name" text NOT NULL,
	"payer_address" text,
	"child_id" uuid NOT NULL,
	"child_name" text NOT NULL,
	"child_birth_date" date NOT NULL,
	"paid_cents" integer NOT NULL,
	"aid_cents" integer DEFAULT 0 NOT NULL,
	"amount_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "tax_attestations_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "tax_attestations_paid" CHECK ("tax_attestations"."paid_cents" >= 0),
	CONSTRAINT "tax_attestations_aid" CHECK ("tax_attestations"."aid_cents" >= 0 and "tax_attestations"."aid_cents" <= "tax_attestations"."paid_cents"),
	CONSTRAINT "tax_attestations_amount" CHECK ("tax_attestations"."amount_cents" = "tax_attestations"."paid_cents" - "tax_attestations"."aid_cents")
);
--> statement-breakpoint
ALTER TABLE "tax_attestation_runs" ADD CONSTRAINT "tax_attestation_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestation_runs" ADD CONSTRAINT "tax_attestation_runs_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestation_runs" ADD CONSTRAINT "tax_attestation_runs_created_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestation_runs" ADD CONSTRAINT "tax_attestation_runs_published_fk" FOREIGN KEY ("tenant_id","published_by") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestations" ADD CONSTRAINT "tax_attestations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestations" ADD CONSTRAINT "tax_attestations_run_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."tax_attestation_runs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestations" ADD CONSTRAINT "tax_attestations_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestations" ADD CONSTRAINT "tax_attestations_family_fk" FOREIGN KEY ("tenant_id","family_id") REFERENCES "public"."families"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestations" ADD CONSTRAINT "tax_attestations_payer_guardian_fk" FOREIGN KEY ("tenant_id","payer_guardian_id") REFERENCES "public"."guardians"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_attestations" ADD CONSTRAINT "tax_attestations_child_fk" FOREIGN KEY ("tenant_id","child_id") REFERENCES "public"."children"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tax_attestations_one" ON "tax_attestations" USING btree ("tenant_id","run_id","family_id","child_id",coalesce("payer_guardian_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "tax_attestations_family" ON "tax_attestations" USING btree ("tenant_id","family_id","year");--> statement-breakpoint
CREATE INDEX "tax_attestations_payer_guardian" ON "tax_attestations" USING btree ("tenant_id","payer_guardian_id");--> statement-breakpoint
CREATE INDEX "tax_attestations_child" ON "tax_attestations" USING btree ("tenant_id","child_id");
