import type { Rule } from "../src/engine/rule.js";
import entropyPool from "./uniqueness/entropy-pool.js";
import handlerMathRandom from "./uniqueness/handler-math-random.js";
import initPrng from "./uniqueness/init-prng.js";
import initRandom from "./uniqueness/init-random.js";
import fixedLocalPort from "./connections/fixed-local-port.js";
import initConnection from "./connections/init-connection.js";
import initEnvCredentials from "./credentials/init-env-credentials.js";
import initSecretFetch from "./credentials/init-secret-fetch.js";
import tokenCacheWithoutExpiry from "./credentials/token-cache-without-expiry.js";
import snapStartUnpublished from "./deployment/snapstart-unpublished.js";
import snapStartUnqualifiedCaller from "./deployment/snapstart-unqualified-caller.js";
import snapStartUnsupported from "./deployment/snapstart-unsupported.js";
import snapshotBlobUnused from "./deployment/snapshot-blob-unused.js";

/** Every rule snapcheck ships, in the order `--list-rules` and the docs show them. */
export const allRules: readonly Rule[] = [initRandom, initPrng, entropyPool, handlerMathRandom, initConnection, fixedLocalPort, initSecretFetch, initEnvCredentials, tokenCacheWithoutExpiry, snapStartUnpublished, snapStartUnqualifiedCaller, snapStartUnsupported, snapshotBlobUnused];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));
