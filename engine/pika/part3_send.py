# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# Differences from the lab's text:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts;
#   - it prints SENT: <text>, as part 1's sender does (the lab shows no print for part 3).
import os
import sys

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

exchange = channel.exchange_declare(exchange='logs', exchange_type='fanout')

message_text = ' '.join(sys.argv[1:]) or 'Empty message'
channel.basic_publish(
    exchange='logs',
    routing_key='',
    body=message_text
)
print(f'SENT: {message_text}')

connection.close()
