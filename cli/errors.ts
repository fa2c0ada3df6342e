// What ends a command early, with the exit code it ends with: 2 for a command line that does not fit, 1 for
// everything else (the API refused, the stack is not there, an import was refused).

export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor({ code, message, exitCode = 1 }: { readonly code: string; readonly message: string; readonly exitCode?: number }) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

export class UsageError extends CliError {
  constructor({ message }: { readonly message: string }) {
    super({ code: 'USAGE', message, exitCode: 2 });
  }
}

/** The API answered with an error: its status, and the stable `code` and `message` of its body. */
export class ApiError extends CliError {
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(fields: {
    readonly status: number;
    readonly code: string;
    readonly message: string;
    readonly details?: Record<string, unknown> | undefined;
  }) {
    super({ code: fields.code, message: fields.message });
    this.status = fields.status;
    this.details = fields.details;
  }
}
