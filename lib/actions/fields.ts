import { z } from 'zod';

/** Form fields several actions share. */

/** A row's id (an integer column): a positive whole number that fits. */
export const idField = z.coerce
  .number({ error: 'Missing or invalid reference.' })
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** An id that may be left empty. */
export const optionalIdField = z.preprocess((value) => (value === '' || value === undefined ? undefined : value), idField.optional());
