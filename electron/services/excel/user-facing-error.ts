// The app has one error type for messages shown to the clerk as is; re-exported here so the
// excel service can be moved or split without every caller changing its import.
export { errorCode, osFailure, osFailureError, UserFacingError } from '../user-facing-error.js';
