# The lab's pika code (Практическая работа №5), for the interop tests (engine/suites/interop.ts).
# Differences from the lab's text:
#   - the broker comes from AMQP_URL (default amqp://localhost:5672, the lab's address), as in the TypeScript scripts;
#   - queue_name is 'task_queue' (the lab uses queue_name without giving it a value).
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
