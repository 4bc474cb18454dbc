ALTER TABLE "cagnotte_movements" DROP CONSTRAINT "cagnotte_movements_one_per_basket";--> statement-breakpoint
CREATE UNIQUE INDEX "cagnotte_movements_one_use_per_basket" ON "cagnotte_movements" USING btree ("tenant_id","basket_id") WHERE "cagnotte_movements"."kind" = 'basket';--> statement-breakpoint
CREATE UNIQUE INDEX "cagnotte_movements_one_credit_per_payment" ON "cagnotte_movements" USING btree ("tenant_id","booking_id","basket_id") WHERE "cagnotte_movements"."kind" = 'cancellation';
