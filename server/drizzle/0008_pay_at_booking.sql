ALTER TABLE "services" ADD COLUMN "billing_mode" text DEFAULT 'monthly' NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_billing_mode" CHECK ("services"."billing_mode" in ('monthly', 'prepaid'));--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "basket_expiry_hours" integer DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_basket_expiry_hours" CHECK ("settings"."basket_expiry_hours" between 1 and 720);--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_state";--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_state" CHECK ("bookings"."state" in ('booked', 'requested', 'waitlisted', 'refused', 'cancelled', 'absent', 'in_basket'));--> statement-breakpoint
CREATE TABLE "baskets" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"family_id" uuid NOT NULL,
	"regie_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"payment_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "baskets_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "baskets_status" CHECK ("baskets"."status" in ('open', 'paying', 'paid', 'expired', 'emptied')),
	CONSTRAINT "baskets_paying" CHECK (("baskets"."status" = 'paying') <= ("baskets"."payment_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "basket_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"basket_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"day" date NOT NULL,
	"price_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "basket_lines_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "basket_lines_one_per_booking" UNIQUE("tenant_id","booking_id"),
	CONSTRAINT "basket_lines_price" CHECK ("basket_lines"."price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "cagnotte_movements" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"family_id" uuid NOT NULL,
	"regie_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"booking_id" uuid,
	"basket_id" uuid,
	"payment_id" uuid,
	"note" text,
	"staff_user_id" uuid,
	"flagged" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cagnotte_movements_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "cagnotte_movements_one_per_payment" UNIQUE("tenant_id","kind","payment_id"),
	CONSTRAINT "cagnotte_movements_one_per_basket" UNIQUE("tenant_id","kind","basket_id"),
	CONSTRAINT "cagnotte_movements_kind" CHECK ("cagnotte_movements"."kind" in ('cancellation', 'basket', 'late_payment', 'adjustment', 'refund')),
	CONSTRAINT "cagnotte_movements_amount" CHECK ("cagnotte_movements"."amount_cents" <> 0)
);
--> statement-breakpoint
ALTER TABLE "payments" ALTER COLUMN "invoice_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "purpose" text DEFAULT 'invoice' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "basket_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "lines_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "cagnotte_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "debt_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_purpose" CHECK ("payments"."purpose" in ('invoice', 'basket', 'debt'));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_target" CHECK (("payments"."purpose" = 'invoice') = ("payments"."invoice_id" is not null) and ("payments"."purpose" = 'invoice') = ("payments"."basket_id" is null));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_basket_amount" CHECK ("payments"."purpose" = 'invoice' or "payments"."amount_cents" = "payments"."lines_cents" - "payments"."cagnotte_cents" + "payments"."debt_cents");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "basket_id" uuid;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_one_per_basket" UNIQUE("tenant_id","basket_id");--> statement-breakpoint
ALTER TABLE "baskets" ADD CONSTRAINT "baskets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baskets" ADD CONSTRAINT "baskets_family_fk" FOREIGN KEY ("tenant_id","family_id") REFERENCES "public"."families"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baskets" ADD CONSTRAINT "baskets_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baskets" ADD CONSTRAINT "baskets_payment_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "public"."payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "basket_lines" ADD CONSTRAINT "basket_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "basket_lines" ADD CONSTRAINT "basket_lines_basket_fk" FOREIGN KEY ("tenant_id","basket_id") REFERENCES "public"."baskets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "basket_lines" ADD CONSTRAINT "basket_lines_booking_fk" FOREIGN KEY ("tenant_id","booking_id") REFERENCES "public"."bookings"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "basket_lines" ADD CONSTRAINT "basket_lines_child_fk" FOREIGN KEY ("tenant_id","child_id") REFERENCES "public"."children"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "basket_lines" ADD CONSTRAINT "basket_lines_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cagnotte_movements" ADD CONSTRAINT "cagnotte_movements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cagnotte_movements" ADD CONSTRAINT "cagnotte_movements_family_fk" FOREIGN KEY ("tenant_id","family_id") REFERENCES "public"."families"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cagnotte_movements" ADD CONSTRAINT "cagnotte_movements_regie_fk" FOREIGN KEY ("tenant_id","regie_id") REFERENCES "public"."regies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cagnotte_movements" ADD CONSTRAINT "cagnotte_movements_booking_fk" FOREIGN KEY ("tenant_id","booking_id") REFERENCES "public"."bookings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cagnotte_movements" ADD CONSTRAINT "cagnotte_movements_basket_fk" FOREIGN KEY ("tenant_id","basket_id") REFERENCES "public"."baskets"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cagnotte_movements" ADD CONSTRAINT "cagnotte_movements_payment_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "public"."payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cagnotte_movements" ADD CONSTRAINT "cagnotte_movements_staff_fk" FOREIGN KEY ("tenant_id","staff_user_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_basket_fk" FOREIGN KEY ("tenant_id","basket_id") REFERENCES "public"."baskets"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_basket_fk" FOREIGN KEY ("tenant_id","basket_id") REFERENCES "public"."baskets"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "baskets_one_current" ON "baskets" USING btree ("tenant_id","family_id","regie_id") WHERE "baskets"."status" in ('open', 'paying');--> statement-breakpoint
CREATE INDEX "baskets_expiry" ON "baskets" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "baskets_payment" ON "baskets" USING btree ("tenant_id","payment_id");--> statement-breakpoint
CREATE INDEX "basket_lines_basket" ON "basket_lines" USING btree ("tenant_id","basket_id");--> statement-breakpoint
CREATE INDEX "basket_lines_child" ON "basket_lines" USING btree ("tenant_id","child_id");--> statement-breakpoint
CREATE INDEX "basket_lines_service" ON "basket_lines" USING btree ("tenant_id","service_id");--> statement-breakpoint
CREATE INDEX "cagnotte_movements_family" ON "cagnotte_movements" USING btree ("tenant_id","family_id","regie_id","created_at");--> statement-breakpoint
CREATE INDEX "cagnotte_movements_booking" ON "cagnotte_movements" USING btree ("tenant_id","booking_id");--> statement-breakpoint
CREATE INDEX "cagnotte_movements_payment" ON "cagnotte_movements" USING btree ("tenant_id","payment_id");--> statement-breakpoint
CREATE INDEX "payments_basket" ON "payments" USING btree ("tenant_id","basket_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_basket" ON "ledger_entries" USING btree ("tenant_id","basket_id");
