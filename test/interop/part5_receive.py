# The lab's pika code (Практическая работа №5), for the interop tests (test/scenarios/interop.ts).
# As the lab prints it, except that the broker comes from AMQP_URL (as in the TypeScript scripts)
# and, where the lab leaves it to the reader, the command-line handling and the receivers' print.
# The exchange is 'topic_logs', not the lab's 'logs': one broker cannot hold 'logs' with two types.
import os
import sys

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

exchange_name = 'topic_logs'
exchange = channel.exchange_declare(exchange=exchange_name, exchange_type='topic')

queue = channel.queue_declare(queue='', exclusive=True)
queue_name = queue.method.queue
routing_keys = sys.argv[1:]
if not routing_keys:
    sys.exit('Usage: part5_receive.py <binding key...>')
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
