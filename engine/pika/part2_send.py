# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# Differences from the lab's text:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts;
#   - queue_name is 'task_queue' (the lab uses queue_name without giving it a value);
#   - it prints SENT: <text>, as part 1's sender does (the lab shows no print for part 2).
import os
import sys

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

queue_name = 'task_queue'
channel.queue_declare(queue=queue_name, durable=True)

message_text = ' '.join(sys.argv[1:]) or 'Empty message'
channel.basic_publish(
    exchange='',
    routing_key=queue_name,
    body=message_text,
    properties=
        pika.BasicProperties(delivery_mode=pika.spec.PERSISTENT_DELIVERY_MODE)
)
print(f'SENT: {message_text}')

connection.close()
