ALTER TABLE "payments" ADD COLUMN "released_at" timestamp with time zone;
