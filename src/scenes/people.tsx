// The scene's people, drawn from its characters: each person is a body and a head (two draw
// calls with the kit's material) that breathe and shift their weight, turn their head and then
// their body to look at the learner, and move their mouth and gesture while their line shows.
// Reduced motion: no breathing, sway or gesture; people still turn to the learner (slowly) and
// the speaker's mouth still moves, so the learner can tell who is talking.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import type { Group, Mesh } from 'three';
import { Vector3 } from 'three';
import type { Character, Prop } from '../course/schema.ts';
import type { PublicDialogueStep } from '../engine/public-view.ts';
import type { DialogueResponse } from '../engine/responses.ts';
import { walkDialogue } from '../engine/step-kinds/dialogue/index.ts';
import type { StepModel } from '../play/play-context.tsx';
import { reducedMotionActive, useComfortStore } from '../xr/comfort-settings.ts';
import { kitMaterial } from './kit/materials.ts';
import { detectRenderQuality } from './render-quality.ts';
import { buildPersonGeometry, personLook, seededRandom, type PersonSpec } from './kit/people/index.ts';

type PersonProp = Extract<Prop, { kind: 'kit' }>;

const DEG = Math.PI / 180;
/** The head turns this far from the body; beyond BODY_TURN the body follows. */
const HEAD_YAW = 55 * DEG;
const HEAD_PITCH = 20 * DEG;
const BODY_TURN = 40 * DEG;
/** Radians per second the body turns at. */
const BODY_SPEED = 1.6;
/** People further than this do not follow the learner with their eyes. */
const LOOK_RANGE = 7;

/** The idle animation (breathing, sway) runs at this frame interval outside a headset: 15 frames a second. */
const IDLE_FRAME_MS = 66;

/** The line on show now: who says it, and for how long their mouth moves (about the time it takes to say). */
export interface Speech {
  readonly character: string;
  readonly line: string;
  readonly seconds: number;
}

export function currentSpeech(model: StepModel): Speech | undefined {
  if (model.step.type !== 'dialogue' || model.phase === 'evaluated') return undefined;
  const draft = model.draft as DialogueResponse | null;
  const node = walkDialogue(model.step as PublicDialogueStep, draft?.path ?? []).node;
  if (!node?.character) return undefined;
  // About three words a second in English (some 15 characters), capped so a long line ends too.
  const seconds = Math.min(12, 1.5 + node.text.en.length / 15);
  return { character: node.character, line: `${model.step.id}/${node.id}`, seconds };
}

/** Who a person prop is: its character, or a passer-by made up from the prop's id. */
export function personSpec(prop: PersonProp, characters: readonly Character[]): PersonSpec & { character?: string } {
  const c = prop.character ? characters.find((x) => x.id === prop.character) : undefined;
  if (c) return { gender: c.gender, age: c.age, role: c.role, dress: c.dress, seed: c.id, character: c.id };
  const rand = seededRandom(prop.id);
  return { gender: rand() < 0.5 ? 'female' : 'male', age: 22 + Math.floor(rand() * 50), role: 'resident', seed: prop.id };
}

export function People({
  props,
  characters,
  speech,
}: {
  props: readonly Prop[];
  characters: readonly Character[];
  speech: Speech | undefined;
}) {
  const people = props.filter((p): p is PersonProp => p.kind === 'kit' && p.kit === 'person');
  const invalidate = useThree((s) => s.invalidate);
  const reduced = useStore(useComfortStore(), reducedMotionActive);
  // Idle motion is slow: a few frames a second are enough, and the view is not redrawn at full
  // rate just to breathe (a headset draws every frame anyway). A machine drawing on the CPU cannot
  // afford even that (a frame costs it a fifth of a second): there people breathe only in the
  // frames drawn for something else, and still turn and speak (src/scenes/render-quality.ts).
  const software = useMemo(() => detectRenderQuality().software, []);
  const count = people.length;
  useEffect(() => {
    if (reduced || software || count === 0) return;
    const timer = setInterval(() => invalidate(), IDLE_FRAME_MS);
    return () => clearInterval(timer);
  }, [reduced, software, count, invalidate]);
  return (
    <group name="people">
      {people.map((p) => (
        <Person
          key={p.id}
          prop={p}
          characters={characters}
          speech={speech && p.character === speech.character ? speech : undefined}
        />
      ))}
    </group>
  );
}

function wrap(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}
function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

const camera = new Vector3();

