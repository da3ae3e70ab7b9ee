import type { Triggers } from "../engine/relevance.js";
import { CLIENT_SEMANTICS } from "./client-semantics.js";
import { AWS_CREDENTIAL_ENV_VARS, CREDENTIAL_APIS, CREDENTIAL_WORDS, ENV_CREDENTIAL_PROVIDERS } from "./credential-apis.js";
import { IMPORTED_GENERATOR_MODULES, PRNG_LIBRARIES } from "./prng.js";
import { RANDOM_SOURCES } from "./random-sources.js";

/**
 * What a file must mention for each family's rules to find anything, derived from the tables so a new row is
 * covered without touching this file: the module a `module:export` key is imported from, the last name of a global
 * key (`Date.now` → `now`, `new Date()` → `Date`).
 */
function fromKeys(keys: readonly string[]): Required<Pick<Triggers, "modules" | "words">> {
  const modules = new Set<string>();
  const words = new Set<string>();
  for (const key of keys) {
    const colon = key.indexOf(":");
    if (colon >= 0) modules.add(key.slice(0, colon));
    else words.add(key.split(".").pop()!);
  }
  return { modules: [...modules], words: [...words] };
}

const uniquenessKeys = fromKeys([...RANDOM_SOURCES, ...PRNG_LIBRARIES].flatMap((row) => row.keys));
export const UNIQUENESS_TRIGGERS: Triggers = { modules: [...uniquenessKeys.modules, ...IMPORTED_GENERATOR_MODULES], words: uniquenessKeys.words };

const credentialKeys = fromKeys([...CREDENTIAL_APIS, ...ENV_CREDENTIAL_PROVIDERS].flatMap((row) => row.keys));
export const CREDENTIAL_TRIGGERS: Triggers = {
  modules: credentialKeys.modules,
  words: [...credentialKeys.words, ...AWS_CREDENTIAL_ENV_VARS],
  // Token caches and OAuth requests are recognised by names: `accessToken`, `client_credentials`.
  wordsAnyCase: [...CREDENTIAL_WORDS, "oauth", "grant_type"],
};

export const CONNECTION_TRIGGERS: Triggers = {
  modules: [...new Set(CLIENT_SEMANTICS.filter((row) => row.module !== "globalThis").map((row) => row.module))],
  words: [...new Set([...CLIENT_SEMANTICS.filter((row) => row.module === "globalThis").flatMap((row) => row.exports), "localPort"])],
};
