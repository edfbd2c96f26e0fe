# Task 1 ("Задание 1") as a student solves it with the lab's pika code, for `npm run check`'s tests
# (test/check.test.ts): part 1's sender with the queue <group>_<surname> of the variant. A student writes one
# variant with the names in the code; this one reads VARIANT, GROUP and SURNAME from the environment.
#   1: exclusive: the queue belongs to the receiver's connection, so the sender does not declare it;
#   2: durable, with persistent messages; 3: auto-delete.
import os
import sys

import pika

variant = int(os.environ['VARIANT'])
queue_name = f"{os.environ['GROUP']}_{os.environ['SURNAME']}"

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

if variant == 2:
    channel.queue_declare(queue=queue_name, durable=True)
if variant == 3:
    channel.queue_declare(queue=queue_name, auto_delete=True)

message_text = ' '.join(sys.argv[1:]) or 'Empty message'
channel.basic_publish(
    exchange='',
    routing_key=queue_name,
    body=message_text,
    properties=pika.BasicProperties(delivery_mode=pika.spec.PERSISTENT_DELIVERY_MODE) if variant == 2 else None
)
print(f'SENT: {message_text}')

connection.close()