function Person({
  prop,
  characters,
  speech,
}: {
  prop: PersonProp;
  characters: readonly Character[];
  speech: Speech | undefined;
}) {
  const spec = useMemo(() => personSpec(prop, characters), [prop, characters]);
  const look = useMemo(() => {
    const l = personLook(spec);
    return prop.color ? { ...l, top: prop.color } : l;
  }, [spec, prop.color]);
  const geometry = useMemo(() => buildPersonGeometry(look), [look]);
  useEffect(
    () => () => {
      for (const g of [geometry.body.rest, geometry.body.gesture, geometry.head.closed, geometry.head.open]) g.dispose();
    },
    [geometry],
  );
  const comfort = useComfortStore();
  const reduced = useStore(comfort, reducedMotionActive);
  const root = useRef<Group>(null);
  const body = useRef<Group>(null);
  const torso = useRef<Mesh>(null);
  const head = useRef<Group>(null);
  const face = useRef<Mesh>(null);
  const state = useRef({ bodyYaw: 0, bodyTarget: 0, headYaw: 0, headPitch: 0, phase: seededRandom(prop.id)() * 10, spokeAt: -1 });
  const speaking = speech !== undefined;
  const line = speech?.line;
  const seconds = speech?.seconds ?? 0;
  // A new line starts the mouth again (the frame loop stamps the time).
  useEffect(() => {
    state.current.spokeAt = -1;
  }, [line]);
  const [rx, ry, rz] = prop.rotation ?? [0, 0, 0];
  const looks = spec.character !== undefined;

  useFrame((three, delta) => {
    const r = root.current;
    const b = body.current;
    const h = head.current;
    const t = torso.current;
    const f = face.current;
    if (!r || !b || !h || !t || !f) return;
    const s = state.current;
    const dt = Math.min(delta, 0.1);
    const now = three.clock.elapsedTime;
    const time = now + s.phase;
    if (speaking && s.spokeAt < 0) s.spokeAt = now;
    const talking = speaking && now - s.spokeAt < seconds;
    three.camera.getWorldPosition(camera);
    r.worldToLocal(camera);
    const distance = Math.hypot(camera.x, camera.z);
    const toLearner = Math.atan2(camera.x, camera.z);
    const engaged = looks && distance < LOOK_RANGE;
    // The body turns when the head would have to turn too far, or fully to speak to the learner.
    if (engaged) {
      const off = wrap(toLearner - s.bodyTarget);
      if (speaking) s.bodyTarget = toLearner;
      else if (Math.abs(off) > BODY_TURN) s.bodyTarget = wrap(toLearner - Math.sign(off) * BODY_TURN * 0.5);
    } else s.bodyTarget = 0;
    const turn = wrap(s.bodyTarget - s.bodyYaw);
    s.bodyYaw = wrap(s.bodyYaw + clamp(turn, -BODY_SPEED * dt, BODY_SPEED * dt));
    // The head looks at the learner's eyes, within what a neck allows.
    const neck = geometry.frame.neck;
    const yawTarget = engaged
      ? clamp(wrap(toLearner - s.bodyYaw), -HEAD_YAW, HEAD_YAW)
      : reduced
        ? 0
        : 0.25 * Math.sin(time * 0.23);
    const pitchTarget = engaged
      ? clamp(Math.atan2(camera.y - (neck[1] + 0.12), Math.max(distance, 0.3)), -HEAD_PITCH, HEAD_PITCH)
      : 0;
    const ease = 1 - Math.exp(-dt * (reduced ? 3 : 6));
    s.headYaw += (yawTarget - s.headYaw) * ease;
    s.headPitch += (pitchTarget - s.headPitch) * ease;
    b.rotation.y = s.bodyYaw;
    h.rotation.set(-s.headPitch, s.headYaw, 0);
    // Idle: breathing and a slow shift of weight.
    if (!reduced) {
      t.scale.set(1 + 0.004 * Math.sin(time * 1.7), 1 + 0.004 * Math.sin(time * 1.7), 1 + 0.008 * Math.sin(time * 1.7));
      b.rotation.z = 0.012 * Math.sin(time * 0.37);
      b.position.x = 0.012 * Math.sin(time * 0.37);
    } else {
      t.scale.set(1, 1, 1);
      b.rotation.z = 0;
      b.position.x = 0;
    }
    // Speaking: the mouth opens and closes with the rhythm of speech, one hand gestures.
    const open = talking && Math.sin(time * 11) + Math.sin(time * 6.3) > 0.4;
    f.geometry = open ? geometry.head.open : geometry.head.closed;
    t.geometry = talking && !reduced ? geometry.body.gesture : geometry.body.rest;
    const settling =
      Math.abs(turn) > 0.002 || Math.abs(yawTarget - s.headYaw) > 0.002 || Math.abs(pitchTarget - s.headPitch) > 0.002;
    // Turning and talking run at full frame rate, only while they last; one more frame closes the mouth.
    if (settling || (speaking && now - s.spokeAt < seconds + 0.2)) three.invalidate();
  });

  return (
    <group
      ref={root}
      name={`person:${prop.id}`}
      userData={{ character: spec.character ?? null, gender: spec.gender, age: spec.age, role: spec.role }}
      position={prop.position}
      rotation={[rx * DEG, ry * DEG, rz * DEG]}
      scale={prop.scale ?? 1}
    >
      <group ref={body} name="body">
        <mesh ref={torso} geometry={geometry.body.rest} material={kitMaterial()} />
        <group ref={head} name="head" position={geometry.frame.neck}>
          <mesh ref={face} geometry={geometry.head.closed} material={kitMaterial()} />
        </group>
      </group>
    </group>
  );
}
