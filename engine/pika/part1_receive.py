# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# The lab's code exactly (it prints the body as Python bytes, RECEIVED: b'...', as the lab's does), but for:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts.
import os

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

channel.queue_declare(queue='awesome_queue')


def process_message(channel, method, properties, body):
    print(f'RECEIVED: {body}')


channel.basic_consume(
    queue='awesome_queue',
    auto_ack=True,
    on_message_callback=process_message
)

print('Waiting for messages...')
channel.start_consuming()
