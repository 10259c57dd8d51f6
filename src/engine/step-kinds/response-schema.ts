// Building blocks of the responses' schemas, with the bounds the server holds a browser to.
import { z } from 'zod';

/** An id the learner picked (an option, item, bin, hotspot...). */
export const ref = z.string().min(1).max(200);
/** A list of ids, bounded. */
export const refs = z.array(ref).max(200);
/** Milliseconds since a step was presented. */
export const elapsed = z.number().min(0).max(1e9);
