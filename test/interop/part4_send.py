# The lab's pika code (Практическая работа №5), for the interop tests (test/scenarios/interop.ts).
# As the lab prints it, except that the broker comes from AMQP_URL (as in the TypeScript scripts)
# and, where the lab leaves it to the reader, the command-line handling and the receivers' print.
# The exchange is 'direct_logs', not the lab's 'logs': one broker cannot hold 'logs' as fanout and direct.
import os
import sys

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

exchange_name = 'direct_logs'
exchange = channel.exchange_declare(exchange=exchange_name, exchange_type='direct')

routing_key = sys.argv[1] if len(sys.argv) > 1 else 'info'
message_text = ' '.join(sys.argv[2:]) or 'Empty message'
channel.basic_publish(
    exchange=exchange_name,
    routing_key=routing_key,
    body=message_text
)
print(f'SENT: {routing_key}: {message_text}')

connection.close()
