"""The bundled server of the Supervisely public API v3 (FastAPI + SQLAlchemy)."""
