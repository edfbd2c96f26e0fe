import { defineTests } from "./lib/tests.ts";

defineTests(import.meta.url);
