// What the timeline names to everyone, and what only the trainer gets to act for an empty role.
import { describe, expect, it } from 'vitest';
import { at, loadContentExercise, TestSession } from './test-support/session.ts';

describe('exerciseView: taken actions and the trainer’s action list', () => {
  it('names only the actions already taken to every role, and gives the full action list to the trainer alone', () => {
    const s = new TestSession(loadContentExercise());
    const before = s.rules.viewFor(s.state, 'bigdata') as { taken: unknown[] };
    expect(before.taken).toEqual([]);
    s.ok('police', { type: 'act', action: 'preserve-evidence' }, at(1));
    const bureau = s.rules.viewFor(s.state, 'bigdata') as Record<string, unknown>;
    expect(bureau['taken']).toEqual([
      expect.objectContaining({
        id: 'preserve-evidence',
        role: 'police',
        label: expect.objectContaining({ en: expect.any(String) }),
      }),
    ]);
    expect(bureau).not.toHaveProperty('allActions');
    // The police's other actions (not taken) stay out of another role's view.
    expect(JSON.stringify(bureau)).not.toContain('name-suspect');
    const trainer = s.rules.viewFor(s.state, 'trainer') as {
      allActions: { id: string; role: string; done: boolean; inPhase: boolean }[];
    };
    expect(trainer.allActions.find((a) => a.id === 'preserve-evidence')).toMatchObject({ role: 'police', done: true });
    expect(trainer.allActions.find((a) => a.id === 'convene')).toMatchObject({ role: 'cyberspace', done: false, inPhase: true });
    expect(trainer.allActions.find((a) => a.id === 'order-takedown')).toMatchObject({ inPhase: false });
  });
});
