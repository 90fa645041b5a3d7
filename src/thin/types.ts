/** What the engine needs to push thin images (see hook.ts). */
import type { CredentialStore } from '../registry/index.ts';

export interface ThinOptions {
  /**
   * The thin image's name: DUCC's `output_format` with placeholders
   * (`$(scheme)://registry.example.org/thin/$(image)`, src/recipe/output-format.ts),
   * or one plain name (`--thin-image-name`, for a single image).
   */
  nameFormat: string;
  /** `user` of the recipe: the output registry's user name; the password is DUCC_OUTPUT_REGISTRY_PASS. */
  user?: string;
  password?: string;
  /** Credentials for the output registry when no user/password is given (docker config, env vars). */
  credentials?: CredentialStore;
  /** Skip (warn, do not fail) when neither a password nor stored credentials exist for the output registry (a recipe's output_format, as DUCC). */
  requireCredentials?: boolean;
  /** `cvmfs://<repository>/…` in thin.json: the repository name (default: from the target). */
  repository?: string;
}
