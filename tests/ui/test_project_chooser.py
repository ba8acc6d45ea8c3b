"""The team / workspace / project chooser against the real demo server, with a
second team added so that choosing really moves between lists."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QComboBox

from desktop_app.server.db.models import Project, User
from desktop_app.server.users.bootstrap import ensure_member, ensure_team, ensure_workspace
from desktop_app.ui.connection.project_chooser import ProjectChooser


@dataclass
class SecondTeam:
    team: str
    workspaces: tuple[str, str]
    project_id: int
    project: str


@pytest.fixture
def second_team(live, demo) -> SecondTeam:
    with live.sessions()() as s, s.begin():
        user = s.get(User, demo.summary.user_id)
        team = ensure_team(s, "Zeta lab")
        ensure_member(s, team, user, "developer")
        ensure_workspace(s, team, "Archive")
        ws = ensure_workspace(s, team, "Field trials")
        project = Project(workspace_id=ws.id, team_id=team.id, name="Trial images", type="images")
        s.add(project)
        s.flush()
        return SecondTeam("Zeta lab", ("Archive", "Field trials"), project.id, "Trial images")


def texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def pick(qtbot, combo: QComboBox, text: str) -> None:
    """What a user's click on an entry does: the index changes, then `activated`."""
    qtbot.waitUntil(lambda: combo.isEnabled() and combo.findText(text) >= 0, timeout=5000)
    index = combo.findText(text)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def make_chooser(qtbot, app_state) -> ProjectChooser:
    chooser = ProjectChooser(app_state)
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitUntil(lambda: not chooser.loading and chooser.project_combo.count() > 0, timeout=5000)
    return chooser


def test_lists_come_from_the_server_and_a_pick_emits_project_chosen(qtbot, app_state, demo, second_team):
    chooser = make_chooser(qtbot, app_state)
    # the open project is shown, with its team and workspace and its item count
    assert set(texts(chooser.team_combo)) == {"Demo team", second_team.team}
    assert chooser.team_combo.currentText() == "Demo team"
    assert texts(chooser.workspace_combo) == ["Demo workspace"]
    assert chooser.current_project_id() == demo.summary.project_id
    assert chooser.project_combo.currentText() == f"Street scenes demo ({demo.summary.image_count})"
    assert f"{demo.summary.image_count} items" in chooser.project_combo.toolTip()

    pick(qtbot, chooser.team_combo, second_team.team)
    qtbot.waitUntil(lambda: texts(chooser.workspace_combo) == list(second_team.workspaces), timeout=5000)
    pick(qtbot, chooser.workspace_combo, "Field trials")
    qtbot.waitUntil(lambda: texts(chooser.project_combo) == [f"{second_team.project} (0)"], timeout=5000)
    assert chooser.current_project_id() is None  # listed, not chosen yet
    with qtbot.waitSignal(chooser.projectChosen, timeout=2000) as chosen:
        pick(qtbot, chooser.project_combo, f"{second_team.project} (0)")
    assert chosen.args == [second_team.project_id]


def test_select_project_restores_team_workspace_and_project_without_emitting(qtbot, app_state, demo, second_team):
    chooser = make_chooser(qtbot, app_state)
    pick(qtbot, chooser.team_combo, second_team.team)
    qtbot.waitUntil(lambda: chooser.workspace_combo.currentText() == "Archive" and not chooser.loading, timeout=5000)
    emitted = []
    chooser.projectChosen.connect(emitted.append)

    task = chooser.select_project(second_team.project_id)
    qtbot.waitUntil(task.done, timeout=5000)
    assert chooser.team_combo.currentText() == second_team.team
    assert chooser.workspace_combo.currentText() == "Field trials"
    assert chooser.current_project_id() == second_team.project_id

    task = chooser.select_project(demo.summary.project_id)
    qtbot.waitUntil(task.done, timeout=5000)
    assert chooser.team_combo.currentText() == "Demo team"
    assert chooser.current_project_id() == demo.summary.project_id
    assert emitted == []


def test_unknown_project_is_reported_in_words_with_retry(qtbot, app_state):
    chooser = make_chooser(qtbot, app_state)
    task = chooser.select_project(987654)
    qtbot.waitUntil(task.done, timeout=5000)
    assert chooser.status.toolTip().startswith("Project 987654 was not found")
    assert chooser.status.isVisible() and chooser.retry_button.isVisible()

    chooser.retry_button.click()  # reload: back to the open project, the error gone
    qtbot.waitUntil(lambda: not chooser.loading and not chooser.status.isVisible(), timeout=5000)
    assert not chooser.retry_button.isVisible()
    assert chooser.current_project_id() == app_state.project.id
