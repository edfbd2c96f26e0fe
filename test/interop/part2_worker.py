# The lab's pika code (Практическая работа №5), for the interop tests (test/scenarios/interop.ts).
# As the lab prints it, except that the broker comes from AMQP_URL (as in the TypeScript scripts)
# and, where the lab leaves it to the reader, the command-line handling and the receivers' print.
import os
from time import sleep

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

queue_name = 'task_queue'
channel.queue_declare(queue=queue_name, durable=True)
channel.basic_qos(prefetch_count=1)


def process_message(channel, method, properties, body):
    print(f'RECEIVED: {body.decode()}')
    sleep(body.count(b'.'))
    print('INFO: Done')
    channel.basic_ack(delivery_tag=method.delivery_tag)


channel.basic_consume(
    queue=queue_name,
    on_message_callback=process_message
)

print('Waiting for messages...')
channel.start_consuming()
