"""Entities collections: their items and the input rules they share with queues."""
