import { createRule } from "../../src/engine/rule.js";

export default createRule({
  id: "uniqueness/init-random",
  description: "A random, unique or time-derived value computed at init is frozen into the snapshot and repeats in every clone.",
  defaultLevel: "error",
  messages: {
    frozen: "{{source}} runs at init: its value is frozen into the snapshot. Compute it inside the handler.",
  },
  create() {
    return {};
  },
});
