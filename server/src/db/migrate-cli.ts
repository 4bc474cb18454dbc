import { openDatabase, migrateDatabase } from './client.js';

const database = await openDatabase({ url: process.env.DATABASE_URL });
await migrateDatabase(database);
await database.close();
console.log(`Migrations appliquées (${database.kind === 'postgres' ? 'PostgreSQL' : 'base embarquée'}).`);
