from desktop_app.qt.app_state import AppState


def test_project_opens_with_datasets_meta_and_collections(app_state: AppState, demo):
    assert app_state.project.id == demo.summary.project_id
    assert {d.id for d in app_state.datasets} == set(demo.summary.dataset_ids)
    titles = {c.title for c in app_state.meta.classes}
    assert {"car", "dog", "dog_pred"} <= titles
    assert app_state.collections == []


def test_run_reports_progress_and_errors(app_state: AppState, qtbot, qloop):
    seen, errors = [], []
    app_state.busyChanged.connect(lambda label, done, total: seen.append((label, done, total)))
    app_state.errorRaised.connect(errors.append)

    async def work(progress):
        progress(1, 2)
        await app_state.api.projects.info(987654)  # unknown: NotFound

    task = app_state.run(work, "Loading")
    qtbot.waitUntil(task.done, timeout=5000)
    assert ("Loading", 1, 2) in seen and seen[-1] == ("", 0, 0)
    assert len(errors) == 1 and "not found" in errors[0].lower()
