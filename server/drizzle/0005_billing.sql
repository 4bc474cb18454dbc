CREATE TABLE "invoice_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"child_id" uuid,
	"service_id" uuid,
	"label" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_cents" integer NOT NULL,
	"total_cents" integer NOT NULL,
	CONSTRAINT "invoice_lines_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "invoice_lines_total" CHECK ("invoice_lines"."total_cents" = "invoice_lines"."quantity" * "invoice_lines"."unit_cents")
);
--> statement-breakpoint
CREATE TABLE "invoice_sequences" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"regie_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "invoice_sequences_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "invoice_sequences_one" UNIQUE("tenant_id","regie_id","year")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid,
	"regie_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"kind" text DEFAULT 'invoice' NOT NULL,
	"credited_invoice_id" uuid,
	"carried_to_invoice_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"year" integer,
	"sequence" integer,
	"number" text,
	"refdet" text,
	"label" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"lines_cents" integer NOT NULL,
	"previous_balance_cents" integer DEFAULT 0 NOT NULL,
	"total_cents" integer NOT NULL,
	"paid_cents" integer DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "invoices_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "invoices_number" UNIQUE("tenant_id","regie_id","year","sequence"),
	CONSTRAINT "invoices_refdet" UNIQUE("tenant_id","regie_id","refdet"),
	CONSTRAINT "invoices_run_family" UNIQUE("tenant_id","run_id","family_id"),
	CONSTRAINT "invoices_status" CHECK ("invoices"."status" in ('draft', 'unpaid', 'paid', 'carried', 'cancelled')),
	CONSTRAINT "invoices_total" CHECK ("invoices"."total_cents" = "invoices"."lines_cents" + "invoices"."previous_balance_cents"),
	CONSTRAINT "invoices_numbered" CHECK (("invoices"."status" = 'draft') = ("invoices"."number" is null)),
	CONSTRAINT "invoices_paid" CHECK ("invoices"."paid_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "invoicing_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"regie_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"label" text NOT NULL,
	"state" text DEFAULT 'preview' NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"invoice_count" integer DEFAULT 0 NOT NULL,
	"total_cents" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "invoicing_runs_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "invoicing_runs_range" CHECK ("invoicing_runs"."period_start" <= "invoicing_runs"."period_end")
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"family_id" uuid NOT NULL,
	"regie_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"invoice_id" uuid,
	"payment_id" uuid,
	"label" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_entries_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "ledger_entries_one_per_payment" UNIQUE("tenant_id","payment_id"),
	CONSTRAINT "ledger_entries_kind" CHECK (("ledger_entries"."kind" = 'payment') = ("ledger_entries"."payment_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid,
	"provider" text NOT NULL,
	"source" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_events_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "payment_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"provider" text DEFAULT 'none' NOT NULL,
	"environment" text DEFAULT 'test' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secret_sealed" text,
	"return_url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"family_id" uuid NOT NULL,
	"regie_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"method" text NOT NULL,
	"provider" text,
	"environment" text,
	"status" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"reference" text,
	"provider_operation_id" text,
	"authorisation_number" text,
	"transaction_id" text,
	"payer_email" text,
	"payer_name" text,
	"note" text,
	"flagged_late" boolean DEFAULT false NOT NULL,
	"paid_at" timestamp with time zone,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "payments_reference" UNIQUE("tenant_id","provider","reference"),
	CONSTRAINT "payments_amount" CHECK ("payments"."amount_cents" > 0),
	CONSTRAINT "payments_online" CHECK (("payments"."method" = 'online') = ("payments"."provider" is not null))
);
--> statement-breakpoint
CREATE TABLE "regies" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"payfip_numcli" text,
	"due_days" integer DEFAULT 30 NOT NULL,
	"payment_instructions" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regies_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "regies_tenant_code" UNIQUE("tenant_id","code"),
	CONSTRAINT "regies_code" CHECK ("regies"."code" ~ '^[A-Z0-9]{1,20}$'),
	CONSTRAINT "regies_numcli" CHECK ("regies"."payfip_numcli" is null or "regies"."payfip_numcli" ~ '^[0-9]{6}$'),
	CONSTRAINT "regies_due_days" CHECK ("regies"."due_days" between 0 and 365)
);
--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "invoice_notifications" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "regie_id" uuid;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "tariff" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "late_cancellation_billed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "waitlisted_billed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_child_fk" FOREIGN KEY ("tenant_id","child_id") REFERENCES "public"."children"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."services"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_sequences" ADD CONSTRAINT "invoice_sequences_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_sequences" ADD CONSTRAINT "invoice_sequences_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_run_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."invoicing_runs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_family_fk" FOREIGN KEY ("tenant_id","family_id") REFERENCES "public"."families"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_credited_fk" FOREIGN KEY ("tenant_id","credited_invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_carried_fk" FOREIGN KEY ("tenant_id","carried_to_invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoicing_runs" ADD CONSTRAINT "invoicing_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoicing_runs" ADD CONSTRAINT "invoicing_runs_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoicing_runs" ADD CONSTRAINT "invoicing_runs_created_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoicing_runs" ADD CONSTRAINT "invoicing_runs_published_fk" FOREIGN KEY ("tenant_id","published_by") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_family_fk" FOREIGN KEY ("tenant_id","family_id") REFERENCES "public"."families"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_payment_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "public"."payments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_payment_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "public"."payments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_settings" ADD CONSTRAINT "payment_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_family_fk" FOREIGN KEY ("tenant_id","family_id") REFERENCES "public"."families"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_fk" FOREIGN KEY ("tenant_id","recorded_by") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regies" ADD CONSTRAINT "regies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice" ON "invoice_lines" USING btree ("tenant_id","invoice_id","position");--> statement-breakpoint
CREATE INDEX "invoices_family" ON "invoices" USING btree ("tenant_id","family_id","status");--> statement-breakpoint
CREATE INDEX "invoicing_runs_regie" ON "invoicing_runs" USING btree ("tenant_id","regie_id","period_start");--> statement-breakpoint
CREATE INDEX "ledger_entries_family" ON "ledger_entries" USING btree ("tenant_id","family_id","regie_id","at");--> statement-breakpoint
CREATE INDEX "payment_events_payment" ON "payment_events" USING btree ("tenant_id","payment_id","at");--> statement-breakpoint
CREATE INDEX "payments_pending" ON "payments" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "payments_invoice" ON "payments" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;