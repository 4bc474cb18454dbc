CREATE TABLE "schools" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schools_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "schools_tenant_name" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "absence_reasons" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"billed" boolean NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "absence_reasons_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "booking_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"channel" text NOT NULL,
	"family_id" uuid,
	"staff_user_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"seq" bigserial NOT NULL,
	CONSTRAINT "booking_events_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"child_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"day" date NOT NULL,
	"state" text NOT NULL,
	"absence_reason_id" uuid,
	"channel" text NOT NULL,
	"queued_at" bigserial NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "bookings_one_per_day" UNIQUE("tenant_id","child_id","service_id","day"),
	CONSTRAINT "bookings_state" CHECK ("bookings"."state" in ('booked', 'requested', 'waitlisted', 'refused', 'cancelled', 'absent')),
	CONSTRAINT "bookings_absence" CHECK (("bookings"."state" = 'absent') = ("bookings"."absence_reason_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "capacity_usage" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"day" date NOT NULL,
	"scope" text NOT NULL,
	"used" integer NOT NULL,
	CONSTRAINT "capacity_usage_pk" PRIMARY KEY("tenant_id","service_id","day","scope"),
	CONSTRAINT "capacity_usage_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "capacity_usage_used" CHECK ("capacity_usage"."used" >= 0)
);
--> statement-breakpoint
CREATE TABLE "closures" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "closures_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "closures_range" CHECK ("closures"."start_date" <= "closures"."end_date")
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"child_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	CONSTRAINT "enrollments_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "enrollments_range" CHECK ("enrollments"."end_date" is null or "enrollments"."start_date" <= "enrollments"."end_date")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "idempotency_keys_one" UNIQUE("tenant_id","actor","key")
);
--> statement-breakpoint
CREATE TABLE "periods" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"kind" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	CONSTRAINT "periods_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "periods_range" CHECK ("periods"."start_date" <= "periods"."end_date")
);
--> statement-breakpoint
CREATE TABLE "service_school_capacities" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"capacity" integer NOT NULL,
	CONSTRAINT "service_school_capacities_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "service_school_capacities_one" UNIQUE("tenant_id","service_id","school_id"),
	CONSTRAINT "ssc_capacity" CHECK ("service_school_capacities"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "services" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"group_label" text DEFAULT 'Activités' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"weekdays" integer[] NOT NULL,
	"period_kind" text DEFAULT 'school' NOT NULL,
	"capacity" integer,
	"booking_deadline" jsonb DEFAULT '{"kind":"none"}'::jsonb NOT NULL,
	"cancellation_deadline" jsonb DEFAULT '{"kind":"none"}'::jsonb NOT NULL,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"price_cents" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "services_capacity" CHECK ("services"."capacity" is null or "services"."capacity" >= 0),
	CONSTRAINT "services_price" CHECK ("services"."price_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "alsace_moselle" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "children" ADD COLUMN "school_id" uuid;--> statement-breakpoint
ALTER TABLE "children" ADD COLUMN "diet" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_reasons" ADD CONSTRAINT "absence_reasons_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_events" ADD CONSTRAINT "booking_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_events" ADD CONSTRAINT "booking_events_booking_fk" FOREIGN KEY ("tenant_id","booking_id") REFERENCES "public"."bookings"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_events" ADD CONSTRAINT "booking_events_child_fk" FOREIGN KEY ("tenant_id","child_id") REFERENCES "public"."children"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_events" ADD CONSTRAINT "booking_events_family_fk" FOREIGN KEY ("tenant_id","family_id") REFERENCES "public"."families"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_events" ADD CONSTRAINT "booking_events_staff_fk" FOREIGN KEY ("tenant_id","staff_user_id") REFERENCES "public"."staff_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_child_fk" FOREIGN KEY ("tenant_id","child_id") REFERENCES "public"."children"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_reason_fk" FOREIGN KEY ("tenant_id","absence_reason_id") REFERENCES "public"."absence_reasons"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_usage" ADD CONSTRAINT "capacity_usage_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_usage" ADD CONSTRAINT "capacity_usage_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closures" ADD CONSTRAINT "closures_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closures" ADD CONSTRAINT "closures_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_child_fk" FOREIGN KEY ("tenant_id","child_id") REFERENCES "public"."children"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "periods" ADD CONSTRAINT "periods_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_school_capacities" ADD CONSTRAINT "service_school_capacities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_school_capacities" ADD CONSTRAINT "ssc_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_school_capacities" ADD CONSTRAINT "ssc_school_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."schools"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_events_child_at" ON "booking_events" USING btree ("tenant_id","child_id","at");--> statement-breakpoint
CREATE INDEX "bookings_service_day" ON "bookings" USING btree ("tenant_id","service_id","day","state");--> statement-breakpoint
CREATE INDEX "enrollments_child" ON "enrollments" USING btree ("tenant_id","child_id");--> statement-breakpoint
CREATE INDEX "periods_range_idx" ON "periods" USING btree ("tenant_id","start_date");--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_school_fk" FOREIGN KEY ("tenant_id","school_id") REFERENCES "public"."schools"("tenant_id","id") ON DELETE no action ON UPDATE no action;