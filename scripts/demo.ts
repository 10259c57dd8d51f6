// npm run demo [-- --force] [-- --learners N]: seeds the database `npm start` uses (DATABASE_URL,
// else SQLite under DATA_DIR) with a synthetic city government and a year of graded training
// results, then prints how to sign in. Demo data is for trying Shixun, never for production.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDemo } from '../server/demo/demo-runner.ts';
import { CourseCatalog } from '../server/grading/course-catalog.ts';
import { migrationsFor } from '../server/migrations.ts';

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run demo [-- --force] [-- --learners 240] [-- --seed text]`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: { force: { type: 'boolean', default: false }, learners: { type: 'string' }, seed: { type: 'string' } },
  }).values;
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
const learners = args.learners === undefined ? undefined : Number(args.learners);
if (learners !== undefined && !(Number.isInteger(learners) && learners >= 1 && learners <= 20_000))
  usage(`--learners ${args.learners} is not a number of learners from 1 to 20000.`);

try {
  const result = await runDemo({
    env: process.env,
    migrations: migrationsFor,
    courses: CourseCatalog.load(fileURLToPath(new URL('../courses', import.meta.url))),
    force: args.force,
    ...(learners === undefined ? {} : { learners }),
    ...(args.seed === undefined ? {} : { seed: args.seed }),
  });
  if (!result.seeded) {
    console.error(
      `The database already has ${result.learners} learner account(s), so the demo was not seeded. Seed a fresh database (another DATA_DIR or DATABASE_URL), or add --force to seed beside them: npm run demo -- --force`,
    );
    process.exit(1);
  }
} catch (error) {
  console.error(`The demo could not be seeded: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
