"""Videos: reading files with PyAV, frames and previews, VideoInfo JSON, annotations."""
