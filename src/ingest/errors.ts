/** A file that cannot be imported: the message (Swedish, for users) names the field and what was expected. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
