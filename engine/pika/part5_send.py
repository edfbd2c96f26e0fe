# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# The lab's part 5 is part 4's code with another exchange type and other keys: this is part4_send.py
# with exchange 'topic_logs' of type topic. Differences from the lab's text, as in part4_send.py:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts;
#   - the exchange is 'topic_logs', not 'logs': one broker cannot hold 'logs' with two types;
#   - the routing key is the first argument (default 'info', part 4's key) and the text the rest;
#   - it prints SENT: <key>: <text>.
import os
import sys

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

exchange_name = 'topic_logs'
exchange = channel.exchange_declare(exchange=exchange_name, exchange_type='topic')

routing_key = sys.argv[1] if len(sys.argv) > 1 else 'info'
message_text = ' '.join(sys.argv[2:]) or 'Empty message'
channel.basic_publish(
    exchange=exchange_name,
    routing_key=routing_key,
    body=message_text
)
print(f'SENT: {routing_key}: {message_text}')

connection.close()
