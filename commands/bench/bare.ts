// The start-up baseline for `npm run bench`: the runtime, started as a lab script is, loading amqplib and nothing else.
import "amqplib";
