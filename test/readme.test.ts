import { defineTests } from "../engine/define-tests.ts";

defineTests(import.meta.url);
