from tests.qt.qasync_fixture import qloop  # noqa: F401
