// What ends a command early, with the exit code it ends with: 2 for a command line that does not fit, 1 for
// everything else (the API refused, the stack is not there, an import was refused).

export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super('USAGE', message, 2);
  }
}

/** The API answered with an error: its status, and the stable `code` and `message` of its body. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(code, message, 1);
  }
}
