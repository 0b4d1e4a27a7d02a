/**
 * An error whose message is written for the clerk (in Chinese, naming the file or
 * cell and what to do). Hosts show it as is; any other error is an internal fault
 * and is shown as a generic message while the details go to the log.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}
