"""Render the main screens to PNG (offscreen) for the README and for looking
at what we build: `python tools/screenshots.py [OUT_DIR]`.

Starts the bundled server with the demo project in a temporary folder, opens
the real main window on it, waits for thumbnails, and grabs the window in
gallery and table mode, the add-to-collection preview, the delete
confirmation, a smart collection's Reconcile… preview, the Combine preview,
the Objects panel of false positives, triage mode and the connection dialog."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtWidgets import QApplication

from desktop_app.api.client import ApiClient
from desktop_app.app import app_paths
from desktop_app.config.profiles import ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.qt.app_state import AppState
from desktop_app.startup import start_embedded
from desktop_app.ui.window.main_window import MainWindow


async def main(out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="cdesk-shots-"))
    paths = app_paths(home)
    connection = start_embedded(paths.embedded_server_dir, demo_size=300)
    state = AppState(ApiClient(connection.address, connection.token), paths.data_dir / "outbox.sqlite")
    window = MainWindow(state, connection, paths, ProfileStore(paths.profiles_file, TokenStore(paths.token_file)))
    window.resize(1440, 900)
    window.show()
    window.start()
    await wait_for(lambda: state.project is not None and (window.browse.total or 0) > 0, 15)
    # a realistic moment: a false-positive filter and two collections
    hard = await state.api.collections.create(state.project.id, "Hard cases", "False positives to re-label")
    await state.api.collections.create(state.project.id, "For training")
    ids = [i.id for i in (await state.api.images.page(1, 12, project_id=state.project.id)).items]
    await state.api.collections.add_items(hard.id, ids)
    await state.refresh_collections()
    await asyncio.sleep(2.5)  # thumbnails
    window.grab().save(str(out / "main-gallery.png"))
    window.views.set_view_mode("table")
    await asyncio.sleep(0.8)
    window.grab().save(str(out / "main-table.png"))
    window.views.set_view_mode("gallery")
    await shoot_delete_dialog(window, hard.id, out)
    await shoot_reconcile_dialog(window, out)
    await shoot_combine_dialog(window, hard.id, out)
    await shoot_objects_and_triage(window, out)
    window._open_connection()
    await asyncio.sleep(0.5)
    for dialog in window.findChildren(__import__("PySide6.QtWidgets", fromlist=["QDialog"]).QDialog):
        if dialog.isVisible():
            dialog.grab().save(str(out / "connection-dialog.png"))
            dialog.reject()
    await state.close()
    connection.stop()


async def shoot_delete_dialog(window: MainWindow, collection_id: int, out: Path) -> None:
    """Shift+Delete on items of several datasets, some in a collection with a queue."""
    state = window.state
    assert state.user is not None and state.project is not None
    await state.api.queues.create(
        "Re-label hard cases", collection_id=collection_id, user_ids=[state.user.id], reviewer_ids=[state.user.id]
    )
    await state.refresh_queues()
    images = await state.api.images.list(project_id=state.project.id)
    by_dataset: dict[int | None, list[int]] = {}
    for image in images:
        by_dataset.setdefault(image.dataset_id, []).append(image.id)
    wanted = [i for ids, n in zip(by_dataset.values(), (6, 3, 2, 1)) for i in ids[:n]]
    rows = [window.browse.model.row_of(i) for i in wanted]
    window.browse.select_rows([r for r in rows if r is not None])
    window.delete_actions.delete_action.trigger()
    await wait_for(lambda: window.delete_actions.dialog is not None, 15)
    dialog = window.delete_actions.dialog
    await asyncio.sleep(0.3)
    dialog.grab().save(str(out / "delete-dialog.png"))
    dialog.reject()
    window.browse.clear_selection()


async def shoot_reconcile_dialog(window: MainWindow, out: Path) -> None:
    """A collection frozen from "dog_pred without dog" that then drifted: Reconcile…'s preview."""
    state = window.state
    assert state.project is not None and state.service is not None
    meta = state.meta
    assert meta is not None
    pred, dog = meta.class_by_title("dog_pred"), meta.class_by_title("dog")
    assert pred is not None and dog is not None
    spec = FilterSpec(classes_present=(pred.id,), classes_absent=(dog.id,))
    smart = state.services.smart_collections
    created = await smart.create(state.service, "Dogs to check", spec)
    assert created.ref.id is not None
    collection_id = created.ref.id
    await state.api.smart_collections.freeze(collection_id)
    members = sorted(
        i.id for i in await state.api.images.list(project_id=state.project.id, collection_id=collection_id)
    )
    others = [i.id for i in await state.api.images.list(project_id=state.project.id) if i.id not in members]
    await state.api.collections.remove_items(collection_id, members[:3])
    await state.api.collections.add_items(collection_id, others[:2])
    await state.refresh_collections()
    state.session.set_scope(Scope.collection(collection_id))
    window.smart_actions.reconcile_action.trigger()
    await wait_for(lambda: window.smart_actions.dialog is not None, 15)
    await asyncio.sleep(0.3)
    window.smart_actions.dialog.grab().save(str(out / "smart-collection-reconcile.png"))
    window.smart_actions.dialog.reject()


async def shoot_combine_dialog(window: MainWindow, hard_id: int, out: Path) -> None:
    """Hard cases ∪ Dogs to check, into a new collection: the preview with its sample."""
    state = window.state
    dogs = next(c.id for c in state.collections if c.name == "Dogs to check")
    window.combine_actions._selected = lambda: [hard_id, dogs]  # as if both were selected in the sidebar
    window.combine_actions.combine_action.trigger()
    await wait_for(lambda: getattr(window.combine_actions.dialog, "preview", None) is not None, 15)
    await asyncio.sleep(1.5)  # sample thumbnails
    window.combine_actions.dialog.grab().save(str(out / "combine-preview.png"))
    window.combine_actions.dialog.reject()
    window.combine_actions._selected = window.sidebar.selected_collection_ids


async def shoot_objects_and_triage(window: MainWindow, out: Path) -> None:
    """All items: the Objects panel (false positives, highest confidence first), then triage mode."""
    state = window.state
    state.session.set_scope(Scope.all())
    window.objects_dock.toggleViewAction().trigger()
    await wait_for(lambda: (window.objects_view.model.total or 0) > 0, 15)
    await asyncio.sleep(2.5)  # crops
    window.grab().save(str(out / "objects-view.png"))
    window.objects_view.list.setCurrentIndex(window.objects_view.model.index(0))
    window.objects_view.triage_button.click()
    triage = window.triage_actions.window
    assert triage is not None
    triage.resize(1200, 820)  # the offscreen screen is small: as it opens on a desktop
    await wait_for(lambda: triage.image is not None, 15)
    await asyncio.sleep(0.5)
    triage.view.fit()
    triage.grab().save(str(out / "triage-mode.png"))
    triage.close()
    window.objects_dock.toggleViewAction().trigger()


async def wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get ready")
        await asyncio.sleep(0.05)


if __name__ == "__main__":
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    application = QApplication(sys.argv[:1])
    qasync.run(main(out_dir))
