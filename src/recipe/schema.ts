/**
 * The shape of recipe.yaml (zod). Only types and structure are checked here;
 * image references, platforms and placeholders are checked by recipe.ts,
 * which knows where each value is in the file.
 *
 * Keys of DUCC's format version 1 keep DUCC's spelling (`cvmfs_repo`,
 * `output_format`); our extensions are in camelCase (`platforms`,
 * `ignoreErrors`). Unknown keys are refused, so that a misspelt key is
 * reported instead of silently ignored; at the top level recipe.ts does that
 * itself, so that one misspelt key does not hide the other problems.
 */
import { z } from 'zod';

/** An item of `input`, in its object form (an extension; the string form is DUCC's). */
export const InputObjectSchema = z.strictObject({
  image: z.string(),
  platforms: z.array(z.string()).optional(),
  ignoreErrors: z.boolean().optional(),
});
export type InputObject = z.infer<typeof InputObjectSchema>;

export const RecipeFileSchema = z.object({
  version: z.literal(1),
  user: z.string().optional(),
  cvmfs_repo: z.string().optional(),
  output_format: z.string().optional(),
  platforms: z.array(z.string()).optional(),
  ignoreErrors: z.array(z.string()).optional(),
  // Limits for `cvmfs-unpack check` (an extension; docs/check.md): sizes such as '10GB'.
  check: z
    .strictObject({
      maxSize: z.union([z.string(), z.number()]).optional(),
      warnSize: z.union([z.string(), z.number()]).optional(),
      allowedRegistries: z.array(z.string()).optional(),
    })
    .optional(),
  // DUCC's --skip-* switches for this recipe (extensions).
  skipFlat: z.boolean().optional(),
  skipLayers: z.boolean().optional(),
  skipPodman: z.boolean().optional(),
  skipThinImage: z.boolean().optional(),
  // Items are checked one by one (string or InputObjectSchema) to give precise messages.
  input: z.array(z.unknown()),
});
export type RecipeFile = z.infer<typeof RecipeFileSchema>;

/** The top-level keys a recipe may have. */
export const RECIPE_KEYS: readonly string[] = Object.keys(RecipeFileSchema.shape);
