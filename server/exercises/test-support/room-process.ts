// Test helper run as a process of its own (`node --import tsx`): the accounts and exercises plugins
// with the toy exercise, on the database SHIXUN_TEST_DB_CONFIG describes (JSON), sharing the lobby
// through REDIS_URL, on PORT. Prints "listening" once it accepts connections.
import type { DatabaseConfig } from '../../db/database.ts';
import { openDatabase } from '../../db/database.ts';
import { migrationsFor } from '../../migrations.ts';
import { listeningServer } from './rooms-test-app.ts';

const config = JSON.parse(process.env.SHIXUN_TEST_DB_CONFIG ?? '{}') as DatabaseConfig;
const port = Number(process.env.PORT);
const database = await openDatabase(config, migrationsFor);
await listeningServer(
  database,
  {
    redisUrl: process.env.REDIS_URL,
    publicAddress: `127.0.0.1:${port}/rooms`,
    publicOrigin: process.env.SHIXUN_PUBLIC_URL,
    limits: { clockMs: 200, commandsPerSecond: 500, commandBurst: 500 },
  },
  port,
);
console.log('listening');
