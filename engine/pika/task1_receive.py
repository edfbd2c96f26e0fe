# Task 1 ("Задание 1") as a student solves it with the lab's pika code, for `npm run check`'s tests
# (test/check.test.ts): part 1's receiver with the queue <group>_<surname> of the variant (VARIANT, GROUP and
# SURNAME from the environment; a student writes them in the code): 1 exclusive, 2 durable, 3 auto-delete.
import os

import pika

variant = int(os.environ['VARIANT'])
queue_name = f"{os.environ['GROUP']}_{os.environ['SURNAME']}"

connection = pika.BlockingConnection(pika.URLParameters(os.environ.get('AMQP_URL', 'amqp://localhost:5672')))
channel = connection.channel()

channel.queue_declare(queue=queue_name, exclusive=variant == 1, durable=variant == 2, auto_delete=variant == 3)


def process_message(channel, method, properties, body):
    print(f'RECEIVED: {body.decode()}')


channel.basic_consume(
    queue=queue_name,
    auto_ack=True,
    on_message_callback=process_message
)

print('Waiting for messages...')
channel.start_consuming()
