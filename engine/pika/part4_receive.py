# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# Differences from the lab's text:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts;
#   - the exchange is 'direct_logs', not 'logs': one broker cannot hold 'logs' as fanout (part 3) and direct;
#     it declares it too, so that it may start first;
#   - it binds one routing key per argument (the lab binds 'info' and leaves the command line to the
#     reader) and exits with a usage line without any;
#   - its callback prints RECEIVED: <key>: <text> (the lab shows none for part 4), with part 1's auto_ack.
import os
import sys

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

exchange_name = 'direct_logs'
exchange = channel.exchange_declare(exchange=exchange_name, exchange_type='direct')

queue = channel.queue_declare(queue='', exclusive=True)
queue_name = queue.method.queue
routing_keys = sys.argv[1:]
if not routing_keys:
    sys.exit('Usage: part4_receive.py <severity...>')
for routing_key in routing_keys:
    channel.queue_bind(exchange=exchange_name, queue=queue_name, routing_key=routing_key)


def process_message(channel, method, properties, body):
    print(f'RECEIVED: {method.routing_key}: {body.decode()}')


channel.basic_consume(
    queue=queue_name,
    auto_ack=True,
    on_message_callback=process_message
)

print('Waiting for messages...')
channel.start_consuming()
