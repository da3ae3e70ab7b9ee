import type { Rule } from "../src/engine/rule.js";
import entropyPool from "./uniqueness/entropy-pool.js";
import handlerMathRandom from "./uniqueness/handler-math-random.js";
import initPrng from "./uniqueness/init-prng.js";
import initRandom from "./uniqueness/init-random.js";

/** Every rule snapcheck ships, in the order `--list-rules` and the docs show them. */
export const allRules: readonly Rule[] = [initRandom, initPrng, entropyPool, handlerMathRandom];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));
