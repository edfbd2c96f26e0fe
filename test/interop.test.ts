import { defineTests } from "./lib/tests.ts";
import { interopScenarios } from "./scenarios/interop.ts";

defineTests("The lab's pika programs and the TypeScript scripts, on one broker", interopScenarios);
