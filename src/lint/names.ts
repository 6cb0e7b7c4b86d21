// lint's format and fail-on choices, apart from the reporters so the CLI can offer them without loading any.
export const LINT_FORMATS = ['table', 'json', 'junit', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];
export const LINT_FAIL_ON = ['warn', 'error'] as const;
