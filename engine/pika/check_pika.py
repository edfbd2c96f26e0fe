# Does this Python have pika? The interop tests run it first (through the same Script class).
import pika

print(f'pika {pika.__version__}')
