export interface PlaceholderValues {
  readonly case?: string;
  readonly module?: string;
  readonly cell?: string;
  readonly workdir?: string;
  readonly prompt?: string;
}

/** Replaces {case}, {module}, {cell}, {workdir}, {prompt} in each argument; unknown braces stay as written. */
export function fillPlaceholders(argv: readonly string[], values: PlaceholderValues): string[] {
  return argv.map((arg) =>
    arg.replace(/\{(case|module|cell|workdir|prompt)\}/g, (whole, key: keyof PlaceholderValues) => {
      const value = values[key];
      return value === undefined ? whole : value;
    }),
  );
}
