"""Point clouds without Qt: reading .pcd files into arrays, cuboid corners and
outlines, point colours, the annotation draft (its tags) and its saves."""
