# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# Differences from the lab's text:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts;
#   - it declares the exchange too, as the sender does, so that it may start first (the lab declares it
#     in the sender only; binding to an exchange that does not exist yet fails with 404);
#   - its callback is part 2's (body.decode()) with part 1's auto_ack (the lab shows neither for part 3).
import os

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
