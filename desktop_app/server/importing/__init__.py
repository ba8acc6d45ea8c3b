"""Importing a folder of images (Supervisely or COCO annotations) as a project."""
