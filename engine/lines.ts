// The lines of the lab's scripts that the engine waits for.

/** A receiver's or worker's line when it is ready for messages. */
export const WAITING = "Waiting for messages...";

/** A worker's line when it has done a task. */
export const DONE = "INFO: Done";
