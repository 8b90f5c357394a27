/**
 * zod for every schema of the project: its mini build, which has the same
 * schemas, checks and parsing as the classic `zod` but functions instead of
 * methods (`z.optional(z.string())` for `z.string().optional()`), so that
 * esbuild leaves out every schema type and check a function bundle never
 * uses: about 30 kB of zod in a bundle instead of about 95 kB.
 *
 * Unlike classic zod, the mini build sets no locale, and its issues would all
 * read "Invalid input". English is configured here, before any schema is
 * used, so an issue reads as it would with classic zod ("Invalid input:
 * expected string, received undefined"): the pull function's configuration
 * errors and the `failed` statuses of documents quote them.
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
