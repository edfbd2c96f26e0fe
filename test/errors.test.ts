import { defineTests } from "./lib/tests.ts";
import { errors } from "./scenarios/errors.ts";

defineTests("Bad input and Ctrl+C, every script", errors);
