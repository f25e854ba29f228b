import { z } from 'zod';
import { MAX_ROW_ID } from '@/lib/routing/addresses';

/** Form fields several actions share. */

/** A row's id (an integer column): a positive whole number that fits. */
export const idField = z.coerce.number({ error: 'Missing or invalid reference.' }).int().positive().max(MAX_ROW_ID);

/** An id that may be left empty. */
export const optionalIdField = z.preprocess((value) => (value === '' || value === undefined ? undefined : value), idField.optional());
