# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# The lab's part 5 is part 4's code with another exchange type and other keys: this is part4_receive.py
# with exchange 'topic_logs' of type topic. Differences from the lab's text, as in part4_receive.py:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts;
#   - the exchange is 'topic_logs', not 'logs': one broker cannot hold 'logs' with two types; it declares it
#     too, so that it may start first;
#   - it binds one binding key per argument and exits with a usage line without any;
#   - its callback prints RECEIVED: <key>: <text>, with part 1's auto_ack.
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
