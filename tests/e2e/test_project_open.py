"""Opening a project builds the list once, already under the filter remembered
for that project (not first unfiltered and then again filtered)."""

from __future__ import annotations

import httpx

from desktop_app.api.client import ApiClient
from desktop_app.app import app_paths
from desktop_app.config.profiles import ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.domain.filters import FilterSpec
from desktop_app.qt.app_state import AppState
from desktop_app.startup import Connection
from desktop_app.ui.window.main_window import MainWindow
from tests.e2e.window_driver import close_window


class ListRequests(httpx.AsyncBaseTransport):
    """A real HTTP transport that notes the filters of every images.list request it sends."""

    def __init__(self) -> None:
        self._http = httpx.AsyncHTTPTransport()
        self.bodies: list[bytes] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/images.list"):
            self.bodies.append(await request.aread())
        return await self._http.handle_async_request(request)

    async def aclose(self) -> None:
        await self._http.aclose()


def test_opening_a_project_builds_the_list_once_under_its_remembered_filter(qtbot, qloop, demo, tmp_path, windows):
    home = tmp_path / "home"
    first = windows(home)
    night = FilterSpec(name_contains="night")
    first.filters.set_spec(night)
    qtbot.waitUntil(lambda: first.browse.filter == night and first.browse.total is not None, timeout=10000)
    filtered_total = first.browse.total
    close_window(qtbot, qloop, first)

    paths = app_paths(home)
    requests = ListRequests()
    state = AppState(ApiClient(demo.url, demo.token, transport=requests), paths.data_dir / "outbox.sqlite")
    window = MainWindow(
        state,
        Connection(demo.url, demo.token, "test-server", False),
        paths,
        ProfileStore(paths.profiles_file, TokenStore(paths.token_file)),
    )
    resets: list[FilterSpec] = []
    window.browse.model.modelReset.connect(lambda: resets.append(window.browse.filter))
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: state.project is not None and window.browse.total is not None, timeout=15000)
        assert resets == [night]  # one list, built with the remembered filter
        assert window.filters.spec() == night and window.browse.total == filtered_total
        assert len(requests.bodies) == 1 and b"night" in requests.bodies[0]

        state.run(state.open_project(demo.summary.project_id))  # the same project again (File menu, F5...)
        qtbot.waitUntil(lambda: len(resets) == 2 and window.browse.total is not None and not state.busy, timeout=10000)
        assert resets == [night, night] and len(requests.bodies) == 2
    finally:
        close_window(qtbot, qloop, window)
