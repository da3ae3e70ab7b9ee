// What `#typescript` declares: ts-morph's `ts`, as a value and as the namespace of the compiler's types.
export { ts } from "ts-morph";
