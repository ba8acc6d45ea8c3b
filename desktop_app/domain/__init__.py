"""No Qt: the session model, the services that make network calls, filters, collections, outbox, queues, annotations."""
