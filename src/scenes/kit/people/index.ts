// Generated people: a look from who the character is, and geometry built from the look.
export { personLook, seededRandom, type HairStyle, type PersonLook, type PersonSpec } from './look';
export {
  buildPersonGeometry,
  buildStaticPerson,
  personFrame,
  type ArmPose,
  type MouthPose,
  type PersonFrame,
  type PersonGeometry,
} from './person-model';
