# Task 2 ("Задание 2") as a student solves it with the lab's pika code, for `npm run check`'s tests
# (test/check.test.ts): part 2's sender behind an exchange of the variant's type (VARIANT from the environment;
# a student writes it in the code). Variants 1 and 3 keep their messages (persistent), variant 2 need not.
import os
import sys

import pika

variant = int(os.environ['VARIANT'])
exchange_type = {1: 'fanout', 2: 'direct', 3: 'topic'}[variant]
routing_key = {1: '', 2: 'task', 3: 'task.heavy'}[variant]
exchange_name = f'tasks_{exchange_type}'

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

channel.exchange_declare(exchange=exchange_name, exchange_type=exchange_type, durable=True)

message_text = ' '.join(sys.argv[1:]) or 'Empty message'
channel.basic_publish(
    exchange=exchange_name,
    routing_key=routing_key,
    body=message_text,
    properties=pika.BasicProperties(delivery_mode=pika.spec.PERSISTENT_DELIVERY_MODE) if variant != 2 else None
)
print(f'SENT: {message_text}')

connection.close()
