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

message_text = ' '.join(sys.argv[1:]) or 'Empty message'
channel.basic_publish(
    exchange=exchange_name,
    routing_key='',
    body=message_text
)
print(f'SENT: {message_text}')

connection.close()
