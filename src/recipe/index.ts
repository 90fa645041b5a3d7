export {
  DEFAULT_PLATFORMS,
  RecipeError,
  inputPlatforms,
  isErrorIgnored,
  loadRecipe,
  parseRecipe,
} from './recipe.ts';
export type { ParseRecipeOptions, Recipe, RecipeInput, RecipeLimits } from './recipe.ts';
export { DEFAULT_OUTPUT_FORMAT, OUTPUT_PLACEHOLDERS, expandOutputFormat } from './output-format.ts';
export { expandWildcards } from './wildcards.ts';
export type { WildcardExpansion } from './wildcards.ts';
export type { Problem } from './yaml-source.ts';
