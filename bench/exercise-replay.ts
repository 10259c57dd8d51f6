// Replaying a joint-exercise log of 5,000 commands (issue budget: ≤ 200 ms): the log a long session
// leaves — messages between departments, the clock's tick every second it runs, actions, a refused
// command now and then — replayed with the exercise's rules as the server does when it rebuilds a
// room or ends a session (`replay`), and with every state kept as the review page does
// (`replayStates`). Part of `npm run bench`, or alone: `npx tsx bench/exercise-replay.ts`.
import { replay, replayStates } from '../src/exercise/replay.ts';
import { at, loadContentExercise, TestSession } from '../src/exercise/test-support/session.ts';
import { median } from './stats.ts';

export interface ExerciseReplayResult {
  readonly entries: number;
  readonly commands: number;
  /** Median ms to replay the whole log to its last state. */
  readonly replayMs: number;
  /** Median ms to replay it keeping every state (the review page). */
  readonly statesMs: number;
  readonly runs: number;
}

const COMMANDS = 5_000;
const RUNS = 7;

/** A session of resident-data-leak with `commands` commands and a clock tick between every two. */
export function longSession(commands = COMMANDS): TestSession {
  const s = new TestSession(loadContentExercise('resident-data-leak'));
  const roles = s.exercise.roles.map((role) => role.id);
  let second = 0;
  let sent = 0;
  const send = (role: string, raw: unknown) => {
    s.send(role, raw, at(0, second));
    sent += 1;
  };
  send('cyberspace', { type: 'act', action: 'convene' });
  send('police', { type: 'act', action: 'preserve-evidence' });
  while (sent < commands) {
    second += 1;
    s.tick(at(0, second));
    const role = roles[sent % roles.length]!;
    // Every 50th command is one the room refuses (an action of another role): refusals are in the log too.
    if (sent % 50 === 0) send(role, { type: 'act', action: role === 'press' ? 'convene' : 'publish-statement' });
    else send(role, { type: 'message', to: sent % 3 === 0 ? 'all' : roles[(sent + 1) % roles.length]!, text: `Update ${sent}` });
  }
  return s;
}

export function measureExerciseReplay(): ExerciseReplayResult {
  const s = longSession();
  const start = { seed: s.seed, startedAtMs: at(0) };
  const expected = s.rules.stateHash(s.state);
  const time = (body: () => unknown): number => {
    const began = performance.now();
    body();
    return performance.now() - began;
  };
  const replayTimes: number[] = [];
  const statesTimes: number[] = [];
  // One warm-up of each, then the measured runs.
  for (let run = 0; run <= RUNS; run += 1) {
    let last: unknown;
    const a = time(() => (last = replay(s.rules, s.log, start).state));
    if (s.rules.stateHash(last as typeof s.state) !== expected) throw new Error('the replay did not reach the live state');
    const b = time(() => replayStates(s.rules, s.log, start));
    if (run > 0) {
      replayTimes.push(a);
      statesTimes.push(b);
    }
  }
  return {
    entries: s.log.length,
    commands: s.log.filter((entry) => !('clock' in entry)).length,
    replayMs: median(replayTimes),
    statesMs: median(statesTimes),
    runs: RUNS,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = measureExerciseReplay();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
