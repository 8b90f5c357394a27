/**
 * The pull function's configuration, from its environment (set by the
 * LiteraturePulls construct). Read once at start-up; anything missing or
 * malformed fails the cold start with a message naming the variable.
 */
import * as z from '../zod.ts';
import { PullError } from './errors.ts';
import { DEFAULT_EUTILS_BASE_URL } from './eutils.ts';
import { DEFAULT_PUBTATOR_BASE_URL } from './pubtator.ts';
import { SEARCH_ID_PATTERN, type PullSearch } from './pull.ts';

export const pullSearchSchema = z.object({
  id: z.string().check(z.regex(SEARCH_ID_PATTERN, 'lower-case letters, digits and inner hyphens, at most 64 characters')),
  query: z.string().check(z.trim(), z.minLength(1)),
  pubtator: z.optional(z.boolean()),
});

export const searchesSchema = z
  .array(pullSearchSchema)
  .check(
    z.minLength(1),
    z.refine((searches) => new Set(searches.map((s) => s.id)).size === searches.length, 'search ids must be unique'),
  );

const environmentSchema = z.object({
  SEARCHES: z.pipe(
    z.pipe(
      z.string(),
      z.transform((text: string, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'not JSON', input: text });
          return z.NEVER;
        }
      }),
    ),
    searchesSchema,
  ),
  TABLE_NAME: z.string().check(z.minLength(1)),
  INTAKE_BUCKET_NAME: z.string().check(z.minLength(1)),
  NCBI_TOOL: z.string().check(z.minLength(1)),
  NCBI_EMAIL: z.string().check(z.email()),
  NCBI_API_KEY_PARAMETER: z.optional(z.string().check(z.minLength(1))),
  EUTILS_BASE_URL: z._default(z.string().check(z.url()), DEFAULT_EUTILS_BASE_URL),
  PUBTATOR_BASE_URL: z._default(z.string().check(z.url()), DEFAULT_PUBTATOR_BASE_URL),
});

export interface PullEnvironment {
  searches: Map<string, PullSearch>;
  tableName: string;
  intakeBucketName: string;
  tool: string;
  email: string;
  apiKeyParameterName: string | undefined;
  eutilsBaseUrl: string;
  pubtatorBaseUrl: string;
}

export function parsePullEnvironment(env: Record<string, string | undefined>): PullEnvironment {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new PullError(`invalid pull function environment (${problems.join('; ')}): deploy it through the LiteraturePulls construct`);
  }
  const e = parsed.data;
  return {
    searches: new Map(e.SEARCHES.map((s) => [s.id, s])),
    tableName: e.TABLE_NAME,
    intakeBucketName: e.INTAKE_BUCKET_NAME,
    tool: e.NCBI_TOOL,
    email: e.NCBI_EMAIL,
    apiKeyParameterName: e.NCBI_API_KEY_PARAMETER,
    eutilsBaseUrl: e.EUTILS_BASE_URL,
    pubtatorBaseUrl: e.PUBTATOR_BASE_URL,
  };
}

/** The scheduler's event: `{ "searchId": "..." }`. */
export const pullEventSchema = z.object({ searchId: z.string().check(z.minLength(1)) });
