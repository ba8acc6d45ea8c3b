"""Whether the 3D view can work here, asked once at run time: the platform
must give an OpenGL 2.0+ context (the offscreen platform, a remote desktop
without GL or a broken driver do not) and pyqtgraph's OpenGL module must
import (it needs PyOpenGL and the system's libGL). When it cannot, the
viewer shows the 2D projection and says why.

COLLECTIONS_DESK_NO_OPENGL=1 forces the projection (a driver that creates a
context but then draws garbage cannot be detected from here)."""

from __future__ import annotations

import functools
import logging
import os

from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

log = logging.getLogger(__name__)
NO_GL_PLATFORMS = ("offscreen", "minimal", "vnc")


def opengl_problem() -> str | None:
    """None when the 3D view can be used, else the reason in words."""
    if os.environ.get("COLLECTIONS_DESK_NO_OPENGL"):
        return "OpenGL is switched off (COLLECTIONS_DESK_NO_OPENGL is set)."
    if QGuiApplication.instance() is None:
        return "There is no application yet."  # not remembered: asked again once there is one
    return _platform_problem()


@functools.cache
def _platform_problem() -> str | None:
    platform = QGuiApplication.platformName()
    if platform in NO_GL_PLATFORMS:
        return f"The “{platform}” display has no OpenGL."
    context = QOpenGLContext()
    if not context.create():
        return "No OpenGL context could be created (no OpenGL driver?)."
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not context.makeCurrent(surface):
            return "The OpenGL context could not be used."
        version = (context.format().majorVersion(), context.format().minorVersion())
        context.doneCurrent()
    finally:
        surface.destroy()
    if version < (2, 0):
        return f"OpenGL {version[0]}.{version[1]} is too old (2.0 or newer is needed)."
    try:
        import pyqtgraph.opengl  # noqa: F401 (needs PyOpenGL and libGL)
    except Exception as exc:  # ImportError, or OpenGL's own errors when libGL is missing
        log.info("pyqtgraph.opengl does not import: %s", exc)
        return f"The OpenGL libraries could not be loaded ({exc})."
    return None
