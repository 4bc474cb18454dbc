ALTER TABLE "payments" ADD COLUMN "return_page" text;
