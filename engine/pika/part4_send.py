# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# Differences from the lab's text:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts;
#   - the exchange is 'direct_logs', not 'logs': one broker cannot hold 'logs' as fanout (part 3) and direct;
#   - the routing key is the first argument (default 'info', the lab's key) and the text the rest: the lab
#     leaves this "code to set the routing keys from the console" to the reader;
#   - it prints SENT: <key>: <text>.
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
