"""Video viewer: frames decoded off the GUI thread, playback and scrubbing, per-frame box editing."""
