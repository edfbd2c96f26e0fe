# Task 2 ("Задание 2") as a student solves it with the lab's pika code, for `npm run check`'s tests
# (test/check.test.ts): part 2's worker on a queue bound to an exchange of the variant's type, sleeping a second
# per symbol of the variant (# * -). VARIANT comes from the environment; a student writes it in the code.
import os
from time import sleep

import pika

variant = int(os.environ['VARIANT'])
exchange_type = {1: 'fanout', 2: 'direct', 3: 'topic'}[variant]
binding_key = {1: '', 2: 'task', 3: 'task.*'}[variant]
symbol = {1: b'#', 2: b'*', 3: b'-'}[variant]
exchange_name = f'tasks_{exchange_type}'
queue_name = f'tasks_{exchange_type}_queue'

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

channel.exchange_declare(exchange=exchange_name, exchange_type=exchange_type, durable=True)
channel.queue_declare(queue=queue_name, durable=True)
channel.queue_bind(exchange=exchange_name, queue=queue_name, routing_key=binding_key)
channel.basic_qos(prefetch_count=1)


def process_message(channel, method, properties, body):
    print(f'RECEIVED: {body.decode()}')
    sleep(body.count(symbol))
    print('INFO: Done')
    channel.basic_ack(delivery_tag=method.delivery_tag)


channel.basic_consume(
    queue=queue_name,
    on_message_callback=process_message
)

print('Waiting for messages...')
channel.start_consuming()
