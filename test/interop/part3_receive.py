# The lab's pika code (Практическая работа №5), for the interop tests (test/scenarios/interop.ts).
# As the lab prints it, except that the broker comes from AMQP_URL (as in the TypeScript scripts)
# and, where the lab leaves it to the reader, the command-line handling and the receivers' print.
import os
import sys

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

exchange_name = 'logs'
exchange = channel.exchange_declare(exchange=exchange_name, exchange_type='fanout')

queue = channel.queue_declare(queue='', exclusive=True)
queue_name = queue.method.queue
channel.queue_bind(exchange=exchange_name, queue=queue_name)


def process_message(channel, method, properties, body):
    print(f'RECEIVED: {body.decode()}')


channel.basic_consume(
    queue=queue_name,
    auto_ack=True,
    on_message_callback=process_message
)

print('Waiting for messages...')
channel.start_consuming()
