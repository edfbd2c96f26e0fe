# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# The lab's code exactly, but for:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts.
import os

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

channel.queue_declare(queue='awesome_queue')

channel.basic_publish(
    exchange='',
    routing_key='awesome_queue',
    body='My first message'
)
print('SENT: My first message')

connection.close()
