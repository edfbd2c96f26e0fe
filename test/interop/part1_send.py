# The lab's pika code (Практическая работа №5), for the interop tests (test/scenarios/interop.ts).
# As the lab prints it, except that the broker comes from AMQP_URL (as in the TypeScript scripts)
# and, where the lab leaves it to the reader, the command-line handling and the receivers' print.
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
