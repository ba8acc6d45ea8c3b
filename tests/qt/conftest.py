from tests.qt.app_fixtures import app_state, demo  # noqa: F401
from tests.qt.qasync_fixture import qloop  # noqa: F401
