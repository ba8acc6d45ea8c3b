"""The point-cloud viewer: a 3D view (OpenGL), or a 2D projection where there is no
OpenGL; the objects and the cloud's tags at its side."""
