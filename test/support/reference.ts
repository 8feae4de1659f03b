import { join } from 'node:path';

/** `../shared/reference` beside the repository (read-only reference material: specs, payloads, elections). */
export const REFERENCE_DIR = process.env.NEUVO_REFERENCE_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'reference');
