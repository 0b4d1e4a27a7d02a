import { UserFacingError } from '../user-facing-error.js';

/**
 * Turns a UNIQUE-constraint failure into the Chinese message the clerk needs;
 * anything else is rethrown as is.
 */
export function explainUniqueViolation(error: unknown, what: string, code: string): never {
  const sqliteCode = (error as { code?: unknown }).code;
  if (sqliteCode === 'SQLITE_CONSTRAINT_UNIQUE') {
    throw new UserFacingError(`${what}代码“${code}”已被使用，请换一个代码。`);
  }
  throw error;
}
