# The lab's part 2 worker in Python with pika, put together from the lab text as it stands (durable
# task_queue, prefetch 1, manual ack, one second of sleep per dot), for `npm run bench` to compare
# with part2/worker.ts on the same broker. Only change: the broker comes from AMQP_URL.
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


channel.basic_consume(queue=queue_name, on_message_callback=process_message)
print('Waiting for messages...')
channel.start_consuming()
