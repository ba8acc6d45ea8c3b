"""Point-cloud projects: reading PCD files, their bird's-eye previews, the
PointcloudInfo and point-cloud annotation JSON, and storing annotations made of
objects and cuboid figures (routes/point_clouds.py, routes/annotation_objects.py)."""
